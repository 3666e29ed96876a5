"""Untrusted PDFs are read in a child process with limits, never in the caller's own.

A PDF can be a bomb: a few hundred kilobytes whose pages point many times at a stream that inflates
to gigabytes. The child that reads it (`pdf.py` run as a script, so it starts without the rest of
the package) gets an address-space limit and a CPU-time limit, and the parent a wall-clock limit;
when the child dies of one, the file is refused with the limit named, and the server or the build
that asked goes on as before. A build of many files forks each child from a reader that has the PDF
code loaded (`ForkedReaders`), so a file costs a fork rather than an interpreter's start.
"""
from __future__ import annotations

import contextvars
import json
import queue
import select
import signal
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _
from . import pdf
from .pdf import PdfError, RawDocument


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 1 << 30  # address space of the reading process
    cpu_seconds: int = 60
    wall_seconds: float = 120.0


BUILD = Limits()
REPLY_MARGIN = 10.0  # seconds a forked reader may take beyond a file's wall limit to answer
UPLOAD = Limits(memory_bytes=768 << 20, cpu_seconds=20, wall_seconds=25.0)  # answered while the client waits


def extract_limited(path: Path, extractor: str = "pdfium", limits: Limits = BUILD) -> RawDocument:
    """`pdf.extract` in a child process held to `limits`; PdfError names the limit a file broke. The child
    is a new interpreter, or, within `forked_readers`, a fork of a reader that has the PDF code loaded."""
    readers = _FORKED.get()
    out, status, error = (readers.read if readers else _read_in_interpreter)(path, extractor, limits)
    if out.get("error") == "crash":
        error = [out["reason"]]
    if "pages" in out:
        return RawDocument(out["pages"], out["labels"], out["title"])
    if out.get("error") == "pdf":
        raise PdfError(path, out["reason"])
    if status == -signal.SIGXCPU:
        raise PdfError(path, _("needs more than {seconds} s of CPU to read; refused", seconds=limits.cpu_seconds))
    # pdfium aborts or segfaults when an allocation fails; Python raises MemoryError
    if out.get("error") == "memory" or status < 0 or status == pdf.MEMORY_EXIT or \
            (error and "MemoryError" in error[-1]):
        raise PdfError(path, _("needs more than {mb} MB of memory to read (a decompression bomb?); refused",
                               mb=limits.memory_bytes >> 20))
    raise PdfError(path, _("could not be read ({reason})", reason=error[-1][:200] if error else "no output"))


def _too_slow(path: Path, limits: Limits) -> PdfError:
    return PdfError(path, _("took longer than {seconds:.0f} s to read; refused", seconds=limits.wall_seconds))


def _read_in_interpreter(path: Path, extractor: str, limits: Limits) -> tuple[dict, int, list[str]]:
    """`pdf.py` run as a script: (what it printed, its exit status, the lines of its stderr)."""
    command = [sys.executable, pdf.__file__, str(path), extractor, str(limits.memory_bytes), str(limits.cpu_seconds)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=limits.wall_seconds, check=False)
    except subprocess.TimeoutExpired:
        raise _too_slow(path, limits) from None
    try:
        out = json.loads(done.stdout) if done.returncode == 0 else {"error": "died"}
    except ValueError:
        out = {"error": "died"}
    return out, done.returncode, done.stderr.decode("utf-8", "replace").strip().splitlines()


class ForkedReaders:
    """Readers (`pdf.py --serve`, each a new interpreter started once) that fork a child per file: what a
    build of many files pays per file drops from an interpreter's start to a fork's. One reader serves
    one thread at a time; a reader that fails is stopped and another started."""

    def __init__(self) -> None:
        self._idle: queue.SimpleQueue[subprocess.Popen] = queue.SimpleQueue()
        self._started: list[subprocess.Popen] = []
        self._lock = threading.Lock()

    def read(self, path: Path, extractor: str, limits: Limits) -> tuple[dict, int, list[str]]:
        request = json.dumps([str(path), extractor, limits.memory_bytes, limits.cpu_seconds,
                              limits.wall_seconds]).encode("utf-8") + b"\n"
        for _attempt in range(2):  # a reader that died between two files is replaced, once
            reader = self._take()
            try:
                reader.stdin.write(request)
                reader.stdin.flush()
            except OSError:
                _stop(reader)
                continue
            try:
                code, body = _reply(reader, limits.wall_seconds + REPLY_MARGIN)
                status = None if code == "timeout" else int(code)
            except TimeoutError:  # the reader itself hangs: it goes, and the file is refused as slow
                _stop(reader)
                raise _too_slow(path, limits) from None
            except (OSError, ValueError):  # the reader died or lost its place: it goes, the file is named
                _stop(reader)
                break
            self._idle.put(reader)  # a whole reply: the reader is ready for the next file
            if status is None:
                raise _too_slow(path, limits)
            try:
                return (json.loads(body) if status == 0 else {"error": "died"}), status, []
            except ValueError:
                return {"error": "died"}, status, []
        return {"error": "reader"}, 0, [_("the PDF reader stopped")]

    def _take(self) -> subprocess.Popen:
        while True:
            try:
                reader = self._idle.get_nowait()
            except queue.Empty:
                break
            if reader.poll() is None:
                return reader
            _stop(reader)
        reader = subprocess.Popen([sys.executable, pdf.__file__, "--serve"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        with self._lock:
            self._started.append(reader)
        return reader

    def close(self) -> None:
        with self._lock:
            for reader in self._started:
                _stop(reader)
            self._started.clear()


def _reply(reader: subprocess.Popen, seconds: float) -> tuple[str, bytes]:
    """A reader's reply: its status word ("0", "-9", "timeout"...) and the child's bytes. TimeoutError when
    none starts within `seconds`; ValueError when it is not whole."""
    if not select.select([reader.stdout], [], [], seconds)[0]:
        raise TimeoutError
    code, size = reader.stdout.readline().decode("ascii").split()
    body = reader.stdout.read(int(size))
    if len(body) != int(size):
        raise ValueError("a reply cut short")
    return code, body


def _stop(reader: subprocess.Popen) -> None:
    try:
        reader.stdin.close()  # a reader ends at the end of its input
        reader.wait(5)
    except (OSError, subprocess.TimeoutExpired):
        reader.kill()
        reader.wait()
    finally:
        reader.stdout.close()


_FORKED: contextvars.ContextVar[ForkedReaders | None] = contextvars.ContextVar("forked_readers", default=None)


@contextmanager
def forked_readers(on: bool = True):
    """Within this block (and in threads started with a copy of its context), files are read by forks of
    `ForkedReaders`, which are stopped when it ends."""
    if not on:
        yield
        return
    readers = ForkedReaders()
    token = _FORKED.set(readers)
    try:
        yield
    finally:
        _FORKED.reset(token)
        readers.close()
