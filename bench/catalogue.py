"""A sample of the entity catalogue to check by hand: each entity with its kind and the text of its first
mention (written to bench/catalogue_sample.txt).

    python bench/catalogue.py [--n 100] [--seed 13]     # needs an index of the corpus
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ssc_search import config  # noqa: E402
from ssc_search.library.service import Library  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    snap = Library(config.index_dir()).current()
    entities = list(snap.catalogue.entities)
    print("entities by kind:", dict(Counter(e["kind"] for e in entities)))
    random.Random(args.seed).shuffle(entities)
    lines = []
    for i, e in enumerate(entities[: args.n], 1):
        mention = e["mentions"][0]
        text = snap.index.passages[snap.row[mention["passage_id"]]].text
        low = text.lower()
        name = next((n for n in sorted([e["name"], *e["aliases"]], key=len, reverse=True) if n.lower() in low), "")
        at = low.find(name.lower()) if name else -1
        context = " ".join(text[max(0, at - 50): at + len(name) + 50].split()) if at >= 0 else "(no verbatim match)"
        lines.append(f"{i:3} {e['kind']:<10} {e['name']} ({len(e['mentions'])} passages) | ...{context}...\n")
    (ROOT / "bench" / "catalogue_sample.txt").write_text("".join(lines), encoding="utf-8")
    print(f"{len(lines)} entities written to bench/catalogue_sample.txt for checking by hand")


if __name__ == "__main__":
    main()
