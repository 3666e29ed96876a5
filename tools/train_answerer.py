"""Fit the answer model (ssc_search/data/answer_model.json) on the train split; choose its threshold on dev.

    python tools/train_answerer.py [--corpus corpus] [--C 1.0] [--precision 0.9]

Every answer unit of every train question is a row of `answer_model.FEATURES`; it is a positive when
it holds a key phrase of the question and stands on a gold page. A logistic regression
(scikit-learn) is fitted on them. The confidence model (`CONFIDENCE_FEATURES`, one row per train
question, positive when its best unit answers) is fitted on units scored by unit models fitted
without that question (5-fold cross-fitting), so that it learns how far the unit model is to be
trusted on questions it has not seen. On the dev split, the threshold on the best unit's probability is
the lowest one whose answers given are right at least `--precision` of the time while refusing at
most `--max-refusal` of the answerable questions; when none does, the most accurate one for a mix
of questions of which `--unanswerable-share` are ones the library does not answer (right answers and
right abstentions weighted so). A reliability table (probability bin -> share right) is kept with the
weights. The test split is never read here.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ssc_search.answer.answerer import Answerer  # noqa: E402
from ssc_search.answer.scoring import (  # noqa: E402
    CONFIDENCE_FEATURES,
    FEATURES,
    AnswerModel,
    confidence_features,
)
from ssc_search.evaluation.qa import holds_key, judge, load_questions  # noqa: E402
from ssc_search.index.build import build, load  # noqa: E402
from ssc_search.index.search import Searcher  # noqa: E402

DATA = ROOT / "tests" / "data"
TRAIN = [DATA / "qa_blind" / "train.jsonl", DATA / "qa_dev.jsonl"]
DEV = [DATA / "qa_blind" / "dev.jsonl"]
OUT = ROOT / "ssc_search" / "data" / "answer_model.json"


def questions(answerer: Answerer, items: list[dict]) -> list[dict]:
    """Per question: its units' feature rows, which of them answer, and what the confidence model needs."""
    out = []
    for item in items:
        info, _, units = answerer.candidates(item["question"])
        gold = {(d, p) for d, p in item["gold"]}
        out.append({"units": units, "words": len(info.words), "answerable": item["answerable"],
                    "X": np.array([[u.features[f] for f in FEATURES] for u in units],
                                  dtype=float).reshape(-1, len(FEATURES)),
                    "y": np.array([int(item["answerable"] and (u.hit.doc_id, u.hit.page) in gold
                                       and holds_key(item, u.shown)) for u in units])})
    return out


def fit_units(qs: list[dict], C: float) -> LogisticRegression:
    """The unit model ranks the units of questions the library answers; whether to answer at all is the
    confidence model's to learn, so unanswerable questions' units are left out here."""
    qs = [q for q in qs if q["answerable"] and len(q["X"])]
    X = np.vstack([q["X"] for q in qs])
    y = np.concatenate([q["y"] for q in qs])
    return LogisticRegression(C=C, max_iter=5000).fit(X, y)


def confidence_rows(qs: list[dict], fit: LogisticRegression) -> tuple[np.ndarray, np.ndarray]:
    """Question-level rows: the features of the ranked units, and whether the best one answers."""
    X, y = [], []
    for q in qs:
        probs = fit.predict_proba(q["X"])[:, 1] if len(q["X"]) else np.zeros(0)
        for u, p in zip(q["units"], probs):
            u.probability = float(p)
        order = np.argsort(-probs)
        ranked = [q["units"][i] for i in order]
        f = confidence_features(ranked, q["words"])
        X.append([f[k] for k in CONFIDENCE_FEATURES])
        y.append(int(bool(len(order)) and q["answerable"] and q["y"][order[0]] == 1))
    return np.array(X), np.array(y)


def cross_fitted_confidence(qs: list[dict], C: float, folds: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Confidence rows for every train question from a unit model fitted without it."""
    X, y = [], []
    for k in range(folds):
        held = [q for i, q in enumerate(qs) if i % folds == k]
        fit = fit_units([q for i, q in enumerate(qs) if i % folds != k], C)
        Xk, yk = confidence_rows(held, fit)
        X.append(Xk)
        y.append(yk)
    return np.vstack(X), np.concatenate(y)


def outcomes(answerer: Answerer, items: list[dict]) -> list[tuple[float, bool, bool, bool]]:
    """(confidence, answered at threshold 0, right when answered, answerable) per question."""
    out = []
    for item in items:
        result = answerer.ask(item["question"]).to_dict()
        answered = result["answer"] is not None
        right = judge(dict(item, answerable=True), result) if item["answerable"] and answered else False
        out.append((result["confidence"] or 0.0, answered, right, item["answerable"]))
    return out


def at(threshold: float, results, share: float) -> dict:
    given = [(r, a) for c, ans, r, a in results if ans and c >= threshold]
    answerable = sum(1 for *_, a in results if a)
    refused = sum(1 for c, ans, r, a in results if a and not (ans and c >= threshold))
    correct = sum(1 for r, a in given if a and r) + sum(1 for c, ans, r, a in results
                                                        if not a and not (ans and c >= threshold))
    right_given = sum(1 for r, a in given if a and r)
    unanswerable = len(results) - answerable
    abstained = sum(1 for c, ans, r, a in results if not a and not (ans and c >= threshold))
    answered_right = sum(1 for r, a in given if a and r) / max(answerable, 1)
    return {"threshold": threshold, "accuracy": round(correct / len(results), 4),
            "expected": round((1 - share) * answered_right + share * abstained / max(unanswerable, 1), 4),
            "abstention": round(abstained / max(unanswerable, 1), 4),
            "precision": round(right_given / len(given), 4) if given else 1.0,
            "refusal": round(refused / max(answerable, 1), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--C", type=float, default=1.0)
    parser.add_argument("--precision", type=float, default=0.9)
    parser.add_argument("--max-refusal", type=float, default=0.1)
    parser.add_argument("--unanswerable-share", type=float, default=0.2)
    args = parser.parse_args()
    train = [q for path in TRAIN for q in load_questions(path)]
    dev = [q for path in DEV for q in load_questions(path)]
    with tempfile.TemporaryDirectory() as tmp:
        build(args.corpus, Path(tmp))
        index = load(Path(tmp))
        searcher, catalogue = Searcher(index), index.catalogue()
        neutral = AnswerModel({f: 0.0 for f in FEATURES}, 0.0, 0.0)
        qs = questions(Answerer(searcher, catalogue, neutral), train)
        Xc, yc = cross_fitted_confidence(qs, args.C)
        conf = LogisticRegression(C=args.C, max_iter=5000).fit(Xc, yc)
        fit = fit_units(qs, args.C)
        y = np.concatenate([q["y"] for q in qs])
        weights = {f: round(float(w), 4) for f, w in zip(FEATURES, fit.coef_[0])}
        model = AnswerModel(weights, round(float(fit.intercept_[0]), 4), 0.0,
                            {f: round(float(w), 4) for f, w in zip(CONFIDENCE_FEATURES, conf.coef_[0])},
                            round(float(conf.intercept_[0]), 4))
        results = outcomes(Answerer(searcher, catalogue, model), dev)
    grid = [at(t / 100, results, args.unanswerable_share) for t in range(0, 96)]
    good = [g for g in grid if g["precision"] >= args.precision and g["refusal"] <= args.max_refusal]
    # else the most accurate where a share of the questions asked are ones the library does not answer
    chosen = min(good, key=lambda g: g["threshold"]) if good else \
        max(grid, key=lambda g: (g["expected"], g["accuracy"]))
    model.threshold = chosen["threshold"]
    bins = []
    for low in np.arange(0.0, 1.0, 0.1):
        inside = [(ans, r, a) for c, ans, r, a in results if low <= c < low + 0.1 or (low >= 0.9 and c == 1.0)]
        if inside:  # an unanswerable question in a bin is one that would be answered wrongly
            bins.append({"from": round(float(low), 1), "to": round(float(low) + 0.1, 1), "questions": len(inside),
                         "right_if_answered": round(sum(1 for ans, r, a in inside if a and r) / len(inside), 3),
                         "answerable": sum(1 for *_, a in inside if a)})
    model.reliability = bins
    data = model.to_dict() | {"trained_on": [str(p.relative_to(ROOT)) for p in TRAIN], "rows": int(len(y)),
                              "positives": int(y.sum()), "C": args.C, "dev": chosen}
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in data.items() if k != "reliability"}, indent=1))
    for g in grid[::5]:
        print(g)


if __name__ == "__main__":
    main()
