"""Text to index terms: case and accent folding, stop words, Snowball stems,
acronyms and hyphenated names kept whole and findable by their parts.

Documents are analysed in their own language; a question is analysed in both
English and Spanish, the language it reads as weighing more.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

import Stemmer

from . import ordinals

LANGUAGES = {"en": "english", "es": "spanish"}
OTHER_LANGUAGE_WEIGHT = 0.5
TOKENS_REMEMBERED = 200_000  # tokens as written whose analysis an Analyzer keeps, per table

_TOKEN = re.compile(r"\d+\.[ºª°]|\d+(?:[.,]\d+)+|[^\W_]+(?:['’][^\W_]+)*(?:[-/&][^\W_]+(?:['’][^\W_]+)*)*")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_PARTS = re.compile(r"[-/&]")
# a cardinal ten before an ordinal unit: "twenty second", "veinte" is not one (Spanish writes "vigésimo")
_TENS_WORDS = {stem + "y": value for stem, value in ordinals.TENS.items()}  # "twenty", "thirty"...


@lru_cache(maxsize=None)
def all_stopwords() -> frozenset[str]:
    return frozenset().union(*(stopwords(lang) for lang in LANGUAGES))


@lru_cache(maxsize=None)
def stopwords(language: str) -> frozenset[str]:
    text = resources.files("ssc_search.data").joinpath(f"stopwords_{language}.txt").read_text("utf-8")
    return frozenset(text.split())


def _fold_table() -> dict[int, str]:
    table = {}
    for code in range(0xC0, 0x250):
        base = _COMBINING.sub("", unicodedata.normalize("NFKD", chr(code)))
        if len(base) == 1 and base != chr(code):
            table[code] = base
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lowercase without accents: "Yucatán" -> "yucatan"."""
    return text.translate(_FOLD).lower()


def _raw_token(tok: str) -> tuple[str, bool]:
    """(folded token, is_acronym) of a token as written; a possessive is the name: "Mexico's" is "mexico"."""
    if tok.endswith(("'s", "’s")):
        tok = tok[:-2]
    # an acronym's letters are all capitals (so the token is upper case: a cheap test first)
    return fold(tok).replace("’", "'"), tok.isupper() and _is_acronym(tok)


def _each_token(text: str, table: dict, make) -> list:
    """`make(token)` for each token of `text`, each kept in `table` for the next time it is met."""
    return _each(_TOKEN.findall(text), table, make)


def _each(tokens: list[str], table: dict, make) -> list:
    """`make(token)` for each of `tokens`, each kept in `table` for the next time it is met."""
    known = _bounded(table)
    out = []
    for tok in tokens:
        value = known.get(tok)
        if value is None:
            value = known[tok] = make(tok)
        out.append(value)
    return out


def _bounded(table: dict) -> dict:
    """`table`, emptied first when it holds TOKENS_REMEMBERED entries (checked once a text, so a table
    holds at most that many and the tokens of one text)."""
    if len(table) >= TOKENS_REMEMBERED:
        table.clear()
    return table


def _is_acronym(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def detect_language(words: list[str]) -> str | None:
    """'en' or 'es' from stop-word counts over folded words; None when undecided."""
    en = sum(w in stopwords("en") for w in words)
    es = sum(w in stopwords("es") for w in words)
    if en == es:
        return None
    return "en" if en > es else "es"


class Analyzer:
    """Turns text into terms; one instance may serve many threads."""

    def __init__(self) -> None:
        self._stems = {lang: _stem_fn(name) for lang, name in LANGUAGES.items()}
        # the same words and sentences come back query after query (highlights, answer sentences)
        self.cached_terms = lru_cache(maxsize=100_000)(self._terms_tuple)
        self._positions = lru_cache(maxsize=2_000)(self._term_positions)  # the passages shown most (~20 KB each)
        # ... and the words and names a question is expanded by (a word's translations, an alias's other names)
        self.cached_query_terms = lru_cache(maxsize=50_000)(self._query_terms_tuple)
        self._token_terms = lru_cache(maxsize=500_000)(self._one_token_terms)  # words recur: Zipf
        # ... so each token as written is worked out once: its fold and whether it is an acronym, and its
        # terms under each language and stop list (plain dicts, emptied when full: the common words
        # come straight back)
        self._raw: dict[str, tuple[str, bool]] = {}
        self._folded: dict[str, str] = {}
        self._entries: dict[tuple[str, frozenset[str]], dict[str, tuple[tuple[str, ...], int, int]]] = {}

    def _terms_tuple(self, text: str, language: str) -> tuple[str, ...]:
        return tuple(self.terms(text, language))

    def _query_terms_tuple(self, text: str) -> tuple[tuple[str, float], ...]:
        return tuple(self.query_terms(text).items())

    def token_spans(self, text: str) -> Iterator[re.Match]:
        """The word matches of `text`, for highlighting."""
        return _TOKEN.finditer(text)

    def folded_words(self, text: str) -> list[str]:
        """The words of `text` as `fold` gives them, one by one (the same as folding each match of
        `token_spans`, in one pass over the text)."""
        return _each_token(text, self._folded, fold)

    def raw_tokens(self, text: str) -> list[tuple[str, bool]]:
        """(folded token, is_acronym) pairs; compounds are kept whole."""
        return _each_token(text, self._raw, _raw_token)

    def terms(self, text: str, language: str = "en") -> list[str]:
        """Index terms of a document text in `language` ('en' or 'es')."""
        return self._terms(text, language, stopwords(language if language in LANGUAGES else "en"))

    def written_stem(self, word: str, language: str = "es") -> str:
        """The stem of one word as written, accents kept: the Spanish stemmer reads "decidió" as the verb
        "decidir" ("decid"); its terms, folded first, are "decidi"."""
        return self._stems.get(language, self._stems["en"])(word.lower())

    def word_terms(self, word: str, language: str = "en") -> tuple[str, ...]:
        """The index terms of one word as written (a token of `token_spans`) in `language`: the same as
        `terms(word, language)`, from the analyzer's table of words."""
        stop = stopwords(language if language in LANGUAGES else "en")
        known = self._table(language, stop)
        entry = known.get(word)
        if entry is None:
            entry = known[word] = self._entry(word, language, stop)
        return entry[0]

    def spans_holding(self, text: str, wanted: frozenset[str], language: str = "en") -> list[tuple[int, int]]:
        """(start, end) of each word of `text` that has a term in `wanted` (what a highlight marks)."""
        positions = self._positions(text, language)
        found = [positions[t] for t in wanted if t in positions]
        if not found:
            return []
        out: list[tuple[int, int]] = []
        for start, end in sorted(set().union(*found)):  # "twenty second" holds "twenty" too: one span
            if out and start < out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], end))
            else:
                out.append((start, end))
        return out

    def _term_positions(self, text: str, language: str) -> dict[str, tuple[tuple[int, int], ...]]:
        """Each term of `text` with the (start, end) of the words that have it: a passage highlighted
        for one query is highlighted for the next without reading its words again."""
        stop = stopwords(language if language in LANGUAGES else "en")
        known = self._table(language, stop)
        out: dict[str, list[tuple[int, int]]] = {}
        tens, tens_start, tens_end = 0, 0, 0  # a tens word just before: "twenty second" is "22nd", both words
        for m in _TOKEN.finditer(text):
            word = m.group()
            entry = known.get(word)
            if entry is None:
                entry = known[word] = self._entry(word, language, stop)
            terms, value, tens_after = entry
            if tens and 0 < value < 10 and text[tens_end:m.start()].isspace():
                out.setdefault(ordinals.term(tens + value), []).append((tens_start, m.end()))
            for term in terms:
                out.setdefault(term, []).append(m.span())
            tens, tens_start, tens_end = tens_after, m.start(), m.end()
        return {t: tuple(sorted(dict.fromkeys(spans))) for t, spans in out.items()}

    def _table(self, language: str, stop: frozenset[str]) -> dict[str, tuple[tuple[str, ...], int, int]]:
        entries = self._entries.get((language, stop))
        if entries is None:
            entries = self._entries.setdefault((language, stop), {})
        return _bounded(entries)

    def terms_and_words(self, head: str, text: str, language: str = "en") -> tuple[list[str], list[str]]:
        """`terms(f"{head}\n{text}", language)` and `folded_words(text)`, reading `text` once: what a
        build needs of each passage (its section heading is indexed with it)."""
        tokens = _TOKEN.findall(text)
        whole = f"{head}\n{text}" if head else text
        stop = stopwords(language if language in LANGUAGES else "en")
        terms = self._terms_of(whole, (_TOKEN.findall(head) + tokens) if head else tokens, language, stop)
        return terms, _each(tokens, self._folded, fold)

    def _terms(self, text: str, language: str, stop: frozenset[str]) -> list[str]:
        return self._terms_of(text, _TOKEN.findall(text), language, stop)

    def _terms_of(self, text: str, tokens: list[str], language: str, stop: frozenset[str]) -> list[str]:
        """The terms of `text`, whose tokens are `tokens`."""
        known = self._table(language, stop)
        out: list[str] = []
        tens, tens_at, before = 0, -1, ""  # a tens word just before ("vigésimo", "twenty"): with "segundo" 22
        for tok in tokens:
            entry = known.get(tok)
            if entry is None:
                entry = known[tok] = self._entry(tok, language, stop)
            terms, value, tens_after = entry
            if tens and 0 < value < 10 and re.search(re.escape(before) + r"\s+" + re.escape(tok), text):
                both = ordinals.term(tens + value)  # "vigésimo segundo": "22nd" for the two words
                if tens_at >= 0:
                    out[tens_at] = both
                else:
                    out.append(both)
                out.extend(t for t in terms if t != ordinals.term(value))
                tens = 0
                continue
            out.extend(terms)
            tens, before = tens_after, tok
            tens_at = len(out) - 1 if tens and terms == (ordinals.term(tens),) else -1
        return out

    def _entry(self, tok: str, language: str, stop: frozenset[str]) -> tuple[tuple[str, ...], int, int]:
        """A token as written: its terms, its value as an ordinal word, and the tens it gives the next word."""
        folded, acronym = self._raw.get(tok) or _raw_token(tok)
        value = 0 if folded[:1].isdigit() else ordinals.value(folded, language) or 0  # words only
        tens = value if value % 10 == 0 and value >= (10 if language == "es" else 20) else _TENS_WORDS.get(folded, 0)
        return self._token_terms(folded, acronym, language, stop), value, tens

    def _one_token_terms(self, tok: str, acronym: bool, language: str, stop: frozenset[str]) -> tuple[str, ...]:
        """The terms of one token: an ordinal however written as its digits ("twenty-second", "22º" and
        "22nd" are "22nd"), a compound whole and its parts, an acronym as written, a word stemmed."""
        stem = self._stems.get(language, self._stems["en"])
        ordinal = ordinals.value(tok, language)
        compound = "-" in tok or "/" in tok or "&" in tok
        if ordinal:  # "SECOND" as "second": an ordinal in capitals is no acronym
            return (ordinals.term(ordinal), *(stem(part) for part in _PARTS.split(tok) if part and part not in stop)) \
                if compound else (ordinals.term(ordinal),)
        if compound:
            return (tok, *(part if acronym else _ordinal_or(stem, part, language) for part in _PARTS.split(tok)
                           if part and (acronym or part not in stop)))
        if acronym:
            return (tok,)  # acronyms are names: the same in every language, never stemmed
        return () if tok in stop else (stem(tok.replace("'", "")),)

    def query_terms(self, text: str, language: str | None = None) -> dict[str, float]:
        """Weighted terms of a question: both languages' stems, the detected one weighing 1."""
        if language is None:
            language = detect_language([t for t, _ in self.raw_tokens(text)])
        weights: dict[str, float] = {}
        for lang in LANGUAGES:
            w = 1.0 if language in (None, lang) else OTHER_LANGUAGE_WEIGHT
            for term, count in Counter(self._terms(text, lang, all_stopwords())).items():
                weights[term] = max(weights.get(term, 0.0), w * count)
        return weights


def _ordinal_or(stem, word: str, language: str) -> str:
    value = ordinals.value(word, language) if not word[:1].isdigit() else None
    return ordinals.term(value) if value else stem(word)


def _stem_fn(name: str):
    stemmer = Stemmer.Stemmer(name)
    lock = threading.Lock()  # a PyStemmer object must not be used by two threads at once

    @lru_cache(maxsize=200_000)
    def stem(word: str) -> str:
        with lock:
            return stemmer.stemWord(word)

    return stem
