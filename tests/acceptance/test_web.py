"""Every route of the Flask app through the test client, error cases included."""
import json
import re
import shutil
from html import unescape

import pytest
from conftest import CORPUS, serve_in_background

from ssc_search.index.build import build
from webapp import create_app

PUB = "towards-a-global-partnership-2014"


@pytest.fixture(scope="module")
def app(corpus_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(corpus_index), "CORPUS_DIR": str(CORPUS)})


@pytest.fixture
def client(app):
    return app.test_client()


def test_home_lists_examples_and_documents(client):
    r = client.get("/")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and 'role="search"' in html and "Towards a Global Partnership" in html
    assert r.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert r.headers["X-Content-Type-Options"] == "nosniff" and r.headers["X-Frame-Options"] == "DENY"
    # the examples are in the page's language, and each is answered
    spanish = client.get("/?lang=es").get_data(as_text=True)
    for page, language in ((html, "en"), (spanish, "es")):
        examples = re.findall(r'<li><a href="[^"]*" lang="(\w+)">([^<]+)</a></li>', page)
        assert len(examples) >= 3 and {lang for lang, _ in examples} == {language}
        for _lang, question in examples:
            answered = client.get("/api/ask", query_string={"q": unescape(question)}).get_json()
            assert answered["answer"] is not None, question


def test_results_page_answers_with_linked_citations(client):
    html = client.get("/", query_string={"q": "What is the Yucatán Agreement?"}).get_data(as_text=True)
    assert "Infrastructure Fund" in html
    assert f'href="/documents/{PUB}/pages/25?passage=' in html
    assert f'/documents/{PUB}/view?page=25' in html  # the PDF itself, at the cited page
    assert "<mark>" in html and "Narrow" in html


def test_results_page_facets_narrow(client):
    html = client.get("/", query_string={"q": "triangular cooperation", "language": "es"}).get_data(as_text=True)
    assert 'aria-current="true"' in html
    assert f"/documents/{PUB}/pages/" not in html  # the English publication is filtered out


def test_results_abstain_message(client):
    html = client.get("/", query_string={"q": "How many nuclear reactors does Mexico operate?"}).get_data(as_text=True)
    assert "The documents do not answer this question." in html and "&#39;reactors&#39;" in html


def test_did_you_mean(client):
    html = client.get("/", query_string={"q": "Yucatan Agrement"}).get_data(as_text=True)
    assert "Did you mean" in html and "agreement" in html


@pytest.mark.parametrize("payload", ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'])
def test_user_text_is_escaped(client, payload):
    html = client.get("/", query_string={"q": payload}).get_data(as_text=True)
    assert payload not in html
    assert "&lt;" in html or "&#34;" in html or "&quot;" in html


def test_citation_link_highlights_the_quoted_sentence(client):
    import re

    html = client.get("/", query_string={"q": "When was the AMEXCID set up?"}).get_data(as_text=True)
    link = re.search(r'href="(/documents/[^"]+hl=\d+-\d+[^"]*)"', html).group(1).replace("&amp;", "&")
    page = client.get(link).get_data(as_text=True)
    cited = re.search(r'<mark id="cited">(.*?)</mark>', page, re.S).group(1)
    assert " ".join(cited.split()).startswith("The AMEXCID was set up in September 2011")
    assert client.get(link.split("hl=")[0] + "hl=999999-9999999").status_code == 200  # out of range: ignored


def test_page_view_highlights_the_passage(client):
    search = client.get("/api/search", query_string={"q": "Yucatan Agreement", "k": 1}).get_json()
    hit = search["results"][0]
    html = client.get(f"/documents/{hit['doc_id']}/pages/{hit['page_label']}",
                      query_string={"passage": hit["passage_id"]}).get_data(as_text=True)
    assert '<mark id="cited">' in html and "Yucatán Agreement" in html


def test_front_matter_page_by_label(client):
    r = client.get("/documents/a-80-39-high-level-committee-ssc-22nd-session-report-2025/pages/ii")
    assert r.status_code == 200 and "p. ii" in r.get_data(as_text=True)


def test_a_page_links_the_pages_either_side(client):
    """A reader goes on reading: each page links the page before and after it, the first and last only one."""
    import re

    doc = "ga-res-80-156-south-south-cooperation-2025"
    first = client.get(f"/documents/{doc}/pages/1").get_data(as_text=True)
    assert 'rel="next"' in first and 'rel="prev"' not in first
    following = re.search(r'<a rel="next" href="([^"]+)"', first).group(1)
    second = client.get(following).get_data(as_text=True)
    assert 'rel="prev"' in second and f'/documents/{doc}/pages/1"' in second and following.endswith("/pages/2")


@pytest.mark.parametrize("url,status", [
    (f"/documents/{PUB}/pages/999", 404),
    ("/documents/nope/pages/1", 404),
    ("/documents/nope.pdf", 404),
    ("/documents/..%2F..%2Fetc%2Fpasswd.pdf", 404),
    ("/entities/nope", 404),
])
def test_pages_not_found(client, url, status):
    assert client.get(url).status_code == status


def test_pdf_served_by_id(client):
    r = client.get(f"/documents/{PUB}.pdf")
    try:
        assert r.status_code == 200 and r.mimetype == "application/pdf" and r.data.startswith(b"%PDF")
    finally:
        r.close()


def test_documents_and_entity_pages(client):
    assert "Not searchable" in client.get("/documents").get_data(as_text=True)
    entities = client.get("/api/entities", query_string={"kind": "agency"}).get_json()["entities"]
    unodc = next(e for e in entities if "UNODC" in e["aliases"])
    html = client.get(f"/entities/{unodc['id']}").get_data(as_text=True)
    assert "United Nations Office on Drugs and Crime" in html and "Named together with" in html


def test_api_search_shape(client):
    data = client.get("/api/search", query_string={"q": "Yucatan Agreement", "k": 3, "doc": PUB}).get_json()
    assert set(data) == {"query", "took_ms", "total", "weaker", "results", "facets"}
    assert data["results"][0]["page"] == 25 and len(data["results"]) <= 3
    assert sum(f["count"] for f in data["facets"]["doc"]) == data["total"] == data["facets"]["doc"][0]["count"]


def test_facet_counts_add_up_to_the_result_count_and_their_links_show_them(client):
    import re

    query = {"q": "triangular cooperation"}
    data = client.get("/api/search", query_string=query).get_json()
    for field in ("doc", "year", "language"):
        assert sum(f["count"] for f in data["facets"][field]) == data["total"], field
    weaker = client.get("/api/search", query_string={**query, "weaker": "true"}).get_json()
    assert weaker["total"] == data["total"] + data["weaker"] > data["total"]
    html = client.get("/", query_string=query).get_data(as_text=True)
    assert f"{data['total']} matching" in html
    year = data["facets"]["year"][0]
    narrowed = client.get("/api/search", query_string={**query, "year": year["value"]}).get_json()
    assert narrowed["total"] == year["count"]  # clicking "2025 (n)" shows n passages
    page = client.get("/", query_string={**query, "year": year["value"], "language": "en"}).get_data(as_text=True)
    chips = re.findall(r'<a class="chip" href="([^"]+)"', page)
    assert len(chips) == 2 and 'class="clear"' in page
    assert 'type="hidden" name="year" value="%s"' % year["value"] in page  # a new question keeps the filter


def test_api_ask_get_and_post(client):
    got = client.get("/api/ask", query_string={"q": "When was the AMEXCID set up?"}).get_json()
    posted = client.post("/api/ask", json={"question": "When was the AMEXCID set up?"}).get_json()
    assert got["answer"] == posted["answer"] and "2011" in got["answer"]
    assert got["citations"][0]["n"] == 1 and {"doc_id", "title", "page", "quote"} <= set(got["citations"][0])
    assert all({"id", "name", "kind"} <= set(e) for e in got["entities"])


@pytest.mark.parametrize("method,url,kwargs,status,message", [
    ("get", "/api/search", {}, 400, "'q' is required"),
    ("get", "/api/search", {"query_string": {"q": "x" * 1001}}, 400, "at most 1000"),
    ("get", "/api/search", {"query_string": {"q": "water", "k": "101"}}, 400, "from 1 to 100"),
    ("get", "/api/search", {"query_string": {"q": "water", "k": "ten"}}, 400, "whole number"),
    ("get", "/api/search", {"query_string": {"q": "water", "language": "fr"}}, 400, "one of en, es"),
    ("get", "/api/search", {"query_string": {"q": "water", "year": "20x4"}}, 400, "whole number"),
    ("get", "/api/search", {"query_string": {"q": "water", "doc": "nope"}}, 404, "unknown document"),
    ("get", "/api/search", {"query_string": {"q": "water", "entity": "nope"}}, 404, "unknown entity"),
    ("get", "/api/ask", {}, 400, "'q' is required"),
    ("post", "/api/ask", {"data": "not json", "content_type": "application/json"}, 400, "JSON object"),
    ("post", "/api/ask", {"json": {"question": ""}}, 400, "'question' is required"),
    ("post", "/api/ask", {"json": {"question": 42}}, 400, "must be a string"),
    ("get", "/api/entities", {"query_string": {"kind": "planet"}}, 400, "one of agency"),
    ("get", "/api/entities/nope", {}, 404, "no entity"),
    ("delete", "/api/search", {}, 405, ""),
    ("get", "/api/nowhere", {}, 404, ""),
])
def test_api_errors_are_json(client, method, url, kwargs, status, message):
    r = getattr(client, method)(url, **kwargs)
    assert r.status_code == status
    body = r.get_json()
    assert set(body) == {"error"} and message in body["error"]["message"]
    assert "Traceback" not in r.get_data(as_text=True)


def test_health_documents_entities_suggest(client):
    assert client.get("/api/health").get_json()["status"] == "ok"
    docs = client.get("/api/documents").get_json()
    assert len(docs["documents"]) >= 13 and docs["skipped"] == []
    assert any(s["name"] == "UNICEF" for s in client.get("/api/suggest?q=unic").get_json()["suggestions"])
    assert client.get("/api/suggest?q=u").get_json() == {"suggestions": []}


def test_openapi_matches_the_routes(app, client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = rule.rule.replace("<", "{").replace(">", "}")
            routes.setdefault(path, set()).update(m.lower() for m in rule.methods - {"HEAD", "OPTIONS"})
    documented = {path: set(ops) for path, ops in spec["paths"].items()}
    assert documented == routes


def test_no_index_is_a_503(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    r = client.get("/api/search?q=water")
    assert r.status_code == 503 and "ssc-search index" in r.get_json()["error"]["message"]
    assert client.get("/").status_code == 503


def test_pdf_with_script_in_its_text_shows_as_text(tmp_path):
    from conftest import make_pdf

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_pdf(corpus / "evil.pdf", [["<script>alert('pwned')</script> water cooperation agreement text here."] * 3])
    shutil.copyfile(CORPUS / "catalog.toml", corpus / "other.toml")
    build(corpus, tmp_path / "index")
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index"),
                         "CORPUS_DIR": str(corpus)}).test_client()
    html = client.get("/", query_string={"q": "water cooperation"}).get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert json.loads(client.get("/api/search?q=water").data)["results"]


@pytest.mark.slow
def test_random_input_never_gets_a_500(client):
    import random
    import string

    rng = random.Random(7)
    alphabet = string.printable + "áéíóúñ¿¡€😀\u200b\u0000\ufffe\u202e"
    for _ in range(120):
        q = "".join(rng.choice(alphabet) for _ in range(rng.choice([1, 3, 20, 300, 1000])))
        k = rng.choice(["1", "100", "0", "-1", "abc", "", "1e3"])
        for url in ("/api/search", "/api/ask", "/"):
            assert client.get(url, query_string={"q": q, "k": k}).status_code < 500, (url, q, k)
        assert client.post("/api/ask", json={"question": q}).status_code < 500


def test_api_ask_honours_the_filters_of_the_cli(client):
    question = "What does South-South cooperation complement?"
    only = client.get("/api/ask", query_string={"q": question, "doc": "ga-res-80-156-south-south-cooperation-2025"})
    data = only.get_json()
    assert only.status_code == 200
    assert {c["doc_id"] for c in data["citations"]} <= {"ga-res-80-156-south-south-cooperation-2025"}
    assert {h["doc_id"] for h in data["passages"]} == {"ga-res-80-156-south-south-cooperation-2025"}
    bad = client.get("/api/ask", query_string={"q": question, "language": "fr"})
    assert bad.status_code == 400 and "language" in bad.get_json()["error"]["message"]


def test_answer_span_is_bold_on_the_page(client):
    data = client.get("/api/ask", query_string={"q": "How many South-South projects did Mexico provide in 2012?"}).get_json()
    a, b = data["answer_spans"][0]
    assert data["answer"][a:b] == "212" and 0 < data["confidence"] <= 1
    page = client.get("/", query_string={"q": "How many South-South projects did Mexico provide in 2012?"})
    assert "<strong>212</strong>" in page.get_data(as_text=True)


@pytest.mark.parametrize("method,url,kwargs,status", [
    ("post", "/api/ask", {"data": "[" * 5000 + "]" * 5000, "content_type": "application/json"}, 400),
    ("get", f"/documents/{PUB}/pages/" + "9" * 4400, {}, 404),
    ("get", f"/documents/{PUB}/pages/25?hl=1-" + "9" * 4400, {}, 200),
])
def test_inputs_that_once_gave_a_500(client, method, url, kwargs, status):
    r = getattr(client, method)(url, **kwargs)
    assert r.status_code == status


@pytest.mark.parametrize("token", ["short", "            ", " padded-token-value "])
def test_weak_admin_tokens_are_refused_at_start(corpus_index, token):
    with pytest.raises(ValueError, match="at least 12 characters"):
        create_app({"TESTING": True, "INDEX_DIR": str(corpus_index), "ADMIN_TOKEN": token})


@pytest.mark.slow
def test_idle_connections_do_not_lock_out_the_server(corpus_index):
    """Waitress's default of 100 connections let 105 idle sockets stop the server for everyone."""
    import socket
    import time
    import urllib.request

    port, server = serve_in_background(["--index", str(corpus_index)])
    idle = []
    try:
        url = f"http://127.0.0.1:{port}/api/health"
        for _ in range(150):
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        time.sleep(0.5)
        assert urllib.request.urlopen(url, timeout=10).status == 200
    finally:
        for s in idle:
            s.close()
        server.terminate()
        server.wait(10)


def test_a_bug_is_a_logged_500_with_a_request_id_not_a_400(corpus_index, monkeypatch, caplog):
    from ssc_search.index.search import Searcher

    def broken(self, *args, **kwargs):
        raise ValueError("an internal invariant failed")  # a bug, not the user's mistake

    monkeypatch.setattr(Searcher, "search", broken)
    client = create_app({"TESTING": False, "INDEX_DIR": str(corpus_index), "CORPUS_DIR": str(CORPUS)}).test_client()
    r = client.get("/api/search?q=cooperation")
    assert r.status_code == 500
    request_id = r.headers["X-Request-Id"]
    message = r.get_json()["error"]["message"]
    assert request_id in message and "invariant" not in message and "Traceback" not in message
    assert any(request_id in rec.getMessage() and rec.exc_info for rec in caplog.records)
    assert client.get("/api/search?q=" + "x" * 1001).status_code == 400  # a user's mistake stays a 400


def test_a_results_page_analyses_and_ranks_its_question_once(corpus_index, monkeypatch):
    from ssc_search.analyze import Analyzer
    from ssc_search.index.bm25 import TermMatrix
    from ssc_search.index.query import QueryAnalyser

    analyses, stray, inside = [], [], []
    analyse, query_terms = QueryAnalyser._analyse, Analyzer.query_terms

    def counted(self, text):
        analyses.append(text)
        inside.append(True)
        try:
            return analyse(self, text)
        finally:
            inside.pop()

    def watched(self, text, *args, **kwargs):
        if not inside:
            stray.append(text)  # a question word analysed outside the query's one analysis
        return query_terms(self, text, *args, **kwargs)

    monkeypatch.setattr(QueryAnalyser, "_analyse", counted)
    monkeypatch.setattr(Analyzer, "query_terms", watched)
    client = create_app({"TESTING": True, "INDEX_DIR": str(corpus_index), "CORPUS_DIR": str(CORPUS)}).test_client()
    client.get("/api/health")
    calls = []
    original = TermMatrix.scores
    monkeypatch.setattr(TermMatrix, "scores", lambda self, terms: calls.append(terms) or original(self, terms))
    question = "Which regions does Mexico prioritise in its cooperaton?"  # a typo: did-you-mean reads it too
    r = client.get("/", query_string={"q": question})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "answer" in html and "cooperation" in html
    assert analyses == [question]  # the list, the answer, highlights and did-you-mean read one analysis
    assert stray == []
    assert len(calls) == 1  # ... and share one ranking
