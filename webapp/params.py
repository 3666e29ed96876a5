"""Reading request parameters, with errors that name the bad value and the allowed ones.

These checks are the ones `/api/openapi.json` declares (lengths, ranges, enums, patterns): a value the
schema allows is accepted here, and one it refuses gets a 400 naming the rule.
"""
from __future__ import annotations

import json
import re

from flask import request
from flask_babel import gettext as _

from ssc_search.config import YEARS
from ssc_search.errors import blank
from ssc_search.index.search import MAX_K, MAX_QUERY_CHARS
from ssc_search.ingest.catalog import ID_PATTERN, LANGUAGES, MAX_ID_CHARS

from .errors import ApiError

MAX_FILTER_VALUES = 20  # how many `doc` or `entity` values one request may name


def text(name: str, required: bool = True, source: dict | None = None) -> str:
    value = (source if source is not None else request.args).get(name, "")
    if not isinstance(value, str):
        raise ApiError(400, _("'%(name)s' must be a string", name=name))
    if required and blank(value):
        if source is not None:  # a JSON body
            raise ApiError(400, _("'%(name)s' is required, e.g. {\"%(name)s\": \"triangular cooperation\"}",
                                  name=name))
        raise ApiError(400, _("'%(name)s' is required, e.g. ?%(name)s=triangular+cooperation", name=name))
    if len(value) > MAX_QUERY_CHARS:
        raise ApiError(400, _("'%(name)s' has %(n)d characters; at most %(limit)d are allowed", name=name,
                              n=len(value), limit=MAX_QUERY_CHARS))
    return value


def _whole(name: str, raw, default: int | None, low: int, high: int) -> int | None:
    if raw is None:
        return default
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        raise ApiError(400, _whole_message(name, raw, low, high))
    try:
        value = int(raw) if isinstance(raw, int) else int(raw, 10) if re.fullmatch(r"[+-]?\d{1,12}", raw) else None
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ApiError(400, _whole_message(name, raw, low, high))
    return value


def _whole_message(name: str, raw, low: int, high: int) -> str:
    shown = repr(raw) if isinstance(raw, str) else json.dumps(raw)  # as the request wrote it: true, not True
    return _("'%(name)s' must be a whole number from %(low)d to %(high)d, not %(raw)s", name=name, low=low,
             high=high, raw=shown)


def integer(name: str, default: int | None, low: int, high: int) -> int | None:
    return _whole(name, request.args.get(name), default, low, high)


def _ids(name: str, values: list) -> list[str] | None:
    if not values:
        return None
    if len(values) > MAX_FILTER_VALUES:
        raise ApiError(400, _("at most %(limit)d '%(name)s' values are allowed, not %(n)d",
                              limit=MAX_FILTER_VALUES, name=name, n=len(values)))
    for value in values:
        if not isinstance(value, str) or len(value) > MAX_ID_CHARS or not re.fullmatch(ID_PATTERN, value):
            shown = value if not isinstance(value, str) or len(value) <= 60 else value[:60] + "…"
            raise ApiError(400, _("'%(name)s' must be an id of lower-case words joined by hyphens (at most "
                                  "%(limit)d characters), not %(value)r", name=name, limit=MAX_ID_CHARS, value=shown))
    return list(values)


def _language(raw) -> str | None:
    if raw is None:
        return None
    if raw not in LANGUAGES:
        raise ApiError(400, _("'%(name)s' must be one of %(allowed)s, not %(value)r", name="language",
                              allowed=", ".join(LANGUAGES), value=raw))
    return raw


def filters() -> dict:
    """The filters of a query string (`doc` and `entity` repeatable). A parameter given with an empty
    value is an error, not "no filter": the schema says what each one takes."""
    return {
        "doc": _ids("doc", request.args.getlist("doc")),
        "language": _language(request.args.get("language")),
        "year": integer("year", None, *YEARS),
        "entity": _ids("entity", request.args.getlist("entity")),
    }


def body_filters(body: dict) -> dict:
    """The same filters from a JSON body (`doc` a string or a list of them)."""
    doc = body.get("doc")
    if doc == []:
        raise ApiError(400, _("'doc' is a document id or a list of at least one"))
    nulls = [key for key in ("doc", "language", "year") if key in body and body[key] is None]
    if nulls:
        raise ApiError(400, _("'%(name)s' may be left out but not null", name=nulls[0]))
    return {
        "doc": _ids("doc", [doc] if isinstance(doc, str) else doc if isinstance(doc, list) else
                    [] if doc is None else [doc]),
        "language": _language(body.get("language")),
        "year": _whole("year", _json_int("year", body.get("year")), None, *YEARS),
    }


def _json_int(name: str, value):
    if isinstance(value, float) and value.is_integer():  # JSON Schema counts 2014.0 as an integer
        return int(value)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ApiError(400, _("'%(name)s' must be a JSON number such as 2014, not %(value)s", name=name,
                              value=json.dumps(value, ensure_ascii=False)))  # as the body wrote it: true, "2014"
    return value


def choice(name: str, allowed: tuple[str, ...]) -> str | None:
    raw = request.args.get(name)
    if raw is not None and raw not in allowed:
        raise ApiError(400, _("'%(name)s' must be one of %(allowed)s, not %(value)r", name=name,
                              allowed=", ".join(allowed), value=raw))
    return raw


def flag(name: str) -> bool:
    """A yes/no parameter: 1, true or yes; 0, false, no or absent."""
    raw = request.args.get(name)
    if raw is None:
        return False
    if raw in ("1", "true", "yes"):
        return True
    if raw in ("0", "false", "no"):
        return False
    raise ApiError(400, _("'%(name)s' must be true or false, not %(value)r", name=name, value=raw))


def k() -> int:
    return integer("k", 10, 1, MAX_K)
