from ssc_search.ingest.chunk import (
    MAX_WORDS,
    chunk_pages,
    headings,
    is_heading,
    sentence_spans,
)
from ssc_search.model import Page


def test_sentences_respect_abbreviations_initials_and_list_numbers():
    text = "See para. 5 of the report. J. Smith met the U.N. team. 1. Expresses thanks. Done!"
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == ["See para. 5 of the report.", "J. Smith met the U.N. team.", "1. Expresses thanks.", "Done!"]


def test_a_laws_note_of_an_amendment_ends_the_provision_it_notes():
    text = ("Los recursos serán ejecutados por la AMEXCID. Artículo reformado DOF 06-11-2020 Artículo 38.- Se deroga. "
            "IX. Se deroga. Fracción derogada DOF 06-11-2020 X. Ejercer las funciones generales")
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Los recursos serán ejecutados por la AMEXCID.", "Artículo reformado DOF 06-11-2020",
        "Artículo 38.- Se deroga.", "IX. Se deroga.", "Fracción derogada DOF 06-11-2020",
        "X. Ejercer las funciones generales"]
    # a note of several amendments ends after its last date
    text = "Artículo reformado DOF 06-11-2020, 17-12-2015 Artículo 38.- Se deroga."
    assert [text[s:e] for s, e in sentence_spans(text)] == ["Artículo reformado DOF 06-11-2020, 17-12-2015",
                                                              "Artículo 38.- Se deroga."]
    # a date in a sentence is no note: "publicado en el DOF 06-11-2020 por ..." runs on in lower case
    assert len(sentence_spans("El decreto publicado en el DOF 06-11-2020 reforma la Ley.")) == 1


def test_a_lists_items_open_their_own_sentences():
    text = "Se requiere: 1. Ser mexicano; 2. Tener treinta años, y 3. Gozar de buena reputación. Tendrá: I. Coordinar; II. Evaluar."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Se requiere:", "1. Ser mexicano;", "2. Tener treinta años, y", "3. Gozar de buena reputación.",
        "Tendrá:", "I. Coordinar;", "II. Evaluar."]
    # years and counts are no item numbers
    for text in ("Mexico provided aid in 2018, 2019, and 2020. The total rose to 212 projects.",
                 "Projects provided in 2012: 212. The majority went to Central America."):
        assert len(sentence_spans(text)) == 2 and text[:sentence_spans(text)[0][1]].endswith("."), text


def test_headings_are_short_lines():
    assert is_heading("Chapter III")
    assert is_heading("6.1 Supporting South-South Cooperation Schemes")
    assert is_heading("INFORMATION SOURCES FOR THIS PUBLICATION")
    assert not is_heading("The agency was set up in September 2011 as a decentralized body.")
    assert not is_heading("cooperation with partners in the region and")
    long = "x" * 80
    text = "\n".join([long, long, "I. Introduction", long, long, long])
    assert headings(text) == [(162, "I. Introduction")]


def _page(index, text, number=None, doc="d"):
    return Page(doc, index, str(number or index), number or index, text)


def test_passages_stay_on_their_page_with_offsets_and_stable_ids():
    sentence = "Mexico shares development solutions with partner countries across the region today. "
    pages = [_page(1, sentence * 30, 11), _page(2, sentence * 3, 12)]
    passages = chunk_pages(pages)
    assert {p.page for p in passages} == {11, 12}
    for p in passages:
        page = pages[p.pdf_page - 1]
        assert " ".join(page.text[p.start:p.end].split()) == p.text
        assert len(p.text.split()) <= MAX_WORDS + 40
    first_page = [p for p in passages if p.page == 11]
    assert all(len(p.text.split()) >= 80 for p in first_page)
    assert first_page[0].end > first_page[1].start  # a little overlap
    again = chunk_pages(pages)
    assert [p.id for p in again] == [p.id for p in passages]
    assert len({p.id for p in passages}) == len(passages)


def test_section_heading_carries_over_pages():
    filler = "\n".join(["This line of body text is long enough to be a full line of the page."] * 6)
    pages = [_page(1, "Chapter II\n" + filler), _page(2, filler)]
    passages = chunk_pages(pages)
    assert passages[0].section == "Chapter II"
    assert passages[-1].section == "Chapter II" and passages[-1].page == 2


def test_overlong_sentence_is_cut():
    page = _page(1, " ".join(["word"] * 500) + ".")
    passages = chunk_pages([page])
    assert len(passages) >= 3
    assert all(len(p.text.split()) <= MAX_WORDS for p in passages)


def test_a_passage_never_runs_from_the_body_into_the_footnotes():
    body = "Recalling its resolutions on South-South cooperation and the role of the United Nations. " * 4 + \
        "Reaffirming its commitment to working tirelessly for the full implementation of the"
    notes = "1 Report of the United Nations Conference on Technical Cooperation among Developing Countries.\n" \
        "2 Resolution 70/1."
    page = _page(1, f"{body}\n__________________\n{notes}", 1)
    passages = chunk_pages([page])
    assert not any("_" in p.text for p in passages)
    cut = [p for p in passages if "working tirelessly" in p.text]
    assert len(cut) == 1 and cut[0].text.endswith("implementation of the")  # the body stops where the page does
    notes_passage = [p for p in passages if "Technical Cooperation among" in p.text]
    assert len(notes_passage) == 1 and notes_passage[0].text.startswith("1 Report") and "Resolution 70/1" in notes_passage[0].text
    for p in passages:
        assert " ".join(page.text[p.start:p.end].split()) == p.text
