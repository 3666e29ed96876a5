"""Ranking on Xapian shards, local or served by `xapian-tcpsrv` on other machines.

Passages are indexed with the terms our analyzer produced (not Xapian's stemming) and spread
over N shards by a stable hash of their id. Each build writes a new database per shard beside the
old one, `<root>/shard-<i>/<generation>/`, then switches `<root>/shard-<i>/current` (a symlink,
replaced atomically) to it. A shard server started on `<root>/shard-<i>/current` opens the
database for each connection, so it serves the new generation without a restart.

A shard that cannot be reached makes the search fail with `ShardUnavailable`, naming it: the
service answers 503 rather than rank on part of the library, and recovers by itself when the
shard is back.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import threading
from pathlib import Path

import numpy as np
import xapian

from ..config import Settings
from .store import ShardUnavailable

DOC, LANG, YEAR = "XD", "XL", "XY"  # boolean filter terms; our own terms are lower case, so never clash
VERSION = "XV"  # the version of the passage's document (see version_of)
FORMAT = "3"  # what a shard's documents hold: a shard of another format is written again
SLACK = 20  # results asked for beyond k: passages of another generation are dropped
MAX_TERM_BYTES = 240
K1, B = 1.2, 0.75


def shard_of(passage_id: str, n: int) -> int:
    return int(hashlib.sha1(passage_id.encode()).hexdigest()[:8], 16) % n


def shard_count() -> int:
    return Settings.from_env().xapian_nshards


def shard_root(index_dir: Path) -> Path:
    return Settings.from_env().xapian_dir or Path(index_dir) / "xapian"


def version_of(record) -> str:
    """A document as one build read and analysed it (a segment's `Record`): its file, name and catalogue
    entry (so its id, language and year), its text and the code that analysed it. The same version is
    the same Xapian documents, whichever segment holds it, so a merge changes no shard."""
    return hashlib.sha1(f"{record.source}\0{record.analysis}\0{record.key}".encode()).hexdigest()[:16]


def versions_of(segments) -> dict[str, str]:
    """doc_id -> version of every live document of `segments`."""
    return {r.doc_id: version_of(r) for s in segments for r in s.live_records()}


def passage_key(version: str, passage_id: str) -> str:
    """What a shard's document holds as its data: a passage of one version of its document."""
    return f"{version}:{passage_id}"


def to_document(passage, row: int, counts, document, version: str) -> xapian.Document:
    """Row `row` of the count matrix `counts` (matrix, vocabulary) as a Xapian document."""
    matrix, vocabulary = counts
    doc = xapian.Document()
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    for j, tf in zip(matrix.indices[start:end].tolist(), matrix.data[start:end].tolist()):
        term = vocabulary[j]
        if len(term.encode()) <= MAX_TERM_BYTES:
            doc.add_term(term, tf)
    doc.add_boolean_term(DOC + passage.doc_id)
    doc.add_boolean_term(LANG + document.language)
    if document.year:
        doc.add_boolean_term(YEAR + str(document.year))
    doc.add_boolean_term(VERSION + version)
    doc.set_data(passage_key(version, passage.id))
    return doc


def write_shards(root: Path, n: int, generation: str, passages, counts, documents, versions: dict[str, str],
                 previous: str | None = None, removed: set[str] = frozenset()) -> None:
    """Write generation `generation` of every shard (not yet current); `counts` is the passages x terms
    count matrix with its vocabulary, as the build made them, and `versions` each document's version. With
    `previous` (a generation every shard holds), each shard starts as a copy of it: the documents `removed`
    and those of `passages` are deleted from it and `passages` added, so a new PDF costs a copy of the
    files, not a rebuild."""
    meta = {d.doc_id: d for d in documents}
    dbs = []
    for i in range(n):
        path = root / f"shard-{i}" / generation
        if previous:
            shutil.rmtree(path, ignore_errors=True)
            shutil.copytree(root / f"shard-{i}" / previous, path)
        path.mkdir(parents=True, exist_ok=True)
        db = xapian.WritableDatabase(str(path), xapian.DB_OPEN if previous else xapian.DB_CREATE_OR_OVERWRITE)
        db.begin_transaction()
        if previous:
            for doc_id in set(removed) | {p.doc_id for p in passages}:
                db.delete_document(DOC + doc_id)  # every passage of the document (none is fine)
        dbs.append(db)
    try:
        for row, passage in enumerate(passages):
            dbs[shard_of(passage.id, n)].add_document(
                to_document(passage, row, counts, meta[passage.doc_id], versions[passage.doc_id]))
        for db in dbs:
            db.set_metadata("generation", generation)
            db.set_metadata("format", FORMAT)
            db.commit_transaction()
    finally:
        for db in dbs:
            db.close()


def held_by_all(root: Path, n: int, generation: str | None) -> bool:
    """Whether every one of the `n` shards holds `generation` in this format (and no other shard exists)."""
    if not generation or (root / f"shard-{n}").exists():
        return False
    try:
        return all(xapian.Database(str(root / f"shard-{i}" / generation)).get_metadata("format").decode() == FORMAT
                   for i in range(n))
    except xapian.Error:  # missing or damaged: written again
        return False


def switch_shards(root: Path, n: int, generation: str) -> None:
    """Point every shard's `current` at `generation` (each switch is one atomic rename)."""
    for i in range(n):
        shard = root / f"shard-{i}"
        tmp = shard / f".current-{os.getpid()}"
        if tmp.is_symlink():
            tmp.unlink()
        os.symlink(generation, tmp)
        os.replace(tmp, shard / "current")


def prune_shards(root: Path, keep: set[str]) -> None:
    for shard in root.glob("shard-*"):
        for gen in shard.iterdir():
            if gen.is_dir() and not gen.is_symlink() and gen.name not in keep:
                shutil.rmtree(gen, ignore_errors=True)


class XapianRanker:
    """Ranks through a Xapian database that combines the shards; one connection set per thread."""

    def __init__(self, index, shards: list[str], timeout: float = 2.0) -> None:
        self.shards = shards
        self.timeout_ms = int(timeout * 1000)
        versions = versions_of(index.segments)
        self.row = {passage_key(versions[p.doc_id], p.id): i for i, p in enumerate(index.passages)}
        self.row.update({p.id: i for i, p in enumerate(index.passages)})  # shards written before versions
        params = index.meta.get("params", {})
        self.k1, self.b = params.get("k1", K1), params.get("b", B)
        self._local = threading.local()

    @classmethod
    def from_env(cls, index) -> XapianRanker:
        settings = Settings.from_env()
        servers = list(settings.xapian_shards)
        if not servers:
            root = shard_root(index.folder.parent.parent)
            servers = [str(p) for p in sorted(root.glob("shard-*/current"))]
            if not servers:
                raise ShardUnavailable(f"no Xapian shards under {root}; build with SSC_BACKEND=xapian first")
        return cls(index, servers, settings.xapian_timeout)

    def _open_one(self, spec: str):
        if ":" in spec and not Path(spec).exists():
            host, port = spec.rsplit(":", 1)
            return xapian.remote_open(host, int(port), self.timeout_ms, self.timeout_ms)
        return xapian.Database(spec)

    def _db(self):
        db = getattr(self._local, "db", None)
        if db is None:
            db = xapian.Database()
            for spec in self.shards:
                try:
                    db.add_database(self._open_one(spec))
                except xapian.Error as exc:
                    raise ShardUnavailable(f"shard {spec} is unavailable ({exc.get_msg()}); "
                                           "no results are given rather than incomplete ones") from None
            self._local.db = db
        return db

    def _which_is_down(self) -> str:
        for spec in self.shards:
            try:
                self._open_one(spec).get_doccount()
            except xapian.Error:
                return spec
        return ", ".join(self.shards)

    def search(self, terms, k, mask, filters):
        parts = [xapian.Query(xapian.Query.OP_SCALE_WEIGHT, xapian.Query(t), float(w))
                 for t, w in terms.items() if len(t.encode()) <= MAX_TERM_BYTES]
        if not parts:
            return np.empty(0, dtype=np.int64), np.empty(0), 0
        query = xapian.Query(xapian.Query.OP_OR, parts)
        for prefix, values in ((DOC, filters.get("doc")), (LANG, filters.get("language")),
                               (YEAR, filters.get("year"))):
            if values:
                values = values if isinstance(values, list) else [values]
                allowed = xapian.Query(xapian.Query.OP_OR, [xapian.Query(prefix + str(v)) for v in values])
                query = xapian.Query(xapian.Query.OP_FILTER, query, allowed)
        for attempt in (1, 2):
            try:
                return self._ranked(query, k, mask)
            except xapian.DatabaseModifiedError:  # a writer committed twice since this connection opened
                self._local.db = None
                if attempt == 2:
                    raise ShardUnavailable("the shards changed during the search twice; try again") from None
            except xapian.Error as exc:
                self._local.db = None  # reconnect on the next request: the shard may be back by then
                raise ShardUnavailable(f"shard {self._which_is_down()} is unavailable ({exc.get_msg()}); "
                                       "no results are given rather than incomplete ones") from None

    def _ranked(self, query, k, mask):
        """The k best passages of this generation: matches of another generation (shards written over the
        network hold the next or the last one's too, for a while) or outside the mask are passed over, page
        after page of matches, until k are found or none are left."""
        enquire = xapian.Enquire(self._db())
        enquire.set_query(query)
        enquire.set_weighting_scheme(xapian.BM25Weight(self.k1, 0, 0, self.b, 0))
        size = k + SLACK if mask is None else max(10 * k, 1000)
        rows, scores, start, total = [], [], 0, 0
        while len(rows) < k:
            mset = enquire.get_mset(start, size)
            total = max(total, mset.get_matches_estimated())
            for match in mset:
                row = self.row.get(match.document.get_data().decode())
                if row is None or (mask is not None and not mask[row]) or match.weight <= 0:
                    continue
                rows.append(row)
                scores.append(match.weight)
                if len(rows) == k:
                    break
            if mset.size() < size:
                break
            start += size
        return np.array(rows, dtype=np.int64), np.array(scores), int(total)
