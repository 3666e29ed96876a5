"""Scoring: BM25 (Lucene and classic Okapi variants) and TF-IDF, precomputed
into one term-major sparse matrix so a query is a few row slices and a sum.

One small pure function per formula; `TermMatrix` holds the fitted state.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..config import METHODS, BuildSettings

WEIGH_BLOCK = 1 << 20  # postings weighed at once


def idf_lucene(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Lucene's BM25 idf: log(1 + (N - df + 0.5) / (df + 0.5)), never negative."""
    return np.log1p((n_docs - df + 0.5) / (df + 0.5))


def idf_okapi(df: np.ndarray, n_docs: int, epsilon: float = 0.25) -> np.ndarray:
    """rank-bm25's BM25Okapi idf: log((N - df + 0.5) / (df + 0.5)); negative values become
    epsilon times the mean idf, as rank-bm25 does."""
    idf = np.log(n_docs - df + 0.5) - np.log(df + 0.5)
    floor = epsilon * idf.mean() if idf.size else 0.0
    return np.where(idf < 0, floor, idf)


def tf_saturation(tf: np.ndarray, doc_len: np.ndarray, avgdl: float, k1: float, b: float,
                  numerator: bool) -> np.ndarray:
    """tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl)); Lucene drops the (k1 + 1), which ranks the same."""
    norm = tf + k1 * (1.0 - b + b * doc_len / avgdl)
    return tf * (k1 + 1.0) / norm if numerator else tf / norm


def count_matrix(token_lists: list[list[str]]) -> tuple[sp.csr_matrix, list[str]]:
    """Documents x terms counts of pre-analysed tokens, over their sorted vocabulary: what
    scikit-learn's CountVectorizer gives (tested against it), without importing scikit-learn into
    every build and search. Each document's tokens are counted in C (`Counter`); Python touches each
    distinct (document, term) pair once."""
    per_document = [Counter(tokens) for tokens in token_lists]
    vocabulary = sorted(set().union(*per_document))
    position = {t: i for i, t in enumerate(vocabulary)}
    indptr = np.zeros(len(per_document) + 1, dtype=np.int64)
    np.cumsum([len(c) for c in per_document], out=indptr[1:])
    nnz = int(indptr[-1])
    indices = np.fromiter((position[t] for c in per_document for t in c), dtype=np.int32, count=nnz)
    data = np.fromiter((n for c in per_document for n in c.values()), dtype=np.int32, count=nnz)
    counts = sp.csr_matrix((data, indices, indptr), shape=(len(per_document), len(vocabulary)))
    counts.sort_indices()
    return counts, vocabulary


def merge_counts(parts: list[tuple[list[str], sp.csr_matrix]]) -> tuple[sp.csr_matrix, list[str]]:
    """The rows of several count matrices, each over its own sorted vocabulary, as one matrix over
    the sorted union of them: what `count_matrix` gives for all their documents at once, in the
    cost of the non-zero counts (no document is analysed again)."""
    vocabulary = sorted(set().union(*(v for v, _ in parts)))
    if not parts:
        return sp.csr_matrix((0, 0), dtype=np.int32), vocabulary
    position = {t: i for i, t in enumerate(vocabulary)}
    indices, data, indptr, offset = [], [], [np.zeros(1, dtype=np.int64)], 0
    for local, counts in parts:
        to_global = np.fromiter((position[t] for t in local), dtype=np.int32, count=len(local))
        indices.append(to_global[counts.indices])
        data.append(counts.data)
        indptr.append(counts.indptr[1:].astype(np.int64) + offset)
        offset += counts.nnz
    merged = sp.csr_matrix((np.concatenate(data).astype(np.int32), np.concatenate(indices), np.concatenate(indptr)),
                           shape=(sum(c.shape[0] for _, c in parts), len(vocabulary)))
    merged.sort_indices()
    return merged, vocabulary


def weigh(counts: sp.csr_matrix, method: str = BuildSettings.method, k1: float = BuildSettings.k1,
          b: float = BuildSettings.b) -> sp.csr_matrix:
    """Term-major (terms x documents) float32 weights for `method`."""
    if method not in METHODS:
        raise ValueError(f"unknown scoring method {method!r}; choose one of {', '.join(METHODS)}")
    counts = counts.tocsr()
    n_docs = counts.shape[0]
    if method == "tfidf":
        from sklearn.feature_extraction.text import TfidfTransformer

        weights = TfidfTransformer(norm="l2", sublinear_tf=True).fit_transform(counts.astype(np.float64))
        return weights.T.tocsr().astype(np.float32)
    doc_len = np.asarray(counts.sum(axis=1, dtype=np.int64)).ravel().astype(np.float64)
    avgdl = max(doc_len.mean() if n_docs else 1.0, 1e-9)
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
    idf = idf_lucene(df, n_docs) if method == "lucene" else idf_okapi(df, n_docs)
    # computed in float64 a block of postings at a time, kept in float32: a library's weights never
    # need several float64 copies of every posting at once
    data = np.empty(counts.nnz, dtype=np.float32)
    for start in range(0, counts.nnz, WEIGH_BLOCK):
        end = min(start + WEIGH_BLOCK, counts.nnz)
        rows = np.searchsorted(counts.indptr, np.arange(start, end), side="right") - 1
        tf = counts.data[start:end].astype(np.float64)
        data[start:end] = tf_saturation(tf, doc_len[rows], avgdl, k1, b, numerator=method == "okapi") \
            * idf[counts.indices[start:end]]
    return sp.csr_matrix((data, counts.indices, counts.indptr), shape=counts.shape).T.tocsr()


@dataclass
class TermMatrix:
    """Fitted weights: row t of `weights_` holds term t's weight in every document."""

    vocabulary_: dict[str, int]
    weights_: sp.csr_matrix
    method: str = "lucene"

    def __post_init__(self) -> None:
        # row bounds as Python ints: indexing a NumPy array per query term costs more than the slice
        self._spans = list(zip(self.weights_.indptr[:-1].tolist(), self.weights_.indptr[1:].tolist()))

    @property
    def n_docs(self) -> int:
        return self.weights_.shape[1]

    def scores(self, query: dict[str, float]) -> np.ndarray:
        """Dense scores of every document for weighted query terms."""
        indices, data = self.weights_.indices, self.weights_.data
        idx, vals = [], []
        for term, weight in query.items():
            row = self.vocabulary_.get(term)
            if row is None:
                continue
            s, e = self._spans[row]
            idx.append(indices[s:e])
            vals.append(data[s:e] if weight == 1.0 else data[s:e] * np.float32(weight))
        if not idx:
            return np.zeros(self.n_docs, dtype=np.float32)
        if len(idx) == 1:
            out = np.zeros(self.n_docs, dtype=np.float32)
            out[idx[0]] = vals[0]
            return out
        return np.bincount(np.concatenate(idx), weights=np.concatenate(vals), minlength=self.n_docs)

    def top_k(self, query: dict[str, float], k: int = 10,
              mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(document indices, scores) of the k best documents scoring above zero, best first."""
        scores = self.scores(query)
        if mask is not None:
            scores = np.where(mask, scores, 0)
        return top_k(scores, k)


    def top_k_batch(self, queries: list[dict[str, float]], k: int = 10,
                    chunk: int = 256) -> list[tuple[np.ndarray, np.ndarray]]:
        """top_k for many queries at once: one sparse product per chunk of queries."""
        out = []
        for start in range(0, len(queries), chunk):
            rows, cols, vals = [], [], []
            for i, query in enumerate(queries[start:start + chunk]):
                for term, weight in query.items():
                    col = self.vocabulary_.get(term)
                    if col is not None:
                        rows.append(i)
                        cols.append(col)
                        vals.append(weight)
            n = min(chunk, len(queries) - start)
            q = sp.csr_matrix((np.asarray(vals, dtype=np.float32), (rows, cols)),
                              shape=(n, self.weights_.shape[0]))
            scores = (q @ self.weights_).toarray()
            kk = min(k, scores.shape[1])
            if kk == 0:
                out.extend(top_k(scores[i], k) for i in range(n))
                continue
            part = np.argpartition(-scores, kk - 1, axis=1)[:, :kk]
            part.sort(axis=1)  # ties by index, as in top_k
            values = np.take_along_axis(scores, part, axis=1)
            order = np.argsort(-values, axis=1, kind="stable")
            part = np.take_along_axis(part, order, axis=1)
            values = np.take_along_axis(values, order, axis=1)
            for i in range(n):
                keep = values[i] > 0
                out.append((part[i][keep], values[i][keep]))
        return out


def top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and values of the k largest positive scores, best first (ties by index)."""
    if k <= 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=scores.dtype)
    # positives first: a zero score is no match, and partitioning many equal zeros is slow
    candidates = np.flatnonzero(scores > 0)
    if candidates.size > k:
        values = scores[candidates]
        cut = candidates.size - k
        candidates = np.sort(candidates[np.argpartition(values, cut)[cut:]])
    values = scores[candidates]
    order = np.argsort(-values, kind="stable")
    return candidates[order], values[order]
