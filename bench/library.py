"""A generated library of N pages, built and grown the way users grow theirs. On 127.0.0.1 only.

    python bench/library.py --pages 5000

Generates PDFs of 30 pages from public text (the abstracts of ../shared/eval-data: SciFact, then
NFCorpus), each page with a running header, a footer and a printed page number, and reports:
a full `ssc-search index --full` (pages/s, peak memory of the build process); one new 10-page PDF
through the CLI (seconds from `ssc-search index` starting to its end, when the PDF is searchable);
the same through the upload API of a served library (seconds from the upload's 202 until a search
finds it); search and ask latency in-process (p50, p99) over the collections' queries, and the time
to open the index, on the library as three segments (the full build's and the two new PDFs') and
after `ssc-search index --merge` has folded them into one.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from load import free_port, multipart, request, wait_ready  # noqa: E402
from results import table, write_section  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval-data"
COLLECTIONS = ["scifact", "nfcorpus"]
PAGES_PER_PDF, LINES_PER_PAGE, CHARS_PER_LINE = 30, 44, 95
TOKEN = "library-bench-token"


def texts():
    for name in COLLECTIONS:
        with open(EVAL / name / "corpus.jsonl", encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                yield f"{doc.get('title', '')}. {doc.get('text', '')}".encode("latin-1", "replace").decode("latin-1")


def write_pdf(path: Path, title: str, pages: list[list[str]]) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    for n, lines in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.cell(0, 5, title, new_x="LMARGIN", new_y="NEXT")  # the running header
        pdf.set_font("Helvetica", size=9)
        for line in lines:
            pdf.cell(0, 5.4, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-18)
        pdf.set_font("Helvetica", size=8)
        pdf.cell(0, 5, f"Library benchmark collection - {n}", align="C")  # footer with the printed page number
    pdf.output(str(path))


def generate(folder: Path, n_pages: int) -> int:
    """PDFs of PAGES_PER_PDF pages until n_pages pages are written; returns the pages written."""
    folder.mkdir(parents=True, exist_ok=True)
    source, written, n_pdf = texts(), 0, 0
    buffer: list[str] = []
    while written < n_pages:
        pages = []
        for _ in range(min(PAGES_PER_PDF, n_pages - written)):
            while len(buffer) < LINES_PER_PAGE:
                try:
                    buffer += textwrap.wrap(next(source), CHARS_PER_LINE) + [""]
                except StopIteration:
                    source = texts()  # round again: a large library repeats the collections
            pages.append(buffer[:LINES_PER_PAGE])
            buffer = buffer[LINES_PER_PAGE:]
        n_pdf += 1
        write_pdf(folder / f"report-{n_pdf:05d}.pdf", f"Benchmark report {n_pdf}", pages)
        written += len(pages)
    return written


def new_pdf(path: Path, word: str) -> Path:
    pages = [[f"The {word} programme supports cooperation between partner countries, line {i}."
              for i in range(LINES_PER_PAGE)] for _ in range(10)]
    write_pdf(path, f"{word} notes", pages)
    return path


def cli(*args: str) -> tuple[float, int]:
    """Seconds a `ssc-search` command takes, and the peak RSS (KB) of the commands run so far."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ssc_search", *args], check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def latency(index: Path) -> list[list]:
    from ssc_search.index.build import load
    from ssc_search.library.service import make_snapshot

    from webapp.server import serving_gc

    serving_gc()  # as `ssc-search serve` runs
    t0 = time.perf_counter()
    loaded = load(index)
    opened = (time.perf_counter() - t0) * 1000
    snap = make_snapshot(loaded)
    label = f"{len(loaded.segments)} segment" + ("s" if len(loaded.segments) > 1 else "")
    queries = [json.loads(line)["text"] for line in (EVAL / "scifact" / "queries.jsonl").read_text().splitlines()][:200]
    rows = []
    for name, call in (("search", lambda q: snap.search(q, k=10)), ("ask", lambda q: snap.answerer.ask(q))):
        for q in queries[:5]:
            call(q)
        times = []
        for q in queries:
            t0 = time.perf_counter()
            call(q)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        rows.append([name, label, len(times), f"{times[len(times) // 2]:.1f}", f"{times[int(len(times) * 0.99)]:.1f}"])
    rows.append(["open the index (`load`)", label, 1, f"{opened:.0f}", ""])
    return rows


def through_upload(corpus: Path, index: Path, work: Path) -> float | None:
    """Seconds from an upload's 202 until a search of the served library finds the new PDF."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "ssc_search", "--index", str(index), "serve", "--port", str(port),
                               "--corpus", str(corpus)], cwd=ROOT, env=dict(os.environ, SSC_ADMIN_TOKEN=TOKEN),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        conn = wait_ready(port)
        word = "Xochicalcoatl"
        data = new_pdf(work / "upload.pdf", word).read_bytes()
        body, ctype = multipart({"title": f"{word} notes", "year": "2026", "language": "en"}, "upload.pdf", data)
        status, _, _, _ = request(conn, "POST", "/api/documents", body=body,
                                  headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": ctype})
        accepted = time.perf_counter()
        if status != 202:
            return None
        while time.perf_counter() - accepted < 600:
            found = json.loads(request(conn, "GET", f"/api/search?q={urllib.parse.quote(word)}")[2])
            if found.get("results"):
                return time.perf_counter() - accepted
            time.sleep(0.1)
        return None
    finally:
        server.terminate()
        server.wait(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ssc-library-"))
    try:
        corpus, index = work / "corpus", work / "index"
        t0 = time.perf_counter()
        pages = generate(corpus, args.pages)
        generated = time.perf_counter() - t0
        full_s, rss = cli("--index", str(index), "index", "--corpus", str(corpus), "--full")
        new_pdf(corpus / "new-programme.pdf", "Tlatelolcoaxe")
        one_s, _ = cli("--index", str(index), "index", "--corpus", str(corpus))
        from ssc_search.index.build import load
        from ssc_search.index.search import Searcher

        found = bool(Searcher(load(index)).search("Tlatelolcoaxe").results)
        upload_s = through_upload(corpus, index, work)
        rows = latency(index)  # three segments: the full build's and the two new PDFs'
        merge_s, _ = cli("--index", str(index), "index", "--corpus", str(corpus), "--merge")
        rows += latency(index)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    body = table(["measure", "value"], [
        ["pages (PDFs of 30 pages)", f"{pages:,}"],
        ["full build `ssc-search index --full`", f"{full_s:.1f} s, {pages / full_s:.0f} pages/s"],
        ["peak RSS of the build process", f"{rss / 1024:.0f} MB"],
        ["one new 10-page PDF, `ssc-search index` start to end", f"{one_s:.1f} s" + ("" if found else " (not found!)")],
        ["one new 10-page PDF, upload 202 to searchable", f"{upload_s:.1f} s" if upload_s else "never searchable"],
        ["`ssc-search index --merge` of the three segments into one", f"{merge_s:.1f} s"],
    ])
    body += "\n\n" + table(["in-process", "library", "queries", "p50 ms", "p99 ms"], rows)
    body += (f"\n\nGenerated in {generated:.0f} s from the abstracts of {', '.join(COLLECTIONS)} (../shared/eval-data), "
             f"{LINES_PER_PAGE} lines a page with a running header, a footer and a printed page number; SciFact's "
             "queries for the latencies, in-process with the garbage collection of `ssc-search serve`. One run on the 2-core machine. '3 segments': the full "
             "build's, the PDF indexed through the CLI and the one uploaded, weighed when the index is opened; "
             "'1 segment': after `index --merge`, weighed by the build.")
    write_section(f"library-{args.pages}", f"A library of {pages:,} pages", f"python bench/library.py --pages {args.pages}",
                  body)
    print(body)


if __name__ == "__main__":
    main()
