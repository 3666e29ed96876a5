"""Citing the way UN and legal readers cite: paragraphs and articles found per document, document symbols
recognised and linked, and references exported in formats other tools read."""
from __future__ import annotations

from ssc_search.ingest.law_articles import ordinal_number, roman
from ssc_search.ingest.locators import anchors, locator_text
from ssc_search.model import Document

RESOLUTION = """United Nations A/RES/99/1
Resolution adopted by the General Assembly
99/1. Cooperation
The General Assembly,
Recalling its resolution 70/1 of 25 September 2015, entitled "Transforming
our world",
Noting with concern that footnotes such as the one below are no paragraphs,
1 See A/70/1, para. 3.
1. Welcomes the report;
2.
Requests the Secretary-General:
(a) To report on progress;
(b) To consult Member States;
2030 Agenda figures start lines too.
3. Decides to continue;
15th plenary meeting
Annex
Outcome document
1. We commit ourselves;
2. We decide:
(a) To act;
"""


LAW = """Artículo 1. La presente Ley es de orden público.
Artículo 2. Son objetivos:
I. El primero;
II. El segundo, conforme al artículo 88 de la Ley Federal;
a) un inciso;
b) otro inciso;
III. El tercero.
Artículo 3.- Se deroga.
TRANSITORIOS
Artículo Primero
El presente Decreto entrará en vigor.
Artículo Segundo
Se abroga la ley anterior.
ARTÍCULO SEGUNDO
Se reforman los artículos 28 y 37.
Transitorios
**Primero.** El presente Decreto entrará en vigor.
**Segundo.** Se derogan las disposiciones.
**Cuarto.** del presente Decreto, citado en una línea partida.
**Tercero.** Los recursos se concentrarán.
"""


def _found(text: str, kind: str, language: str = "en") -> list[str]:
    doc = Document("d", "d.pdf", "t", kind=kind, language=language)
    return [locator_text(loc, language) for _, _, loc in anchors(doc, [(1, text)])]


def test_resolution_paragraphs_preamble_subparagraphs_and_annex():
    assert _found(RESOLUTION, "resolution") == [
        "preambular para. 1", "preambular para. 2", "para. 1", "para. 2", "para. 2 (a)", "para. 2 (b)", "para. 3",
        "", "annex", "annex, para. 1", "annex, para. 2", "annex, para. 2 (a)"]  # "" after "15th plenary meeting"


def test_law_articles_fractions_incisos_and_transitory_articles():
    assert _found(LAW, "law", "es") == [
        "art. 1", "art. 2", "art. 2, fracc. I", "art. 2, fracc. II", "art. 2, fracc. II, inc. a)",
        "art. 2, fracc. II, inc. b)", "art. 2, fracc. III", "art. 3", "art. primero transitorio",
        "art. segundo transitorio", "decreto, art. segundo", "decreto, art. primero transitorio",
        "decreto, art. segundo transitorio", "decreto, art. tercero transitorio"]


def test_a_paragraph_after_an_articles_last_fraction_is_the_articles_own():
    text = ("Artículo 16. Corresponde al Consejo:\nI. Proponer políticas;\nII. Formular\nopiniones;\n"
            "III. Evaluar los resultados.\nEl Presidente del Consejo podrá convocar a reuniones.\n"
            "Artículo 17. Los acuerdos se tomarán por mayoría.\n")
    assert _found(text, "law", "es") == ["art. 16", "art. 16, fracc. I", "art. 16, fracc. II",
                                         "art. 16, fracc. III", "art. 16", "art. 17"]
    # a note of an amendment, or a second sentence of a fracción, does not end the numbering of the fracciones
    text = ("Artículo 10. La Agencia tendrá:\nI. Proponer políticas.\nLas políticas serán anuales;\nII. Se deroga.\n"
            "Fracción derogada DOF 06-11-2020\nIII. Ejercer las funciones.\n")
    assert _found(text, "law", "es") == ["art. 10", "art. 10, fracc. I", "art. 10", "art. 10, fracc. II",
                                         "art. 10, fracc. III"]


def test_a_report_numbering_resumes_after_its_decisions():
    text = ("1. The Committee adopted the following decisions:\nDecision 22/1\nSouth-South cooperation\n"
            "The High-level Committee,\nReaffirming its decision,\n1. Takes note;\n2. Requests;\n"
            "Decision 22/2\nDates\n1. Decides;\n2. Also decides;\n3. Requests;\n2. The Committee held five "
            "meetings.\n3. The President spoke.\n")
    assert _found(text, "report") == ["para. 1", "decision 22/1", "decision 22/1, preambular para. 1",
                                      "decision 22/1, para. 1", "decision 22/1, para. 2", "decision 22/2",
                                      "decision 22/2, para. 1", "decision 22/2, para. 2",
                                      "decision 22/2, para. 3", "para. 2", "para. 3"]


def test_a_number_lost_in_extraction_does_not_stop_the_numbering():
    lines = "\n".join(f"{n}. Paragraph {n} of the report." for n in range(1, 125))
    text = lines + "\n25. Human rights (printed 125, its 1 lost).\n126. Next.\n128. One more was lost.\n"
    found = _found(text, "report")
    assert found[-3:] == ["para. 125", "para. 126", "para. 128"] and len(found) == 127


def test_numerals():
    assert [roman(r) for r in ("I", "IV", "IX", "XIV", "XL", "Q")] == [1, 4, 9, 14, 40, 0]
    assert [ordinal_number(w) for w in ("primero", "décimo", "décimo noveno", "vigésimo", "único")] == [1, 10, 19, 20, 1]




def test_a_chapter_heading_of_a_law_ends_the_article_before_it():
    law = """Artículo 14. El Consejo Consultivo se integrará por:
I. Un representante;
II. Otro representante.
Capítulo IV
Del Consejo Consultivo
Artículo 15. Corresponde al Consejo Consultivo:
I. Opinar.
TÍTULO SEGUNDO De los Recursos
Artículo 16. Los recursos se integrarán conforme al
Capítulo III de esta Ley y en el Programa, en
Capítulo V, que trata del Director, se aplicará también."""
    assert _found(law, "law", "es") == ["art. 14", "art. 14, fracc. I", "art. 14, fracc. II", "cap. IV", "art. 15",
                                        "art. 15, fracc. I", "tít. segundo", "art. 16"]
    assert _found("Capítulo IV\nArtículo 15. Texto.", "law") == ["chap. IV", "art. 15"]
