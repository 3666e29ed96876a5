import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from ssc_search.index.bm25 import TermMatrix, count_matrix, top_k, weigh

DOCS = [
    "mexico triangular cooperation with japan and germany",
    "south south cooperation in latin america and the caribbean",
    "statistics cooperation between inegi and partner offices in the region",
    "food security programme in mesoamerica with fao support",
    "water management exchange between mexico and nicaragua",
    "electoral bodies of mexico and tanzania exchange experiences",
    "gender statistics centre of excellence with un women and inegi",
]
TOKENS = [d.split() for d in DOCS]


def _matrix(method, k1=1.5, b=0.75):
    counts, vocab = count_matrix(TOKENS)
    return TermMatrix({t: i for i, t in enumerate(vocab)}, weigh(counts, method, k1, b), method)


@pytest.mark.parametrize("query", [["mexico"], ["statistics", "inegi"], ["cooperation", "mexico", "mexico"],
                                   ["and"], ["unknown", "water"]])
@pytest.mark.parametrize("k1,b", [(1.5, 0.75), (1.2, 0.5), (0.9, 0.4)])
def test_okapi_equals_rank_bm25(query, k1, b):
    reference = BM25Okapi(TOKENS, k1=k1, b=b).get_scores(query)
    matrix = _matrix("okapi", k1, b)
    weights = {}
    for term in query:
        weights[term] = weights.get(term, 0) + 1
    np.testing.assert_allclose(matrix.scores(weights), reference, atol=1e-6)


def test_lucene_ranks_by_rarity_and_never_scores_negative():
    matrix = _matrix("lucene")
    rows, scores = matrix.top_k({"inegi": 1, "statistics": 1}, 3)
    assert list(rows) == [2, 6]  # the two documents that name INEGI and statistics, nothing else
    assert (matrix.weights_.data > 0).all()


def test_tfidf_is_cosine():
    matrix = _matrix("tfidf")
    rows, scores = matrix.top_k({"mexico": 1}, 10)
    assert set(rows) == {0, 4, 5} and scores.max() <= 1.0


def test_zero_scores_are_no_match():
    matrix = _matrix("lucene")
    rows, _ = matrix.top_k({"absent": 1.0}, 5)
    assert rows.size == 0


def test_top_k_orders_and_masks():
    rows, values = top_k(np.array([0.5, 3.0, 0.0, 2.0, 3.0]), 3)
    assert list(rows) == [1, 4, 3] and list(values) == [3.0, 3.0, 2.0]
    matrix = _matrix("lucene")
    mask = np.zeros(len(DOCS), dtype=bool)
    mask[4] = True
    rows, _ = matrix.top_k({"mexico": 1}, 5, mask)
    assert list(rows) == [4]


def test_unknown_method():
    counts, _ = count_matrix(TOKENS)
    with pytest.raises(ValueError, match="choose one of lucene, okapi, tfidf"):
        weigh(counts, "bm42")


def test_batch_equals_single():
    matrix = _matrix("lucene")
    queries = [{"mexico": 1}, {"statistics": 1, "inegi": 2}, {"absent": 1}, {"cooperation": 1, "and": 1}]
    batch = matrix.top_k_batch(queries, 3, chunk=3)
    for query, (rows, scores) in zip(queries, batch):
        single_rows, single_scores = matrix.top_k(query, 3)
        assert list(rows) == list(single_rows)
        np.testing.assert_allclose(scores, single_scores, rtol=1e-6)


def test_merged_document_counts_equal_one_count_over_the_library():
    import random

    from ssc_search.index.bm25 import count_matrix, merge_counts

    rng = random.Random(7)
    words = [f"w{i}" for i in range(40)] + ["zeta", "alpha", "ñandú", "Ärger"]
    documents = [[[rng.choice(words) for _ in range(rng.randint(0, 12))] for _ in range(rng.randint(1, 5))]
                 for _ in range(8)]
    documents.append([[]])  # a document with no terms at all
    whole, vocabulary = count_matrix([p for d in documents for p in d])
    parts = []
    for d in documents:
        counts, local = count_matrix(d)
        parts.append((local, counts))
    merged, merged_vocabulary = merge_counts(parts)
    assert merged_vocabulary == vocabulary
    assert merged.shape == whole.shape and (merged != whole).nnz == 0
    assert merged.dtype == whole.dtype and merged.has_sorted_indices


def test_counts_are_those_of_scikit_learns_count_vectorizer():
    from sklearn.feature_extraction.text import CountVectorizer

    lists = [["b", "a", "b", "ñu"], [], ["c", "a"], ["a", "a", "a"], ["Z", "zz", "b"]]
    reference = CountVectorizer(analyzer=lambda tokens: tokens, dtype=np.int32)
    expected = reference.fit_transform(lists).tocsr()
    counts, vocabulary = count_matrix(lists)
    assert vocabulary == list(reference.get_feature_names_out())
    assert counts.dtype == expected.dtype and (counts != expected).nnz == 0
    empty, nothing = count_matrix([[], []])
    assert empty.shape == (2, 0) and nothing == []


def test_weights_are_the_same_whatever_the_block_of_postings_weighed_at_once(monkeypatch):
    import ssc_search.index.bm25 as bm25

    counts, _ = count_matrix(TOKENS * 3)
    for method in ("lucene", "okapi"):
        whole = weigh(counts, method)
        monkeypatch.setattr(bm25, "WEIGH_BLOCK", 2)
        blocks = weigh(counts, method)
        monkeypatch.setattr(bm25, "WEIGH_BLOCK", 1 << 20)
        assert whole.dtype == blocks.dtype == np.float32
        assert np.array_equal(whole.indptr, blocks.indptr) and np.array_equal(whole.indices, blocks.indices)
        assert np.array_equal(whole.data, blocks.data)
