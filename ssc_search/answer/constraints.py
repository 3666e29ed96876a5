"""What a question pins down and the evidence must meet: years, other numbers, ordinals ("the fifth
meeting", "22nd session") and countries. (The documents it names are `named_docs`'.)"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..analyze import fold
from ..ordinals import SPANISH, TEENS, TENS, UNITS, english, spanish

SYMBOL = re.compile(r"\b(?:[AE](?:/[A-Z]+(?:\.\d+)?)*/(?:RES/)?\d+/\d+(?:/Rev\.\d+)?|\d{2}/\d{1,3})\b")
YEAR = re.compile(r"(?<![\w/])(19[5-9]\d|20[0-4]\d)(?![\w/])")
# a year that names something ("the 2030 Agenda", "Agenda 2030") is a name, not a constraint
NAMING_YEAR = re.compile(r"(?<![\w/])(?:(?:19|20)\d\d\s+(?=[A-Z][a-z])|(?<=Agenda\s)(?:19|20)\d\d)")
NUMBER = re.compile(r"(?<![\w/.,])\d+(?:[.,]\d+)*(?![\w/]|\.[ºª°])")  # "22.º" is an ordinal, not 22
# an ordinal in digits, in English words, or in Spanish words (one: "decimoquinto", or two: "vigésimo
# segundo"), spelled from the tables the analyzer reads
_EN_TENS, _EN_UNITS, _EN_ONES = "|".join(TENS), "|".join(UNITS[1:]), "|".join([*UNITS[1:], *TEENS])
_ES_ALL = "|".join(SPANISH)
_ES_UNITS = "|".join(stem for stem, value in SPANISH.items() if value < 10)
_ES_TENS = "|".join(stem for stem, value in SPANISH.items() if value >= 10)
ORDINAL = re.compile(
    rf"\b(?:(\d+)(?:st|nd|rd|th|\.?º|\.?ª|\.°|o|a)(?!\w)|((?:{_EN_TENS})(?:y|ieth)(?:[- ](?:{_EN_UNITS}))?|(?:{_EN_ONES}))"
    rf"|((?:{_ES_TENS})[oa]?(?:{_ES_UNITS})[oa]|(?:{_ES_ALL})[oa]?s?(?:\s+(?:{_ES_UNITS})[oa]?)?))\b")
# "first" and "second" are as often plain words ("the first time") as numbers of meetings
_ORDINAL_CONTEXT = re.compile(r"\b(session|meeting|conference|summit|period|report|review|forum|anniversary|"
                              r"periodo|sesion|reunion|conferencia|cumbre|informe|aniversario|foro|revision)", re.I)


def ordinals(text: str, anywhere: bool = False) -> set[int]:
    """Ordinal numbers a text says ("twenty-second" 22, "5th" 5, "vigésimo segundo" 22); in a question,
    only those that number a session, meeting, conference... unless `anywhere`."""
    return {value for value, _, _ in _ordinals(fold(text), anywhere)}


def ordinal_phrases(text: str) -> dict[int, str]:
    """A question's ordinals, each with the words it says it in ("twenty-first session", "22.º período")."""
    folded, out = fold(text), {}
    for value, m, noun in _ordinals(folded, False):
        end = m.end() + noun.end() if len(folded) == len(text) else m.end()
        while end < len(text) and text[end].isalpha():  # the whole word: "período", not "períod"
            end += 1
        out.setdefault(value, " ".join(text[m.start():end].split()))
    return out


def _ordinals(folded: str, anywhere: bool):
    """(value, match, the noun it numbers or None) of each ordinal of a folded text; without `anywhere`,
    only those that number a session, meeting, conference..."""
    for m in ORDINAL.finditer(folded):
        noun = None if anywhere else _ORDINAL_CONTEXT.search(folded[m.end():m.end() + 40])
        if not anywhere and not noun:
            continue
        if m.group(1):
            value = int(m.group(1))
        elif m.group(2):
            value = english(m.group(2)) or 0
        else:
            value = spanish(m.group(3))
        if value:
            yield value, m, noun


def years(text: str) -> set[str]:
    """Years a text asks about, leaving out document symbols (E/2025/8) and years that name ("2030 Agenda")."""
    text = SYMBOL.sub(" ", text)
    named = {m.start() for m in NAMING_YEAR.finditer(text)}
    return {m.group(1) for m in YEAR.finditer(text) if m.start() not in named}


def numbers(text: str) -> set[str]:
    """Numbers other than years and document symbols, digits only ("1,500" -> "1500")."""
    text = SYMBOL.sub(" ", text)
    out = set()
    for m in NUMBER.finditer(text):
        digits = re.sub(r"[.,]", "", m.group())
        if not YEAR.fullmatch(m.group()) and len(digits) >= 2:
            out.add(digits)
    return out


@dataclass
class Constraints:
    years: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    ordinals: set[int] = field(default_factory=set)
    countries: set[int] = field(default_factory=set)
    said: dict[int, str] = field(default_factory=dict)  # each ordinal in the question's words ("twenty-first session")

    def met(self, text: str, countries: set[int] | None = None) -> dict[str, float | None]:
        """Share of each kind of constraint that `text` meets; None where the question sets none."""
        out: dict[str, float | None] = {}
        out["year"] = _share(self.years, set(YEAR.findall(text))) if self.years else None  # any year the text says
        out["number"] = _share(self.numbers, numbers(text)) if self.numbers else None
        out["ordinal"] = _share(self.ordinals, ordinals(text, anywhere=True)) if self.ordinals else None
        out["country"] = _share(self.countries, countries or set()) if self.countries else None
        return out


def _share(asked: set, found: set) -> float:
    return len(asked & found) / len(asked)


def parse(question: str, countries: set[int] | None = None) -> Constraints:
    said = ordinal_phrases(question)
    return Constraints(years(question), numbers(question), set(said), set(countries or ()), said)
