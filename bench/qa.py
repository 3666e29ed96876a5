"""Answer accuracy and gold-page retrieval on every question set, recorded in bench/RESULTS.md.

    python bench/qa.py [--corpus corpus]

Builds a fresh index of the corpus in a temporary folder, then runs `evaluate_qa` over the
answer-blind set's train, dev and test splits (tests/data/qa_blind/) and the two older sets. Rates
carry Wilson 95% intervals. The test split is only ever reported, never used to decide anything.
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

from ssc_search.answer.answerer import Answerer  # noqa: E402
from ssc_search.evaluation.qa import evaluate_qa  # noqa: E402
from ssc_search.index.build import build, load  # noqa: E402
from ssc_search.index.search import Searcher  # noqa: E402

DATA = ROOT / "tests" / "data"
SETS = [("blind test", DATA / "qa_blind" / "test.jsonl"), ("blind dev", DATA / "qa_blind" / "dev.jsonl"),
        ("blind train", DATA / "qa_blind" / "train.jsonl"), ("qa_dev (old)", DATA / "qa_dev.jsonl"),
        ("qa_holdout (old)", DATA / "qa_holdout.jsonl")]


def ci(r: dict) -> str:
    return f"{r['rate']:.2f} [{r['low']:.2f}–{r['high']:.2f}] (n={r['n']})"


def retrieval(rows: list[dict], key: str) -> str:
    ranks = [r["gold_rank"] for r in rows if r["answerable"] and key in r["slices"]]
    if not ranks:
        return "–"
    return " / ".join(f"{sum(1 for x in ranks if x is not None and x <= k) / len(ranks):.2f}" for k in (1, 5, 10))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = parser.parse_args()
    reports = {}
    with tempfile.TemporaryDirectory() as tmp:
        build(args.corpus, Path(tmp))
        index = load(Path(tmp))
        answerer = Answerer(Searcher(index), index.catalogue())
        for name, path in SETS:
            reports[name] = evaluate_qa(path, answerer, index.pages())
    rows = []
    for name, r in reports.items():
        ret = r["retrieval"]
        rows.append([name, r["questions"], ci(r["accuracy_ci"]), ci(r["refusal"]), ci(r["abstention"]),
                     ci(r["near_miss_abstention"]) if r["near_miss_abstention"]["n"] else "–",
                     ci(r["precision_of_answers"]), f"{ret['hit@1']['rate']:.2f} / {ret['hit@5']['rate']:.2f} / "
                     f"{ret['hit@10']['rate']:.2f} / {ret['mrr']:.2f}", r["median_answer_chars"],
                     f"{r['median_ms']:.0f}", r["unfaithful_citations"]])
    body = table(["set", "questions", "right", "answerable refused", "unanswerable abstained",
                  "near-miss abstained", "answers given right", "gold page hit@1/5/10, MRR",
                  "median answer chars", "median ms", "quotes off their page"], rows)
    body += ("\n\nRight: the answer holds a key phrase and its first citation is on a gold page; an unanswerable "
             "question is right when it abstains. Intervals are Wilson 95%. Retrieval: where the first passage on a "
             "gold page ranks among the passages the answerer reads.\n")
    for name in ("blind test", "blind dev"):
        r = reports[name]
        slices = [[k, ci(v), retrieval(r["rows"], k)] for k, v in r["by_ci"].items() if k != "all"]
        body += f"\n**{name}, by slice**\n\n" + table(["slice", "right", "gold page hit@1/5/10 (answerable)"],
                                                        slices) + "\n"
    model = answerer.model
    if model.reliability:
        body += ("\n**Reliability of the confidence on the dev split** (threshold "
                 f"{model.threshold}): questions whose confidence falls in each bin, and the share of them "
                 "answered right if answered.\n\n")
        body += table(["confidence", "questions", "answerable", "right if answered"],
                      [[f"{b['from']:.1f}–{b['to']:.1f}", b["questions"], b["answerable"], f"{b['right_if_answered']:.2f}"]
                       for b in model.reliability])
    write_section("qa", "Answers and gold-page retrieval on the question sets", "python bench/qa.py", body)
    print(body)


if __name__ == "__main__":
    main()
