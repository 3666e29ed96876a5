"""Segments: an index generation is a list of immutable segments, each holding some documents' pages,
passages and term counts, and the documents of each that were removed or replaced since (deletion
marks). A build writes only the new or changed documents, as one small new segment; a reader joins the
live rows of every segment and weighs them with the whole library's statistics, so the scores are
those of one index built at once. Merging folds segments together without analysing anything again.

    <index>/segments/<name>/   documents.json, records.json, pages.jsonl, passages.jsonl,
                               cites.json (each passage's id, document and page),
                               vocabulary.json, counts_{indptr,indices,data}.npy,
                               words.json (each document's words), offered.json (the segment's)
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..model import Document, Page, Passage
from .analysis import DocumentAnalysis
from .bm25 import merge_counts
from .store import IndexError_, IndexStore, fsync_dir, read_json, read_jsonl, write_array, write_json, write_jsonl

SEGMENTS = "segments"
MERGE_FACTOR = 8  # this many segments of about one size are merged into one
DELETED_SHARE = 0.5  # a segment whose passages are more than this share deleted is written again


@dataclass
class Record:
    """What a segment keeps about one document besides its text: where its reading came from (to tell
    an unchanged file from a changed one), its analysis key, and what its analysis mined."""

    doc_id: str
    source: str  # the reading's key: the file's bytes, name, catalogue entry and extractor
    reading: str  # the code that read it
    analysis: str  # the code that analysed it
    key: str  # the digest of its passages (the cache key of its analysis and mentions)
    passages: int
    acronyms: dict[str, dict[str, int]] = field(default_factory=dict)
    titled: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Live:
    """A segment as a generation uses it: its name and the documents deleted from it."""

    name: str
    deleted: frozenset[str] = frozenset()

    def to_dict(self) -> dict:
        return {"name": self.name, "deleted": sorted(self.deleted)}

    @classmethod
    def from_dict(cls, data: dict) -> Live:
        return cls(data["name"], frozenset(data.get("deleted", ())))


class Cite:
    """A passage as the entity catalogue cites it: its id, document and page, with its text read from
    its segment only when asked for (a build that adds one PDF to a large library needs the other
    passages' places, rarely their texts)."""

    __slots__ = ("id", "doc_id", "page", "page_label", "_segment", "_row")

    def __init__(self, id: str, doc_id: str, page: int, page_label: str, segment: Segment, row: int) -> None:
        self.id, self.doc_id, self.page, self.page_label = id, doc_id, page, page_label
        self._segment, self._row = segment, row

    @property
    def text(self) -> str:
        return self._segment.texts()[self._row]


class Segment:
    """One segment on disk, read as needed."""

    def __init__(self, root: Path, live: Live) -> None:
        self.folder = Path(root) / SEGMENTS / live.name
        self.live = live
        self._records: list[Record] | None = None
        self._texts: list[str] | None = None

    def _read(self, name: str, reader=read_json):
        try:
            return reader(self.folder / name)
        except (OSError, ValueError, TypeError) as exc:
            raise IndexError_(f"index segment {self.folder.name} is damaged ({exc}); "
                              "rebuild the index with `ssc-search index --full`") from None

    def records(self) -> list[Record]:
        if self._records is None:
            self._records = [Record(**r) for r in self._read("records.json")]
        return self._records

    def live_records(self) -> list[Record]:
        return [r for r in self.records() if r.doc_id not in self.live.deleted]

    def documents(self) -> list[Document]:
        return [Document.from_dict(d) for d in self._read("documents.json") if d["doc_id"] not in self.live.deleted]

    def passages(self) -> list[Passage]:
        deleted = self.live.deleted
        return [Passage.from_dict(p) for p in self._read("passages.jsonl", read_jsonl) if p["doc_id"] not in deleted]

    def cites(self) -> list[Cite]:
        """Its live passages as the catalogue cites them (their texts read when first asked for)."""
        columns = self._read("cites.json")
        deleted = self.live.deleted
        return [Cite(*row, self, i) for i, row in enumerate(zip(columns["id"], columns["doc_id"], columns["page"],
                                                                 columns["page_label"])) if row[1] not in deleted]

    def texts(self) -> list[str]:
        """The texts of all its passages (deleted ones too), in order."""
        if self._texts is None:
            self._texts = [p["text"] for p in self._read("passages.jsonl", read_jsonl)]
        return self._texts

    def pages(self) -> list[dict]:
        deleted = self.live.deleted
        return [p for p in self._read("pages.jsonl", read_jsonl) if p["doc_id"] not in deleted]

    def passage_count(self) -> int:
        return sum(r.passages for r in self.live_records())

    def deleted_share(self) -> float:
        total = sum(r.passages for r in self.records())
        return 1.0 - self.passage_count() / total if total else 0.0

    def words(self) -> tuple[Counter, set[str]]:
        """How many of its live documents use each word (in order of first appearance), and the words one
        of them uses twice: read whole when nothing was deleted, else counted from the live documents'."""
        if not self.live.deleted:
            offered = self._read("offered.json")
            return Counter(offered["documents"]), set(offered["repeated"])
        return _word_counts(w for w in self._read("words.json") if w[0] not in self.live.deleted)

    def document_words(self) -> list[list]:
        return [w for w in self._read("words.json") if w[0] not in self.live.deleted]

    def counts(self) -> tuple[list[str], sp.csr_matrix]:
        """(its own sorted vocabulary, its live passages' term counts over it): a part `bm25.merge_counts` joins."""
        vocabulary = self._read("vocabulary.json")
        indptr, indices, data = (self._read(f"counts_{part}.npy", np.load) for part in ("indptr", "indices", "data"))
        counts = sp.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, len(vocabulary)))
        if self.live.deleted:
            keep, start = [], 0
            for r in self.records():
                if r.doc_id not in self.live.deleted:
                    keep.extend(range(start, start + r.passages))
                start += r.passages
            counts = counts[np.asarray(keep, dtype=np.int64)]
        return vocabulary, counts


def _word_counts(words: list[list]) -> tuple[Counter, set[str]]:
    """From [doc_id, words, repeated] rows: documents using each word, and the words repeated in one."""
    documents, repeated = Counter(), set()
    for _, used, twice in words:
        documents.update(used)
        repeated.update(twice)
    return documents, repeated


def write_segment(root: Path, documents: list[Document], pages: list[Page | dict], passages: list[Passage | dict],
                  records: list[Record], words: list[list], vocabulary: list[str], counts: sp.csr_matrix) -> Live:
    """Write a new segment (in a temporary folder, renamed into place when whole) and name it."""
    parent = Path(root) / SEGMENTS
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".segment-", dir=parent))
    try:
        write_json(tmp / "documents.json", [d.to_dict() for d in documents])
        write_json(tmp / "records.json", [r.to_dict() for r in records])
        write_jsonl(tmp / "pages.jsonl", (p if isinstance(p, dict) else p.to_dict() for p in pages))
        write_jsonl(tmp / "passages.jsonl", (p if isinstance(p, dict) else p.to_dict() for p in passages))
        write_json(tmp / "cites.json", {key: [p[key] if isinstance(p, dict) else getattr(p, key) for p in passages]
                                        for key in ("id", "doc_id", "page", "page_label")})
        write_json(tmp / "vocabulary.json", vocabulary)
        write_json(tmp / "words.json", words)
        used, repeated = _word_counts(words)
        write_json(tmp / "offered.json", {"documents": used, "repeated": sorted(repeated)})
        write_array(tmp / "counts_indptr.npy", counts.indptr, np.int64)
        write_array(tmp / "counts_indices.npy", counts.indices, np.int32)
        write_array(tmp / "counts_data.npy", counts.data, np.int32)
        fsync_dir(tmp)
        name = IndexStore.new_name()
        os.rename(tmp, parent / name)
        fsync_dir(parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Live(name)


def new_segment(root: Path, documents: list[Document], pages: list[Page], passages: list[Passage],
                analyses: list[DocumentAnalysis], sources: dict[str, tuple[str, str]], analysis_kind: str) -> Live:
    """The segment of freshly read documents: `analyses` in the order of `documents`, `sources` each
    document's (reading key, reading code)."""
    records = [Record(d.doc_id, *sources[d.doc_id], analysis_kind, a.key, a.counts.shape[0], a.acronyms, a.titled)
               for d, a in zip(documents, analyses)]
    words = [[d.doc_id, a.words, a.repeated] for d, a in zip(documents, analyses)]
    counts, vocabulary = merge_counts([(a.vocabulary, a.counts) for a in analyses])
    return write_segment(root, documents, pages, passages, records, words, vocabulary, counts)


def merge(root: Path, segments: list[Segment]) -> Live:
    """One segment holding the live documents of `segments`, in their order; nothing is analysed again."""
    documents, pages, passages, records, words = [], [], [], [], []
    for segment in segments:
        documents += segment.documents()
        pages += segment.pages()
        passages += segment.passages()
        records += segment.live_records()
        words += segment.document_words()
    counts, vocabulary = library_counts(segments)
    return write_segment(root, documents, pages, passages, records, words, vocabulary, counts)


def to_merge(segments: list[Segment]) -> list[list[Segment]]:
    """The merge policy: groups of segments to fold together. Segments are put in levels by size (a
    level per factor MERGE_FACTOR of passages); MERGE_FACTOR segments of one level are merged, as
    Lucene's log merge policy does, so each passage is written again only O(log N) times. A segment
    mostly deleted is written again, with its level's others when they are merged."""
    levels: dict[int, list[Segment]] = {}
    for segment in segments:
        size = max(segment.passage_count(), 1)
        levels.setdefault(int(np.log(size) / np.log(MERGE_FACTOR)), []).append(segment)
    groups = []
    for level in sorted(levels):
        group = levels[level]
        if len(group) >= MERGE_FACTOR:
            groups.append(group)
        else:
            groups += [[s] for s in group if s.deleted_share() > DELETED_SHARE]
    return groups


def library_counts(segments: list[Segment]) -> tuple[sp.csr_matrix, list[str]]:
    """The live passages x terms counts of all segments, over the terms they use (a term only deleted
    passages used is not in it: Okapi's idf floor averages over the vocabulary)."""
    counts, vocabulary = merge_counts([s.counts() for s in segments])
    used = np.bincount(counts.indices, minlength=counts.shape[1]) > 0
    if used.all():
        return counts, vocabulary
    return counts[:, np.flatnonzero(used)].tocsr(), [t for t, u in zip(vocabulary, used) if u]


def offered_words(segments: list[Segment]) -> list[str]:
    """The words "did you mean" offers: those the library uses at least twice (in one document, or in
    two), in order of first appearance."""
    documents, repeated = Counter(), set()
    for segment in segments:
        used, twice = segment.words()
        documents.update(used)
        repeated |= twice
    return [w for w, n in documents.items() if n >= 2 or w in repeated]


def prune(root: Path, referenced: set[str]) -> list[str]:
    """Remove the segments no kept generation names, and temporary folders of killed builds (call it
    holding the build lock: no other build can be writing one)."""
    parent = Path(root) / SEGMENTS
    removed = []
    for path in parent.iterdir() if parent.is_dir() else []:
        if path.name not in referenced:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed
