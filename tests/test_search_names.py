"""A short form the library never prints, or prints rarely, finds the passages that print its other
names: the strong-match count and "not found anywhere" read the other names as the ranking does."""
from conftest import make_pdf

from ssc_search.index.build import build, load
from ssc_search.index.search import Searcher


def library(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "bridges.pdf", [[f"The Mesoamerican Integration Project links grids, line {i}." for i in range(8)],
                                      [f"Rural schools received tablets and training, line {i}." for i in range(8)]])
    make_pdf(corpus / "roads.pdf", [[f"Road maintenance budgets grew in the southern states, line {i}." for i in range(8)]])
    (corpus / "aliases.toml").write_text('[[alias]]\nterms = ["MIPX", "Mesoamerican Integration Project"]\n',
                                         encoding="utf-8")
    build(corpus, tmp_path / "index")
    return Searcher(load(tmp_path / "index"))


def test_a_short_form_matches_the_passages_printing_its_other_name(tmp_path):
    searcher = library(tmp_path)
    result = searcher.search("MIPX")
    assert result.total >= 1 and {h.doc_id for h in result.results} == {"bridges"}
    assert all("Mesoamerican Integration Project" in h.text for h in result.results)
    assert result.total == searcher.search("Mesoamerican Integration Project").total
    assert searcher.analyse("MIPX").missing == ()  # not "found nowhere": the library calls it otherwise
    assert searcher.analyse("Zyxwvut schools").missing == ("Zyxwvut",)  # an unknown word still is
    # a Spanish word of an English library is found through its translation ("escuelas" as "schools")
    assert searcher.analyse("¿Qué recibieron las escuelas rurales de Zyxwvut?").missing == ("Zyxwvut",)
    assert not searcher.search("MIPX tablets").results[0].text.startswith("Road")
