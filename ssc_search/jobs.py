"""Re-index jobs run in the background of a long-running process, one at a time."""
from __future__ import annotations

import logging
import threading
import time
import traceback
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .index import build
from .store import BuildBusy

log = logging.getLogger(__name__)
KEEP_JOBS = 100


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


class JobRunner:
    """Runs builds of one index from one corpus folder; `reserve` refuses a second while one runs."""

    def __init__(self, corpus_dir: Path, index_dir: Path) -> None:
        self.corpus_dir = Path(corpus_dir)
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._active: Job | None = None

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def recent(self, n: int = 20) -> list[Job]:
        return list(self._jobs.values())[-n:][::-1]

    def reserve(self, kind: str) -> Job:
        """A queued job that holds the single build slot; raise BuildBusy when it is taken."""
        with self._lock:
            if self._active is not None:
                raise BuildBusy(f"a build is running (job {self._active.id}); try again when it ends")
            job = Job(uuid.uuid4().hex[:12], kind)
            self._active = job
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
            return job

    def release(self, job: Job, message: str) -> None:
        """Give the slot back without building (the change before the build was refused)."""
        self._finish(job, "failed", message)

    def start(self, job: Job) -> None:
        threading.Thread(target=self._run, args=(job,), name=f"build-{job.id}", daemon=True).start()

    def submit(self, kind: str, doc_id: str | None = None) -> Job:
        job = self.reserve(kind)
        job.doc_id = doc_id
        self.start(job)
        return job

    def _progress(self, job: Job) -> Callable[[Iterable[Path]], Iterable[Path]]:
        def track(paths: Iterable[Path]) -> Iterable[Path]:
            paths = list(paths)
            for i, path in enumerate(paths):
                job.message = f"reading {path.name}"
                yield path
                job.progress = round(0.9 * (i + 1) / max(len(paths), 1), 3)
            job.message = "writing the index"
        return track

    def _run(self, job: Job) -> None:
        job.status = "running"
        try:
            report = build(self.corpus_dir, self.index_dir, progress=self._progress(job))
        except Exception as exc:  # a failed build leaves the served generation as it was
            log.error("build %s failed: %s\n%s", job.id, exc, traceback.format_exc())
            self._finish(job, "failed", f"the build failed ({type(exc).__name__}: {exc}); "
                                        "the library is served as it was")
            return
        job.report = report.to_dict()
        self._finish(job, "done", report.summary())

    def _finish(self, job: Job, status: str, message: str) -> None:
        with self._lock:
            job.status, job.message, job.finished = status, message, time.time()
            if status == "done":
                job.progress = 1.0
            if self._active is job:
                self._active = None
