"""Reading request parameters, with errors that name the bad value and the allowed ones."""
from __future__ import annotations

from flask import request

from ssc_search.catalog import LANGUAGES
from ssc_search.search import MAX_K, MAX_QUERY_CHARS

from .errors import ApiError


def text(name: str, required: bool = True, source: dict | None = None) -> str:
    value = (source if source is not None else request.args).get(name, "")
    if not isinstance(value, str):
        raise ApiError(400, f"'{name}' must be a string")
    if required and not value.strip():
        raise ApiError(400, f"'{name}' is required, e.g. ?{name}=triangular+cooperation")
    if len(value) > MAX_QUERY_CHARS:
        raise ApiError(400, f"'{name}' has {len(value)} characters; at most {MAX_QUERY_CHARS} are allowed")
    return value


def integer(name: str, default: int | None, low: int, high: int) -> int | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"'{name}' must be a whole number from {low} to {high}, not {raw!r}") from None
    if not low <= value <= high:
        raise ApiError(400, f"'{name}' must be a whole number from {low} to {high}, not {value}")
    return value


def filters() -> dict:
    language = request.args.get("language") or None
    if language is not None and language not in LANGUAGES:
        raise ApiError(400, f"'language' must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return {
        "doc": request.args.getlist("doc") or None,
        "language": language,
        "year": integer("year", None, 1900, 2100),
        "entity": request.args.getlist("entity") or None,
    }


def k() -> int:
    return integer("k", 10, 1, MAX_K)
