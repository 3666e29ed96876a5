"""Paragraphs and articles found per document, beside an independent count of numbered lines, and a
sample of answer citations to check by hand (written to bench/citation_sample.txt).

    python bench/locators.py            # needs an index of the corpus (ssc-search index)

The independent count: every line that starts "N." before the first "plenary meeting" line and
after it (the annex), every line that starts "Artículo N", and every line of a resolution's preamble
that opens with a participle ("Reaffirming", "Noting" ...), whatever the line before.
"""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ssc_search import config  # noqa: E402
from ssc_search.evaluation.qa import load_questions  # noqa: E402
from ssc_search.library.service import Library  # noqa: E402

PARTICIPLE = re.compile(r"(Reaffirming|Recalling|Recognizing|Welcoming|Noting|Taking|Encouraging|Reiterating"
                        r"|Expressing|Looking|Stressing|Underlining|Acknowledging|Emphasizing|Bearing|Mindful"
                        r"|Concerned|Deeply|Convinced|Aware|Determined|Affirming|Highlighting|Underscoring)\b")
SAMPLE = 50
SETS = ["tests/data/qa_blind/train.jsonl", "tests/data/qa_blind/dev.jsonl", "tests/data/qa_dev.jsonl"]


def independent(text: str, kind: str) -> tuple[int, int, int]:
    """(numbered lines, their highest number, participle lines before paragraph 1) by plain scanning."""
    if kind == "law":
        numbers = [int(n) for n in re.findall(r"(?m)^\s*Art[íi]culo\s+(\d+)", text)]
        return len(numbers), max(numbers, default=0), 0
    closing = re.search(r"(?m)^\d+(?:st|nd|rd|th) (?:\(resumed\) )?plenary meeting\s*$", text)
    body = text[: closing.start()] if closing and kind == "resolution" else text
    numbers = [int(n) for n in re.findall(r"(?m)^\s*(\d{1,3})\.(?:\s|$)", body)]
    first = re.search(r"(?m)^\s*1\.(?:\s|$)", body)
    preamble = body[: first.start()] if first else body
    return len(numbers), max(numbers, default=0), len([ln for ln in preamble.split("\n") if PARTICIPLE.match(ln)])


def main() -> None:
    snap = Library(config.index_dir()).current()
    locators = snap.searcher.locators
    print("| document | kind | paragraphs or articles found | highest found | numbered lines (scan) | highest (scan) "
          "| preambular found | participle lines (scan) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for d in snap.index.documents:
        if d.kind not in ("resolution", "report", "law"):
            continue
        text = "\n".join(p["text"] for (doc, _), p in sorted(snap.pages.items()) if doc == d.doc_id)
        found = locators.all(d.doc_id)
        units = [f for f in found if set(f) <= {"article"} or ("paragraph" in f and "subparagraph" not in f
                                                                  and "annex" not in f and "decision" not in f)]
        preamble = sum("preamble" in f and "annex" not in f and "decision" not in f for f in found)
        lines, highest, participles = independent(text, d.kind)
        top = max((int(u.get("paragraph") or u.get("article")) for u in units
                   if (u.get("paragraph") or u.get("article", "")).isdigit()), default=0)
        print(f"| {d.doc_id} | {d.kind} | {len(units)} | {top} | {lines} | {highest} | {preamble} | {participles} |")
    kinds = {d.doc_id: d.kind for d in snap.index.documents}
    questions = [q for f in SETS for q in load_questions(ROOT / f)
                 if q["answerable"] and kinds.get(q["gold"][0][0]) in ("resolution", "report")]
    random.Random(5).shuffle(questions)
    lines, n = [], 0
    for q in questions:
        for c in snap.answerer.ask(q["question"]).citations:
            if n >= SAMPLE or kinds[c.doc_id] not in ("resolution", "report"):
                continue
            n += 1
            page = snap.pages[(c.doc_id, c.pdf_page)]["text"]
            span = snap.quote_span(c.passage_id, c.quote)
            before = page[max(0, span[0] - 160):span[0]].replace("\n", " / ") if span else "(quote not found)"
            lines.append(f"#{n} {c.doc_id} p. {c.page_label}: {c.locator_text or '(no locator)'}\n"
                         f"    ...{before} || {c.quote[:90]}\n")
    (ROOT / "bench" / "citation_sample.txt").write_text("".join(lines), encoding="utf-8")
    print(f"\n{n} citations written to bench/citation_sample.txt for checking by hand")


if __name__ == "__main__":
    main()
