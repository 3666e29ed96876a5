"""Untrusted PDFs are read in a child process with limits, never in the caller's own.

A PDF can be a bomb: a few hundred kilobytes whose pages point many times at a stream that inflates
to gigabytes. The child that reads it (`pdf.py` run as a script, so it starts without the rest of
the package) gets an address-space limit and a CPU-time limit, and the parent a wall-clock limit;
when the child dies of one, the file is refused with the limit named, and the server or the build
that asked goes on as before.
"""
from __future__ import annotations

import json
import signal
import subprocess
import sys
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
UPLOAD = Limits(memory_bytes=768 << 20, cpu_seconds=20, wall_seconds=25.0)  # answered while the client waits


def extract_limited(path: Path, extractor: str = "pdfium", limits: Limits = BUILD) -> RawDocument:
    """`pdf.extract` in a child process held to `limits`; PdfError names the limit a file broke."""
    command = [sys.executable, pdf.__file__, str(path), extractor, str(limits.memory_bytes), str(limits.cpu_seconds)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=limits.wall_seconds, check=False)
    except subprocess.TimeoutExpired:
        raise PdfError(path, _("took longer than {seconds:.0f} s to read; refused",
                               seconds=limits.wall_seconds)) from None
    try:
        out = json.loads(done.stdout) if done.returncode == 0 else {"error": "died"}
    except ValueError:
        out = {"error": "died"}
    if "pages" in out:
        return RawDocument(out["pages"], out["labels"], out["title"])
    if out.get("error") == "pdf":
        raise PdfError(path, out["reason"])
    if done.returncode == -signal.SIGXCPU:
        raise PdfError(path, _("needs more than {seconds} s of CPU to read; refused", seconds=limits.cpu_seconds))
    error = done.stderr.decode("utf-8", "replace").strip().splitlines()
    # pdfium aborts or segfaults when an allocation fails; Python raises MemoryError
    if out.get("error") == "memory" or done.returncode < 0 or (error and "MemoryError" in error[-1]):
        raise PdfError(path, _("needs more than {mb} MB of memory to read (a decompression bomb?); refused",
                               mb=limits.memory_bytes >> 20))
    raise PdfError(path, _("could not be read ({reason})", reason=error[-1][:200] if error else "no output"))
