import pytest

from ssc_search.analyze import Analyzer, detect_language, fold


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


def test_fold():
    assert fold("Yucatán Cooperación ÑANDÚ") == "yucatan cooperacion nandu"


def test_english_terms_keep_acronyms_compounds_and_numbers(analyzer):
    terms = analyzer.terms("The UN-HABITAT and PAHO/WHO projects of Mexico's AMEXCID in 2011: 212 capabilities", "en")
    assert terms == ["un-habitat", "un", "habitat", "paho/who", "paho", "who", "project", "mexico",
                     "amexcid", "2011", "212", "capabl"]


def test_acronym_is_not_a_stop_word_but_the_word_is(analyzer):
    assert analyzer.terms("WHO supports who", "en") == ["who", "support"]


def test_spanish_terms(analyzer):
    assert analyzer.terms("La cooperación triangular de la AMEXCID", "es") == ["cooper", "triangul", "amexcid"]


def test_accents_do_not_matter(analyzer):
    assert analyzer.terms("Yucatán", "en") == analyzer.terms("Yucatan", "en")


def test_query_is_analysed_in_both_languages(analyzer):
    q = analyzer.query_terms("cooperación triangular")
    # the Spanish stem meets English "cooperation" (stem "cooper"), the English one keeps the word
    assert q["cooper"] == 1.0 and q["triangular"] == 1.0
    en = analyzer.query_terms("What is the Yucatan Agreement?")
    assert en["agreement"] == 1.0 and "the" not in en and "what" not in en


def test_detect_language():
    assert detect_language("what is the role of the agency".split()) == "en"
    assert detect_language("que es la agencia de cooperacion".split()) == "es"
    assert detect_language(["amexcid"]) is None


def test_an_ordinal_is_one_term_however_it_is_written():
    a = Analyzer()
    same = [a.terms("the 22nd session")[0], a.terms("the twenty-second session")[0], a.terms("22º período", "es")[0]]
    assert same == ["22nd"] * 3
    assert "22nd" in a.terms("vigésimo segundo período de sesiones", "es")  # two words, one ordinal
    assert a.terms("seventy-ninth session")[0] == "79th" and a.terms("fortieth anniversary")[0] == "40th"
    assert a.terms("first meeting") == a.terms("1st meeting") and a.terms("la segunda reunión", "es")[0] == "2nd"
    assert "2nd" in a.terms("second-order flow")  # the part of a compound, as the word alone
    assert a.terms("the 11th and 13th meetings")[:2] == ["11th", "13th"] and "112th" in a.terms("112th")
    # Spanish writes a period before the indicator: "23.º período", "2.ª reunión"; a decimal stays a number
    assert a.terms("el 23.º período", "es")[0] == "23rd" and a.terms("la 2.ª reunión", "es")[0] == "2nd"
    assert a.terms("el 3.5 por ciento", "es")[0] == "3.5" and a.terms("página 3. Nota", "es")[1] == "3"
    assert a.terms("el 23.° período", "es")[0] == "23rd"  # typed with a degree sign
    from ssc_search.answer.constraints import numbers, ordinals
    assert ordinals("¿Cuándo se celebrará el 23.º período de sesiones?") == {23}
    assert numbers("¿Cuándo se celebró el 22.º período?") == set() == numbers("el 22º período")  # no number 22


def test_a_number_that_is_not_an_ordinal_stays_as_it_is():
    a = Analyzer()
    assert a.terms("22 sessions, 0th, seconds") == ["22", "session", "0th", "second"]


def test_what_an_analyzer_remembers_of_tokens_does_not_change_their_terms(monkeypatch):
    import ssc_search.analyze as module
    text = "Mexico's AMEXCID-UNDP fund: the twenty second session, ΟΔΟΣ İstanbul, 1,500.5 d’Ivoire"
    expected = Analyzer().terms(text)
    monkeypatch.setattr(module, "TOKENS_REMEMBERED", 3)  # the tables are emptied again and again
    small = Analyzer()
    assert [small.terms(text) for _ in range(3)] == [expected] * 3
    assert small.folded_words(text) == [fold(m.group()) for m in small.token_spans(text)]
    assert small.raw_tokens("Mexico's UNDP")[:2] == [("mexico", False), ("undp", True)]
    # checked once a text: a table holds at most the bound and the tokens of one text
    assert all(len(table) <= 3 + len(text.split()) for table in [small._raw, small._folded, *small._entries.values()])


def test_a_word_s_terms_and_the_spans_of_the_words_holding_some_terms():
    a = Analyzer()
    text = "Mexico's cooperation: the twenty-second session of AMEXCID-UNDP, cooperating"
    for m in a.token_spans(text):
        assert a.word_terms(m.group()) == tuple(a.terms(m.group()))
    spans = a.spans_holding(text, frozenset({"cooper", "22nd"}))
    assert [text[s:e] for s, e in spans] == ["cooperation", "twenty-second", "cooperating"]
    assert a.spans_holding(text, frozenset()) == []
    # the same text for another query (its words' terms remembered): in reading order, each word once
    # though it holds two of the terms wanted ("AMEXCID-UNDP" is "amexcid-undp", "amexcid" and "undp")
    again = a.spans_holding(text, frozenset({"undp", "amexcid", "mexico", "cooper"}))
    assert [text[s:e] for s, e in again] == ["Mexico's", "cooperation", "AMEXCID-UNDP", "cooperating"]
    # an ordinal in two words is one term, and the two words are marked: "twenty second" is "22nd"
    two = "the twenty second session and the vigésimo segundo período"
    assert [two[s:e] for s, e in a.spans_holding(two, frozenset({"22nd"}))] == ["twenty second"]
    both = a.spans_holding(two, frozenset({"22nd", "twenti", "session"}))  # no span inside another
    assert [two[s:e] for s, e in both] == ["twenty second", "session"]
    assert [two[s:e] for s, e in a.spans_holding(two, frozenset({"22nd"}), "es")] == ["vigésimo segundo"]


def test_an_ordinal_in_capitals_in_two_words_or_in_one_spanish_word():
    a = Analyzer()
    assert a.terms("SECOND COMMITTEE")[0] == a.terms("Second Committee")[0] == "2nd"
    assert a.terms("vigésimo segundo período", "es") == ["22nd", "period"]  # not 20th and 2nd besides
    assert a.terms("twenty second meeting") == ["twenti", "22nd", "meet"]
    assert "22nd" not in a.terms("twenty. Second, meeting")  # two sentences, not one ordinal
    assert a.terms("décimo quinto", "es") == a.terms("decimoquinto", "es") == ["15th"]
    assert a.terms("the twenty-second session")[:3] == ["22nd", "twenti", "second"]  # its parts as words
    assert a.terms("a primer on aid") == ["primer", "aid"] and a.terms("primer informe", "es")[0] == "1st"
