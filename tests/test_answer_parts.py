"""The parts of the answerer on small inline data: constraints, named documents, bridges between
words (synonyms, short forms, translations), answer units, and the fitted model's record."""
import json
from dataclasses import dataclass
from importlib import resources

import pytest

from ssc_search.analyze import Analyzer
from ssc_search.answer import constraints as C
from ssc_search.answer.coverage import RELATED_CREDIT, Word, coverage
from ssc_search.answer.evidence import BULLET, WINDOW_WORDS, tiles
from ssc_search.answer.measures import amounts, fits, measure
from ssc_search.answer.question import REASON, asks_for_several, defines, question_type, tidy
from ssc_search.answer.scoring import CONFIDENCE_FEATURES, FEATURES, AnswerModel
from ssc_search.answer.unit_features import debris, structural_heading, text_features
from ssc_search.index.aliases import Expander, load_alias_file
from ssc_search.index.named_docs import DocumentNames
from ssc_search.index.related import related_stems
from ssc_search.index.search import front_matter
from ssc_search.model import Passage


@pytest.mark.parametrize("question,years,ordinals", [
    ("How many projects did Mexico provide in 2016?", {"2016"}, set()),
    ("Who presided over the twenty-second session of the Committee?", set(), {22}),
    ("¿Quién presidió el vigésimo segundo periodo de sesiones?", set(), {22}),
    ("What happened at the 5th meeting?", set(), {5}),
    ("What does E/2025/8 say about the 2030 Agenda?", set(), set()),  # a symbol and a name, not years
    ("Was it the first time Mexico hosted?", set(), set()),  # "first" numbers no session here
])
def test_question_constraints(question, years, ordinals):
    parsed = C.parse(question)
    assert (parsed.years, parsed.ordinals) == (years, ordinals)


def test_constraints_met_by_the_evidence():
    asked = C.parse("Who chaired the twenty-second session in 2025?")
    assert asked.met("The twenty-second session was held in May 2025.") == \
        {"year": 1.0, "number": None, "ordinal": 1.0, "country": None}
    assert asked.met("The 21st session was held in 2023.") == {"year": 0.0, "number": None, "ordinal": 0.0,
                                                               "country": None}


@dataclass
class Doc:
    doc_id: str
    title: str
    language: str = "en"
    year: int | None = None


DOCS = [Doc("r1", "A/RES/78/167 South-South cooperation", year=2023),
        Doc("r2", "A/RES/79/236 South-South cooperation", year=2024),
        Doc("s", "A/RES/79/323 Sevilla Commitment (outcome of the Fourth International Conference)"),
        Doc("q", "A/80/74 Implementation of resolution 79/226 (QCPR)"),
        Doc("l", "Ley de Cooperación Internacional para el Desarrollo", "es"),
        Doc("b", "A/RES/73/291 Buenos Aires outcome document of the second High-level Conference on South-South "
                 "Cooperation", year=2019),
        Doc("qr", "A/RES/79/226 Quadrennial comprehensive policy review of operational activities for development")]


@pytest.mark.parametrize("question,named", [
    ("What does resolution 78/167 say about UNOSSC?", {"r1"}),
    ("In A/RES/79/236, what is asked of resident coordinators?", {"r2"}),
    ("What did the Sevilla Commitment say on debt?", {"s"}),
    ("What did the QCPR report find?", {"q"}),
    ("¿Qué dice la Ley de Cooperación Internacional sobre el registro?", {"l"}),
    ("What is South-South cooperation?", set()),  # a title two documents share names neither
    ("What does the 2023 South-South resolution say about debt?", {"r1"}),  # ...but the year of one does
    ("How did South-South cooperation grow in 2024?", set()),  # a year and a topic, no document
    ("What did the Buenos Aires outcome document say about trade?", {"b"}),  # the title's lead
    ("What tax level does the Sevilla text single out?", {"s"}),  # a document word and a word only its title has
    ("What does the Sevilla weather look like?", set()),  # ...not without the document word
])
def test_documents_named_by_symbol_short_form_or_title(question, named):
    assert DocumentNames(DOCS, Analyzer()).named(question) == named


def test_a_resolution_or_a_report_as_the_question_asks():
    names = DocumentNames(DOCS, Analyzer())
    other_names = frozenset(Analyzer().query_terms("quadrennial comprehensive policy review"))  # QCPR's long form
    assert names.named("What does the QCPR resolution ask?", other_names) == {"qr"}
    assert names.named("What did the QCPR report find?", other_names) == {"q"}
    assert names.named("What does the QCPR say about funding?", other_names) == {"q", "qr"}


def test_wordnet_bridges_are_partial_credit():
    related = related_stems()
    assert "child" in related["children"] and "pay" in related["paid"]
    assert "impoverish" in related["poor"]
    word = Word("poor", {"poor"}, 1.0, related={"impoverish"})
    assert coverage({"impoverish"}, [word]) == RELATED_CREDIT < 1.0
    assert coverage({"impoverish"}, [word], strict=True) == 0.0  # strict counts the question's own stems only


def test_field_short_forms_ship_with_the_package():
    groups = load_alias_file(None)
    oda = next(g for g in groups if "ODA" in g)
    assert "official development assistance" in oda and "AOD" in oda


def test_glossary_picks_the_closest_headword():
    expander = Expander([], Analyzer())
    assert expander.translations("cooperación") == ["cooperation"]  # not cooperante's "donor"
    assert "remittance" in expander.translations("remesas")
    terms = expander.expand("remesas", {"remes": 1.0})
    assert 0 < terms["remitt"] < 1.0  # a translation weighs less than the word typed


@pytest.mark.parametrize("question,kind", [
    ("What share of aid went to the poorest countries?", "number"),
    ("¿Qué porcentaje del PIB?", "number"),
    ("What period does the framework cover?", "date"),
    ("¿Con qué periodicidad se actualiza el programa?", "date"),
    ("Why does the Agency keep a registry?", "reason"),
    ("What does the resolution ask resident coordinators to do?", "action"),
    ("Which delegation chaired the session?", "entity"),
    # the question word that comes first decides, not one inside a later clause
    ("¿Quién era el director general cuando se publicó el informe?", "who"),
    ("Which UN body has backed the largest number of projects?", "entity"),
    ("How many projects were there when the Agency was created?", "number"),
    # "What is..." frames a question that asks nothing more specific
    ("What is the deadline for the report?", "date"),
    ("What is the name of the person who chaired the session?", "who"),
    ("What is the Yucatán Agreement?", "definition"),
])
def test_more_question_kinds(question, kind):
    assert question_type(question)[0] == kind


def test_list_items_and_headings_as_units():
    graph = "Graph 1 PROJECTS Q Latin America and the Caribbean: 153 Q Regional: 18 Q Africa: 1 Note: total"
    assert len(list(BULLET.finditer(graph))) == 3
    assert structural_heading("Artículo 34.")
    assert structural_heading("Capítulo I De los Recursos de Cooperación Internacional")
    assert not structural_heading("Artículo 20. Para ser Director Ejecutivo de la AMEXCID se requiere:")


@pytest.mark.parametrize("question,several", [
    ("Which countries signed the agreement?", True), ("Which UN agency hosts the Office?", False),
    ("¿Qué países participaron?", True), ("¿Qué país presidió la sesión?", False),
    ("Which bodies review it?", True), ("When was it signed?", False),
    ("Which partner countries joined?", True), ("Which country or countries hosted it?", True),
    ("Which UN agency hosts the Office?", False), ("¿Cuáles organismos participan?", True),
])
def test_a_list_is_asked_for_only_in_the_plural(question, several):
    assert asks_for_several(question) == several


@pytest.mark.parametrize("question,measured", [
    ("How much did Argentina spend to host the conference?", "money"),
    ("¿Cuánto dinero aportó México al Fondo?", "money"),
    ("What share of aid went to budget support?", "share"),
    ("¿Qué porcentaje de la población vivirá en ciudades?", "share"),
    ("How many delegations took the floor?", "count"),
    ("¿Cuántas personas viven en pobreza extrema?", "count"),
    ("How many dollars did Mexico contribute?", "money"),
    ("¿Cuántos millones de pesos aportó México?", "money"),
    ("¿Con qué periodicidad se actualiza el programa?", "duration"),
    ("In what year was the Agency created?", "year"),
    ("When was the resolution adopted?", None),
])
def test_a_number_question_may_ask_for_money_or_a_share(question, measured):
    assert measure(question) == measured


def test_money_and_shares_answer_only_with_money_and_shares():
    assert fits("Two countries provided a first accredited training.", "number")
    assert not fits("Two countries provided a first accredited training.", "number", "money")
    assert fits("ODA reached a record high of $223.7 billion in 2023.", "number", "money")
    assert not fits("ODA reached 223 projects.", "number", "share")
    assert fits("General budget support was merely 3.35 per cent of ODA.", "number", "share")
    assert fits("México aportó 500 000 dólares al Fondo.", "number", "money")
    assert fits("Two thirds of the projects", "number", "share") and fits("Dos tercios de los proyectos", "number", "share")
    # "how often" is answered by a period, not only by a date; "in what year" only by a year
    assert fits("El programa será revisado cada dos años.", "date", "duration")
    assert fits("within 30 days of its adoption", "date", "duration")
    assert fits("El Consejo sesionará trimestralmente.", "date", "duration")
    assert measure("¿Cada cuántos años se revisa el programa?") == "duration"
    assert measure("What was the budget of the programme?") == "money"
    assert not fits("El programa será revisado por el Consejo.", "date", "duration")
    assert not fits("It was created in September.", "date", "year") and fits("It was created in 2011.", "date", "year")


def test_a_count_is_not_answered_by_a_share_or_by_money():
    assert fits("Representatives of sixty-two delegations delivered remarks.", "number", "count")
    assert fits("About 2.6 billion people remained offline.", "number", "count")
    assert not fits("61 per cent of responding developing countries have a policy.", "number", "count")
    assert not fits("Efficiencies totalling $100.5 million were reported.", "number", "count")
    assert not fits("México aportó 1,500 dólares.", "number", "count")
    assert fits("In 2024, 129 country teams reported efficiencies totalling $100.5 million.", "number", "count")


def test_a_term_the_question_names_whole_is_defined_by_its_entry():
    question = "¿Cómo define la LCID la cooperación horizontal?"
    subject = ["LCID", "cooperación", "horizontal"]
    assert defines("II. Cooperación Horizontal: La cooperación para el desarrollo económico y social...", subject,
                   question)
    assert not defines("III. Cooperación Internacional: La cooperación internacional...", subject, question)
    assert not defines("En el Registro se inscribirán: los proyectos", subject, question)
    assert not defines("Cooperación: la que se da entre países", subject, question)  # one word is not the term
    assert defines("II. Cooperación Sur-Sur: La que...", ["cooperación", "Sur-Sur"],
                   '¿Qué es la "cooperación Sur-Sur", según la ley?')


def test_spelled_numbers_and_purpose_phrases_are_read():
    assert [m.group() for m in amounts("Representatives of sixty-two delegations spoke")] == ["sixty", "two"]
    assert [m.group() for m in amounts("se reunieron cuarenta delegaciones")] == ["cuarenta"]
    assert REASON.search("The review will proceed with the aim of simplifying the framework.")
    assert REASON.search("Se creó con la finalidad de coordinar la cooperación.")


def test_a_heading_or_masthead_is_no_subject_to_lean_on():
    assert debris("75th plenary meeting 15 April 2019 Annex Buenos Aires outcome document")
    assert debris("FINANCIAL MECHANISMS AND FUNDS")
    assert not debris("The Agency was created in 2011 to coordinate Mexico's cooperation.")


def test_list_items_run_together_are_read_apart():
    assert tidy("We look forward to results at the 13th WTO Ministerial Conference. (xi) We confirm our commitment.") \
        == ["We look forward to results at the 13th WTO Ministerial Conference.", "(xi) We confirm our commitment."]
    assert tidy("as set out in paragraph (a) of the resolution.") == ["as set out in paragraph (a) of the resolution."]


def test_footnotes_references_and_contents_lines_are_not_answers():
    assert tidy("that help them to acquire skills. __________________ 14 Resolution 217 A (III).") == \
        ["that help them to acquire skills.", "14 Resolution 217 A (III)."]
    assert text_features("9 Resolution 70/1.")["link_or_caption"] == 1.0
    assert text_features("13 The pathfinder countries include Albania and Cabo Verde.")["link_or_caption"] == 0.0
    assert text_features("9 General Assembly resolution 70/1.")["link_or_caption"] == 1.0
    assert text_features("The UN and Mexico's South-South Cooperation: Perspectives 55 Acronyms 58")["heading_like"]
    for tally in ("Latin America and the Caribbean: 153", "Africa: 12 Asia: 30", "Mexico received 12 Colombia 8"):
        assert not text_features(tally)["heading_like"], tally
    # a lettered section heading glued to its first paragraph's number; a fraction ending in a number is none
    assert text_features("B. Attendance 71.")["heading_like"] and text_features("II. Organizational matters 3.")["heading_like"]
    assert not text_features("II. Evaluar los proyectos del asunto 11.")["heading_like"]
    assert text_features("4. Strategic Partners in Mexico Graph 3 THE UN STRATEGIC PARTNERS")["link_or_caption"]
    assert text_features("Table 2: Projects by region")["link_or_caption"]
    assert not text_features("The 45 projects are shown in Table 3.")["link_or_caption"]


def test_a_dated_list_item_is_a_unit_not_a_heading():
    item = text_features("UNODC: First meeting of the Working Group on Crime Statistics (Mexico City, August 2013).")
    assert item["dated_caption"] == 1.0 and item["heading_like"] == 0.0
    assert text_features("FINANCIAL MECHANISMS AND FUNDS")["heading_like"] == 1.0


def test_a_long_sentence_is_also_read_in_runs_of_whole_clauses():
    clauses = [f"clause {n} of the preamble speaks of topic {n} and of nothing else," for n in range(12)]
    sentence = " ".join(clauses) + " and the last clause names the answer."
    runs = tiles(sentence)
    assert len(runs) > 2 and all(len(r.split()) <= WINDOW_WORDS for r in runs)
    assert " ".join(runs).replace(",", "").split() == sentence.replace(",", "").split()  # every word, in order
    assert runs[-1].endswith("names the answer.") and all(r.startswith("clause") for r in runs[:-1])


def test_the_rest_of_a_matched_page_is_read(tmp_path):
    from conftest import make_pdf

    from ssc_search.answer.evidence import EvidenceReader
    from ssc_search.index.build import build, load
    from ssc_search.index.search import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    opening = [f"The Tlaxcala observatory reviewed regional water statistics in round {n}." for n in range(12)]
    rest = [f"Field teams in district {n} measured rainfall and river levels every week." for n in range(20)]
    make_pdf(corpus / "report.pdf", [opening + rest, ["A second page about other matters entirely."] * 5])
    build(corpus, tmp_path / "index")
    searcher = Searcher(load(tmp_path / "index"))
    reader = EvidenceReader(searcher)
    hits = reader.passages(searcher.analyse("Tlaxcala observatory"))
    assert hits and all("Tlaxcala" in h.text for h in hits)
    beside = reader.page_rest(hits)
    assert beside, "the page's other passages"
    assert all((b.doc_id, b.page) in {(h.doc_id, h.page) for h in hits} for b in beside)
    assert not {b.passage_id for b in beside} & {h.passage_id for h in hits}
    assert any("rainfall" in b.text for b in beside)
    rank = {(h.doc_id, h.page): h.rank for h in hits}
    assert all(b.rank == rank[(b.doc_id, b.page)] for b in beside)  # each with its page's rank


def test_front_matter_by_label_or_contents():
    def passage(label, text):
        return Passage(id="x", doc_id="d", page=1, page_label=label, pdf_page=1, start=0, end=len(text),
                       text=text, section=None)
    assert front_matter(passage("ii", "Report of the Committee"))
    contents = "Contents\nI. Introduction ........ 3\nII. Debate ........ 5\nIII. Close ........ 9"
    assert front_matter(passage("3", contents))
    assert not front_matter(passage("3", "The Committee held five meetings in May."))


def test_model_record_names_its_features_and_reliability():
    data = json.loads(resources.files("ssc_search.data").joinpath("answer_model.json").read_text("utf-8"))
    assert data["features"] == list(FEATURES) and data["confidence_features"] == list(CONFIDENCE_FEATURES)
    model = AnswerModel.load()
    assert 0 <= model.threshold < 1
    assert model.reliability and all(0 <= b["right_if_answered"] <= 1 for b in model.reliability)
    strong = {f: 0.0 for f in CONFIDENCE_FEATURES} | {"top_probability": 0.9, "margin": 0.6, "top_coverage": 0.9,
                                                    "top_exact_coverage": 0.9, "best_passage_coverage": 0.9}
    weak = {f: 0.0 for f in CONFIDENCE_FEATURES} | {"top_probability": 0.05, "top_coverage": 0.2,
                                                  "unknown_share": 0.5, "constraint_unmet": 1.0}
    assert model.confidence(strong) > model.threshold > model.confidence(weak)


def test_model_record_with_unknown_features_is_refused():
    with pytest.raises(ValueError, match="unknown features \\['no_such_feature'\\]"):
        AnswerModel.from_dict({"weights": {"no_such_feature": 1.0}, "intercept": 0.0, "threshold": 0.5})


@pytest.mark.parametrize("text,found", [
    ("In total Mexico provided 212 SSC projects in 2012.", ["212"]),
    ("28. The potential of regional platforms continues to be acknowledged.", []),  # a paragraph's number
    ("75th plenary meeting 15 April 2019", []),  # an ordinal and a date
    ("held in Buenos Aires from 20 to 22 March 2019", []),
    ("Para ser Director Ejecutivo de la AMEXCID se requiere: 1.", []),  # a list marker
    ("Artículo 18. El Director Ejecutivo", []),
    ("amounting to only 0.08 per cent of gross national income", ["0.08"]),
    ("would be held in Buenos Aires from 20 to 22 March 2019, 1.", []),  # a footnote marker
    ("resolutions 2006/2 of 10 May 2006, 2 2008/1 of 11 April 2008", []),
    ("offices in 3 countries, 12 of them new", ["3", "12"]),
    ("a fund of 1,500 pesos", ["1,500"]),  # a thousands separator, not a footnote marker after a comma
    ("The number of projects was, in total, 33.", ["33."]),  # a count after a comma is a count
    ("Once adopted, the programme runs for una década.", []),  # an adverb and an article, not numbers
    ("The twenty-second session was attended by twenty delegations", ["twenty"]),  # an ordinal in words is none
])
def test_amounts_are_what_counts_or_measures(text, found):
    from ssc_search.answer.measures import amounts
    assert [m.group() for m in amounts(text)] == found


def test_measure_questions_ask_for_a_number():
    assert question_type("What was the total volume of ODA in 2023?")[0] == "number"
    assert question_type("What is the Yucatán Agreement?")[0] == "definition"


def test_a_year_elsewhere_on_the_page_does_not_meet_the_question(tmp_path):
    from conftest import make_pdf

    from ssc_search.answer.answerer import Answerer
    from ssc_search.index.build import build, load
    from ssc_search.index.search import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    page = ["The Tlaxcala training programme was reviewed in a report published in 2015.",
            "The review covered the budget of the ministries.", "It also covered the partner agencies.",
            "Several regional offices took part in the review.", "Their staff answered a questionnaire.",
            "The questionnaire asked about travel and equipment.", "Most offices answered within a month.",
            "The Tlaxcala training programme trained 40 statistics officials in 2012."]
    make_pdf(corpus / "report.pdf", [page])
    build(corpus, tmp_path / "index")
    index = load(tmp_path / "index")
    answerer = Answerer(Searcher(index), index.catalogue())
    asked = answerer.ask("How many statistics officials did the Tlaxcala training programme train in 2015?")
    assert asked.answer is None and "2015" in asked.message  # the page says 2015, but of the review
    right = answerer.ask("How many statistics officials did the Tlaxcala training programme train in 2012?")
    assert right.answer is not None and "40" in right.answer


def test_a_country_the_answer_does_not_concern_is_not_met(tmp_path):
    from conftest import make_pdf

    from ssc_search.answer.answerer import Answerer
    from ssc_search.index.build import build, load
    from ssc_search.index.search import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pages = [["Peru hosted a regional workshop on statistics.", "The workshop trained officials from ten countries.",
              "Each official received a certificate.", "The certificates were signed by the ministry.",
              "In 2024, 129 country teams reported efficiency savings totalling $100.5 million."],
             ["The savings came from common back offices and shared premises.",
              "Business operations strategies guided the work of the country teams.",
              "Travel was booked through one agency.", "Premises were shared in most capitals.",
              "The country team in Chile reported efficiency savings of $2.1 million in 2024."]]
    make_pdf(corpus / "report.pdf", pages)
    build(corpus, tmp_path / "index")
    index = load(tmp_path / "index")
    answerer = Answerer(Searcher(index), index.catalogue())
    asked = answerer.ask("How much in efficiency savings did the country team in Peru report in 2024?")
    assert asked.answer is None and "Peru" in asked.message  # Peru is in the library, not in this fact
    right = answerer.ask("How much in efficiency savings did the country team in Chile report in 2024?")
    assert right.answer is not None and "2.1 million" in right.answer


def test_a_resolution_the_library_does_not_hold_is_said_with_its_public_record(tmp_path):
    from conftest import make_pdf

    from ssc_search.answer.answerer import Answerer
    from ssc_search.index.build import build, load
    from ssc_search.index.search import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "report.pdf", [["The Committee recalled resolution 79/236 on South-South cooperation.",
                                      "It asked the Secretary-General to report on South-South cooperation.",
                                      "Member States welcomed the report on South-South cooperation."]])
    build(corpus, tmp_path / "index")
    index = load(tmp_path / "index")
    answerer = Answerer(Searcher(index), index.catalogue())
    asked = answerer.ask("What does resolution 81/200 ask the Secretary-General to report on?")
    assert asked.answer is None
    assert "does not hold A/RES/81/200; its public record is at https://documents.un.org/" in asked.message
    assert "does not concern" not in asked.message  # said once
    named = answerer.ask("Which resolution on South-South cooperation did the Committee recall?")
    assert named.answer is not None and "79/236" in named.answer


def test_the_ordinals_a_question_pins_down():
    from ssc_search.answer.constraints import ordinals
    assert ordinals("When did the committee hold its 22nd session?") == {22}
    assert ordinals("¿Qué se decidió en el vigésimo segundo período de sesiones?") == {22}
    assert ordinals("¿Dónde se celebró el decimoquinto período de sesiones?") == {15}  # one word
    assert ordinals("the twenty-first meeting of the Forum") == {21}
    assert ordinals("the first time it met") == set()  # "first" numbers nothing here
    assert ordinals("the report of the twenty-second session", anywhere=True) == {22}


def _unit(text: str, probability: float, entities=()):
    from ssc_search.answer.unit_features import Unit
    words = set(text.lower().replace(",", "").replace(".", "").split())
    return Unit(None, text, words, 0, features={"short": float(len(text.split()) < 6)}, entities=list(entities),
                probability=probability)


def test_a_scrap_never_leads_when_a_sentence_is_about_as_likely():
    from ssc_search.answer.answerer import Answerer
    scrap = _unit("credit rating agencies, regulators", 0.80)
    sentence = _unit("We welcome the Africa Credit Rating Agency as a new credit rating agency.", 0.78)
    chosen = Answerer._choose(None, [scrap, sentence], {"credit": 1.0, "rating": 1.0, "agency": 1.0})
    assert chosen[0] is sentence  # a few words do not lead a sentence nearly as likely
    alone = Answerer._choose(None, [scrap, _unit("Ratings were reviewed by the agencies.", 0.3)], {"rating": 1.0})
    assert alone[0] is scrap  # ... but do when nothing else is


def test_names_from_one_unit_share_its_citation():
    from ssc_search.answer.answerer import Answerer

    class Catalogue:
        names = {1: "Brazil", 2: "Russia", 3: "India", 4: "China"}

        def mentioned(self, text):
            return [i for i, name in self.names.items() if name in text]

        def named_as_people(self, text):
            return set()

        def label(self, i):
            return self.names[i]

    first = _unit("BRICS brings together Brazil, Russia and India.", 0.9, entities=[1, 2, 3])
    second = _unit("China joined the group later.", 0.85, entities=[4])
    asker = type("Asker", (), {"catalogue": Catalogue()})()
    text, chosen, names, _spans = Answerer._entity_answer(asker, "Which countries are in BRICS?", [first, second])
    assert text == "Brazil, Russia, India [1] and China [2]."  # one citation for the names of one sentence
    assert chosen == [first, second] and names == [1, 2, 3, 4]


def test_a_document_is_about_the_country_it_names_far_more_than_any_other():
    from ssc_search.index.entities import Catalogue

    def country(name, docs):
        return {"id": name.lower(), "name": name, "kind": "country", "aliases": [],
                "mentions": [{"passage_id": f"{d}{n}", "doc_id": d, "page": 1, "page_label": "1"}
                             for d, times in docs.items() for n in range(times)]}

    catalogue = Catalogue({"entities": [country("Mexico", {"law": 15, "report": 4, "survey": 6}),
                                        country("Peru", {"law": 1, "report": 4, "survey": 3})]})
    assert catalogue.entities[catalogue.own_country("law")]["name"] == "Mexico"
    assert catalogue.own_country("report") is None  # four mentions, and Peru as often
    assert catalogue.own_country("survey") is None  # six against three: not far more
    assert catalogue.own_country("unknown") is None


@pytest.mark.parametrize("question, asked, whole", [
    ("¿Qué establece el artículo 10 de la Ley?", {"article": "10"}, True),
    ("What does article 18 of the cooperation law say?", {"article": "18"}, True),
    ("¿Qué dice el artículo 4, fracción XIII?", {"article": "4", "fraction": "XIII"}, True),
    ("Who appoints the Director under article 18?", {"article": "18"}, False),
    ("What does paragraph 25 of resolution 78/167 ask?", {"paragraph": "25"}, True),
    ("How many projects did Mexico provide in 2012?", None, False),
])
def test_a_question_may_name_the_article_or_paragraph_it_asks_about(question, asked, whole):
    from ssc_search.answer.located import asked_locator, asks_whole

    assert asked_locator(question) == asked
    if asked:
        assert asks_whole(question, {"cooperation", "resolution", "law"}) is whole


def test_an_article_named_in_the_question_is_read_and_answers(tmp_path):
    from conftest import make_pdf

    from ssc_search.answer.answerer import Answerer
    from ssc_search.index.build import build, load
    from ssc_search.index.search import Searcher

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    articles = [[f"Artículo {n}. La Agencia tendrá a su cargo el asunto número {n} de la cooperación:",
                 f"I. Coordinar las acciones del asunto {n};", f"II. Evaluar los proyectos del asunto {n}."]
                for n in range(1, 13)]
    make_pdf(corpus / "ley.pdf", [sum(articles[i:i + 3], []) for i in range(0, 12, 3)])
    (corpus / "catalog.toml").write_text('[[document]]\nfile = "ley.pdf"\nid = "ley"\ntitle = "Ley de la Agencia"\n'
                                         'kind = "law"\nlanguage = "es"\n', encoding="utf-8")
    build(corpus, tmp_path / "index")
    index = load(tmp_path / "index")
    answerer = Answerer(Searcher(index), index.catalogue())
    whole = answerer.ask("¿Qué establece el artículo 7 de la ley?")
    assert whole.answer is not None and whole.citations[0].locator == {"article": "7"}
    assert "asunto número 7" in whole.answer
    part = answerer.ask("¿Qué dice el artículo 11, fracción II?")
    assert part.citations[0].locator == {"article": "11", "fraction": "II"} and "asunto 11" in part.answer
    # another instrument's article is not the law's; nor is an article outside the filters
    assert answerer.located_documents("What does article 7 of the Paris Agreement say?", {"article": "7"},
                                      set(), None) == []
    assert answerer.located_documents("¿Qué establece el artículo 7 de la Ley?", {"article": "7"}, set(), None) == ["ley"]
    assert answerer.located_hits({"article": "7"}, ["ley"], year=2024) == []
    # a word that only names the document the question names weighs as it does in ranking
    query = answerer.searcher.analyse("¿Qué coordina la Ley de la Agencia en el asunto número 7?")
    assert query.named == {"ley"}
    weights = {w.surface: w.weight for w in answerer.reader.read(query).words}
    assert weights["agencia"] == pytest.approx(0.3 * answerer.searcher.idf("agenci"))
    assert weights["coordina"] == pytest.approx(answerer.searcher.idf("coordin"))
    assert answerer.located_hits({"article": "7"}, ["ley"], language="es")


def test_a_country_named_by_its_people_is_named_by_the_question():
    from ssc_search.index.entities import Catalogue

    catalogue = Catalogue({"entities": [{"id": n.lower(), "name": n, "kind": "country", "aliases": [], "mentions": []}
                                        for n in ("Mexico", "Peru", "Mali", "India")]})
    named = lambda text: sorted(catalogue.entities[i]["name"] for i in catalogue.named_as_people(text))  # noqa: E731
    assert named("Which countries received Mexican cooperation?") == ["Mexico"]
    assert named("¿Qué instituciones mexicanas y peruanas?") == ["Mexico", "Peru"]
    assert named("Peruvian and Indian experts") == ["India", "Peru"]
    assert named("a malicious email from Malibu") == []
