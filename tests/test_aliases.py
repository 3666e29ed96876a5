from collections import Counter

from ssc_search.analyze import Analyzer
from ssc_search.index.aliases import (
    EXPANSION_WEIGHT,
    NAME_EXPANSION_WEIGHT,
    Expander,
    alias_groups,
    mine,
)


def test_mine_english_and_spanish_definitions():
    texts = [
        "The Mexican Agency for International Development Cooperation (AMEXCID) was set up in 2011.",
        "Report of the United Nations Development Programme (UNDP) on the region.",
        "La Agencia Mexicana de Cooperación Internacional para el Desarrollo (AMEXCID) coordina.",
        "Some text (AB) and a lowercase (word) here.",
    ]
    found = mine(texts)
    assert found["UNDP"] == Counter({"United Nations Development Programme": 1})
    assert found["AMEXCID"]["Mexican Agency for International Development Cooperation"] == 1
    assert "Agencia Mexicana de Cooperación Internacional para el Desarrollo" in found["AMEXCID"]
    assert "word" not in found
    # the article a definition stands in is no part of the name
    found = mine(["Artículo Segundo La Agencia Mexicana de Cooperación Internacional (AMEXCID) para el Desarrollo",
                  "Article 3. United Nations Development Programme (UNDP) offices"])
    assert list(found["AMEXCID"]) == ["Agencia Mexicana de Cooperación Internacional"]
    assert list(found["UNDP"]) == ["United Nations Development Programme"]
    # a post before the name, or a person's name, is no long form; a translated name is
    found = mine(["the Programme of the United Nations Population Fund (UNFPA) in Mexico",
                  "Director of the United Nations Development Programme (UNDP) said", "Paola García (UNDP)",
                  "the Ministry of the Interior (SEGOB) and"])
    assert list(found["UNFPA"]) == ["United Nations Population Fund"]
    assert list(found["UNDP"]) == ["United Nations Development Programme"]
    assert list(found["SEGOB"]) == ["Ministry of the Interior"]
    # the fewest last words that spell the acronym, not the phrase the name ends
    found = mine(["with the UN in Mexico and the United Nations Development Programme (UNDP) the Agency",
                  "Artificial Intelligence and the International Telecommunication Union (ITU) report"])
    assert list(found["UNDP"]) == ["United Nations Development Programme"]
    assert list(found["ITU"]) == ["International Telecommunication Union"]


def test_expansion_adds_other_names_at_lower_weight():
    analyzer = Analyzer()
    groups = alias_groups({"UNDP": Counter({"United Nations Development Programme": 3})}, [["PNUD", "UNDP"]])
    expander = Expander(groups, analyzer)
    terms = expander.expand("PNUD in Mexico", analyzer.query_terms("PNUD in Mexico"))
    assert terms["pnud"] == 1.0 and terms["undp"] == EXPANSION_WEIGHT
    assert "programm" not in terms  # only the groups the question names are followed, once
    full = expander.expand("United Nations Development Programme", analyzer.query_terms(
        "United Nations Development Programme"))
    # a name of several words expands to its acronym nearly as strongly as the words typed
    assert full["undp"] == NAME_EXPANSION_WEIGHT < 1.0 and full["nation"] == 1.0


def test_an_acronym_that_is_also_a_word_matches_only_in_capitals():
    analyzer = Analyzer()
    expander = Expander([["WHO", "World Health Organization"]], analyzer)
    assert expander.names_in("Who presided over the session?") == []
    assert expander.names_in("What does WHO recommend?") == [(0, "WHO")]
