"""Ingestion speed: pages per second for each extractor over the whole corpus.

    python bench/ingest.py [--corpus corpus] [--repeat 3]

Extraction alone and extraction + cleaning + chunking, median of --repeat runs, same process.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from results import table, write_section  # noqa: E402

from ssc_search.ingest.corpus import ingest, pdf_files  # noqa: E402
from ssc_search.ingest.pdf import EXTRACTORS, extract  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = pdf_files(args.corpus)
    rows = []
    for name in sorted(EXTRACTORS):
        extract_s, full_s = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            pages = sum(len(extract(f, name).pages) for f in files)
            extract_s.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            corpus = ingest(args.corpus, None, name)
            full_s.append(time.perf_counter() - t0)
        e, f = statistics.median(extract_s), statistics.median(full_s)
        rows.append([name, len(files), pages, len(corpus.passages), f"{e:.2f}", f"{pages / e:.0f}",
                     f"{f:.2f}", f"{pages / f:.0f}"])
        print(rows[-1])
    body = table(["extractor", "files", "pages", "passages", "extract s", "extract pages/s",
                  "ingest s", "ingest pages/s"], rows)
    body += (f"\n\nMedian of {args.repeat} runs. 'ingest' = extract + clean + chunk, no page cache. "
             "With the page cache, an unchanged corpus re-indexes without parsing any PDF.")
    write_section("ingest", "Ingestion speed (whole corpus)", "python bench/ingest.py", body)


if __name__ == "__main__":
    main()
