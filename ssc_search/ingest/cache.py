"""Parsed pages cached by the PDF's content hash, so unchanged files are never parsed twice."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import orjson

from ..files import atomic_write
from .pdf import RawDocument

CACHE_VERSION = 1


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
        """What was cached for this PDF under `kind` (an extractor, or "ocr-eng"), or None."""
        try:
            data = orjson.loads(self._path(sha, kind).read_bytes())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def put_data(self, sha: str, kind: str, data: dict) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        target = self._path(sha, kind)
        atomic_write(target, orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY))
