"""The long-running view of an index: a new generation is picked up on the next request."""
from conftest import make_pdf

from ssc_search.index.build import build
from ssc_search.library.service import Library


def test_library_reloads_after_a_rebuild(small_corpus, tmp_path):
    index = tmp_path / "index"
    build(small_corpus, index)
    library = Library(index)
    first = library.current()
    assert library.current() is first  # no reload while the pointer stays
    assert not first.search("Tenochtitlan").results
    make_pdf(small_corpus / "delta.pdf", [["The Tenochtitlan water programme links partner cities."] * 5])
    report = build(small_corpus, index)
    second = library.current()
    assert second.generation == report.generation != first.generation
    assert second.search("Tenochtitlan").results[0].doc_id == "delta"
    assert first.search("irrigation").results  # a request holding the old snapshot still completes


def test_page_lookup_suggest_and_facets(small_corpus, tmp_path):
    index = tmp_path / "index"
    build(small_corpus, index)
    snap = Library(index).current()
    assert snap.page("alpha", "2")["index"] == 2 and snap.page("alpha", "99") is None
    result = snap.search("irrigation experts", k=3)
    facets = snap.facets(result)
    assert {d for d, _ in facets["doc"]} <= {"alpha", "beta", "gamma"}
    assert facets["language"] == [("en", result.total)] == [("en", sum(c for _, c in facets["doc"]))]
    assert any(s["name"] == "Mexico" for s in snap.suggest("mex"))
    assert snap.did_you_mean("irigation experts") == "irrigation experts"


def test_did_you_mean_corrects_a_bounded_number_of_words(corpus_index):
    from ssc_search.library.service import MAX_CORRECTIONS, Library

    snap = Library(corpus_index).current()
    assert snap.did_you_mean("Yucatan Agrement") == "Yucatan agreement"
    typos = ["agrement", "cooperaton", "developmnt", "programe", "countres", "inititive", "natinal", "secretry"]
    fixed = snap.did_you_mean(" ".join(typos)).split()
    assert sum(a != b for a, b in zip(typos, fixed)) == MAX_CORRECTIONS < len(typos)


def test_a_refusal_lists_its_closest_passages_on_the_page(tmp_path):
    from webapp import create_app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "notes.pdf", [["Water experts from both countries discussed irrigation at length."],
                                    ["Geologists trained officials to monitor the volcano near the city."],
                                    ["The orchestra toured the capital cities of the region in spring."]])
    build(corpus, tmp_path / "index")
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index"), "CORPUS_DIR": str(corpus)}).test_client()
    question = "irrigation volcano orchestra"  # each passage holds a third of it: no strong match
    answer = client.get("/api/ask", query_string={"q": question}).get_json()
    assert answer["answer"] is None and answer["passages"] and "closest passages are listed" in answer["message"]
    html = client.get("/", query_string={"q": question}).get_data(as_text=True)
    assert "the closest ones are listed" in html and html.count('<li class="hit">') == len(answer["passages"])
    assert "Was it right not to answer?" in html  # the verdict asked of a refusal


def test_did_you_mean_keeps_a_words_first_letter(small_corpus, tmp_path):
    """A misspelling keeps its first letter: a word the library does not use is not offered as a word that
    begins otherwise ("entró" is no typo of "dentro"), and the page does not close the question twice."""
    from webapp import create_app

    index = tmp_path / "index"
    build(small_corpus, index)
    snap = Library(index).current()
    assert snap.did_you_mean("irigation experts") == "irrigation experts"
    assert snap.did_you_mean("rrigation experts") is None  # the closest word starts otherwise
    client = create_app({"TESTING": True, "INDEX_DIR": str(index), "CORPUS_DIR": str(small_corpus)}).test_client()
    html = client.get("/", query_string={"q": "Who are the irigation experts?"}).get_data(as_text=True)
    assert "irrigation experts?</a></p>" in html, html[html.find("dym"):][:300]


def test_an_answer_on_the_page_says_how_sure_it_is(small_corpus, tmp_path):
    from webapp import create_app

    index = tmp_path / "index"
    build(small_corpus, index)
    client = create_app({"TESTING": True, "INDEX_DIR": str(index), "CORPUS_DIR": str(small_corpus)}).test_client()
    answer = client.get("/api/ask", query_string={"q": "Which experts exchanged experiences on irrigation?"}).get_json()
    html = client.get("/", query_string={"q": "Which experts exchanged experiences on irrigation?"}).get_data(as_text=True)
    assert answer["answer"] and f"Confidence {round(answer['confidence'] * 100)}%" in html
