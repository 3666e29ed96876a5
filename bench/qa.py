"""Answer accuracy on the development question set, recorded in bench/RESULTS.md.

    python bench/qa.py [--questions tests/data/qa_dev.jsonl] [--corpus corpus]

Builds a fresh index of the corpus in a temporary folder, then runs `evaluate_qa`.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from results import table, write_section  # noqa: E402

from ssc_search.answer import MIN_COVERAGE, MIN_PASSAGE_COVERAGE, Answerer  # noqa: E402
from ssc_search.index import build, load  # noqa: E402
from ssc_search.qa_eval import evaluate_qa  # noqa: E402
from ssc_search.search import Searcher  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=ROOT / "tests" / "data" / "qa_dev.jsonl")
    parser.add_argument("--holdout", type=Path, default=ROOT / "tests" / "data" / "qa_holdout.jsonl")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build(args.corpus, Path(tmp))
        index = load(Path(tmp))
        answerer = Answerer(Searcher(index), index.catalogue())
        report = evaluate_qa(args.questions, answerer, index.pages())
        holdout = evaluate_qa(args.holdout, answerer, index.pages()) if args.holdout.exists() else None
    rows = [["all", f"{report['accuracy']:.3f}"]]
    rows += [[k, f"{v:.3f}"] for k, v in report["by"].items() if k != "all"]
    body = table(["slice", "accuracy"], rows)
    body += (f"\n\n{report['questions']} questions; answerable right {report['answerable_accuracy']:.3f}, "
             f"unanswerable abstained {report['abstention_accuracy']:.3f}, {report['false_abstentions']} false "
             f"abstentions, {report['unfaithful_citations']} citations whose quote is not on the cited page; "
             f"median {report['median_ms']:.1f} ms per question.\n\nA question is right when the answer holds a "
             "key phrase and its first citation is on a gold page (an unanswerable one: when it abstains). "
             f"Abstention thresholds: sentence coverage {MIN_COVERAGE}, passage coverage {MIN_PASSAGE_COVERAGE} "
             "(rarity-weighted share of the question's words; calibrated on this set: 0.50 answered one "
             "unanswerable question, 0.55 none).\n\nWrong: "
             + "; ".join(f"{r['id']} {r['question']}" for r in report["rows"] if not r["correct"]))
    if holdout:
        body += (f"\n\nSecond set, `{args.holdout.relative_to(ROOT)}` ({holdout['questions']} questions written after "
                 "the thresholds were set, used only to check that changes generalise): accuracy "
                 f"{holdout['accuracy']:.3f} (English {holdout['by'].get('lang:en', 0):.2f}, Spanish "
                 f"{holdout['by'].get('lang:es', 0):.2f}), unanswerable abstained {holdout['abstention_accuracy']:.3f}, "
                 f"{holdout['unfaithful_citations']} unfaithful citations.")
    write_section("qa", "Answers on the development question set", "python bench/qa.py", body)
    print(body)


if __name__ == "__main__":
    main()
