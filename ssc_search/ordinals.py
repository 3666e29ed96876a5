"""Ordinal numbers in words and in digits, English and Spanish: "twenty-second", "22nd", "vigésimo
segundo" and "22º" all name 22. The analyzer indexes each under one term (`term`), so a question about
"the 22nd session" finds "the twenty-second session"; the answerer's constraints read them too."""
from __future__ import annotations

import re

UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
TEENS = {"tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
         "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19}
TENS = {"twent": 20, "thirt": 30, "fort": 40, "fift": 50, "sixt": 60, "sevent": 70, "eight": 80, "ninet": 90}
# Spanish ordinals by the stem their forms share ("vigésimo", "vigésima", "vigésimos")
SPANISH = {"primer": 1, "segund": 2, "tercer": 3, "cuart": 4, "quint": 5, "sext": 6, "septim": 7, "octav": 8,
           "noven": 9, "decim": 10, "vigesim": 20, "trigesim": 30, "cuadragesim": 40, "quincuagesim": 50,
           "sexagesim": 60, "septuagesim": 70, "octogesim": 80}
_DIGITS = re.compile(r"(\d{1,3})(?:st|nd|rd|th|\.?[ºª]|\.°)")  # "22º", "22.º" as Spanish writes it, "22.°" as typed


def english(word: str) -> int | None:
    """The value of an English ordinal in words ("twenty-second" 22, "fortieth" 40), folded; None if the
    word is not one."""
    if word in TEENS:
        return TEENS[word]
    if word in UNITS:
        return UNITS.index(word) or None
    head, _, tail = word.replace(" ", "-").partition("-")
    tens = next((v for k, v in TENS.items() if head.startswith(k)), None)
    if tens is None:
        return None
    return tens + (UNITS.index(tail) if tail in UNITS else 0)


def spanish(words: str) -> int:
    """The value of a Spanish ordinal in words ("vigesimo segundo" 22, "decimoquinto" 15), folded; 0 if none."""
    spanish_words = WORD_VALUES["es"]
    return sum(spanish_words.get(w) or next((v for k, v in SPANISH.items() if w.startswith(k)), 0)
               for w in words.split())


def _english_values() -> dict[str, int]:
    """Every folded English ordinal word ("second", "fortieth", "twenty-second") with its value."""
    values = {w: i for i, w in enumerate(UNITS) if w} | TEENS
    for stem, tens in TENS.items():
        values[stem + "ieth"] = tens
        for i, unit in enumerate(UNITS[1:], 1):
            values[f"{stem}y-{unit}"] = tens + i
    return values


def _spanish_values() -> dict[str, int]:
    """Every folded Spanish ordinal word ("segunda", "vigesimo", "decimoquinto") with its value."""
    values = {"primer": 1, "tercer": 3, "undecimo": 11, "undecima": 11, "duodecimo": 12, "duodecima": 12}
    for stem, value in SPANISH.items():
        for ending in ("o", "a", "os", "as"):
            values[stem + ending] = value
    for stem, tens in SPANISH.items():  # "decimoquinto", "vigesimoprimera": one word
        if tens % 10 or tens < 10:
            continue
        for unit_stem, unit in SPANISH.items():
            if unit < 10:
                for first in ("o", "a"):
                    for last in ("o", "a"):
                        values[f"{stem}{first}{unit_stem}{last}"] = tens + unit
                    values[f"{stem}{unit_stem}{first}"] = tens + unit  # "decimoctavo": one o for two
    return values


WORD_VALUES = {"en": _english_values(), "es": _spanish_values()}


def value(token: str, language: str = "en") -> int | None:
    """The ordinal a folded token writes in `language` ("22nd", "22º", "22.º", "twenty-second", "vigesima"), else
    None. Digits are read in any language, words only in their own."""
    if token[:1].isdigit():
        m = _DIGITS.fullmatch(token)
        return int(m.group(1)) if m and int(m.group(1)) else None
    return WORD_VALUES.get(language, WORD_VALUES["en"]).get(token)


def term(n: int) -> str:
    """The index term of the ordinal `n`: its English digits ("1st", "22nd", "113th")."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
