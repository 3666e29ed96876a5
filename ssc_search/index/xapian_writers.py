"""Xapian shards written over the network, through writable shard servers (`xapian-tcpsrv --writable`).

A deployment of several machines then needs no shared disk for its shards: each shard's host keeps
one database, served read-only to the app replicas (`xapian-tcpsrv`, `SSC_XAPIAN_SHARDS`) and
writable to the build (`xapian-tcpsrv --writable`, `SSC_XAPIAN_WRITERS`, in shard order). Every Xapian
document carries the version of its passage's document (`xapian_backend.version_of`), and a reader
takes only the passages of the versions its own generation holds, so a build works in two steps
around the switch of the index pointer:

1. before it: each shard gets the passages of the versions it lacks (the documents read by this
   build; every passage of the library for a shard that was lost, emptied or written for another
   shard count; everything again, after emptying, for a full build), in one transaction per shard;
2. after it: each shard deletes the versions no generation left in the index folder holds (the
   generation before stays there for a while, so replicas that have not yet taken the new index
   keep finding their passages; removed and replaced documents go with a later build, as does
   whatever a failed build left).

A version is a document as read and analysed: its file, name and catalogue entry (id, language,
year), its text and the analysing code; a renamed file or a changed catalogue entry is a new one. A
build that fails in step 1 switches nothing: what it added belongs to no generation and readers pass
it over. Until step 2 removes them, the shards' statistics count the old and new versions of a
changed document, so its scores may differ slightly from a fresh build's; the results only ever name
passages of the generation a reader has loaded.
"""
from __future__ import annotations

import logging

import scipy.sparse as sp
import xapian

from .generation import Plan, generations_on_disk
from .segments import Segment, library_counts
from .store import IndexError_, IndexStore, ShardUnavailable
from .xapian_backend import FORMAT, VERSION, shard_of, to_document, versions_of

log = logging.getLogger(__name__)


_NOT_SWITCHED = "the index was not switched"
_SWITCHED = "the index was switched; the next build deletes its old passages"


def _open(address: str, timeout: float, after: str = _NOT_SWITCHED) -> xapian.WritableDatabase:
    host, _, port = address.rpartition(":")
    ms = int(timeout * 1000)
    try:
        return xapian.remote_open_writable(host, int(port), ms, ms)
    except (ValueError, xapian.Error) as exc:
        reason = exc.get_msg() if isinstance(exc, xapian.Error) else "not host:port"
        raise ShardUnavailable(f"shard writer {address} is unavailable ({reason}); {after}") from None


def _held(db: xapian.Database, n: int) -> set[str] | None:
    """The versions a shard holds; None when it was written for another shard count or format."""
    if db.get_metadata("shards").decode() != str(n) or db.get_metadata("format").decode() != FORMAT:
        return None
    return {t.term[len(VERSION):].decode() for t in db.allterms(VERSION)}


def lacking(writers: list[str], passages, versions: dict[str, str], timeout: float) -> set[str]:
    """The versions of `passages` (each document's in `versions`) that the shard of some passage lacks."""
    n = len(writers)
    wanted: list[set[str]] = [set() for _ in range(n)]
    for p in passages:
        wanted[shard_of(p.id, n)].add(versions[p.doc_id])
    out: set[str] = set()
    for i, address in enumerate(writers):
        db = _open(address, timeout)
        try:
            out |= wanted[i] - (_held(db, n) or set())
        except xapian.Error as exc:
            raise _failed(address, exc) from None
        finally:
            db.close()
    return out


def add(writers: list[str], passages, counts, documents, versions: dict[str, str], timeout: float,
        clear: bool = False) -> None:
    """Step 1: each shard gets the passages of `passages` (rows of `counts`, (matrix, vocabulary)) whose
    document version it lacks; a shard of another shard count or format, or every shard when `clear`
    (a full build), is emptied in the same transaction."""
    n, meta = len(writers), {d.doc_id: d for d in documents}
    rows: list[list[int]] = [[] for _ in range(n)]
    for row, p in enumerate(passages):
        rows[shard_of(p.id, n)].append(row)
    for i, address in enumerate(writers):
        db = _open(address, timeout)
        try:
            held = None if clear else _held(db, n)
            db.begin_transaction()
            if held is None:
                for docid in [item.docid for item in db.postlist("")]:
                    db.delete_document(docid)
            for row in rows[i]:
                p = passages[row]
                if versions[p.doc_id] not in (held or ()):
                    db.add_document(to_document(p, row, counts, meta[p.doc_id], versions[p.doc_id]))
            db.set_metadata("shards", str(n))
            db.set_metadata("format", FORMAT)
            db.commit_transaction()
        except xapian.Error as exc:
            raise _failed(address, exc) from None
        finally:
            db.close()


def drop(writers: list[str], keep: set[str], timeout: float) -> None:
    """Step 2: each shard deletes the passages of the versions not in `keep`."""
    for address in writers:
        db = _open(address, timeout, _SWITCHED)
        try:
            gone = [t.term for t in db.allterms(VERSION) if t.term[len(VERSION):].decode() not in keep]
            if gone:
                db.begin_transaction()
                for term in gone:
                    db.delete_document(term)
                db.commit_transaction()
        except xapian.Error as exc:
            raise ShardUnavailable(f"shard writer {address} failed ({exc.get_msg()}); {_SWITCHED}") from None
        finally:
            db.close()


def finish(writers: list[str], store: IndexStore, timeout: float) -> None:
    """Step 2 once the generation is current: the versions no generation on disk holds are deleted (the
    one before stays, as its folder does: a replica that has not yet taken the new index still finds
    its passages). A failure is logged, not raised: the index is served correctly, the next build
    finishes the step."""
    try:
        drop(writers, versions_on_disk(store), timeout)
    except ShardUnavailable as exc:
        log.warning("%s", exc)


def versions_on_disk(store: IndexStore) -> set[str]:
    """The versions of the live documents of every generation in the index folder."""
    out: set[str] = set()
    for lives in generations_on_disk(store):
        try:
            out |= set(versions_of([Segment(store.root, live) for live in lives]).values())
        except IndexError_:
            continue  # a damaged segment: its passages go with the next builds
    return out


def add_generation(writers: list[str], plan: Plan, read, versions: dict[str, str], timeout: float,
                   full: bool = False) -> None:
    """Step 1 for the generation `plan` makes, whose documents `read` (passages) this build read: only
    those are sent, unless a shard lacks others too or the build is a full one (then the whole library
    is, a shard taking what it lacks, or everything after being emptied)."""
    documents = plan.documents()
    if not full and lacking(writers, plan.passages(), versions, timeout) <= {versions[p.doc_id] for p in read}:
        vocabulary, counts = plan.new.counts() if plan.new else ([], sp.csr_matrix((0, 0), dtype="int32"))
        add(writers, read, (counts, vocabulary), documents, versions, timeout)
    else:
        add(writers, plan.passages(), library_counts(plan.segments), documents, versions, timeout, clear=full)


def _failed(address: str, exc: xapian.Error) -> ShardUnavailable:
    return ShardUnavailable(f"shard writer {address} failed ({exc.get_msg()}); the index was not switched")
