"""Question-answering accuracy on a JSONL question set (see tests/data/qa_dev.jsonl).

A question the documents answer is right when the answer holds one of its key phrases and its
first citation is on a gold page; one they do not answer is right when the answer abstains.
Every citation of every answer is also checked: its quote must stand on the page it cites.
Beside accuracy: the refusal rate of answerable questions, the abstention rate of unanswerable
ones, where the first gold page ranks among the passages read (hit@1/5/10, MRR), and Wilson 95%
intervals for every rate, overall and by type, language and style.
"""
from __future__ import annotations

import json
import re
import math
from collections import defaultdict
from pathlib import Path

from ..analyze import fold

Z95 = 1.96


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


_WORD = re.compile(r"[^\W_]+|[%$€£¥]")  # a sign says what a number is: "92%" is not "paragraph 92"


def _flat(text: str) -> str:
    return " ".join(fold(text).split())


def _words(text: str) -> str:
    return " " + " ".join(_WORD.findall(fold(text))) + " "


def holds_key(item: dict, text: str) -> bool:
    """Whether `text` holds one of the question's key phrases, word for word (case, accents, spacing and
    punctuation ignored: "Japan, Germany, Spain and South Korea" holds "Japan, Germany, Spain, and South
    Korea"; "230" does not hold "23")."""
    words = _words(text)
    return any(_words(k) in words for k in item["key_phrases"])


def judge(item: dict, result: dict) -> bool:
    if not item["answerable"]:
        return result["answer"] is None
    if result["answer"] is None or not result["citations"]:
        return False
    first = result["citations"][0]
    gold = {(d, p) for d, p in item["gold"]}
    return holds_key(item, result["answer"]) and (first["doc_id"], first["page"]) in gold


def gold_rank(item: dict, passages: list[dict]) -> int | None:
    """1-based rank of the first passage on a gold page, None when none of them is."""
    gold = {(d, p) for d, p in item["gold"]}
    return next((i for i, h in enumerate(passages, 1) if (h["doc_id"], h["page"]) in gold), None)


def wilson(successes: int, n: int) -> tuple[float, float]:
    """95% Wilson score interval of a proportion."""
    if not n:
        return 0.0, 0.0
    p = successes / n
    centre = (p + Z95 ** 2 / (2 * n)) / (1 + Z95 ** 2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95 ** 2 / (4 * n * n)) / (1 + Z95 ** 2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def rate(successes: int, n: int) -> dict:
    low, high = wilson(successes, n)
    return {"rate": round(successes / n, 4) if n else 0.0, "n": n, "low": round(low, 4), "high": round(high, 4)}


def page_texts(pages: list[dict]) -> dict[tuple[str, int], str]:
    """(doc_id, PDF page index) -> the page's text, flattened for comparison."""
    return {(p["doc_id"], p["index"]): _flat(p["text"]) for p in pages}


def unfaithful_citations(result: dict, pages: dict[tuple[str, int], str]) -> list[dict]:
    """Citations whose quote is not on the page they cite (`pages` from `page_texts`)."""
    return [c for c in result["citations"] if _flat(c["quote"]) not in pages.get((c["doc_id"], c["pdf_page"]), "")]


def _slices(item: dict) -> list[str]:
    keys = ["all", f"type:{item.get('type', '?')}", f"lang:{item.get('lang', '?')}"]
    if item.get("style"):
        keys.append(f"style:{item['style']}")
    return keys


def evaluate_qa(path: Path | list[dict], answerer, pages: list[dict]) -> dict:
    """Run every question of `path` (a JSONL file, or the loaded questions) through `answerer`."""
    items = load_questions(path) if isinstance(path, (str, Path)) else path
    texts = page_texts(pages)
    rows = []
    for item in items:
        result = answerer.ask(item["question"]).to_dict()
        bad = unfaithful_citations(result, texts)
        rows.append({"id": item.get("id"), "question": item["question"], "correct": judge(item, result),
                     "answerable": item["answerable"], "answer": result["answer"],
                     "cited": [(c["doc_id"], c["page"]) for c in result["citations"]],
                     "gold_rank": gold_rank(item, result["passages"]) if item["answerable"] else None,
                     "unfaithful": len(bad), "ms": result["took_ms"], "slices": _slices(item),
                     "style": item.get("style"), "chars": len(result["answer"] or "")})
    return summarise(rows)


def summarise(rows: list[dict]) -> dict:
    by = defaultdict(lambda: [0, 0])
    for r in rows:
        for key in r["slices"]:
            by[key][0] += r["correct"]
            by[key][1] += 1
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    near = [r for r in unanswerable if r.get("style") == "near-miss"]
    refused = sum(1 for r in answerable if r["answer"] is None)
    ranks = [r["gold_rank"] for r in answerable]
    answered = sorted(r["chars"] for r in rows if r["answer"] is not None)
    correct = sum(r["correct"] for r in rows)
    given = [r for r in answerable if r["answer"] is not None] + [r for r in unanswerable if r["answer"] is not None]
    return {
        "questions": len(rows),
        "accuracy": correct / max(len(rows), 1),
        "accuracy_ci": rate(correct, len(rows)),
        "answerable_accuracy": sum(r["correct"] for r in answerable) / max(len(answerable), 1),
        "abstention_accuracy": sum(r["correct"] for r in unanswerable) / max(len(unanswerable), 1),
        "refusal": rate(refused, len(answerable)),
        "abstention": rate(sum(r["correct"] for r in unanswerable), len(unanswerable)),
        "near_miss_abstention": rate(sum(r["correct"] for r in near), len(near)),
        "precision_of_answers": rate(sum(r["correct"] for r in given), len(given)),
        "false_abstentions": refused,
        "unfaithful_citations": sum(r["unfaithful"] for r in rows),
        "retrieval": {f"hit@{k}": rate(sum(1 for x in ranks if x is not None and x <= k), len(ranks))
                      for k in (1, 5, 10)} | {
            "mrr": round(sum(1 / x for x in ranks if x) / max(len(ranks), 1), 4)},
        "by": {k: round(v[0] / v[1], 4) for k, v in sorted(by.items())},
        "by_ci": {k: rate(*v) for k, v in sorted(by.items())},
        "median_ms": sorted(r["ms"] for r in rows)[len(rows) // 2] if rows else 0.0,
        "median_answer_chars": answered[len(answered) // 2] if answered else 0,
        "rows": rows,
    }
