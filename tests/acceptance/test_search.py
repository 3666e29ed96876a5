"""Search over the shipped corpus, built once into a temporary index."""
import json

import pytest

from ssc_search.index.build import load
from ssc_search.index.search import MAX_QUERY_CHARS, Searcher

PUB = "towards-a-global-partnership-2014"


@pytest.fixture(scope="module")
def searcher(corpus_index):
    return Searcher(load(corpus_index))


def test_yucatan_agreement_finds_page_25(searcher):
    for query in ("Yucatan Agreement", "Yucatán Agreement"):
        top = searcher.search(query, k=3).results[0]
        assert (top.doc_id, top.page) == (PUB, 25)


def test_acronym_and_full_name_find_the_same_passages(searcher):
    short = [h.passage_id for h in searcher.search("AMEXCID", k=5).results]
    full = [h.passage_id for h in searcher.search(
        "Mexican Agency for International Development Cooperation", k=5).results]
    assert len(set(short) & set(full)) >= 3


def test_spanish_query_finds_english_and_spanish_passages(searcher):
    hits = searcher.search("cooperación triangular", k=10).results
    langs = {searcher.docs[h.doc_id].language for h in hits}
    assert langs == {"en", "es"}
    assert all("triangular" in h.text.lower() for h in hits[:5])


def test_filters(searcher):
    only_pub = searcher.search("cooperation", k=20, doc=PUB).results
    assert only_pub and {h.doc_id for h in only_pub} == {PUB}
    spanish = searcher.search("cooperación", k=20, language="es").results
    assert spanish and {searcher.docs[h.doc_id].language for h in spanish} == {"es"}
    in_2024 = searcher.search("South-South cooperation", k=20, year=2024).results
    assert in_2024 and {searcher.docs[h.doc_id].year for h in in_2024} == {2024}
    with pytest.raises(ValueError, match="unknown document 'nope'"):
        searcher.search("cooperation", doc="nope")


def test_highlights_mark_query_words(searcher):
    hit = searcher.search("Yucatan Agreement", k=1).results[0]
    marked = {hit.text[s:e].lower() for s, e in hit.highlights}
    assert {"yucatan", "agreement"} <= {m.replace("á", "a") for m in marked}


@pytest.mark.parametrize("query,k,message", [
    ("", 10, "the query is empty"),
    ("   ", 10, "the query is empty"),
    ("x" * (MAX_QUERY_CHARS + 1), 10, "at most 1000"),
    ("water", 0, "k must be a whole number from 1 to 100"),
    ("water", 101, "k must be a whole number from 1 to 100"),
])
def test_bad_queries(searcher, query, k, message):
    with pytest.raises(ValueError, match=message):
        searcher.search(query, k=k)


def test_nothing_matches(searcher):
    result = searcher.search("zzqx blorf", k=5)
    assert result.results == [] and result.total == 0


def test_result_json_shape(searcher):
    data = searcher.search("Yucatan Agreement", k=2).to_dict()
    assert set(data) == {"query", "took_ms", "total", "weaker", "results"}
    hit = data["results"][0]
    assert {"rank", "score", "doc_id", "title", "page", "passage_id", "text", "highlights"} <= set(hit)
    json.dumps(data)


def test_quoted_phrase_matches_the_words_in_order(searcher):
    loose = searcher.search("national statistical offices", k=5)
    phrase = searcher.search('"national statistical offices"', k=5)
    assert 0 < phrase.total < loose.total
    assert all("national statistical offices" in " ".join(h.text.lower().split()) for h in phrase.results)
    assert searcher.search('"offices statistical national"', k=5).results == []


def test_named_document_is_boosted_not_filtered(searcher):
    hits = searcher.search("What does resolution 79/236 say about the Lisbon triangular cooperation window?", k=10).results
    assert hits[0].doc_id == "ga-res-79-236-south-south-cooperation-2024"
    assert len({h.doc_id for h in hits}) > 1  # other documents still follow


def test_synonym_expansion_weighs_less_than_the_words_typed(searcher):
    terms = searcher.analyse("poor countries").weights
    assert terms["poor"] == 1.0 and 0 < terms["poverti"] <= 0.2  # WordNet: poor ~ poverty
