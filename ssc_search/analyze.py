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

_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:['’][^\W_]+)*(?:[-/&][^\W_]+(?:['’][^\W_]+)*)*")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_PARTS = re.compile(r"[-/&]")
# a cardinal ten before an ordinal unit: "twenty second", "veinte" is not one (Spanish writes "vigésimo")
_TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
               "ninety": 90}


@lru_cache(maxsize=None)
def _all_stopwords() -> frozenset[str]:
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


def _folder(text: str):
    """(start, end) -> `fold` of text[start:end]: sliced from the text folded once when folding keeps
    every character in place (lower() picks a final sigma by context, so not then)."""
    folded = fold(text)
    if len(folded) == len(text) and "Σ" not in text:
        return lambda start, end: folded[start:end]
    return lambda start, end: fold(text[start:end])


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
        self._token_terms = lru_cache(maxsize=500_000)(self._one_token_terms)  # words recur: Zipf

    def _terms_tuple(self, text: str, language: str) -> tuple[str, ...]:
        return tuple(self.terms(text, language))

    def token_spans(self, text: str) -> Iterator[re.Match]:
        """The word matches of `text`, for highlighting."""
        return _TOKEN.finditer(text)

    def folded_words(self, text: str) -> list[str]:
        """The words of `text` as `fold` gives them, one by one (the same as folding each match of
        `token_spans`, in one pass over the text)."""
        folded = _folder(text)
        return [folded(m.start(), m.end()) for m in _TOKEN.finditer(text)]

    def raw_tokens(self, text: str) -> list[tuple[str, bool]]:
        """(folded token, is_acronym) pairs; compounds are kept whole."""
        out = []
        folded = _folder(text)
        for m in _TOKEN.finditer(text):
            tok, start = m.group(), m.start()
            if tok.endswith(("'s", "’s")):  # a possessive: "Mexico's" is "mexico"
                tok = tok[:-2]
            # an acronym's letters are all capitals (so the token is upper case: a cheap test first)
            acronym = tok.isupper() and _is_acronym(tok)
            out.append((folded(start, start + len(tok)).replace("’", "'"), acronym))
        return out

    def terms(self, text: str, language: str = "en") -> list[str]:
        """Index terms of a document text in `language` ('en' or 'es')."""
        stop = stopwords(language if language in LANGUAGES else "en")
        return self._terms(self.raw_tokens(text), language, stop)

    def _terms(self, raw: list[tuple[str, bool]], language: str, stop: frozenset[str]) -> list[str]:
        token_terms, words = self._token_terms, ordinals.WORD_VALUES
        out: list[str] = []
        tens = 0  # "vigésimo" or "twenty" just before: with "segundo" or "second" they make 22
        for tok, acronym in raw:
            out.extend(token_terms(tok, acronym, language, stop))
            value = words.get(tok, 0)
            if tens and 0 < value < 10:
                out.append(ordinals.term(tens + value))
            tens = value if value >= 20 and value % 10 == 0 else _TENS_WORDS.get(tok, 0)
        return out

    def _one_token_terms(self, tok: str, acronym: bool, language: str, stop: frozenset[str]) -> tuple[str, ...]:
        """The terms of one token: a compound whole and its parts, an acronym as written, a word stemmed,
        an ordinal however written as its digits ("twenty-second", "22º" and "22nd" are "22nd")."""
        stem = self._stems.get(language, self._stems["en"])
        ordinal = ordinals.value(tok)
        if "-" in tok or "/" in tok or "&" in tok:
            return (ordinals.term(ordinal) if ordinal else tok,
                    *(part if acronym else _ordinal_or(stem, part) for part in _PARTS.split(tok)
                      if part and (acronym or part not in stop)))
        if acronym:
            return (tok,)  # acronyms are names: the same in every language, never stemmed
        if ordinal:
            return (ordinals.term(ordinal),)
        return () if tok in stop else (stem(tok.replace("'", "")),)

    def query_terms(self, text: str, language: str | None = None) -> dict[str, float]:
        """Weighted terms of a question: both languages' stems, the detected one weighing 1."""
        raw = self.raw_tokens(text)
        if language is None:
            language = detect_language([t for t, _ in raw])
        weights: dict[str, float] = {}
        for lang in LANGUAGES:
            w = 1.0 if language in (None, lang) else OTHER_LANGUAGE_WEIGHT
            for term, count in Counter(self._terms(raw, lang, _all_stopwords())).items():
                weights[term] = max(weights.get(term, 0.0), w * count)
        return weights


def _ordinal_or(stem, word: str) -> str:
    value = ordinals.WORD_VALUES.get(word)
    return ordinals.term(value) if value else stem(word)


def _stem_fn(name: str):
    stemmer = Stemmer.Stemmer(name)
    lock = threading.Lock()  # a PyStemmer object must not be used by two threads at once

    @lru_cache(maxsize=200_000)
    def stem(word: str) -> str:
        with lock:
            return stemmer.stemWord(word)

    return stem
