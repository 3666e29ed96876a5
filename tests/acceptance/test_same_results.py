"""A change not meant to alter results keeps them: the answers, citations, ranked passages with their
scores, and highlights of the development questions equal those recorded in
tests/data/reference_results.json (re-recorded by tools/record_reference.py only when a change is
meant to change them)."""
import json

from conftest import ROOT

from ssc_search.answer.answerer import Answerer
from ssc_search.evaluation.reference import differences, reference_results
from ssc_search.index.build import load
from ssc_search.index.search import Searcher

RECORDED = ROOT / "tests" / "data" / "reference_results.json"


def test_answers_rankings_and_scores_are_as_recorded(corpus_index):
    expected = json.loads(RECORDED.read_text(encoding="utf-8"))
    index = load(corpus_index)
    searcher = Searcher(index)
    found = reference_results(searcher, Answerer(searcher, index.catalogue()), list(expected))
    found = json.loads(json.dumps(found))  # as JSON has it: tuples become lists
    changed = differences(expected, found)
    assert not changed, f"{len(changed)} questions changed:\n" + "\n".join(changed[:20])


def test_differences_name_what_changed():
    before = {"q": {"answer": "A", "ranked": [["p1", 1.0]]}}
    assert differences(before, {"q": {"answer": "A", "ranked": [["p1", 1.0]]}}) == []
    assert differences(before, {"q": {"answer": "B", "ranked": [["p1", 1.0]]}}) == ["'q': answer"]
    assert differences(before, {}) == ["'q': answer, ranked"]
