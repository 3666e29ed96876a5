"""Split the answer-blind question set into train / dev / test, once.

    python tools/split_questions.py PART.jsonl [PART.jsonl ...] [--out tests/data/qa_blind]

Questions are grouped by document (the first gold page's; unanswerable ones by their own group) and
style, shuffled with a fixed seed and dealt 50/20/30 into train, dev and test, so that each split
holds every document, language and style in proportion. Tune on train, choose on dev, and read
test only to report.

Questions written later go in with `--extra PART.jsonl`: they are dealt 2:1 into train and dev only,
after the first split, so the frozen test split never changes.
"""
from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

SHARES = (("train", 0.5), ("dev", 0.2), ("test", 0.3))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("tests/data/qa_blind"))
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--extra", nargs="*", type=Path, default=[], help="later parts: train and dev only")
    args = parser.parse_args()
    groups = defaultdict(list)
    for part in args.parts:
        for line in part.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line)
                doc = q["gold"][0][0] if q["gold"] else "none"
                groups[(doc, q["style"], q["lang"])].append(q)
    rng = random.Random(args.seed)
    splits = defaultdict(list)
    carry = 0.0
    for key in sorted(groups):
        items = sorted(groups[key], key=lambda q: q["id"])
        rng.shuffle(items)
        start = 0
        for n, (name, share) in enumerate(SHARES):
            # largest-remainder dealing, carried across groups so small groups still spread
            count = len(items) - start if n == len(SHARES) - 1 else int(len(items) * share + carry + 0.5)
            carry = carry + len(items) * share - count if n < len(SHARES) - 1 else carry
            splits[name].extend(items[start:start + count])
            start += count
    extra = defaultdict(list)
    for part in args.extra:
        for line in part.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line)
                extra[(q["gold"][0][0] if q["gold"] else "none", q["style"], q["lang"])].append(q)
    for key in sorted(extra):
        items = sorted(extra[key], key=lambda q: q["id"])
        rng.shuffle(items)
        for n, q in enumerate(items):
            splits["dev" if n % 3 == 2 else "train"].append(q)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, _ in SHARES:
        rows = sorted(splits[name], key=lambda q: q["id"])
        with open(args.out / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for q in rows:
                fh.write(json.dumps(q, ensure_ascii=False) + "\n")
        print(f"{name}: {len(rows)} questions")


if __name__ == "__main__":
    main()
