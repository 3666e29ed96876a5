"""UN document symbols in text (A/RES/78/167, A/80/39, E/2025/8, A/CONF.227/20, A/78/465/Add.2) and
where each one leads: to the document when the library holds it, otherwise to its public record in the
UN Official Document System."""
from __future__ import annotations

import re
from urllib.parse import quote

from ..analyze import fold

SYMBOL = re.compile(r"(?<![\w/])(?:A|E|S|DP|TD|UNEP|ST)/(?:[A-Z]{2,8}(?:\.\d+)?/)*\d+"
                    r"(?:/(?:\d+|[A-Z][a-z]{0,4}\.\d+|L\.\d+))*(?![\w/])")
_RESOLUTION = re.compile(r"\b(?:[Rr]esolutions?|[Rr]esoluci[oó]n(?:es)?)\s+(\d{2,3}/\d{1,3})(?![\w/])")
# "... 77/185 of 14 December 2022 and 78/167 of 19 December 2023": the rest of a list of resolutions
_DATED = re.compile(r"(?<![\w/])(?<!decision )(?<!decisions )(\d{2,3}/\d{1,3})(?=(?:\s+[A-Z])?\s+of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4})")
QUERY_SYMBOL = re.compile(r"(?<!\S)symbol:(\S+)", re.I)
PUBLIC_RECORD = "https://documents.un.org/symbol-explorer?s={symbol}"


def find(text: str) -> list[tuple[int, int, str]]:
    """(start, end, symbol) of every document symbol in `text`; "resolution 78/167" is A/RES/78/167."""
    found = [(m.start(), m.end(), m.group()) for m in SYMBOL.finditer(text)]
    named = {(m.start(1), m.end(1), f"A/RES/{m.group(1)}") for m in _RESOLUTION.finditer(text)}
    named |= {(m.start(1), m.end(1), f"A/RES/{m.group(1)}") for m in _DATED.finditer(text)}
    return sorted(found + list(named))


def of_title(title: str) -> str | None:
    """The symbol a document's title starts with ("A/RES/80/156 South-South cooperation")."""
    m = SYMBOL.match(title.strip())
    return m.group() if m else None


def public_record(symbol: str) -> str:
    return PUBLIC_RECORD.format(symbol=quote(symbol, safe="/"))


def split_query(query: str) -> tuple[str, list[str]]:
    """The query without its `symbol:` parts, and the symbols they name."""
    symbols = [m.group(1) for m in QUERY_SYMBOL.finditer(query)]
    return QUERY_SYMBOL.sub(" ", query).strip(), symbols


class SymbolIndex:
    """Which document of the library carries which symbol."""

    def __init__(self, documents) -> None:
        self.by_symbol: dict[str, str] = {}
        self.of_doc: dict[str, str] = {}
        for d in documents:
            for start, end, symbol in find(d.title):
                self.by_symbol.setdefault(fold(symbol), d.doc_id)
                self.of_doc.setdefault(d.doc_id, symbol)

    def document(self, symbol: str) -> str | None:
        return self.by_symbol.get(fold(symbol))
