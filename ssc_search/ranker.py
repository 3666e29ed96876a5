"""The seam between the search logic and the engine that ranks: one call, `search`.

`SparseRanker` is the embedded engine (the default); `ssc_search.xapian_backend.XapianRanker`
ranks the same analysed terms on Xapian shards, chosen by configuration.
"""
from __future__ import annotations

from typing import Protocol

import numpy as np

from .bm25 import TermMatrix, top_k
from .config import Settings


class Ranker(Protocol):
    def search(self, terms: dict[str, float], k: int, mask: np.ndarray | None,
               filters: dict) -> tuple[np.ndarray, np.ndarray, int]:
        """(passage rows, scores, total matching) of the k best passages.

        `filters` (doc ids, language, year) are the Searcher's; `mask` is one bool per passage
        that narrows further (it already holds the filters, for engines that take a mask).
        """


class SparseRanker:
    def __init__(self, matrix: TermMatrix) -> None:
        self.matrix = matrix

    def search(self, terms, k, mask, filters):
        scores = self.matrix.scores(terms)
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
