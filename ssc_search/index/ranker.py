"""The seam between the search logic and the engine that ranks: one call, `search`.

`SparseRanker` is the embedded engine (the default); `ssc_search.index.xapian_backend.XapianRanker`
ranks the same analysed terms on Xapian shards, chosen by configuration.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Protocol

import numpy as np

from ..config import Settings
from .bm25 import TermMatrix, top_k

SCORES_CACHED = 32  # queries whose passage scores are kept (one float per passage each)


class Ranker(Protocol):
    def search(self, terms: dict[str, float], k: int, mask: np.ndarray | None,
               filters: dict) -> tuple[np.ndarray, np.ndarray, int]:
        """(passage rows, scores, total matching) of the k best passages.

        `filters` (doc ids, language, year) are the Searcher's; `mask` is one bool per passage
        that narrows further (it already holds the filters, for engines that take a mask).
        """


class SparseRanker:
    """Ranks on the term matrix. The scores of the last few queries are kept: a results page ranks
    its question once for the list and the answer both, whatever their filters or depths."""

    def __init__(self, matrix: TermMatrix, cached: int = SCORES_CACHED) -> None:
        self.matrix = matrix
        self._cached = cached
        self._scores: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def scores(self, terms: dict[str, float]) -> np.ndarray:
        """Every passage's score for the weighted terms (read-only: shared between callers)."""
        key = tuple(sorted(terms.items()))
        with self._lock:
            found = self._scores.get(key)
            if found is not None:
                self._scores.move_to_end(key)
                return found
        scores = self.matrix.scores(terms)
        scores.flags.writeable = False
        with self._lock:
            self._scores[key] = scores
            while len(self._scores) > self._cached:
                self._scores.popitem(last=False)
        return scores

    def search(self, terms, k, mask, filters):
        scores = self.scores(terms)
        if mask is not None:
            scores = np.where(mask, scores, 0)
        rows, values = top_k(scores, k)
        return rows, values, int(np.count_nonzero(scores > 0))


def backend() -> str:
    return Settings.from_env().backend


def make_ranker(index) -> Ranker:
    """The ranker the configuration asks for (SSC_BACKEND, SSC_XAPIAN_SHARDS)."""
    if backend() == "xapian":
        from .xapian_backend import XapianRanker

        return XapianRanker.from_env(index)
    return SparseRanker(index.matrix)
