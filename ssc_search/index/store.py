"""The index on disk: immutable generations and a pointer to the current one.

    <index>/CURRENT                 name of the current generation (replaced atomically)
    <index>/generations/<name>/     meta.json, documents.json, pages.jsonl, passages.jsonl, arrays
    <index>/cache/                  parsed pages by PDF content hash

A build writes a new generation in a temporary folder, renames it into place,
then replaces CURRENT; a crash at any moment leaves the old generation served.
"""
from __future__ import annotations

import fcntl
import filecmp
import os
import shutil
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import orjson

from ..files import atomic_write
from ..i18n import _

FORMAT_VERSION = 3  # 3: segments; 2: an ordinal is one term ("twenty-second" and "22nd" both "22nd")


class IndexError_(ValueError):
    """The index is missing, damaged or from another format version."""




class ShardUnavailable(RuntimeError):
    """A search shard cannot be reached; the message names it."""


class BuildBusy(RuntimeError):
    """Another build of the same index is running (in this process or another)."""


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


JSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def write_json(path: Path, data) -> None:
    with open(path, "wb") as fh:
        fh.write(orjson.dumps(data, option=JSON_OPTIONS))
        fh.flush()
        os.fsync(fh.fileno())


def write_jsonl(path: Path, rows) -> None:
    with open(path, "wb") as fh:
        for row in rows:
            fh.write(orjson.dumps(row, option=JSON_OPTIONS))
            fh.write(b"\n")
        fh.flush()
        os.fsync(fh.fileno())


def write_array(path: Path, values, dtype) -> None:
    """A NumPy array as a .npy file (no pickle), flushed to disk."""
    with open(path, "wb") as fh:
        np.save(fh, np.asarray(values, dtype=dtype), allow_pickle=False)
        fh.flush()
        os.fsync(fh.fileno())


def read_json(path: Path):
    return orjson.loads(Path(path).read_bytes())


def read_jsonl(path: Path) -> list[dict]:
    with open(path, "rb") as fh:
        return [orjson.loads(line) for line in fh if line.strip()]


class IndexStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.generations = self.root / "generations"
        self.cache_dir = self.root / "cache"

    @contextmanager
    def build_lock(self):
        """Hold the index's build lock for the block; raise BuildBusy when another build holds it."""
        self.root.mkdir(parents=True, exist_ok=True)
        fh = open(self.root / ".build.lock", "a+")
        try:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BuildBusy(_("another build of this index is running; try again when it ends")) from None
            yield
        finally:
            fh.close()  # closing releases the lock, also when the process dies

    def current_name(self) -> str | None:
        try:
            name = (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return name if name and (self.generations / name).is_dir() else None

    def current(self) -> Path:
        """The current generation's folder; raises IndexError_ when there is none."""
        name = self.current_name()
        if name is None:
            raise IndexError_(_("no index in {folder}; build one with `ssc-search index`", folder=self.root))
        return self.generations / name

    def begin(self) -> Path:
        """A fresh temporary folder for a new generation."""
        self.generations.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".building-", dir=self.generations))

    @staticmethod
    def new_name() -> str:
        return time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]

    def commit(self, tmp: Path, meta: dict, name: str | None = None) -> str:
        """Seal the generation built in `tmp` and make it current. Returns its name."""
        name = name or self.new_name()
        write_json(tmp / "meta.json", {"format_version": FORMAT_VERSION, "generation": name, **meta})
        fsync_dir(tmp)
        final = self.generations / name
        os.rename(tmp, final)
        fsync_dir(self.generations)
        atomic_write(self.root / "CURRENT", name.encode("utf-8"), prefix=".CURRENT.")
        fsync_dir(self.root)
        return name

    def same_as_current(self, tmp: Path, meta: dict) -> bool:
        """Whether the generation built in `tmp` (described by `meta`) is the current one again: the same
        files byte for byte and the same description, its build time and report aside."""
        folder = self.generations / (self.current_name() or ".none")
        try:
            old = read_meta(folder)
        except IndexError_:
            return False
        if any(old.get(k) != v for k, v in meta.items() if k not in ("built", "diff")):
            return False
        names = sorted(p.name for p in tmp.iterdir())
        return names == sorted(p.name for p in folder.iterdir() if p.name != "meta.json") and \
            all(filecmp.cmp(tmp / n, folder / n, shallow=False) for n in names)

    def abort(self, tmp: Path) -> None:
        shutil.rmtree(tmp, ignore_errors=True)

    def prune(self, keep: int = 2, grace_seconds: float = 60.0, building_age: float = 3600.0) -> list[str]:
        """Remove old generations (and stale temporary folders), keeping the newest `keep`.

        A generation replaced less than `grace_seconds` ago is kept, so a reader
        that opened it just before the switch can finish. A `.building-*` folder older than
        `building_age` seconds is a killed build's; a caller holding the build lock passes 0, since
        no other build can be writing one.
        """
        if not self.generations.is_dir():
            return []
        current = self.current_name()
        now, removed = time.time(), []
        if not current:
            return []
        # newest first by when each was sealed: two builds in one second have names that do not sort so
        done = sorted((p for p in self.generations.iterdir() if not p.name.startswith(".")),
                      key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
        for path in done[keep:]:
            if path.name != current and now - path.stat().st_mtime > grace_seconds:
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
        for path in self.generations.glob(".building-*"):
            if now - path.stat().st_mtime >= building_age:
                shutil.rmtree(path, ignore_errors=True)
        return removed


def read_meta(generation: Path, any_format: bool = False) -> dict:
    try:
        meta = read_json(generation / "meta.json")
    except (OSError, ValueError) as exc:
        raise IndexError_(_("index generation {name} is unreadable ({error}); rebuild the index with "
                            "`ssc-search index --full`", name=generation.name, error=exc)) from None
    if meta.get("format_version") != FORMAT_VERSION and not any_format:
        raise IndexError_(_("index format {found} is not {expected}; rebuild the index with `ssc-search index --full`",
                            found=meta.get("format_version"), expected=FORMAT_VERSION))
    return meta
