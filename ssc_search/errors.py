"""The errors the library raises for a request it cannot serve as asked.

Each message says what was wrong and what would work; the web app maps `UnknownName` to 404 and any
other `QueryError` to 400, the CLI prints the message.
"""
from __future__ import annotations

import unicodedata


class QueryError(ValueError):
    """A query, filter or option the library cannot serve (empty, too long, out of range)."""


class UnknownName(QueryError):
    """A filter names a document or entity the library does not hold."""


class StorageError(RuntimeError):
    """Writing the index or its cache failed (disk full, read-only, I/O error): the build stops."""


def blank(text: str) -> bool:
    """Nothing but spaces and invisible marks (a zero-width space, a byte-order mark)."""
    return all(c.isspace() or unicodedata.category(c) == "Cf" for c in text)


def control_character(text: str) -> str | None:
    """"U+0000" for the first control character of `text` (tabs and line breaks are spaces), else None:
    no query, question or comment holds one."""
    found = next((c for c in text if (ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127), None)
    return None if found is None else "U+%04X" % ord(found)
