"""The interface language: chosen per request, remembered, and handed to the library's messages.

Order: the `lang` parameter (the visible switch links carry it; the API takes it too), then the
`lang` cookie the switch leaves, then Accept-Language, then English. The page's catalogues are under
`webapp/translations` (Flask-Babel); the library's own messages follow through `ssc_search.i18n`.
"""
from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, g, request
from flask_babel import Babel, format_datetime, format_decimal, format_percent
from flask_babel import gettext as _

from ssc_search import i18n

from .errors import ApiError

LANGUAGES = i18n.LANGUAGES
NAMES = {"en": "English", "es": "Español"}  # each language named in itself, for the switch
COOKIE = "lang"
COOKIE_SECONDS = 365 * 24 * 3600


def chosen() -> str:
    return language_of(request.args.get("lang"), request.cookies.get(COOKIE), request.accept_languages)


def language_of(asked: str | None, remembered: str | None, accepted) -> str:
    """The `lang` asked for, else the one remembered, else the best of Accept-Language, else English."""
    if asked in LANGUAGES:
        return asked
    if remembered in LANGUAGES:
        return remembered
    return accepted.best_match(LANGUAGES) or "en"


def current() -> str:
    return g.get("lang") or "en"


def init(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    Babel(app, locale_selector=current)

    @app.before_request
    def choose_language():
        g.lang = chosen()
        g.lang_token = i18n.use(g.lang)
        asked = request.args.get("lang")
        if asked is not None and asked not in LANGUAGES and request.path.startswith("/api/"):
            raise ApiError(400, _("'lang' must be one of %(languages)s, not %(value)r",
                                  languages=", ".join(LANGUAGES), value=asked))

    @app.teardown_request
    def forget_language(_exc=None):
        token = g.pop("lang_token", None)
        if token is not None:
            i18n.reset(token)

    @app.after_request
    def tell_language(response):
        response.headers.setdefault("Content-Language", current())
        response.vary.update({"Accept-Language", "Cookie"})
        asked = request.args.get("lang")
        if asked in LANGUAGES and not request.path.startswith("/api/") and request.cookies.get(COOKIE) != asked:
            response.set_cookie(COOKIE, asked, max_age=COOKIE_SECONDS, samesite="Lax", httponly=True,
                                secure=request.is_secure)
        return response

    @app.context_processor
    def language_helpers():
        return {"lang": current(), "language_names": NAMES, "switch_url": switch_url,
                "language_name": language_name, "number": format_decimal, "percent": format_percent,
                "datetime": lambda ts: format_datetime(datetime.fromtimestamp(ts, timezone.utc), "short"),
                "kind_names": i18n.kind_names(), "job_kinds": {"upload": _("upload"), "remove": _("removal"),
                                                          "reindex": _("re-index"),
                                                          "reconcile": _("re-index at start")},
                "job_statuses": {"queued": _("queued"), "running": _("running"), "done": _("done"),
                                 "failed": _("failed")},
                "verdicts": {"right": _("right"), "partly": _("partly"), "wrong": _("wrong")}}


def language_name(code: str) -> str:
    """A document language named in the interface's language ("Inglés", "Spanish")."""
    name = Locale.parse(current()).languages.get(code, code)
    return name[:1].upper() + name[1:]


def switch_url(language: str) -> str:
    """This page in `language`: the same path and parameters, `lang` changed."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", language)]
    return f"{request.path}?{urlencode(args)}"
