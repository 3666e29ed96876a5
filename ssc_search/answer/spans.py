"""The exact answer inside an answer's text: the number for "how many", the date for "when", the
names for "who", as [start, end] offsets the page and the API mark."""
from __future__ import annotations

import re

from ..dates import MONTHS
from . import constraints as C
from . import measures as M
from . import question as Q
from .unit_features import QuestionInfo, Unit


def answer_spans(info: QuestionInfo, unit: Unit, text: str) -> list[list[int]]:
    """[start, end] offsets in `text` (the answer) of what exactly answers, in the first unit: the
    number for "how many", the date for "when", the names for "who"."""
    offset = text.find(unit.text)
    if offset < 0:
        return []
    if info.kind == "number":
        found = M.amounts(unit.text)
    elif info.kind == "date":
        found = list(DATE.finditer(unit.text))
    elif info.kind == "who":
        names = Q.new_names(unit.text, info.text)
        found = [m for n in names for m in [re.search(re.escape(n), unit.text)] if m]
    else:
        return []
    asked = set(C.numbers(info.text)) | C.years(info.text)
    return [[offset + m.start(), offset + m.end()] for m in found
            if re.sub(r"[.,]", "", m.group()) not in asked][:3]


DATE = re.compile(r"\b(?:\d{1,2}(?:\s*(?:and|y|-|–|to)\s*\d{1,2})?\s+(?:de\s+)?)?(?:" + MONTHS +
                  r")(?:\s+(?:de\s+)?(?:19|20)\d\d)?\b|\b(?:19|20)\d\d\b", re.I)
