"""What a build assembles beside the segments: the plan of the new generation's segments (carried
over with deletions, new, merged) and the library-wide files written from it."""
from __future__ import annotations

import shutil
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from ..ingest.cache import PageCache
from ..ingest.corpus import Corpus
from ..model import Document, Passage
from .aliases import alias_groups, load_alias_file
from .analysis import Analysts, DocumentAnalysis, analysis_kind, mentions_cached
from .bm25 import weigh
from .entities import build_catalogue
from .segments import SEGMENTS, Cite, Live, Record, Segment, merge, new_segment, offered_words
from .store import IndexError_, IndexStore, read_meta, write_array, write_json

WORDS_FILE = "words.json"


class Held(NamedTuple):
    """What a plan keeps of one segment: its live passages, their documents' records, the documents."""

    passages: list[Passage | Cite]
    records: list[Record]
    documents: list[Document]


class Plan:
    """The segments of the generation being built, in order, each with its live passages, records and
    documents held in memory: what the library-wide files are made of."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.segments: list[Segment] = []
        self._held: dict[str, Held] = {}
        self._created: list[str] = []
        self.new: Segment | None = None  # the segment of the documents this build read

    def _add(self, segment: Segment, passages: list[Passage | Cite], records: list[Record],
             documents: list[Document]) -> None:
        self.segments.append(segment)
        self._held[segment.live.name] = Held(passages, records, documents)

    def carry(self, old: list[Segment], kept: set[str]) -> tuple[dict[str, str], set[str]]:
        """Take over the segments of the current generation, with the documents not `kept` deleted.
        Returns the documents they held (id -> content hash) and the ids of the passages deleted."""
        before, gone_ids = {}, set()
        for segment in old:
            docs = segment.documents()
            before.update((d.doc_id, d.sha256) for d in docs)
            gone = {d.doc_id for d in docs} - kept
            held = segment.cites()  # the texts stay on disk unless the catalogue needs them
            gone_ids.update(p.id for p in held if p.doc_id in gone)
            if len(gone) == len(docs):
                continue  # nothing of it is left
            segment = Segment(self.root, Live(segment.live.name, segment.live.deleted | gone))
            self._add(segment, [p for p in held if p.doc_id not in gone], segment.live_records(),
                      [d for d in docs if d.doc_id not in gone])
        return before, gone_ids

    def add_new(self, corpus: Corpus, sources: dict[str, tuple[str, str]], analysts: Analysts) -> None:
        """The segment of the documents read by this build, with their analyses."""
        empty = DocumentAnalysis([], sp.csr_matrix((0, 0), dtype=np.int32), {}, {}, [], [])
        live = new_segment(self.root, corpus.documents, corpus.pages, corpus.passages,
                           [analysts.get(d.doc_id) or empty for d in corpus.documents], sources, analysis_kind())
        self._created.append(live.name)
        self.new = segment = Segment(self.root, live)
        self._add(segment, corpus.passages, segment.records(), corpus.documents)

    def fragmented(self) -> bool:
        """Whether the library is more than one segment, or one with deletions."""
        return len(self.segments) > 1 or any(s.live.deleted for s in self.segments)

    def fold(self, group: list[Segment]) -> None:
        """Merge `group` into one segment, which takes the place of its first."""
        merged = Segment(self.root, merge(self.root, group))
        self._created.append(merged.live.name)
        names = [s.live.name for s in group]
        at = self.segments.index(group[0])
        self.segments = [s for s in self.segments if s.live.name not in names]
        self.segments.insert(min(at, len(self.segments)), merged)
        held = [self._held.pop(n) for n in names]
        self._held[merged.live.name] = Held(*([x for lists in field for x in lists] for field in zip(*held)))

    def discard(self) -> None:
        """Remove the segments this plan wrote (a failed build)."""
        for name in self._created:
            shutil.rmtree(self.root / SEGMENTS / name, ignore_errors=True)

    def documents(self) -> list[Document]:
        """The library's documents in the order of their files, as one reading of the folder takes them:
        what is made from them in this order comes out as a build from scratch makes it."""
        return sorted((d for s in self.segments for d in self._held[s.live.name].documents), key=lambda d: d.file)

    def passages(self) -> list[Passage | Cite]:
        """The live passages, in the segments' order (the order of the rows of the library's matrix): those
        read by this build whole, the others as the catalogue cites them."""
        return [p for s in self.segments for p in self._held[s.live.name].passages]

    def records(self) -> dict[str, Record]:
        return {r.doc_id: r for s in self.segments for r in self._held[s.live.name].records}


def write_generation(folder: Path, plan: Plan, skipped: list[dict], params: dict, corpus_dir: Path | None,
                     cache: PageCache | None) -> None:
    """What the library as a whole needs beside its segments, as plain JSON: the entity catalogue, the
    aliases, the words "did you mean" offers, the documents and the files skipped. When the library
    is one segment with nothing deleted (a full build, a full merge), its weights too, so a reader
    need not weigh it (no pickle anywhere)."""
    documents, of_document = plan.documents(), plan.records()
    records = [of_document[d.doc_id] for d in documents]
    at = {d.doc_id: i for i, d in enumerate(documents)}
    passages = sorted(plan.passages(), key=lambda p: at[p.doc_id])  # in file order; stable: pages in order
    acronyms, titled = defaultdict(Counter), Counter()
    for record in records:  # summed in document order, as one pass would count
        for acronym, forms in record.acronyms.items():
            acronyms[acronym].update(forms)
        titled.update(record.titled)
    curated = load_alias_file(corpus_dir)
    catalogue = build_catalogue(passages, corpus_dir, acronyms, titled,
                                mentions_cached(passages, {r.doc_id: r.key for r in records}, cache))
    named = [[e["name"], *e["aliases"]] for e in catalogue["entities"] if e["aliases"] and e["kind"] != "country"]
    write_json(folder / "aliases.json", alias_groups(acronyms, curated + named))
    write_json(folder / "entities.json", catalogue)
    write_json(folder / WORDS_FILE, offered_words(plan.segments))
    write_json(folder / "documents.json", [d.to_dict() for d in documents])
    write_json(folder / "skipped.json", skipped)
    if plan.segments and not plan.fragmented():
        _, counts = plan.segments[0].counts()
        weights = weigh(counts, params["method"], params["k1"], params["b"]) if counts.shape[0] else \
            sp.csr_matrix((0, 0), dtype=np.float32)
        write_array(folder / "weights_indptr.npy", weights.indptr, np.int64)
        write_array(folder / "weights_indices.npy", weights.indices, np.int32)
        write_array(folder / "weights_data.npy", weights.data, np.float32)


def generations_on_disk(store: IndexStore) -> list[list[Live]]:
    """The live segments each generation in the index folder names (a damaged one is passed over)."""
    out = []
    for folder in store.generations.iterdir() if store.generations.is_dir() else []:
        if folder.name.startswith("."):
            continue
        try:
            out.append([Live.from_dict(d) for d in read_meta(folder, any_format=True).get("segments", [])])
        except (IndexError_, KeyError, TypeError):
            continue
    return out


def referenced(store: IndexStore) -> set[str]:
    """The segments the generations on disk name (a generation being read keeps its segments)."""
    return {live.name for lives in generations_on_disk(store) for live in lives}
