"""How much of a question a piece of text holds: the question's words, each with its stems in
both languages, its rarity weight and its other names, and the rarity-weighted share held."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

PREFIX, PREFIX_CREDIT = 5, 0.7
PART_CREDIT = 0.5
RELATED_CREDIT = 0.5  # a WordNet synonym is sense-blind: it holds a word only in part


def prefixes(terms) -> frozenset[str]:
    """"preside" and "Presidencia" stem apart (presid, president) but share their first letters."""
    return frozenset(t[:PREFIX] for t in terms if len(t) >= PREFIX and t.isalpha())


@lru_cache(maxsize=100_000)
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

    def held(self, found: set[str], strict: bool = False, found_prefixes: frozenset[str] | None = None) -> float:
        if self.whole is not None:
            if self.whole in found:
                return 1.0
            if self.terms & found:
                return PART_CREDIT
        elif self.terms & found:
            return 1.0
        if strict:
            return 0.0
        if self.alternatives and not self.alternative_terms().isdisjoint(found) \
                and any(all(ws & found for ws in alt) for alt in self.alternatives):
            return 1.0
        if found_prefixes is None:
            found_prefixes = prefixes(found)
        if self.prefixes & found_prefixes:
            return PREFIX_CREDIT
        return RELATED_CREDIT if self.related & found else 0.0


def coverage(found: set[str], words: list[Word], strict: bool = False) -> float:
    """Rarity-weighted share of the question's words that `found` holds (a word counts as held when
    any of its stems is, or any other name of the name it belongs to, or in part a synonym; with
    `strict`, only its own stems); 0 when a required word is missing."""
    total = sum(w.weight for w in words)
    if not total:
        return 0.0
    found_prefixes = None if strict else prefixes_of(frozenset(found))
    held = [w.held(found, strict, found_prefixes) for w in words]
    if any(w.required and not h for w, h in zip(words, held)):
        return 0.0
    return sum(w.weight * h for w, h in zip(words, held)) / total
