"""The shipped corpus: page-true passages of the publication, headers gone, words re-joined."""
import json
import re
from difflib import SequenceMatcher

import pytest
from conftest import CORPUS, SHARED

from ssc_search.ingest.corpus import ingest
from ssc_search.ingest.pdf import extract

PUB = "towards-a-global-partnership-2014"


@pytest.fixture(scope="module")
def publication():
    return ingest(CORPUS, files=[CORPUS / f"{PUB}.pdf"])


def _words(text):
    return re.findall(r"\w+", text.lower())


def test_publication_pages_are_printed_pages(publication):
    pages = publication.pages
    assert len(pages) == 53
    assert all(p.number == p.index and p.label == str(p.index) for p in pages)
    assert publication.documents[0].pages_without_text == [4, 6, 16]


def test_every_passage_is_on_its_page(publication):
    pages = {p.index: p for p in publication.pages}
    for passage in publication.passages:
        page = pages[passage.pdf_page]
        assert passage.page == page.number
        assert " ".join(page.text[passage.start:passage.end].split()) == passage.text


def test_passages_match_the_transcription_of_their_printed_page(publication):
    source = SHARED / "publication" / f"{PUB}.pages.jsonl"
    if not source.exists():
        pytest.skip("the shared transcription is not beside the checkout")
    truth = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        truth[record["page"]] = " ".join(_words(record["text"].replace("- ", "")))
    for passage in publication.passages:
        words = _words(passage.text)
        probes = [" ".join(words[i:i + 5]) for i in (0, len(words) // 2, max(0, len(words) - 5))]
        # the typesetting moved footers off the text, so one probe may straddle such a seam
        assert any(probe in truth[passage.page] for probe in probes), (passage.page, probes)


def test_running_header_in_no_passage(publication):
    header = "Towards a Global Partnership for Development The UN and Mexico's South-South Cooperation"
    raw = extract(CORPUS / f"{PUB}.pdf")
    assert sum(header in page for page in raw.pages) >= 20  # the noise is really in the PDF
    assert not any(header in p.text for p in publication.passages)
    assert not any(re.search(r"Fostering Solutions Fostering the Development", p.text)
                   for p in publication.passages)


def test_line_end_hyphens_rejoined(publication):
    raw = extract(CORPUS / f"{PUB}.pdf", "pypdf")
    assert any("AM-\nEXCID" in page for page in raw.pages)
    text = " ".join(p.text for p in publication.passages)
    assert "AM-EXCID" not in text and "AM- EXCID" not in text
    assert "UNDAF's" in text and "UNODC" in text and "INEGI" in text
    assert "South-South" in text and "South- South" not in text


def test_extractors_agree_after_cleaning():
    files = [CORPUS / "ga-res-80-156-south-south-cooperation-2025.pdf", CORPUS / f"{PUB}.pdf"]
    fast = ingest(CORPUS, files=files, extractor="pdfium")
    ref = ingest(CORPUS, files=files, extractor="pypdf")
    assert len(fast.pages) == len(ref.pages)
    for a, b in zip(fast.pages, ref.pages):
        ratio = SequenceMatcher(None, _words(a.text), _words(b.text)).ratio()
        assert ratio > 0.98, (a.doc_id, a.index, ratio)
    assert [d.headers_removed for d in fast.documents] == [d.headers_removed for d in ref.documents]


def test_un_report_front_matter_and_printed_numbers():
    corpus = ingest(CORPUS, files=[CORPUS / "a-80-39-high-level-committee-ssc-22nd-session-report-2025.pdf"])
    labels = [p.label for p in corpus.pages]
    assert labels[:2] == ["i", "ii"] and labels[5] == "4" and labels[-1] == "31"
    assert not any(re.search(r"\b\d+/31\b", p.text) for p in corpus.passages)


def test_whole_corpus_ingests_without_skips():
    corpus = ingest(CORPUS)
    assert corpus.skipped == []
    assert len(corpus.documents) >= 13
    langs = {d.doc_id: d.language for d in corpus.documents}
    assert langs["lcid-ley-cooperacion-internacional-para-el-desarrollo-mx-2011"] == "es"


def test_an_uploaded_document_id_ends_at_a_word(tmp_path):
    from conftest import body_lines, make_pdf

    from ssc_search.library.corpus_admin import add_document

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pdf = make_pdf(tmp_path / "x.pdf", [body_lines(1, 12)]).read_bytes()
    title = "Report of the Secretary-General on the implementation of the quadrennial comprehensive policy review"
    entry = add_document(corpus, pdf, {"title": title, "year": "2025"})
    assert entry["id"] == "report-of-the-secretary-general-on-the-implementation-of-2025"


def test_uploads_are_catalogued_in_their_own_file_and_removed_from_it(tmp_path):
    from conftest import body_lines, make_pdf

    from ssc_search.ingest.catalog import load_catalog
    from ssc_search.library.corpus_admin import add_document, remove_document

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shipped = '[[document]]\nfile = "shipped.pdf"\ntitle = "Shipped"\n'
    (corpus / "catalog.toml").write_text(shipped, encoding="utf-8")
    entry = add_document(corpus, make_pdf(tmp_path / "x.pdf", [body_lines(2, 12)]).read_bytes(), {"title": "Uploaded"})
    assert (corpus / "catalog.toml").read_text(encoding="utf-8") == shipped  # the shipped catalogue is untouched
    assert 'title = "Uploaded"' in (corpus / "uploads.toml").read_text(encoding="utf-8")
    assert set(load_catalog(corpus)) == {"shipped.pdf", entry["file"]}
    remove_document(corpus, entry["id"], entry["file"])
    assert set(load_catalog(corpus)) == {"shipped.pdf"} and not (corpus / entry["file"]).exists()
