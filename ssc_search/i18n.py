"""The library's messages in the reader's language (English and Spanish).

The language is a context variable: the web app sets it for each request (its `lang` parameter,
cookie or Accept-Language), the CLI from `--lang` or the locale. Messages are gettext catalogues
under `ssc_search/locale` (domain "ssc_search"), extracted and compiled by `make translations`.
A message is written once, in English, with named fields: `_("unknown document {doc!r}", doc=d)`.
"""
from __future__ import annotations

import gettext
import os
from contextvars import ContextVar, Token
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "es")
DOMAIN = "ssc_search"
LOCALE_DIR = Path(__file__).parent / "locale"

_current: ContextVar[str] = ContextVar("ssc_search_language", default="en")


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, [language], fallback=True)


def use(language: str | None) -> Token:
    """Make `language` (one of LANGUAGES; anything else means English) the one messages are in;
    returns the token that `reset` takes."""
    return _current.set(language if language in LANGUAGES else "en")


def reset(token: Token) -> None:
    _current.reset(token)


def current() -> str:
    return _current.get()


def from_locale(environ: dict | None = None) -> str:
    """The language of the process's locale (LC_ALL, LC_MESSAGES, LANG, as gettext reads them)."""
    environ = os.environ if environ is None else environ
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(key, "")
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def _(message: str, **values) -> str:
    """`message` in the current language, its `{fields}` filled from `values`."""
    text = catalogue(_current.get()).gettext(message)
    return text.format(**values) if values else text


def kind_names() -> dict[str, str]:
    """The catalogue's kinds of entity, named in the current language."""
    return {"agency": _("agency"), "partner": _("partner"), "initiative": _("initiative"), "country": _("country")}


def ngettext(singular: str, plural: str, count: int, /, **values) -> str:
    """`singular` or `plural` as `count` asks, in the current language, its `{fields}` filled from `values`."""
    return catalogue(_current.get()).ngettext(singular, plural, count).format(**values)


def ordinal(n: int) -> str:
    """22 -> "22nd" in English, "22.º" in Spanish."""
    if _current.get() == "es":
        return f"{n}.º"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
