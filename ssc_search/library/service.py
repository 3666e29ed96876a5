"""The library interface the CLI and the web app both call: `Library` (one index folder and its
corpus: the current generation, and the changes a build makes) and `Snapshot` (everything one
request or one command asks of one generation: search, ask, documents, entities, facets,
suggestions, did-you-mean, page text). A feature lives here once, so neither shell can lack it."""
from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from ..analyze import fold
from ..answer.answerer import Answer, Answerer
from ..errors import QueryError, UnknownName
from ..i18n import _
from ..index.build import BuildReport, LoadedIndex, build, load
from ..index.entities import Catalogue
from ..index.hits import SearchResult
from ..index.query import Query
from ..index.search import Searcher, check_query
from ..index.store import IndexStore
from ..model import Document
from .corpus_admin import Change, add_with_undo, remove_document

MAX_CORRECTIONS, MAX_CORRECTED_CHARS = 5, 30


@dataclass
class Snapshot:
    """Everything one request needs, from one generation: never half of two."""

    index: LoadedIndex
    searcher: Searcher
    answerer: Answerer
    catalogue: Catalogue
    pages: dict[tuple[str, int], dict]
    passage_entities: list[list[int]]
    row: dict[str, int] = field(default_factory=dict)  # passage id -> row
    vocabulary: list[str] = field(default_factory=list)  # the words used at least twice, for did-you-mean
    _by_document: dict[str, list[dict]] | None = field(default=None, repr=False)  # pages, when first asked for
    _by_initial: dict[str, list[str]] | None = field(default=None, repr=False)  # the vocabulary by first letter

    @property
    def generation(self) -> str:
        return self.index.generation

    def document_pages(self, doc_id: str) -> list[dict]:
        """A document's pages in PDF order (none for an id the library lacks)."""
        if self._by_document is None:
            by_document: dict[str, list[dict]] = {}
            for (d, _index), p in sorted(self.pages.items()):
                by_document.setdefault(d, []).append(p)
            self._by_document = by_document
        return self._by_document.get(doc_id, [])

    def page(self, doc_id: str, label: str) -> dict | None:
        """A page by what it prints ("25", "ii"); a number no page prints falls back to the PDF index."""
        pages = self.document_pages(doc_id)
        match = [p for p in pages if p["label"] == label]
        if not match and label.isdigit() and len(label) <= 6:  # no PDF has a million pages
            match = [p for p in pages if p["index"] == int(label)]
        return match[0] if match else None

    def quote_span(self, passage_id: str, quote: str) -> tuple[int, int] | None:
        """Where a cited sentence stands in its page's text (whitespace may differ), or None."""
        row = self.row.get(passage_id)
        if row is None:
            return None
        p = self.index.passages[row]
        return self.searcher.locators.find(p.doc_id, p.pdf_page, p.start, p.end, quote)

    def entity_mask(self, entity_ids: list[str]) -> np.ndarray:
        wanted = {self.catalogue.by_id[e] for e in entity_ids if e in self.catalogue.by_id}
        unknown = [e for e in entity_ids if e not in self.catalogue.by_id]
        if unknown:
            raise UnknownName(_("unknown entity {entity!r}; see /api/entities for ids", entity=unknown[0]))
        return np.array([bool(wanted & set(ents)) for ents in self.passage_entities], dtype=bool)

    def analyse(self, text: str) -> Query:
        """The query analysed once; pass it to `search`, `ask` and `did_you_mean` of one request."""
        check_query(text, 1)
        return self.searcher.analyse(text)

    def search(self, query: str | Query, k: int = 10, doc=None, language=None, year=None,
               entity: list[str] | None = None, weaker: bool = False) -> SearchResult:
        mask = self.entity_mask(entity) if entity else None
        return self.searcher.search(query, k=k, doc=doc, language=language, year=year, mask=mask, weaker=weaker)

    def ask(self, question: str | Query, doc=None, language=None, year=None) -> Answer:
        return self.answerer.ask(question, doc=doc, language=language, year=year)

    def documents(self) -> list[Document]:
        return self.index.documents

    def skipped(self) -> list[dict]:
        """The corpus files the generation could not index, each with the reason."""
        return self.index.skipped

    def entities(self, kind: str | None = None) -> list[dict]:
        return self.catalogue.list(kind)

    def facets(self, result: SearchResult) -> dict:
        """Counts over every passage the result's `total` counts: by document, year, language, agency and
        country. Each passage has one document, year and language, so those counts add up to `total`
        (a document without a year is counted under year 0)."""
        docs, passages = self.searcher.docs, self.index.passages
        out = {"doc": Counter(), "year": Counter(), "language": Counter(), "agency": Counter(), "country": Counter()}
        for row in result.matched:
            d = docs[passages[row].doc_id]
            out["doc"][d.doc_id] += 1
            out["year"][d.year or 0] += 1
            out["language"][d.language] += 1
            for i in set(self.passage_entities[row]):
                kind = self.catalogue.kind(i)
                if kind in ("agency", "country"):
                    out[kind][self.catalogue.entities[i]["id"]] += 1
        return {k: v.most_common() for k, v in out.items()}

    def did_you_mean(self, query: str | Query) -> str | None:
        """The query with each word the library never uses replaced by the closest one it does (rapidfuzz,
        at most MAX_CORRECTIONS words of at most MAX_CORRECTED_CHARS letters, so a long query of
        invented words costs no more than a short one)."""
        query = self.searcher.analyse(query)
        missing = [w for w in dict.fromkeys(query.missing) if len(w) <= MAX_CORRECTED_CHARS]
        if not missing or not self.vocabulary:
            return None
        if self._by_initial is None:
            by_initial: dict[str, list[str]] = {}
            for w in self.vocabulary:
                by_initial.setdefault(w[:1], []).append(w)
            self._by_initial = by_initial
        typed = query.words if query.shouted else query.text  # the missing words are as `words` has them
        out = typed
        for word in missing[:MAX_CORRECTIONS]:
            folded = fold(word)  # a misspelling keeps its first letter: "entró" is not offered as "dentro"
            close = process.extractOne(folded, self._by_initial.get(folded[:1], []), scorer=fuzz.ratio, score_cutoff=80)
            if close:
                out = out.replace(word, close[0])
        return out if out != typed else None

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        """Entity names and aliases that start with (or contain a word starting with) `prefix`."""
        p = fold(prefix.strip())
        if len(p) < 2:
            return []
        scored = []
        for e in self.catalogue.entities:
            for name in [e["name"], *e["aliases"]]:
                f = fold(name)
                if f.startswith(p) or f" {p}" in f" {f}":
                    scored.append((not f.startswith(p), -len(e["mentions"]), name, e))
                    break
        scored.sort(key=lambda s: s[:3])
        return [{"id": e["id"], "name": name, "kind": e["kind"], "label": self.catalogue.labelled(e)["label"]}
                for *_, name, e in scored[:limit]]


def make_snapshot(index: LoadedIndex) -> Snapshot:
    page_list = index.pages()  # read once: the page view and the locators both need them
    searcher = Searcher(index, pages=page_list)
    catalogue = index.catalogue()
    pages = {(p["doc_id"], p["index"]): p for p in page_list}
    row = searcher.passage_rows
    per_passage: list[list[int]] = [[] for _ in index.passages]
    for i, e in enumerate(catalogue.entities):
        for m in e["mentions"]:
            j = row.get(m["passage_id"])
            if j is not None:
                per_passage[j].append(i)
    vocabulary = index.words()
    if vocabulary is None:  # a generation from before words.json: counted here, once
        words = Counter(w for p in index.passages for w in searcher.analyzer.folded_words(p.text))
        vocabulary = [w for w, c in words.items() if c >= 2]
    return Snapshot(index, searcher, Answerer(searcher, catalogue), catalogue, pages, per_passage, row, vocabulary)


class Library:
    """An index folder and the corpus folder it is built from. `current()` is the snapshot of the
    served generation (a re-index is picked up on the next call); `rebuild`, `add` and `remove`
    change the library."""

    def __init__(self, index_dir: Path, corpus_dir: Path | None = None) -> None:
        self.store = IndexStore(index_dir)
        self.corpus_dir = Path(corpus_dir) if corpus_dir is not None else None
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None

    def _corpus(self) -> Path:
        if self.corpus_dir is None or not self.corpus_dir.is_dir():
            raise QueryError(_("no corpus folder at {folder}; pass --corpus DIR or set SSC_CORPUS_DIR",
                               folder=self.corpus_dir))
        return self.corpus_dir

    def rebuild(self, full: bool = False, extractor: str | None = None, params: dict | None = None,
                progress=None, merge: bool = False) -> BuildReport:
        """Build a new generation from the corpus folder (the settings of the current one kept unless
        given); `merge` folds all its segments into one."""
        return build(self._corpus(), self.store.root, extractor=extractor, full=full, params=params,
                     progress=progress, merge_all=merge)

    def add(self, data: bytes, meta: dict, max_bytes: int) -> tuple[dict, Change]:
        """Check and store an uploaded PDF with its catalogue entry (not yet indexed: `rebuild`)."""
        return add_with_undo(self._corpus(), data, meta, max_bytes)

    def remove(self, doc_id: str) -> Change:
        """Take a document's PDF and catalogue entry out of the corpus folder (not yet re-indexed)."""
        doc = self.current().searcher.docs.get(doc_id)
        if doc is None:
            raise UnknownName(_("no document {doc!r} in the library", doc=doc_id))
        return remove_document(self._corpus(), doc_id, doc.file)

    def current(self) -> Snapshot:
        """The snapshot of the current generation (loading it when the pointer moved)."""
        name = self.store.current_name()
        snap = self._snapshot
        if snap is not None and snap.generation == name:
            return snap
        with self._lock:
            snap = self._snapshot
            name = self.store.current_name()
            if snap is None or snap.generation != name:
                snap = make_snapshot(load(self.store.root))
                self._snapshot = snap
        return snap

