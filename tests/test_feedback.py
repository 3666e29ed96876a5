"""Readers' verdicts: stored beside the index, kept across re-indexing, listed, exported for eval-qa."""
from __future__ import annotations

import json

import pytest
from conftest import CORPUS

from ssc_search.evaluation.qa import load_questions
from ssc_search.library.feedback import FILE_NAME, FeedbackStore
from webapp import create_app

QUESTION = "How many South-South projects did Mexico provide in 2012?"


@pytest.fixture
def client(corpus_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(corpus_index), "CORPUS_DIR": str(CORPUS),
                       "ADMIN_TOKEN": "feedback-test-token-123"}).test_client()


def test_the_form_under_an_answer_stores_a_verdict_and_the_export_makes_a_question(client, corpus_index, tmp_path):
    store = FeedbackStore(corpus_index / FILE_NAME)
    before = len(store.recent(1000))
    page = client.get("/", query_string={"q": QUESTION}).get_data(as_text=True)
    assert 'name="verdict" value="right"' in page and 'name="key" value="212"' in page
    cite = page.split('name="cite" value="')[1].split('"')[0]
    r = client.post("/feedback", data={"question": QUESTION, "verdict": "right", "comment": "exact",
                                       "answer": "…212…", "cite": cite, "key": "212"})
    assert r.status_code == 303 and "thanks=1" in r.headers["Location"]
    assert "your verdict is stored" in client.get(r.headers["Location"]).get_data(as_text=True)
    assert len(store.recent(1000)) == before + 1
    assert "exact" in client.get("/admin").get_data(as_text=True)
    exported = [q for q in store.export() if q["comment"] == "exact"][-1]
    doc_id, page_no = cite.rsplit(":", 1)
    assert exported["gold"] == [[doc_id, int(page_no)]] and exported["key_phrases"] == ["212"]
    assert not exported["needs_gold"]
    out = tmp_path / "feedback.jsonl"
    out.write_text("\n".join(json.dumps(q) for q in store.export()), encoding="utf-8")
    assert load_questions(out)[-1]["question"] == QUESTION  # the format eval-qa reads


def test_api_feedback_checks_what_it_stores(client):
    ok = client.post("/api/feedback", json={"question": QUESTION, "verdict": "wrong", "comment": "year mixed up"})
    assert ok.status_code == 201 and ok.get_json()["id"] > 0
    for body in [{"question": QUESTION, "verdict": "maybe"}, {"question": " ", "verdict": "right"},
                 {"question": QUESTION, "verdict": "right", "citations": [{"doc_id": "x", "page": "2"}]},
                 {"question": QUESTION, "verdict": "right", "key_phrases": ["x" * 301]}, ["not", "an", "object"]]:
        r = client.post("/api/feedback", json=body)
        assert r.status_code == 400 and r.get_json()["error"]["message"], body


def test_verdicts_survive_a_rebuild_and_the_cli_exports_them(small_corpus, tmp_path, capsys):
    from ssc_search.cli import main
    from ssc_search.index.build import build

    index = tmp_path / "index"
    build(small_corpus, index)
    FeedbackStore(index / FILE_NAME).add("Who trains officials?", "partly", "half of it")
    build(small_corpus, index, full=True)
    assert main(["--index", str(index), "feedback", "export"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines == [{"id": "feedback-1", "question": "Who trains officials?", "answerable": True, "gold": [],
                      "key_phrases": [], "lang": None, "style": "user", "source": "feedback",
                      "feedback": "partly", "comment": "half of it", "needs_gold": True}]
