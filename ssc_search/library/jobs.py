"""Re-index jobs run in the background of a long-running process, one at a time.

A job that changed the library before its build (an upload, a removal) carries an undo: when the
build fails, is stopped or its process dies, the change is taken back, so the library folder and the
served generation agree again. Jobs are recorded in SQLite beside the index (`jobs.sqlite3`), so their
history and outcome survive a restart; a job that was running when the server stopped is recorded as
failed with that reason.
"""
from __future__ import annotations

import json
import logging
import multiprocessing
import sqlite3
import threading
import time
import traceback
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from queue import Empty

from ..i18n import _
from ..index.build import build
from ..index.store import BuildBusy, IndexStore

log = logging.getLogger(__name__)
KEEP_JOBS = 100
HISTORY_FILE = "jobs.sqlite3"
JOB_ID_PATTERN = r"^[0-9a-f]{12}$"
BUILD_TIMEOUT = 1800.0  # seconds a build may take before it is stopped and reported (JobRunner.timeout)


@dataclass
class Job:
    id: str
    kind: str
    status: str = "queued"  # queued, running, done, failed
    progress: float = 0.0
    message: str = ""
    doc_id: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None
    report: dict | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        if self.report:  # the per-document ingestion table stays out of job listings
            data["report"] = {k: v for k, v in self.report.items() if k != "ingestion"}
        return data


def _progress(queue) -> Callable[[Iterable[Path]], Iterable[Path]]:
    def track(paths: Iterable[Path]) -> Iterable[Path]:
        paths = list(paths)
        for i, path in enumerate(paths):
            queue.put(("progress", round(0.9 * i / max(len(paths), 1), 3), f"reading {path.name}"))
            yield path
        queue.put(("progress", 0.9, "writing the index"))
    return track


def _build_child(corpus_dir: str, index_dir: str, queue) -> None:
    try:
        report = build(Path(corpus_dir), Path(index_dir), progress=_progress(queue))
    except Exception as exc:  # reported to the parent, which keeps serving the old generation
        queue.put(("error", f"{type(exc).__name__}: {exc}"))
        traceback.print_exc()
        return
    queue.put(("done", report.to_dict(), report.summary()))


class JobHistory:
    """Jobs as rows of a small SQLite table (one connection per call: jobs change from several threads)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, created REAL, data TEXT NOT NULL)")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def save(self, job: Job) -> None:
        try:
            with self._connect() as db:
                db.execute("INSERT OR REPLACE INTO jobs VALUES (?, ?, ?)",
                           (job.id, job.created, json.dumps(job.to_dict(), ensure_ascii=False)))
                db.execute("DELETE FROM jobs WHERE id NOT IN (SELECT id FROM jobs ORDER BY created DESC LIMIT ?)",
                           (KEEP_JOBS,))
        except sqlite3.Error as exc:  # a history that cannot be written must not stop a build
            log.warning("job history %s not written: %s", self.path, exc)

    def load(self) -> list[Job]:
        """The recorded jobs, oldest first; one still queued or running was cut short by a stop."""
        try:
            with self._connect() as db:
                rows = db.execute("SELECT data FROM jobs ORDER BY created").fetchall()
        except sqlite3.Error as exc:
            log.warning("job history %s unreadable: %s", self.path, exc)
            return []
        jobs = []
        for (data,) in rows:
            try:
                job = Job(**json.loads(data))
            except (TypeError, ValueError):  # a row another version wrote: skipped, not fatal
                continue
            if job.status in ("queued", "running"):
                job.status, job.finished = "failed", job.finished or time.time()
                job.message = "the server stopped before this job ended; the library is served as it was"
                self.save(job)
            jobs.append(job)
        return jobs


def _open_history(path: Path) -> JobHistory | None:
    """The job history at `path`; None (jobs kept in memory only) when it cannot be opened: a read-only
    index folder, a damaged file."""
    try:
        return JobHistory(path)
    except (sqlite3.Error, OSError) as exc:
        log.warning("job history %s unavailable (%s); jobs are kept in memory only", path, exc)
        return None


class JobRunner:
    """Runs builds of one index from one corpus folder; `reserve` refuses a second while one runs."""

    def __init__(self, corpus_dir: Path, index_dir: Path, history: bool = True) -> None:
        self.corpus_dir = Path(corpus_dir)
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self.timeout = BUILD_TIMEOUT
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._active: Job | None = None
        self._changes: dict[str, object] = {}
        self.history = None
        self._history_wanted = history
        if history and self.index_dir.is_dir():
            self.history = _open_history(self.index_dir / HISTORY_FILE)
            for job in self.history.load() if self.history else []:
                self._jobs[job.id] = job

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def recent(self, n: int = 20) -> list[Job]:
        return list(self._jobs.values())[-n:][::-1]

    def reserve(self, kind: str) -> Job:
        """A queued job that holds the single build slot; raise BuildBusy when it is taken."""
        with self._lock:
            if self._active is not None:
                raise BuildBusy(_("a build is running (job {job}); try again when it ends", job=self._active.id))
            job = Job(uuid.uuid4().hex[:12], kind)
            self._active = job
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
        self._save(job)
        return job

    def release(self, job: Job, message: str) -> None:
        """Give the slot back without building (the change before the build was refused)."""
        self._finish(job, "failed", message)

    def start(self, job: Job, change=None) -> None:
        """Build in the background. `change` (a corpus_admin.Change) is the change made to the library
        folder for this job: its `undo` runs if the build fails, its `done` when it succeeds."""
        if change is not None:
            self._changes[job.id] = change
        self._save(job)
        threading.Thread(target=self._run, args=(job,), name=f"build-{job.id}", daemon=True).start()

    def submit(self, kind: str, doc_id: str | None = None) -> Job:
        job = self.reserve(kind)
        job.doc_id = doc_id
        self.start(job)
        return job


    def _run(self, job: Job) -> None:
        """Build in a child process: the server keeps its CPU and its lock for the requests it serves,
        and a build that dies cannot take the server with it. Whatever happens here, the slot is freed."""
        served = IndexStore(self.index_dir).current_name()
        try:
            outcome = self._build(job)
        except Exception as exc:  # the slot must never stay held: every later upload would get 409
            log.exception("build %s could not run", job.id)
            outcome = ("error", f"{type(exc).__name__}: {exc}")
        change = self._changes.pop(job.id, None)
        if outcome[0] == "error":
            log.error("build %s failed: %s", job.id, outcome[1])
            message = f"the build failed ({outcome[1]}); the library is served as it was"
            if change is not None and IndexStore(self.index_dir).current_name() != served:
                change.done()  # the new generation was switched in before the failure: the change stands
                change = None
                message = f"the build failed after its new generation was served ({outcome[1]})"
            if change is not None:
                try:
                    change.undo()
                    message += f"; the {job.kind} was taken back"
                except Exception as exc:  # reported, and the next start reconciles the folder
                    log.exception("build %s: the %s could not be taken back", job.id, job.kind)
                    message += f"; the {job.kind} could not be taken back ({type(exc).__name__})"
            self._finish(job, "failed", message)
            return
        job.report = outcome[1]
        if change is not None:
            try:
                change.done()
            except OSError as exc:  # a removed PDF left waiting is harmless: builds do not read it
                log.warning("build %s: %s", job.id, exc)
        self._finish(job, "done", outcome[2])

    def _build(self, job: Job) -> tuple:
        job.status = "running"
        ctx = multiprocessing.get_context("spawn")
        queue = ctx.Queue()
        child = ctx.Process(target=_build_child, args=(str(self.corpus_dir), str(self.index_dir), queue),
                            name=f"build-{job.id}", daemon=True)
        child.start()
        deadline = time.monotonic() + self.timeout
        outcome = None
        while outcome is None:
            if time.monotonic() > deadline:
                child.kill()  # the served generation is untouched: a build switches it only at its very end
                outcome = ("error", f"it took longer than {self.timeout:g} s and was stopped")
                break
            try:
                kind, *payload = queue.get(timeout=min(1.0, self.timeout))
            except Empty:
                if not child.is_alive():
                    outcome = ("error", f"the build process ended with code {child.exitcode}")
                continue
            if kind == "progress":
                job.progress, job.message = payload
            else:
                outcome = (kind, *payload)
        child.join(10)
        return outcome

    def _finish(self, job: Job, status: str, message: str) -> None:
        with self._lock:
            job.status, job.message, job.finished = status, message, time.time()
            if status == "done":
                job.progress = 1.0
            if self._active is job:
                self._active = None
        self._save(job)

    def _save(self, job: Job) -> None:
        if self.history is None and self._history_wanted and self.index_dir.is_dir():  # the first build made it
            self.history = _open_history(self.index_dir / HISTORY_FILE)
        if self.history is not None:
            self.history.save(job)
