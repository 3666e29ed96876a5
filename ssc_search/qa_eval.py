"""Question-answering accuracy on a JSONL question set (see tests/data/qa_dev.jsonl).

A question the documents answer is right when the answer holds one of its key phrases and its
first citation is on a gold page; one they do not answer is right when the answer abstains.
Every citation of every answer is also checked: its quote must stand on the page it cites.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from .analyze import fold
from .answer import Answerer


def load_questions(path: Path) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            item = json.loads(line)
            missing = {"question", "answerable", "gold", "key_phrases"} - set(item)
            if missing:
                raise ValueError(f"{path}:{n}: missing {', '.join(sorted(missing))}")
            out.append(item)
    return out


def _flat(text: str) -> str:
    return " ".join(fold(text).split())


def judge(item: dict, result: dict) -> bool:
    if not item["answerable"]:
        return result["answer"] is None
    if result["answer"] is None or not result["citations"]:
        return False
    text = _flat(result["answer"])
    first = result["citations"][0]
    gold = {(d, p) for d, p in item["gold"]}
    return any(_flat(k) in text for k in item["key_phrases"]) and (first["doc_id"], first["page"]) in gold


def page_texts(pages: list[dict]) -> dict[tuple[str, int], str]:
    """(doc_id, PDF page index) -> the page's text, flattened for comparison."""
    return {(p["doc_id"], p["index"]): _flat(p["text"]) for p in pages}


def unfaithful_citations(result: dict, pages: dict[tuple[str, int], str]) -> list[dict]:
    """Citations whose quote is not on the page they cite (`pages` from `page_texts`)."""
    return [c for c in result["citations"] if _flat(c["quote"]) not in pages.get((c["doc_id"], c["pdf_page"]), "")]


def evaluate_qa(path: Path, answerer: Answerer, pages: list[dict]) -> dict:
    texts = page_texts(pages)
    rows, by = [], defaultdict(lambda: [0, 0])
    unfaithful = 0
    for item in load_questions(path):
        result = answerer.ask(item["question"]).to_dict()
        ok = judge(item, result)
        bad = unfaithful_citations(result, texts)
        unfaithful += len(bad)
        for key in (f"type:{item.get('type', '?')}", f"lang:{item.get('lang', '?')}", "all"):
            by[key][0] += ok
            by[key][1] += 1
        rows.append({"id": item.get("id"), "question": item["question"], "correct": ok,
                     "answerable": item["answerable"], "answer": result["answer"],
                     "cited": [(c["doc_id"], c["page"]) for c in result["citations"]],
                     "unfaithful": len(bad), "ms": result["took_ms"]})
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    return {
        "questions": len(rows),
        "accuracy": by["all"][0] / max(by["all"][1], 1),
        "answerable_accuracy": sum(r["correct"] for r in answerable) / max(len(answerable), 1),
        "abstention_accuracy": sum(r["correct"] for r in unanswerable) / max(len(unanswerable), 1),
        "false_abstentions": sum(1 for r in answerable if r["answer"] is None),
        "unfaithful_citations": unfaithful,
        "by": {k: round(v[0] / v[1], 4) for k, v in sorted(by.items())},
        "median_ms": sorted(r["ms"] for r in rows)[len(rows) // 2] if rows else 0.0,
        "rows": rows,
    }
