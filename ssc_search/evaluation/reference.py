"""What the library answers and ranks for a fixed list of questions, as plain data, so that a change
meant to leave results alone (a move, a speed-up, a new layout) can be checked to do so: the answer
text, its citations' passages, the ten best passages with their scores (to 1e-6) and their highlights.
`tools/record_reference.py` writes it when a change is meant to change results."""
from __future__ import annotations

from ..answer.answerer import Answerer
from ..index.search import Searcher


def reference_results(searcher: Searcher, answerer: Answerer, questions: list[str]) -> dict[str, dict]:
    out = {}
    for question in questions:
        answer = answerer.ask(question)
        result = searcher.search(question, k=10)
        out[question] = {
            "answer": answer.answer,
            "cited": [c.passage_id for c in answer.citations],
            "ranked": [[h.passage_id, round(h.score, 6)] for h in result.results],
            "highlights": [h.highlights for h in result.results[:3]],
            "total": result.total,
        }
    return out


def differences(expected: dict[str, dict], found: dict[str, dict]) -> list[str]:
    """One line per question whose results differ, naming what differs."""
    lines = []
    for question in sorted(set(expected) | set(found)):
        a, b = expected.get(question), found.get(question)
        if a != b:
            fields = sorted(k for k in set(a or {}) | set(b or {}) if (a or {}).get(k) != (b or {}).get(k))
            lines.append(f"{question!r}: {', '.join(fields)}")
    return lines
