"""Amounts and measures: the numbers of a text that count or measure something (not years, not
paragraph or article numbers), the years and months it names, what a question asks a number or a
date to measure (money, a share, a duration, a year), and whether a sentence holds one that fits."""
from __future__ import annotations

import re
from functools import lru_cache

from ..analyze import all_stopwords, fold
from ..dates import MONTHS
from ..ordinals import TENS, UNITS

# numbers in words ("once" and "una" left out: an English adverb, a Spanish article)
NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|"
                r"dozen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|"
                r"half|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|doce|quince|veinte|treinta|cuarenta|cincuenta|"
                r"sesenta|setenta|ochenta|noventa|cien|ciento|mil|millones|billones")
# ... one number however many words it takes: "sixty-two", "two hundred", "ciento veinte"
NUMBER = re.compile(r"(?<![\w/])\d[\d,.]*(?![\w/])|\b((?:" + NUMBER_WORDS + r")(?:[\s-]+(?:" + NUMBER_WORDS
                    + r"))*)\b", re.I)
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
MONTH = re.compile(rf"\b({MONTHS})\b", re.I)


# numbers that name rather than count: a paragraph's own number ("28. The potential..."), an article,
# a resolution or a document symbol, a footnote marker glued to a word, a year range
# "twenty-second session": an ordinal in words, whose "twenty" counts nothing
_SPELLED_ORDINAL = r"\b(?:" + "|".join(TENS) + r")y[- ](?:" + "|".join(UNITS[1:]) + r")\b|"
NOT_AMOUNTS = re.compile(_SPELLED_ORDINAL +
                         r"^\s*(?:[IVXLC]+|\d+|[a-z])[.)]\s+|(?<=:)\s*\d{1,2}[.)]|\b\d+(?:st|nd|rd|th|º|ª)\b|"
                         r"\b\d{1,2}(?:\s*(?:and|to|y|al|–|-)\s*\d{1,2})?\s+(?:de\s+)?(?:" + MONTHS + r")\b|"
                         r"\b(?:" + MONTHS + r")\s+\d{1,2}\b|\b(?:art[ií]culos?|articles?|art\.|paragraphs?|para\.|"
                         r"p[aá]rrafos?|resolu(?:tion|ción)s?|decisi(?:on|ón)s?|fracci[oó]n|chapter|cap[ií]tulo|annex|"
                         r"anexo|item|tema|session|per[ií]odo de sesiones|meeting|sesi[oó]n)\s+[\w/.]+|"
                         r"\b(?:Group of|Grupo de los|G-?)\s*\d{1,3}\b|"  # "Group of 77", "G20": a name
                         r"(?<=[A-Za-z]-)\d{1,4}\b|"  # "COVID-19", "SDG-17": a number that is part of a name
                         r"\b[A-Z]+(?:/[\w.]+)+|(?<=[a-z;])\d{1,3}\b|(?<=\D,)\d{1,3}\b|\b(?:19|20)\d\d\s*[–-]\s*(?:19|20)?\d\d\b|"
                         # a footnote marker set apart after a date: "... March 2019, 1." "10 May 2006, 2 2008/1"
                         r"(?<=(?:19|20)\d\d,\s)\d{1,2}(?=\.?\s*$|\s+\d)", re.I)


@lru_cache(maxsize=50_000)
def amounts(text: str) -> tuple[re.Match, ...]:
    """The numbers of a text that count or measure something (not years, not paragraph or article numbers)."""
    bare = NOT_AMOUNTS.sub(lambda m: " " * len(m.group()), text)
    return tuple(m for m in NUMBER.finditer(bare) if not YEAR.fullmatch(m.group().rstrip(".,")))


MONEY_ASKED = re.compile(r"\bhow many (dollars|euros|pesos|(millions?|billions?) of (dollars|euros|pesos|us))\b"
                         r"|\bcuant[oa]s (dolares|euros|pesos|millones|miles de millones)\b"
                         r"|\bhow much (money|funding|financing|aid|did|do|does|has|have|was|were|is|are|will)\b.*"
                         r"\b(spen[dt]|cost|give|gave|given|provide|provided|contribut\w*|mobili[sz]\w*|raise|raised|"
                         r"allocate\w*|disburse\w*|invest\w*|pay|paid|lend|lent|receive\w*|worth)\b|\bhow much (money|"
                         r"funding|financing)\b|\b(what|which) (budget|funding|amount of (money|funding|financing))\b"
                         r"|\bwhat (was|is|were|are) the (total |annual )?(budget|cost|amount)\b|\bwhat amount\b"
                         r"|\bcual (fue|es|era) el (presupuesto|costo|monto)\b|\ba cuanto (asciende|ascendio|ascienden|"
                         r"ascendieron)\b"
                         r"|\bcuanto dinero\b|\bque presupuesto\b|\bcuanto (se )?(gasto|gasta|costo|cuesta|invirtio|aporto|"
                         r"aportaron|recibio|recibieron|destino|asigno|movilizo)\b")
SHARE_ASKED = re.compile(r"\bwhat (share|percentage|proportion|per ?cent|fraction)\b|\bque (porcentaje|proporcion)\b"
                         r"|\bhow many per ?cent\b")
MONEY = re.compile(r"[$€£¥]|\b(dollars?|d[oó]lares|euros?|pesos|pounds? sterling|libras|francs?|francos|yen|yuan|"
                   r"USD|EUR|MXN|GBP)\b|\b(millions?|billions?|trillions?|millones|billones)\b|\bmil millones\b", re.I)
SHARE = re.compile(r"per ?cent|%|por ciento|percentage|porcentaje|\b(half|halves|thirds?|quarters?|fifths?|tenths?|mitad|"
                   r"tercios?|cuartos?|quintos?|d[eé]cimos?|cuarta parte|quinta parte)\b|"
                   r"\bout of (every )?\w+|\bde cada\b|\b\d+ (in|of) (every )?\d+\b", re.I)


_MEASURED_AMOUNT = re.compile(r"[$€£¥]")
_MULTIPLIERS = {"hundred", "thousand", "million", "billion", "trillion", "mil", "millones", "billones", "ciento", "cien"}
_NOT_COUNTED = re.compile(r"\s*(?:%|per ?cent|por ciento|(?:(?:million|billion|trillion|millones|billones|mil millones)\s+)?"
                          r"(?:dollars?|d[oó]lares|euros?|pesos|USD|EUR|MXN))", re.I)
DURATION_ASKED = re.compile(r"\bhow (often|long|frequently)\b|\bcon que (periodicidad|frecuencia)\b|\bcada cuant[oa]s?\b"
                            r"|\bcuanto tiempo\b|\b(what|which|que) (deadline|time ?frame|plazo|periodicity)\b"
                            r"|\bwithin how many\b|\ben cuantos dias\b")
COUNT_ASKED = re.compile(r"\bhow many\b|\bcuant[oa]s\b|\bnumber of\b|\bnumero de\b")
YEAR_ASKED = re.compile(r"\b(what|which|in what|since what|by what) year\b|\b(en|desde|a partir de) que ano\b|\bque ano\b")
DURATION = re.compile(r"\b(every|each|per|a|an|cada|por|al|once|twice|dos veces|una vez)\s+(\w+\s+){0,2}(years?|months?"
                      r"|weeks?|days?|sessions?|anos?|años?|mes(es)?|semanas?|d[ií]as?|sesiones?)\b|\b(annual(ly)?|"
                      r"yearly|biennial(ly)?|quadrennial(ly)?|monthly|quarterly|weekly|daily|periodically|anual(es|mente)?|"
                      r"bienal(es)?|cuatrienal(es)?|mensual(es|mente)?|trimestral(es|mente)?|semestral(es|mente)?|"
                      r"peri[oó]dicamente)\b|\b(\d+|" + NUMBER_WORDS + r"|una|un)[\s-]+(\w+\s+){0,1}(years?|months?|weeks?|"
                      r"days?|anos|años|meses|semanas|d[ií]as|h[aá]biles)\b", re.I)


_COUNTED = re.compile(r"\b(?:how\s+many|cuant[oa]s|number\s+of|numero\s+de|total\s+de)\s+((?:[a-z]+\s+){0,2}[a-z]+)")


def counted_words(question: str) -> frozenset[str]:
    """The (folded) words after "how many" / "¿cuántos", up to the first little word ("did", "de", "were"):
    what a number that answers must count ("how many Mexican institutions led ..." -> mexican, institutions)."""
    m = _COUNTED.search(fold(question))
    if not m:
        return frozenset()
    common, out = all_stopwords(), []
    for word in m.group(1).split():
        if word in common:
            break
        out.append(word)
    return frozenset(out)


def measure(question: str) -> str | None:
    """What kind of number or date answers: 'money' ("how much did X spend"), 'share' ("what
    percentage"), 'duration' ("how often", "within how many days"), 'year' ("in what year") or 'count'
    ("how many delegations")."""
    q = fold(question)
    for name, pattern in (("share", SHARE_ASKED), ("money", MONEY_ASKED), ("duration", DURATION_ASKED),
                          ("year", YEAR_ASKED), ("count", COUNT_ASKED)):
        if pattern.search(q):
            return name
    return None


def counts(text: str) -> list[re.Match]:
    """The amounts of a text that count (not a share, not money): "62 delegations", "2.6 billion people"."""
    out, previous = [], None
    for m in amounts(text):
        if previous is not None and previous.end() + 1 >= m.start() and m.group().lower() in _MULTIPLIERS:
            continue  # the "million" of "100.5 million": the number before it says what it is
        previous = m
        if not _MEASURED_AMOUNT.search(text, max(0, m.start() - 2), m.start()) and not _NOT_COUNTED.match(text, m.end()):
            out.append(m)
    return out


@lru_cache(maxsize=50_000)
def fits(text: str, kind: str, measured: str | None = None) -> bool:
    """A "how many" answer holds a number (money for "how much did it cost", a share for "what
    percentage") and a "when" answer a date; other kinds take any sentence."""
    if kind == "number":
        if not amounts(text):
            return False
        if measured in ("money", "share"):
            return bool((MONEY if measured == "money" else SHARE).search(text))
        if measured == "count":  # "61 per cent of countries" or "$100 million" count nothing
            return any(counts(text))
        return True
    if kind == "date" and measured == "duration":  # "every two years", "within 30 days", or a date
        return bool(DURATION.search(text) or YEAR.search(text) or MONTH.search(text))
    if kind == "date" and measured == "year":
        return bool(YEAR.search(text))
    if kind == "date":
        return bool(YEAR.search(text) or MONTH.search(text))
    return True
