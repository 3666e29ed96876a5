"""OCR throughput and word recovery: pages of the corpus rendered to images (as a scanner makes them),
wrapped as image-only PDFs and indexed; the text layer of the originals is the reference.

    python bench/ocr.py [--pages 10] [--dpi 200]      # needs Debian's tesseract-ocr(-eng, -spa)

Times the whole `ssc-search index` path a user pays for (render, Tesseract, clean, index) beside the
same pages indexed from their text layer in the same run, and the second build (OCR from the cache).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_ocr import image_pdf  # noqa: E402

from ssc_search.index.build import build, load  # noqa: E402

SOURCES = {"en": "ga-res-79-226-qcpr-operational-activities-2024", "es": "lcid-ley-cooperacion-internacional-para-el-desarrollo-mx-2011"}


def words(text: str) -> Counter:
    return Counter(w.lower() for w in re.findall(r"\w+", text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10, help="pages per language")
    parser.add_argument("--dpi", type=int, default=200, help="resolution of the page images")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for language, doc_id in SOURCES.items():
            scans, texts = tmp / f"scans-{language}", tmp / f"texts-{language}"
            scans.mkdir()
            texts.mkdir()
            pages = list(range(1, args.pages + 1))
            image_pdf(ROOT / "corpus" / f"{doc_id}.pdf", pages, scans / "scan.pdf", args.dpi)
            (scans / "catalog.toml").write_text(f'[[document]]\nfile = "scan.pdf"\ntitle = "Scan"\n'
                                                f'language = "{language}"\n', encoding="utf-8")
            shutil.copyfile(ROOT / "corpus" / f"{doc_id}.pdf", texts / "text.pdf")
            t0 = time.perf_counter()
            build(texts, tmp / f"text-index-{language}")
            text_seconds = time.perf_counter() - t0
            t0 = time.perf_counter()
            report = build(scans, tmp / f"scan-index-{language}")
            ocr_seconds = time.perf_counter() - t0
            t0 = time.perf_counter()
            build(scans, tmp / f"scan-index-{language}")
            again = time.perf_counter() - t0
            source = {p["index"]: p["text"] for p in load(tmp / f"text-index-{language}").pages()}
            read = {p["index"]: p for p in load(tmp / f"scan-index-{language}").pages()}
            recovery = []
            for n, original in enumerate(pages, 1):
                want, got = words(source[original + 1]), words(read[n]["text"])
                recovery.append(sum((want & got).values()) / max(1, sum(want.values())))
            doc = report.ingestion[0]
            rows.append((language, doc_id, len(pages), args.dpi, ocr_seconds, len(pages) / ocr_seconds,
                         len(source) / text_seconds, again, statistics.median(recovery), min(recovery),
                         doc["ocr_confidence"]))
    print(f"Command: `python bench/ocr.py --pages {args.pages} --dpi {args.dpi}`  ")
    print(f"Machine: {os.uname().machine}, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"{time.strftime('%Y-%m-%d')}\n")
    print("| language | source | scanned pages | dpi | OCR build s | OCR pages/s | text-layer pages/s (same run) "
          "| second build s (cache) | words recovered, median | lowest page | Tesseract confidence |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]:.1f} | {r[5]:.2f} | {r[6]:.0f} | {r[7]:.2f} | "
              f"{r[8]:.1%} | {r[9]:.1%} | {r[10]:.0f} |")


if __name__ == "__main__":
    main()
