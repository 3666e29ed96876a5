"""Hostile PDFs: read only in a child process with limits; a build names each and goes on; an upload of
a bomb is refused fast while the server's memory stays low."""
from __future__ import annotations

import os
import shutil
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from conftest import CORPUS, serve_in_background
from hostile import hostile_pdfs, write_hostile

from ssc_search.index.build import build, load
from ssc_search.index.search import Searcher
from ssc_search.ingest import pdf, sandbox
from ssc_search.ingest.pdf import PdfError
from ssc_search.ingest.sandbox import UPLOAD, Limits, extract_limited, forked_readers

GOOD = "ga-res-80-156-south-south-cooperation-2025.pdf"

pytestmark = pytest.mark.slow  # every file is parsed in a child with limits


@pytest.mark.parametrize("forked", [False, True])  # a new interpreter per file, or a fork per file
def test_a_bomb_is_refused_by_the_child_not_the_caller(tmp_path, forked):
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(hostile_pdfs()["bomb-by-reference-8.pdf"])
    with forked_readers(forked):
        t0 = time.perf_counter()
        with pytest.raises(PdfError, match="needs more than 768 MB of memory"):
            extract_limited(bomb, limits=UPLOAD)
        assert time.perf_counter() - t0 < 5
        assert len(extract_limited(CORPUS / GOOD).pages) > 5  # a good file reads the same in the child
        assert extract_limited(CORPUS / GOOD).pages == pdf.extract(CORPUS / GOOD).pages


@pytest.mark.parametrize("forked", [False, True])
def test_a_slow_file_is_stopped_by_the_wall_clock(tmp_path, forked):
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(hostile_pdfs()["bomb-by-size.pdf"])
    with forked_readers(forked):
        with pytest.raises(PdfError, match="took longer than 0 s|needs more than"):
            extract_limited(bomb, limits=Limits(memory_bytes=4 << 30, cpu_seconds=60, wall_seconds=0.3))
        assert len(extract_limited(CORPUS / GOOD).pages) > 5  # the next file is read as ever


def test_forked_readers_report_a_file_they_cannot_read_and_stop_when_done(tmp_path):
    corrupt, empty = tmp_path / "corrupt.pdf", tmp_path / "empty.pdf"
    corrupt.write_bytes(b"%PDF-1.4\n" + b"garbage " * 100)
    empty.write_bytes(b"")
    with forked_readers() as _:
        for path, reason in [(corrupt, "corrupt"), (empty, "empty")]:
            with pytest.raises(PdfError, match=reason):
                extract_limited(path)
        readers = list(sandbox._FORKED.get()._started)
        assert readers and all(r.poll() is None for r in readers)  # alive while the block lasts
    assert all(r.wait(5) == 0 for r in readers)  # and ended with it


def test_a_reader_that_dies_is_replaced_and_never_taken_for_a_bomb(tmp_path, monkeypatch):
    with forked_readers():
        readers = sandbox._FORKED.get()
        first = extract_limited(CORPUS / GOOD).pages
        reader = readers._started[0]
        reader.kill()  # between two files
        reader.wait()
        assert extract_limited(CORPUS / GOOD).pages == first  # read by a new reader
        # a reader that dies while a file is read: the file is named with that reason, not a limit
        monkeypatch.setattr(sandbox, "_reply", lambda reader, seconds: (_ for _ in ()).throw(OSError("pipe")))
        with pytest.raises(PdfError, match="the PDF reader stopped"):
            extract_limited(CORPUS / GOOD)


def test_a_build_over_thirty_hostile_files_names_each_and_keeps_serving(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(CORPUS / GOOD, corpus / GOOD)
    index = tmp_path / "index"
    first = build(corpus, index)
    names = write_hostile(corpus)
    assert len(names) >= 30
    t0 = time.perf_counter()
    report = build(corpus, index)
    assert time.perf_counter() - t0 < 180
    named = {s["file"] for s in report.skipped} | {d["file"] for d in report.ingestion}
    assert set(names) <= named  # every file is either indexed or skipped with its reason
    reasons = {s["file"]: s["reason"] for s in report.skipped}
    assert "memory" in reasons["bomb-by-size.pdf"] and "empty" in reasons["empty.pdf"]
    loaded = load(index)
    assert loaded.generation != first.generation
    hit = Searcher(loaded).search("South-South cooperation development", k=3).results
    assert hit and hit[0].doc_id.startswith("ga-res-80-156")


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_uploading_a_bomb_is_refused_fast_and_the_server_stays_small(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(CORPUS / GOOD, corpus / GOOD)
    token = "hostile-upload-token-123"
    env = {**os.environ, "SSC_CORPUS_DIR": str(corpus), "SSC_INDEX_DIR": str(tmp_path / "index"),
           "SSC_ADMIN_TOKEN": token}
    build(corpus, tmp_path / "index")
    port, server = serve_in_background([], env)
    try:
        boundary = uuid.uuid4().hex
        bomb = hostile_pdfs()["bomb-by-reference-20.pdf"]
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nBomb\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.pdf\"\r\n"
                f"Content-Type: application/pdf\r\n\r\n").encode() + bomb + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/documents", data=body, method="POST", headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Authorization": f"Bearer {token}"})
        t0 = time.perf_counter()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        elapsed = time.perf_counter() - t0
        assert refused.value.code == 422 and b"memory" in refused.value.read()
        assert elapsed < 5, elapsed
        assert _peak_rss_mb(server.pid) < 600
        assert not list(corpus.glob("bomb*")) and len(list(corpus.glob("*.pdf"))) == 1  # nothing was stored
    finally:
        server.terminate()
        server.wait(10)
