"""The numbered units of a Mexican law: articles (transitory ones and an amending decree's among
them), fracciones ("III.") and incisos ("a)"), read line by line as `locators.anchors` walks it."""
from __future__ import annotations

import re
from dataclasses import dataclass

_ARTICLE = re.compile(r"(?:Art[íi]culo|Article)\s+(\d{1,3})(?:\s*(Bis|Ter|Quáter|Quater))?\s*[.\-–:]", re.I)
_UNITS = ("primero", "segundo", "tercero", "cuarto", "quinto", "sexto", "séptimo", "octavo", "noveno")
_ORDINAL = (r"(?:(?:décimo|vigésimo)(?:\s+(?:" + "|".join(_UNITS) + r"))?|" + "|".join(_UNITS) + r"|único)")
_ORDINAL_ARTICLE = re.compile(r"(ART[ÍI]CULO|Art[íi]culo)\s+(" + _ORDINAL + r")\b", re.I)
_ORDINAL_ALONE = re.compile(r"(" + _ORDINAL + r")\s*\.", re.I)
_TRANSITORY = re.compile(r"transitorios?\s*$", re.I)
# a note of an amendment: "Fracción derogada DOF 06-11-2020", "Artículo reformado DOF 06-11-2020, 17-12-2015"
DOF_DATES = r"DOF\s+\d\d-\d\d-\d{4}(?:,\s*\d\d-\d\d-\d{4})*"
AMENDMENT_NOTE = re.compile(r"(?:[\w,]+\s+){1,4}(?:reformad|derogad|adicionad)[oa]s?(?:\s+\w+){0,3}\s+" + DOF_DATES,
                            re.I)
# "Capítulo IV" (alone, or before its name "Del Consejo Consultivo"), "TÍTULO SEGUNDO": a heading that
# ends the article before it; the heading belongs to what follows
_HEADING = re.compile(r"(Cap[ií]tulo|CAP[ÍI]TULO|T[ií]tulo|T[ÍI]TULO)\s+([IVXL]{1,6}|(?i:" + _ORDINAL + r"))"
                      r"(?=\s*$|\s+[A-ZÁÉÍÓÚ])")  # the numeral in capitals, the name after it capitalised
_FRACTION = re.compile(r"([IVXL]{1,7})\.\s+\S")
_INCISO = re.compile(r"([a-z])\)\s+\S")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman(numeral: str) -> int:
    """"XIV" -> 14 (0 for what is not a numeral)."""
    total, last = 0, 0
    for ch in reversed(numeral.upper()):
        value = _ROMAN.get(ch, 0)
        if not value:
            return 0
        total += -value if value < last else value
        last = max(last, value)
    return total


def ordinal_number(word: str) -> int:
    """"décimo primero" -> 11, "único" -> 1."""
    words = word.lower().split()
    if words == ["único"]:
        return 1
    tens = {"décimo": 10, "vigésimo": 20}.get(words[0], 0)
    unit = words[-1] if (len(words) > 1 or not tens) else ""
    return tens + (_UNITS.index(unit) + 1 if unit in _UNITS else 0)


def next_letter(letter: str) -> str:
    if not letter:
        return "a"
    if letter == "z":
        return "aa"
    return letter[:-1] + chr(ord(letter[-1]) + 1)


@dataclass
class LawReader:
    """The numbering state while a law is read."""

    article: dict | None = None
    last: int = 0
    transitory: bool = False
    decree: bool = False
    ordinal: int = 0
    fraction: int = 0
    inciso: str = ""
    closed: bool = False  # the line before ended a sentence

    def line(self, text: str) -> dict | None:
        """The locator of the unit `text` starts, if it starts one: an article, a fracción or inciso, a
        heading; or the article again for a paragraph after its last fracción ("El Presidente del
        Consejo podrá ..." after "IV. ... ."), which belongs to no fracción."""
        found = self._line(text)
        self.closed = text.rstrip().rstrip("\"”").endswith(".")
        return found

    def _line(self, text: str) -> dict | None:
        if _TRANSITORY.match(text) and not self.transitory:
            self.transitory, self.ordinal = True, 0
            return None
        m = _HEADING.match(text)
        if m and not self.transitory and len(text.split()) <= 14 and not text.rstrip().endswith((".", ",", ";")):
            kind = "chapter" if m.group(1).lower().startswith("cap") else "title"
            self.article, self.fraction, self.inciso = None, 0, ""
            return {kind: m.group(2).upper() if roman(m.group(2)) else " ".join(m.group(2).lower().split())}
        m = _ARTICLE.match(text)
        if m and not self.transitory and int(m.group(1)) > self.last:
            self.last = int(m.group(1))
            number = m.group(1) + (f" {m.group(2).capitalize()}" if m.group(2) else "")
            return self._start({"article": number})
        m = _ORDINAL_ARTICLE.match(text)
        if m:
            word = " ".join(m.group(2).lower().split())
            if m.group(1).isupper():  # ARTÍCULO SEGUNDO: an article of an amending decree
                self.decree, self.transitory, self.ordinal = True, False, 0
                return self._start({"article": word, "decree": True})
            if self._continues(word):
                return self._start({"article": word, **self._context()})
            return None
        m = _ORDINAL_ALONE.match(text.replace("*", ""))
        if m and self.transitory:
            word = " ".join(m.group(1).lower().split())
            if self._continues(word):
                return self._start({"article": word, **self._context()})
        
        if self.article is None:
            return None
        m = _FRACTION.match(text)
        if m and roman(m.group(1)) == self.fraction + 1:
            self.fraction, self.inciso = self.fraction + 1, ""
            return {**self.article, "fraction": m.group(1)}
        m = _INCISO.match(text)
        if m and m.group(1) == next_letter(self.inciso)[:1] and len(next_letter(self.inciso)) == 1:
            self.inciso = m.group(1)
            out = {**self.article, "inciso": m.group(1)}
            if self.fraction:
                out["fraction"] = _to_roman(self.fraction)
            return out
        if (self.fraction or self.inciso) and self.closed and text[:1].isupper() and not m \
                and not _FRACTION.match(text) and not AMENDMENT_NOTE.match(text):
            # the article's own paragraph after its fracciones (the count stays: if a fracción follows
            # after all, the line was a second sentence of the one before, and the numbering goes on)
            return dict(self.article)
        return None

    def _continues(self, word: str) -> bool:
        """An ordinal article follows the one before it (or starts a new run at "primero")."""
        n = ordinal_number(word)
        if n == self.ordinal + 1 or n == 1:
            self.ordinal = n
            return True
        return False

    def _context(self) -> dict:
        out = {}
        if self.transitory:
            out["transitory"] = True
        if self.decree:
            out["decree"] = True
        return out

    def _start(self, article: dict) -> dict:
        self.article, self.fraction, self.inciso = article, 0, ""
        return dict(article)


def _to_roman(n: int) -> str:
    out = ""
    for value, numeral in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out
