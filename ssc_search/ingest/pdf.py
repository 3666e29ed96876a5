"""Text extraction from PDFs, one page at a time, with page labels.

Two extractors share one shape, `extract(path) -> RawDocument`:
pypdfium2 (fast, the default) and pypdf (pure Python, the reference).
Everything after extraction is the same whichever produced the text.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

logging.getLogger("pypdf").setLevel(logging.ERROR)


class PdfError(ValueError):
    """A PDF that cannot be read; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


@dataclass
class RawDocument:
    pages: list[str]
    labels: list[str]
    title: str = ""


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise PdfError(path, f"cannot be opened ({exc.strerror})") from exc
    if not head:
        raise PdfError(path, "empty file (0 bytes)")
    if b"%PDF-" not in head:
        raise PdfError(path, "not a PDF (no %PDF- header)")


def extract_pdfium(path: Path) -> RawDocument:
    import pypdfium2 as pdfium

    _check_header(path)
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise PdfError(path, "encrypted (needs a password)") from exc
        raise PdfError(path, f"corrupt or unreadable PDF ({exc})") from exc
    try:
        pages, labels = [], []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
            labels.append(doc.get_page_label(i) or "")
        title = (doc.get_metadata_value("Title") or "").strip()
    except pdfium.PdfiumError as exc:
        raise PdfError(path, f"corrupt or unreadable PDF ({exc})") from exc
    finally:
        doc.close()
    return RawDocument(pages, labels, title)


def extract_pypdf(path: Path) -> RawDocument:
    import pypdf
    from pypdf.errors import PyPdfError

    _check_header(path)
    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfError(path, "encrypted (needs a password)")
        pages = [page.extract_text() or "" for page in reader.pages]
        labels = list(reader.page_labels)
        title = ((reader.metadata or {}).get("/Title") or "").strip()
    except PdfError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        message = str(exc).lower()
        if "decrypt" in message or "password" in message or "encrypt" in message:
            raise PdfError(path, "encrypted (needs a password)") from exc
        raise PdfError(path, f"corrupt or unreadable PDF ({type(exc).__name__}: {exc})") from exc
    return RawDocument(pages, labels, str(title))


EXTRACTORS = {"pdfium": extract_pdfium, "pypdf": extract_pypdf}


def extract(path: Path, extractor: str = "pdfium") -> RawDocument:
    """Extract every page's raw text and label; raise PdfError for a bad file."""
    try:
        fn = EXTRACTORS[extractor]
    except KeyError:
        raise ValueError(f"unknown extractor {extractor!r}; choose one of {sorted(EXTRACTORS)}") from None
    raw = fn(Path(path))
    if not raw.pages:
        raise PdfError(path, "the PDF has no pages")
    return raw


def _sandboxed(argv: list[str]) -> int:
    """Run as a script by `sandbox.extract_limited`: set the limits, extract, print JSON. Kept free of the
    package's imports so that the child starts in a tenth of a second."""
    import json
    import sys

    sys.stdout.write(json.dumps(_limited(argv[0], argv[1], int(argv[2]), int(argv[3]))))
    return 0


def _limited(path: str, extractor: str, memory: int, cpu: int) -> dict:
    """In the child: the limits set, the file extracted, the result as the parent reads it."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        raw = extract(Path(path), extractor)
        return {"pages": raw.pages, "labels": raw.labels, "title": raw.title}
    except PdfError as exc:
        return {"error": "pdf", "reason": exc.reason}
    except MemoryError:
        return {"error": "memory"}
    except Exception as exc:  # reported as the reason the file could not be read
        return {"error": "crash", "reason": f"{type(exc).__name__}: {exc}"}


MEMORY_EXIT = 3  # a forked reader's status when it ran out of memory writing its result


def _serve() -> int:
    """Run as `pdf.py --serve` by `sandbox.ForkedReaders`: for each request line on stdin (a JSON list of
    path, extractor, memory bytes, CPU seconds and wall seconds), fork a child that sets the limits and
    extracts; answer with a line "status length" and the child's JSON of that length ("timeout 0" when
    the wall limit ran out and the child was killed). A fork starts in milliseconds where a new
    interpreter takes a tenth of a second, and each file is still read in a process of its own."""
    import json
    import os
    import sys

    for line in sys.stdin.buffer:
        path, extractor, memory, cpu, wall = json.loads(line)
        __import__("pypdfium2" if extractor == "pdfium" else "pypdf")  # loaded once, here: each fork has it
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            devnull = os.open(os.devnull, os.O_RDWR)  # the child never reads or writes the reader's pipes
            os.dup2(devnull, 0)
            os.dup2(devnull, 1)
            _read_forked(write, path, extractor, memory, cpu)
        os.close(write)
        body, timed_out = _collect(read, pid, wall)
        _, status = os.waitpid(pid, 0)
        code = "timeout" if timed_out else str(-os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status))
        sys.stdout.buffer.write(f"{code} {len(body)}\n".encode() + body)
        sys.stdout.buffer.flush()
    return 0


def _collect(fd: int, pid: int, wall: float) -> tuple[bytes, bool]:
    """What the child `pid` writes to `fd` until it closes it; the child is killed at the wall limit."""
    import os
    import select
    import signal
    import time

    chunks, deadline = [], time.monotonic() + wall
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                return b"", True
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks), False
            chunks.append(chunk)
    finally:
        os.close(fd)


def _read_forked(fd: int, path: str, extractor: str, memory: int, cpu: int) -> None:
    """The forked child: limits, extraction, its JSON written to `fd`, then exit (never returns)."""
    import json
    import os

    try:
        data = json.dumps(_limited(path, extractor, memory, cpu)).encode("utf-8")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except MemoryError:
        os._exit(MEMORY_EXIT)
    except BaseException:
        os._exit(1)
    os._exit(0)


if __name__ == "__main__":
    import sys

    sys.exit(_serve() if sys.argv[1:] == ["--serve"] else _sandboxed(sys.argv[1:]))
