"""Scanned PDFs: pages of the corpus rendered to images and wrapped as image-only PDFs, read back by
Tesseract and compared with the text layer of the originals."""
from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS

from ssc_search.index.build import build, load
from ssc_search.index.search import Searcher
from ssc_search.ingest import ocr

pytestmark = pytest.mark.slow  # Tesseract reads rendered pages: seconds each
HAVE_TESSERACT = shutil.which("tesseract") is not None
needs_tesseract = pytest.mark.skipif(not HAVE_TESSERACT and not os.environ.get("CI"),
                                     reason="Tesseract is not installed here (.ci/run installs it)")
SCANS = {  # scan file: (original, its 0-based pages, language)
    "scan-res-78-167.pdf": ("ga-res-78-167-south-south-cooperation-2023", [2, 3], "en"),
    "scan-lcid.pdf": ("lcid-ley-cooperacion-internacional-para-el-desarrollo-mx-2011", [1, 2], "es"),
}


def image_pdf(source: Path, pages: list[int], target: Path, dpi: int = 200) -> Path:
    """A PDF of page images only, as a scanner makes: no text layer at all."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(source))
    try:
        images = [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in pages]
    finally:
        doc.close()
    images[0].save(target, save_all=True, append_images=images[1:], resolution=dpi)
    return target


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scans")
    corpus = folder / "corpus"
    corpus.mkdir()
    entries = []
    for name, (original, pages, language) in SCANS.items():
        image_pdf(CORPUS / f"{original}.pdf", pages, corpus / name)
        entries.append(f'[[document]]\nfile = "{name}"\ntitle = "Scan of {original}"\nlanguage = "{language}"\n')
    (corpus / "catalog.toml").write_text("\n".join(entries), encoding="utf-8")
    return corpus


@pytest.fixture(scope="module")
def scanned_index(scans, tmp_path_factory):
    if not HAVE_TESSERACT:
        pytest.skip("Tesseract is not installed here")
    index = tmp_path_factory.mktemp("scan-index")
    report = build(scans, index)
    return index, report


def _words(text: str) -> Counter:
    return Counter(w.lower() for w in re.findall(r"\w+", text))


@needs_tesseract
@pytest.mark.parametrize("scan", sorted(SCANS))
def test_ocr_recovers_the_words_of_the_text_layer(scanned_index, corpus_index, scan):
    index, _ = scanned_index
    original, pages, _ = SCANS[scan]
    read = {p["index"]: p for p in load(index).pages() if p["doc_id"] == Path(scan).stem}
    source = {p["index"]: p for p in load(corpus_index).pages() if p["doc_id"] == original}
    for n, pdf_page in enumerate(pages, 1):
        want, got = _words(source[pdf_page + 1]["text"]), _words(read[n]["text"])
        recovered = sum((want & got).values()) / sum(want.values())
        assert recovered >= 0.95, (scan, n, recovered)
        assert read[n]["ocr"] > 60 and read[n]["label"] == source[pdf_page + 1]["label"]  # the printed page


@needs_tesseract
def test_scanned_pages_are_marked_and_answered_with_their_printed_page(scanned_index):
    from ssc_search.answer.answerer import Answerer

    index, report = scanned_index
    loaded = load(index)
    scan = next(d for d in loaded.documents if d.doc_id == "scan-res-78-167")
    assert scan.scanned_pages == [1, 2] and scan.ocr_pages == [1, 2] and scan.ocr_confidence > 60
    searcher = Searcher(loaded)
    hit = searcher.search("digital divides science technology innovation", k=1).results[0]
    assert hit.doc_id == "scan-res-78-167" and hit.ocr is not None
    answer = Answerer(searcher, loaded.catalogue()).ask("Which areas of COVID-19 recovery support does the "
                                                        "resolution single out?")
    assert answer.citations and answer.citations[0].page_label == "4"  # printed "4/6" on the original
    ley = Answerer(searcher, loaded.catalogue()).ask("¿Qué atribuciones tiene la AMEXCID según la ley?",
                                                    doc="scan-lcid")
    assert ley.citations and ley.citations[0].page_label == "3"  # artículo 10, on the law's page 3
    assert report.parsed == 2


@needs_tesseract
def test_a_second_build_reads_no_page_twice(scans, scanned_index, monkeypatch):
    index, _ = scanned_index

    def no_ocr(*args, **kwargs):
        raise AssertionError("a page was read by OCR again")

    monkeypatch.setattr(ocr, "read_pages_limited", no_ocr)
    report = build(scans, index)  # every file is read again (from the page cache), the OCR from its cache
    assert report.documents == 2 and report.cached == 2 and not report.skipped


@needs_tesseract
def test_a_page_that_fails_is_named_and_the_rest_kept(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    image_pdf(CORPUS / "ga-res-80-156-south-south-cooperation-2025.pdf", [4, 5], corpus / "scan.pdf", dpi=150)
    real = ocr.read_image
    calls = []

    def flaky(image, language, timeout=ocr.PAGE_TIMEOUT):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("Tesseract process timeout")
        return real(image, language, timeout)

    monkeypatch.setattr(ocr, "read_image", flaky)
    monkeypatch.setattr(ocr, "read_pages_limited", ocr.read_pages)  # in this process, where the patch holds
    report = build(corpus, tmp_path / "index")
    doc = report.ingestion[0]
    assert len(doc["ocr_pages"]) == 1 and len(doc["ocr_failures"]) == 1
    assert "took longer" in doc["ocr_failures"][0] and doc["passages"] > 0
    assert "1 of 2 scanned pages" in ocr.scan_note(doc)


def test_without_tesseract_the_scan_is_named_and_the_build_goes_on(tmp_path, monkeypatch, capsys):
    from ssc_search.cli import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    image_pdf(CORPUS / "ga-res-80-156-south-south-cooperation-2025.pdf", [0], corpus / "scanned.pdf", dpi=100)
    shutil.copyfile(CORPUS / "ga-res-79-236-south-south-cooperation-2024.pdf", corpus / "text.pdf")
    monkeypatch.setattr(ocr, "available", lambda: False)
    assert main(["index", "--corpus", str(corpus), "--index", str(tmp_path / "index")]) == 0
    err = capsys.readouterr().err
    assert "scanned scanned.pdf: 1 pages have no text layer; install Tesseract" in err
    assert "not searchable scanned" in err


def test_garbage_text_layers_are_read_again():
    assert ocr.needs_ocr("") and ocr.needs_ocr("  \n ")
    assert ocr.needs_ocr("(cid:12)(cid:15)(cid:3) (cid:44)(cid:45)" * 5)
    assert ocr.needs_ocr("\ufffd\ufffd\ufffd text \ufffd\ufffd\ufffd\ufffd")
    assert not ocr.needs_ocr("Recalling its resolution 70/1 of 25 September 2015, 2030 Agenda: 17 Goals, 169 targets.")
    assert ocr.tesseract_language("xx") in ("eng+spa", "eng", "spa")
