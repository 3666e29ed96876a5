"""Watch the corpus folder and re-index when PDFs arrive, change or go, once they have settled."""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from ..index.build import build
from ..index.store import BuildBusy

log = logging.getLogger(__name__)
CHANGING = {"created", "modified", "deleted", "moved", "closed"}  # "closed": after writing; not "opened"


class _Changes(FileSystemEventHandler):
    def __init__(self) -> None:
        self.last = 0.0
        self.pending = False
        self.lock = threading.Lock()

    def on_any_event(self, event) -> None:
        if event.event_type not in CHANGING:  # a build opening the PDFs to read them is no change
            return
        paths = [getattr(event, "src_path", ""), getattr(event, "dest_path", "")]
        if any(str(p).lower().endswith((".pdf", "catalog.toml", "uploads.toml", "aliases.toml", "entities.toml")) for p in paths):
            with self.lock:
                self.pending, self.last = True, time.monotonic()


def _sizes(corpus_dir: Path) -> dict[str, int]:
    out = {}
    for p in corpus_dir.glob("*.pdf"):
        try:
            out[p.name] = p.stat().st_size
        except OSError:
            pass
    return out


def watch(corpus_dir: Path, index_dir: Path, settle: float = 2.0, stop: threading.Event | None = None,
          on_build=None) -> None:
    """Block, re-indexing after each burst of changes once no file has changed for `settle` seconds
    and every PDF's size holds still (a copy in progress is not read half-way)."""
    corpus_dir, stop = Path(corpus_dir), stop or threading.Event()
    changes = _Changes()
    observer = Observer()
    observer.schedule(changes, str(corpus_dir), recursive=False)
    observer.start()
    log.debug("watching %s", corpus_dir)  # the command line says so itself
    try:
        while not stop.wait(min(settle / 4, 0.5)):
            with changes.lock:
                ready = changes.pending and time.monotonic() - changes.last >= settle
            if not ready:
                continue
            before = _sizes(corpus_dir)
            if stop.wait(min(settle, 1.0)) or _sizes(corpus_dir) != before:
                continue  # still being written
            with changes.lock:
                changes.pending = False
            try:
                report = build(corpus_dir, index_dir)
            except BuildBusy:
                with changes.lock:
                    changes.pending = True  # try again once the other build is over
                continue
            except Exception as exc:  # one failed run must not stop the watcher
                log.error("re-index failed: %s; the library is served as it was", exc)
                continue
            log.info("%s", report.summary())
            for skipped in report.skipped:
                log.warning("skipped %s: %s", skipped["file"], skipped["reason"])
            if on_build:
                on_build(report)
    finally:
        observer.stop()
        observer.join()
