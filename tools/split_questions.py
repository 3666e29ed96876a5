"""Split the answer-blind question set into train / dev / test, once.

    python tools/split_questions.py PART.jsonl [PART.jsonl ...] [--out tests/data/qa_blind]

Questions are grouped by document (the first gold page's; unanswerable ones by their own group) and
style, shuffled with a fixed seed and dealt 50/20/30 into train, dev and test, so that each split
holds every document, language and style in proportion. Tune on train, choose on dev, and read
test only to report.

Questions written later go in with `--extra PART.jsonl`: they are dealt 2:1 into train and dev only,
after the first split, so the frozen test split never changes. Once the first parts are no longer at
hand, `--append PART.jsonl` deals new questions 2:1 into the existing train and dev files the same way
(a question already in any split, by its words, is left out) and leaves test untouched:

    python tools/split_questions.py --append NEW.jsonl
"""
from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

SHARES = (("train", 0.5), ("dev", 0.2), ("test", 0.3))


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def deal(items: list[dict], rng: random.Random, running: bool = False) -> dict[str, list[dict]]:
    """Later questions, grouped by document, style and language, dealt 2:1 into train and dev (every
    third of a group to dev; with `running`, every third counted across groups, so that groups of one
    or two questions reach dev too)."""
    groups, out, dealt = defaultdict(list), defaultdict(list), 0
    for q in items:
        groups[(q["gold"][0][0] if q["gold"] else "none", q["style"], q["lang"])].append(q)
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda q: q["id"])
        rng.shuffle(members)
        for n, q in enumerate(members):
            out["dev" if (dealt if running else n) % 3 == 2 else "train"].append(q)
            dealt += 1
    return out


def append(parts: list[Path], out: Path, seed: int) -> None:
    splits = {name: _read(out / f"{name}.jsonl") for name, _ in SHARES}
    known = {" ".join(q["question"].lower().split()) for rows in splits.values() for q in rows}
    ids = {q["id"] for rows in splits.values() for q in rows}
    new = [q for part in parts for q in _read(part)]
    new_ids = [q["id"] for q in new]
    clash = sorted({i for i in new_ids if i in ids or new_ids.count(i) > 1})
    if clash:
        raise SystemExit(f"ids already used: {', '.join(clash[:5])}")
    fresh = []
    for q in new:  # a question already in a split, or twice among the new ones, goes in once
        words = " ".join(q["question"].lower().split())
        if words not in known:
            known.add(words)
            fresh.append(q)
    for name, rows in deal(fresh, random.Random(seed), running=True).items():
        splits[name] += rows
    for name in ("train", "dev"):
        rows = sorted(splits[name], key=lambda q: q["id"])
        with open(out / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for q in rows:
                fh.write(json.dumps(q, ensure_ascii=False) + "\n")
    print(f"{len(fresh)} of {len(new)} new questions dealt (the rest were already in a split); "
          + ", ".join(f"{name}: {len(splits[name])}" for name, _ in SHARES))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=Path("tests/data/qa_blind"))
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--extra", nargs="*", type=Path, default=[], help="later parts: train and dev only")
    parser.add_argument("--append", nargs="*", type=Path, default=[],
                        help="new parts dealt into the existing train and dev files; test untouched")
    args = parser.parse_args()
    if args.append and (args.parts or args.extra):
        parser.error("--append takes new parts alone: the existing splits are read from --out")
    if args.append:
        append(args.append, args.out, args.seed)
        return
    if not args.parts:
        parser.error("give the parts to split, or --append new parts")
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
    for name, rows in deal([q for part in args.extra for q in _read(part)], rng).items():
        splits[name] += rows
    args.out.mkdir(parents=True, exist_ok=True)
    for name, _ in SHARES:
        rows = sorted(splits[name], key=lambda q: q["id"])
        with open(args.out / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for q in rows:
                fh.write(json.dumps(q, ensure_ascii=False) + "\n")
        print(f"{name}: {len(rows)} questions")


if __name__ == "__main__":
    main()
