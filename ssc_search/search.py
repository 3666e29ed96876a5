"""Questions to ranked passages: analysis, alias expansion, filters, highlights."""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

import numpy as np

from .aliases import Expander
from .analyze import Analyzer
from .index import LoadedIndex
from .model import Passage
from .ranker import Ranker, make_ranker

MAX_QUERY_CHARS = 1000
MAX_K = 100


@dataclass
class Hit:
    rank: int
    score: float
    doc_id: str
    title: str
    page: int
    page_label: str
    pdf_page: int
    passage_id: str
    section: str | None
    text: str
    highlights: list[list[int]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SearchResult:
    query: str
    took_ms: float
    total: int
    results: list[Hit]

    def to_dict(self) -> dict:
        return {"query": self.query, "took_ms": round(self.took_ms, 3), "total": self.total,
                "results": [h.to_dict() for h in self.results]}


def check_query(query: str, k: int) -> None:
    """Raise ValueError naming the problem for a query or k that cannot be served."""
    if not isinstance(query, str) or not query.strip():
        raise ValueError("the query is empty; type a few words, e.g. 'triangular cooperation'")
    if len(query) > MAX_QUERY_CHARS:
        raise ValueError(f"the query has {len(query)} characters; at most {MAX_QUERY_CHARS} are allowed")
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= MAX_K:
        raise ValueError(f"k must be a whole number from 1 to {MAX_K}, not {k!r}")


class Searcher:
    """Ranks one loaded index generation; safe to share between threads."""

    def __init__(self, index: LoadedIndex, analyzer: Analyzer | None = None, ranker: Ranker | None = None) -> None:
        self.index = index
        self.analyzer = analyzer or Analyzer()
        self.ranker = ranker or make_ranker(index)
        self.expander = Expander(index.aliases, self.analyzer)
        docs = index.documents
        self.docs = {d.doc_id: d for d in docs}
        self._doc_row = {d.doc_id: i for i, d in enumerate(docs)}
        self._passage_doc = np.array([self._doc_row[p.doc_id] for p in index.passages], dtype=np.int32)
        self._doc_lang = np.array([d.language for d in docs] or [""], dtype=object)
        self._doc_year = np.array([d.year or 0 for d in docs] or [0], dtype=np.int32)

    def mask(self, doc: str | list[str] | None = None, language: str | None = None,
             year: int | None = None) -> np.ndarray | None:
        """Boolean mask over passages for the filters; None when there are none."""
        if not (doc or language or year):
            return None
        keep = np.ones(len(self.docs), dtype=bool)
        if doc:
            wanted = [doc] if isinstance(doc, str) else list(doc)
            unknown = [d for d in wanted if d not in self._doc_row]
            if unknown:
                raise ValueError(f"unknown document {unknown[0]!r}; see `ssc-search documents` for ids")
            keep &= np.isin(np.arange(len(self.docs)), [self._doc_row[d] for d in wanted])
        if language:
            keep &= self._doc_lang[: len(self.docs)] == language
        if year:
            keep &= self._doc_year[: len(self.docs)] == int(year)
        return keep[self._passage_doc]

    def query_terms(self, query: str) -> dict[str, float]:
        """The question's own terms, plus the other names of what it names at a lower weight."""
        return self.expander.expand(query, self.analyzer.query_terms(query))

    def search(self, query: str, k: int = 10, doc: str | list[str] | None = None,
               language: str | None = None, year: int | None = None,
               mask: np.ndarray | None = None) -> SearchResult:
        """Rank passages; `mask` (one bool per passage) narrows further, e.g. to an entity's passages."""
        t0 = time.perf_counter()
        check_query(query, k)
        terms = self.query_terms(query)
        narrowed = self.mask(doc, language, year)
        if narrowed is not None:
            mask = narrowed if mask is None else (mask & narrowed)
        wanted = {"doc": [doc] if isinstance(doc, str) else doc, "language": language, "year": year}
        rows, values, total = self.ranker.search(terms, k, mask, wanted)
        hits = [self._hit(rank, int(row), float(score), terms)
                for rank, (row, score) in enumerate(zip(rows, values), 1)]
        return SearchResult(query, (time.perf_counter() - t0) * 1000, total, hits)

    def _hit(self, rank: int, row: int, score: float, terms: dict[str, float]) -> Hit:
        p: Passage = self.index.passages[row]
        doc = self.docs[p.doc_id]
        return Hit(rank, round(score, 6), p.doc_id, doc.title, p.page, p.page_label, p.pdf_page, p.id,
                   p.section, p.text, self.highlights(p.text, terms, doc.language))

    def highlights(self, text: str, terms: dict[str, float], language: str) -> list[list[int]]:
        """[start, end] spans of the words in `text` that match a query term."""
        spans = []
        for m in self.analyzer.token_spans(text):
            if any(t in terms for t in self.analyzer.cached_terms(m.group(), language)):
                spans.append([m.start(), m.end()])
        return spans
