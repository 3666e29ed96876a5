"""A query analysed once (`Query`): its words with their terms in both languages, translations and
synonyms, the terms it is ranked by, its quoted phrases, the documents it names, the words no
passage uses. Search, the answer, highlights, facets and did-you-mean all read this one record, so
a request analyses its text once (`QueryAnalyser.analyse`, cached by text)."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..analyze import Analyzer, all_stopwords, detect_language, fold, stopwords
from .aliases import Expander
from .named_docs import DocumentNames
from .symbols import split_query

RELATED_WEIGHT = 0.1      # an English synonym (WordNet) of a question word, in ranking
SHOUTED_SHARE = 0.75      # a question with this share of its words in capitals was typed in capitals
_PHRASE = re.compile(r'"([^"]+)"|“([^”]+)”')


@dataclass(frozen=True)
class Token:
    """One word of the query as typed, with what it stands for in the index."""

    surface: str
    terms: frozenset[str]                         # its index terms, in English and Spanish
    translations: tuple[frozenset[str], ...] = ()  # the terms of each glossary translation of it as typed
    # ... and of its lower-case form ("COUNTRIES" as "countries"): how the answer reads a word
    folded_translations: tuple[frozenset[str], ...] = ()
    related: frozenset[str] = frozenset()          # English synonyms (WordNet) of its lower-case form in the library

    @property
    def folded(self) -> str:
        return fold(self.surface)


@dataclass(frozen=True)
class Query:
    text: str                                   # as typed
    words: str                                  # without its `symbol:` operators
    symbols: tuple[str, ...]                    # the symbols those operators name
    tokens: tuple[Token, ...]                   # the words of `words`, in order
    terms: tuple[tuple[str, float], ...]        # what it is ranked by: own terms, other names, synonyms
    phrases: tuple[tuple[str, ...], ...]        # quoted phrases, as folded tokens
    named: frozenset[str]                       # ids of the documents it names
    other_names: tuple[tuple[str, tuple[tuple[frozenset[str], ...], ...]], ...]  # (alias typed, other names' words' terms)
    missing: tuple[str, ...]                    # words no passage of the library uses (nor a form of them)
    language: str | None                        # "en", "es" or None when it cannot tell

    @property
    def asked(self) -> str:
        """The question as the answerer reads it: its words, without its `symbol:` operators, and in lower
        case (but for its acronyms) when it was typed in capitals (`typed` is as the reader typed it)."""
        return self.words

    @property
    def shouted(self) -> bool:
        """It was typed in capitals: `words` are in lower case but for its acronyms."""
        return self.words != split_query(self.text)[0]

    @property
    def typed(self) -> str:
        """The question as the reader typed it, without its `symbol:` operators (`asked` is in lower case
        when it was typed in capitals)."""
        return split_query(self.text)[0] if self.symbols else self.text

    @property
    def weights(self) -> dict[str, float]:
        """The ranking terms as a fresh dict (the caller may change it)."""
        return dict(self.terms)

    def token(self, surface: str) -> Token | None:
        return next((t for t in self.tokens if t.surface == surface), None)


class QueryAnalyser:
    """Turns query text into a `Query` against one index's vocabulary; safe to share between threads."""

    def __init__(self, analyzer: Analyzer, expander: Expander, names: DocumentNames,
                 related: Mapping[str, tuple[str, ...]], vocabulary: Mapping[str, int]) -> None:
        self.analyzer, self.expander, self.names = analyzer, expander, names
        self.related, self.vocabulary = related, vocabulary
        self.analyse = lru_cache(maxsize=10_000)(self._analyse)  # a search and its answer read one question
        self.token = lru_cache(maxsize=100_000)(self._token)

    def _analyse(self, text: str) -> Query:
        words, symbols = split_query(text)
        words = self.unshouted(words)
        analyzer, vocab = self.analyzer, self.vocabulary
        tokens = tuple(self.token(m.group()) for m in analyzer.token_spans(words))
        own = analyzer.query_terms(words)
        terms = self.expander.expand(words, own)
        for term, weight in own.items():  # synonyms of the words typed, not of their expansions
            for other in self.related.get(term, ()):
                if other not in terms and other in vocab:
                    terms[other] = RELATED_WEIGHT * min(weight, 1.0)
        others = []
        for gi, matched in self.expander.names_in(words):
            names = [[frozenset(t for t, _ in analyzer.cached_query_terms(w)) for w, _ in analyzer.raw_tokens(name)]
                     for _, name in self.expander.groups[gi] if name != matched]
            others.append((matched, tuple(tuple(ws for ws in name if ws) for name in names)))
        # a word the library never uses is not missing when it names something the library calls otherwise
        renamed_words = {t for matched, names in others for t, _ in analyzer.raw_tokens(matched)
                         if any(name and all(ws & vocab.keys() for ws in name) for name in names)}
        # ... nor one whose translation it uses: "resolución" is found as "resolution"
        missing = tuple(t.surface for t in tokens
                        if t.terms and not t.terms & vocab.keys() and t.folded not in renamed_words
                        and not any(tr & vocab.keys() for tr in (*t.translations, *t.folded_translations)))
        language = detect_language([t for t, _ in analyzer.raw_tokens(words)])
        # a document is named in other words too: "el documento final de Buenos Aires", "the QCPR resolution"
        translated = {t for tok in tokens for tr in tok.translations for t in tr}
        renamed = {t for _, names in others for name in names for ws in name for t in ws}
        return Query(text, words, tuple(symbols), tokens, tuple(terms.items()), self.phrases(words),
                     self.names.named(words, frozenset(translated | renamed)), tuple(others), missing, language)

    def unshouted(self, words: str) -> str:
        """A question typed in capitals ("WHEN WAS AMEXCID CREATED?") as if typed in lower case, but for
        its acronyms: the short forms the library's names go by, and words it uses only in capitals. A
        short form that is also a word of the question's language ("WHO", Spanish "UN") is the word."""
        spans = [m for m in self.analyzer.token_spans(words) if sum(c.isalpha() for c in m.group()) >= 2]
        capitals = [m for m in spans if m.group().isupper()]
        if len(spans) < 3 or len(capitals) < SHOUTED_SHARE * len(spans):
            return words
        language = detect_language([fold(m.group()) for m in spans])
        common = stopwords(language) if language else all_stopwords()
        out, last = [], 0
        for m in capitals:
            word, lower = m.group(), m.group().lower()
            terms = [t for t, _ in self.analyzer.cached_query_terms(lower)]
            only_in_capitals = fold(word) in self.vocabulary and terms and not any(t in self.vocabulary for t in terms)
            if (self.expander.is_acronym(word) or only_in_capitals) and fold(word) not in common:
                continue
            out += [words[last:m.start()], lower]
            last = m.end()
        return "".join(out) + words[last:]

    def _token(self, surface: str) -> Token:
        analyzer, vocab, folded = self.analyzer, self.vocabulary, fold(surface)

        def translated(word: str) -> tuple[frozenset[str], ...]:
            return tuple(frozenset(t for t, _ in analyzer.cached_query_terms(w)) for w in self.expander.translations(word))

        related = frozenset(r for stem in analyzer.cached_terms(folded, "en")[:1]
                            for r in self.related.get(stem, ()) if r in vocab)
        typed = translated(surface)
        return Token(surface, frozenset(t for t, _ in analyzer.cached_query_terms(surface)), typed,
                     translated(folded) if folded != surface else typed, related)

    def phrases(self, text: str) -> tuple[tuple[str, ...], ...]:
        """The quoted phrases of a query, as folded tokens."""
        out = []
        for m in _PHRASE.finditer(text):
            tokens = tuple(t for t, _ in self.analyzer.raw_tokens(m.group(1) or m.group(2)))
            if len(tokens) > 1:
                out.append(tokens)
        return tuple(out)
