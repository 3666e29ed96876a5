"""Parsed pages cached by the PDF's content hash, so unchanged files are never parsed twice."""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import orjson

from ..files import atomic_write
from .pdf import RawDocument

CACHE_VERSION = 1
KEEP_UNUSED_DAYS = 30  # a cache entry no build used for this long is deleted after a build


def code_fingerprint(modules: Iterable[str], *extra: str) -> str:
    """A short digest of the named modules' source code (dotted names under the package: "ingest.clean")
    and of `extra` values (data, versions): the part of a cache key that changes when what made the
    cached value changes."""
    digest = hashlib.sha256("\0".join(extra).encode("utf-8"))
    for module in modules:
        *folders, name = module.split(".")
        digest.update(resources.files("ssc_search").joinpath(*folders, f"{name}.py").read_bytes())
    return digest.hexdigest()[:16]


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class PageCache:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, sha: str, extractor: str) -> Path:
        return self.root / f"{sha}.{extractor}.v{CACHE_VERSION}.json"

    def get(self, sha: str, extractor: str) -> RawDocument | None:
        data = self.get_data(sha, extractor)
        try:
            return RawDocument(data["pages"], data["labels"], data.get("title", "")) if data else None
        except (KeyError, TypeError):
            return None

    def put(self, sha: str, extractor: str, raw: RawDocument) -> None:
        self.put_data(sha, extractor, {"pages": raw.pages, "labels": raw.labels, "title": raw.title})

    def get_data(self, sha: str, kind: str) -> dict | None:
        """What was cached for this PDF under `kind` (an extractor, or "ocr-eng"), or None. An entry
        read is marked as used (its modification time), so that `prune` keeps it."""
        path = self._path(sha, kind)
        try:
            data = orjson.loads(path.read_bytes())
        except (OSError, ValueError):
            return None
        try:
            os.utime(path)
        except OSError:
            pass  # a read-only cache is still a cache
        return data if isinstance(data, dict) else None

    def prune(self, unused_days: float = KEEP_UNUSED_DAYS) -> int:
        """Delete the entries no build has read or written for `unused_days` (a document removed long
        ago, a cache key from older code); returns how many went."""
        cutoff, gone = time.time() - unused_days * 86400, 0
        for path in self.root.glob("*.json") if self.root.is_dir() else []:
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    gone += 1
            except OSError:
                continue  # gone already, or not ours to delete
        return gone

    def put_data(self, sha: str, kind: str, data: dict) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        target = self._path(sha, kind)
        # not flushed to disk: an entry lost to a power cut is read again, a damaged one is not parsed
        atomic_write(target, orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY),
                     durable=False)
