"""Parsed pages cached by the PDF's content hash, so unchanged files are never parsed twice."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from .pdf import RawDocument

CACHE_VERSION = 1


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
        try:
            data = json.loads(self._path(sha, extractor).read_text(encoding="utf-8"))
            return RawDocument(data["pages"], data["labels"], data.get("title", ""))
        except (OSError, ValueError, KeyError):
            return None

    def put(self, sha: str, extractor: str, raw: RawDocument) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        target = self._path(sha, extractor)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"pages": raw.pages, "labels": raw.labels, "title": raw.title}, fh)
        os.replace(tmp, target)
