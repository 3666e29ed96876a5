"""Record what the library answers and ranks for the development questions, in
tests/data/reference_results.json: the results a change that is not meant to alter them must keep
(tests/acceptance/test_same_results.py). Run it, and say so in the commit, only when a change is
meant to change answers or rankings.

    python tools/record_reference.py
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ssc_search.answer.answerer import Answerer  # noqa: E402
from ssc_search.evaluation.reference import reference_results  # noqa: E402
from ssc_search.index.build import build, load  # noqa: E402
from ssc_search.index.search import Searcher  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "qa_dev.jsonl"
TARGET = ROOT / "tests" / "data" / "reference_results.json"


def questions() -> list[str]:
    """The development questions, and some as users also type them: in capitals, with spaces around."""
    asked = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return asked + [q.upper() for q in asked[:25]] + [f"  {q}  " for q in asked[25:30]]


def main() -> None:
    argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split())).parse_args()  # --help: what it does
    with tempfile.TemporaryDirectory() as tmp:
        build(ROOT / "corpus", Path(tmp))
        index = load(Path(tmp))
        searcher = Searcher(index)
        results = reference_results(searcher, Answerer(searcher, index.catalogue()), questions())
    TARGET.write_text(json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(results)} questions recorded in {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
