import shutil

import pytest
from conftest import make_blank_pdf, make_pdf

from ssc_search.ingest.corpus import ingest


def test_clean_passages_from_generated_pdfs(small_corpus):
    corpus = ingest(small_corpus)
    assert [d.doc_id for d in corpus.documents] == ["alpha", "beta", "gamma"]
    assert corpus.skipped == []
    for p in corpus.passages:
        assert "Report" not in p.text and "Chapter footer" not in p.text
    assert {p.page for p in corpus.passages if p.doc_id == "beta"} == {1, 2, 3, 4}
    doc = corpus.documents[0]
    assert doc.pages == 4 and doc.headers_removed == 12 and doc.language == "en"


def test_bad_pdfs_reported_by_name_and_the_rest_indexed(small_corpus):
    (small_corpus / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (small_corpus / "empty.pdf").write_bytes(b"")
    make_pdf(small_corpus / "locked.pdf", [["secret text"]], password="pw")
    make_blank_pdf(small_corpus / "scanned.pdf")
    corpus = ingest(small_corpus)
    skipped = {s.file: s.reason for s in corpus.skipped}
    assert set(skipped) == {"broken.pdf", "empty.pdf", "locked.pdf"}
    assert skipped["locked.pdf"] == "encrypted (needs a password)"
    assert skipped["empty.pdf"] == "empty file (0 bytes)"
    scanned = next(d for d in corpus.documents if d.doc_id == "scanned")
    assert not scanned.searchable and scanned.pages_without_text == [1, 2]
    assert {d.doc_id for d in corpus.documents} == {"alpha", "beta", "gamma", "scanned"}


def test_page_cache_parses_only_new_files(small_corpus, tmp_path):
    cache = tmp_path / "cache"
    first = ingest(small_corpus, cache)
    assert (first.parsed, first.cached) == (3, 0)
    second = ingest(small_corpus, cache)
    assert (second.parsed, second.cached) == (0, 3)
    assert [p.id for p in second.passages] == [p.id for p in first.passages]
    make_pdf(small_corpus / "delta.pdf", [["A new document about water cooperation."]])
    third = ingest(small_corpus, cache)
    assert (third.parsed, third.cached) == (1, 3)


def test_same_file_under_two_names_is_one_document(small_corpus):
    shutil.copyfile(small_corpus / "alpha.pdf", small_corpus / "zeta-copy.pdf")
    corpus = ingest(small_corpus)
    assert [d.doc_id for d in corpus.documents] == ["alpha", "beta", "gamma"]
    assert corpus.skipped[0].file == "zeta-copy.pdf" and "alpha.pdf" in corpus.skipped[0].reason


def test_catalog_gives_ids_and_metadata(small_corpus):
    (small_corpus / "catalog.toml").write_text(
        '[[document]]\nid = "the-alpha"\nfile = "alpha.pdf"\ntitle = "Alpha Report"\nyear = 2014\n'
        'language = "en"\nissuer = "UNDP"\nkind = "report"\nsource = "made in a test"\n', encoding="utf-8")
    corpus = ingest(small_corpus)
    alpha = corpus.documents[0]
    assert (alpha.doc_id, alpha.title, alpha.year, alpha.issuer) == ("the-alpha", "Alpha Report", 2014, "UNDP")
    assert all(p.doc_id == "the-alpha" for p in corpus.passages[:3])


def test_ids_fold_accents_rather_than_drop_letters():
    from ssc_search.ingest.catalog import slug

    assert slug("Yucatán Agreement") == "yucatan-agreement"
    assert slug("Pérez-Guerrero Trust Fund") == "perez-guerrero-trust-fund"
    assert slug("Cooperación Sur-Sur 2014") == "cooperacion-sur-sur-2014"
    assert slug("¿?") == "document"


def test_bad_catalog_is_a_clear_error(small_corpus):
    (small_corpus / "catalog.toml").write_text('[[document]]\nfile = "alpha.pdf"\ncolour = "red"\n')
    with pytest.raises(ValueError, match="unknown fields \\['colour'\\]"):
        ingest(small_corpus)


@pytest.mark.parametrize("line,bad", [('year = "2014"', "year"), ('language = "fr"', "language"),
                                      ("title = 3", "title")])
def test_catalog_values_are_checked(small_corpus, line, bad):
    (small_corpus / "catalog.toml").write_text(f'[[document]]\nfile = "alpha.pdf"\n{line}\n')
    with pytest.raises(ValueError, match=f"alpha.pdf\\) has a bad {bad}"):
        ingest(small_corpus)
