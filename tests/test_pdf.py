import pytest
from conftest import body_lines, make_blank_pdf, make_pdf

from ssc_search.ingest.pdf import EXTRACTORS, PdfError, extract


@pytest.fixture
def good_pdf(tmp_path):
    return make_pdf(tmp_path / "good.pdf", [["Page one text here."], ["Page two text here."]])


@pytest.mark.parametrize("extractor", sorted(EXTRACTORS))
def test_extract_pages_and_labels(good_pdf, extractor):
    raw = extract(good_pdf, extractor)
    assert [" ".join(p.split()) for p in raw.pages] == ["Page one text here.", "Page two text here."]
    assert raw.labels in (["1", "2"], ["", ""], [])


@pytest.mark.parametrize("extractor", sorted(EXTRACTORS))
@pytest.mark.parametrize("content,reason", [
    (b"", "empty file (0 bytes)"),
    (b"hello, not a pdf at all", "not a PDF (no %PDF- header)"),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage garbage", "corrupt or unreadable PDF"),
])
def test_bad_files_are_named_with_a_reason(tmp_path, extractor, content, reason):
    path = tmp_path / "bad file.pdf"
    path.write_bytes(content)
    with pytest.raises(PdfError) as info:
        extract(path, extractor)
    assert str(info.value).startswith("bad file.pdf: " + reason)


@pytest.mark.parametrize("extractor", sorted(EXTRACTORS))
def test_truncated_pdf(tmp_path, good_pdf, extractor):
    data = good_pdf.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    try:
        raw = extract(path, extractor)
    except PdfError as exc:
        assert exc.path.name == "truncated.pdf"
    else:  # a reader that recovers must still return pages
        assert raw.pages


@pytest.mark.parametrize("extractor", sorted(EXTRACTORS))
def test_encrypted_pdf(tmp_path, extractor):
    path = make_pdf(tmp_path / "locked.pdf", [body_lines(0, 3)], password="secret")
    with pytest.raises(PdfError, match=r"^locked.pdf: encrypted \(needs a password\)$"):
        extract(path, extractor)


@pytest.mark.parametrize("extractor", sorted(EXTRACTORS))
def test_textless_pdf_extracts_empty_pages(tmp_path, extractor):
    raw = extract(make_blank_pdf(tmp_path / "scan.pdf"), extractor)
    assert len(raw.pages) == 2 and not any(p.strip() for p in raw.pages)


def test_unknown_extractor(good_pdf):
    with pytest.raises(ValueError, match="choose one of \\['pdfium', 'pypdf'\\]"):
        extract(good_pdf, "ocr")
