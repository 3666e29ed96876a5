"""How much of a question a piece of text holds: the question's words, each with its stems in
both languages, its rarity weight and its other names, and the rarity-weighted share held."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from operator import mul
from typing import NamedTuple

PREFIX, PREFIX_CREDIT = 5, 0.7
PART_CREDIT = 0.5
RELATED_CREDIT = 0.5  # a WordNet synonym is sense-blind: it holds a word only in part


def prefixes(terms) -> frozenset[str]:
    """"preside" and "Presidencia" stem apart (presid, president) but share their first letters."""
    return frozenset(t[:PREFIX] for t in terms if len(t) >= PREFIX and t.isalpha())


@lru_cache(maxsize=20_000)
def prefixes_of(terms: frozenset[str]) -> frozenset[str]:
    return prefixes(terms)


def median(words: list[Word]) -> float:
    weights = sorted(w.weight for w in words)
    return weights[len(weights) // 2] if weights else 0.0


@dataclass
class Word:
    surface: str
    terms: set[str]
    weight: float | None
    alternatives: list[list[set[str]]] = field(default_factory=list)  # other names, word by word
    required: bool = False
    whole: str | None = None  # a compound ("AMEXCID-UNDP") is held fully only as a whole
    related: set[str] = field(default_factory=set)  # English synonyms' stems (WordNet)
    titled: bool = False  # it only names a document the question names ("la Ley de Cooperación ...")

    def __post_init__(self) -> None:
        self.prefixes = prefixes(self.terms)
        self._alternative_terms: tuple[int, frozenset[str]] = (0, frozenset())

    def alternative_terms(self) -> frozenset[str]:
        """Every term of every other name (worked out again whenever other names were added)."""
        seen, terms = self._alternative_terms
        if seen != len(self.alternatives):
            terms = frozenset(t for alt in self.alternatives for ws in alt for t in ws)
            self._alternative_terms = (len(self.alternatives), terms)
        return terms

    def own(self, found) -> float:
        """Held by its own stems: fully, or in part when a compound's whole is not."""
        if self.whole is not None:
            if self.whole in found:
                return 1.0
            return 0.0 if self.terms.isdisjoint(found) else PART_CREDIT
        return 0.0 if self.terms.isdisjoint(found) else 1.0

    def beyond(self, found, found_prefixes: frozenset[str]) -> float:
        """Held otherwise: by another name, in part by a shared beginning or a synonym."""
        if self.alternatives and not self.alternative_terms().isdisjoint(found) \
                and any(all(ws & found for ws in alt) for alt in self.alternatives):
            return 1.0
        if not self.prefixes.isdisjoint(found_prefixes):
            return PREFIX_CREDIT
        return 0.0 if self.related.isdisjoint(found) else RELATED_CREDIT


class Held(NamedTuple):
    """What a piece of text holds of a question: the weighted share (`coverage`), the share by the
    words' own stems alone (`strict`), and each word's credit."""
    coverage: float
    strict: float
    credits: tuple[float, ...]


class Asked:
    """A question's words made ready to be held against many pieces of text: which word each of
    their own stems belongs to, and every term and beginning that could hold a word otherwise, so a
    piece holding none of them is weighed without asking each word."""

    def __init__(self, words: list[Word]) -> None:
        self.words = list(words)
        self.weights = [w.weight for w in self.words]
        self.total = sum(self.weights)
        self.top_weight = max(self.weights, default=0.0)
        self.required = [i for i, w in enumerate(self.words) if w.required]
        self.compounds = [(i, w) for i, w in enumerate(self.words) if w.whole is not None]
        by_term: dict[str, list[int]] = {}
        for i, w in enumerate(self.words):
            for t in w.terms if w.whole is None else ():
                by_term.setdefault(t, []).append(i)
        self.by_term = by_term
        self.own_terms = frozenset(by_term)
        self.other_terms = frozenset().union(*(w.alternative_terms() | w.related for w in self.words))
        self.prefixes = frozenset().union(*(w.prefixes for w in self.words))

    def __len__(self) -> int:
        return len(self.words)

    def weighed(self, credits: list[float]) -> float:
        if not self.total or (self.required and not all(credits[i] for i in self.required)):
            return 0.0
        return sum(map(mul, self.weights, credits)) / self.total

    def own(self, found) -> list[float]:
        credits = [0.0] * len(self.words)
        by_term = self.by_term
        for t in self.own_terms.intersection(found):
            for i in by_term[t]:
                credits[i] = 1.0
        for i, w in self.compounds:
            credits[i] = w.own(found)
        return credits


def asked(words) -> Asked:
    return words if isinstance(words, Asked) else Asked(words)


def holding(found, words: list[Word] | Asked, found_prefixes: frozenset[str] | None = None) -> Held:
    """`coverage` and its strict form in one pass over the words. `found_prefixes`, when given, are
    `prefixes(found)` (a caller that joins pieces whose prefixes it knows need not work them out again)."""
    question = asked(words)
    own = question.own(found)
    credits = own
    if not all(own):
        if found_prefixes is None:
            found_prefixes = prefixes_of(found if isinstance(found, frozenset) else frozenset(found))
        if not (question.other_terms.isdisjoint(found) and question.prefixes.isdisjoint(found_prefixes)):
            credits = [c or w.beyond(found, found_prefixes) for w, c in zip(question.words, own)]
    return Held(question.weighed(credits), question.weighed(own), tuple(credits))


def coverage(found: set[str], words: list[Word] | Asked, strict: bool = False,
             found_prefixes: frozenset[str] | None = None) -> float:
    """Rarity-weighted share of the question's words that `found` holds (a word counts as held when
    any of its stems is, or any other name of the name it belongs to, or in part a synonym; with
    `strict`, only its own stems); 0 when a required word is missing."""
    if strict:
        question = asked(words)
        return question.weighed(question.own(found))
    return holding(found, words, found_prefixes).coverage
