"""Serving the app with waitress, whose own errors (431, 413, a malformed request line) answer in the
documented JSON shape too, like every error of the app."""
from __future__ import annotations

import gc
import gettext
import json
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qs

from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from ssc_search.i18n import LANGUAGES

from .errors import CODES
from .i18n import language_of

CONNECTION_LIMIT, CHANNEL_TIMEOUT = 1000, 20
GC_YOUNG_THRESHOLD = 10_000  # allocations between two young collections (Python's default: 700)


def _(message: str) -> str:
    """Marks a message for the catalogue; the reader's catalogue translates it below (no request context
    exists yet when the server refuses a request)."""
    return message


MESSAGES = {400: _("the request could not be understood"),
            413: _("the request is larger than this server accepts (at most %(mb)d MB)"),
            431: _("the request's headers are larger than this server accepts")}


@lru_cache(maxsize=len(LANGUAGES))
def _catalogue(language: str):
    return gettext.translation("messages", Path(__file__).parent / "translations", languages=[language],
                               fallback=True)


def _language(request) -> str:
    """As the app chooses it, from what the server has read of the request (no cookie is read here)."""
    asked = parse_qs(getattr(request, "query", "") or "").get("lang", [""])[0]
    header = (getattr(request, "headers", None) or {}).get("ACCEPT_LANGUAGE", "")
    return language_of(asked, None, parse_accept_header(header, LanguageAccept))


def error_body(code: int, reason: str, detail: str, language: str = "en") -> bytes:
    """The server's own error in the app's shape and the reader's language."""
    if code in MESSAGES:
        limit = re.search(r"\d+", detail)
        message = _catalogue(language).gettext(MESSAGES[code]) % {"mb": int(limit.group()) >> 20 if limit else 0}
    else:
        message = f"{reason}: {detail}" if detail else reason
    return json.dumps({"error": {"code": CODES.get(code, "error"), "message": message}}).encode("utf-8")


class JsonErrorTask(ErrorTask):
    """waitress's error response (written before the app sees the request), as JSON."""

    def execute(self):
        error = self.request.error
        body = error_body(error.code, error.reason, " ".join(str(error.body).split())[:200], _language(self.request))
        self.status = f"{error.code} {error.reason}"
        self.response_headers.extend([("Content-Type", "application/json"), ("X-Content-Type-Options", "nosniff")])
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class JsonErrorChannel(HTTPChannel):
    error_task_class = JsonErrorTask


def make_server(app, host: str, port: int, threads: int = 8):
    """The waitress server for `app`: idle connections are dropped after CHANNEL_TIMEOUT s and up to
    CONNECTION_LIMIT are kept, so a hundred idle sockets do not lock everyone out; no body larger than
    an upload is buffered."""
    server = create_server(app, host=host, port=port, threads=threads, ident="ssc-search",
                           connection_limit=CONNECTION_LIMIT, channel_timeout=CHANNEL_TIMEOUT, cleanup_interval=5,
                           max_request_body_size=app.config["MAX_CONTENT_LENGTH"])
    # one listening socket gives one server; several (localhost on IPv4 and IPv6) a wrapper holding them
    for listener in [server, *getattr(server, "map", {}).values()]:
        if hasattr(listener, "channel_class"):
            listener.channel_class = JsonErrorChannel
    return server


def serve(app, host: str, port: int, threads: int = 8) -> None:
    serving_gc()
    make_server(app, host, port, threads).run()


def serving_gc() -> None:
    """Collect garbage less often in a serving process: a full collection walks every object the library
    and its caches hold (a quarter of a second on a library of 5,000 pages), and with Python's default
    threshold an answer met one every twenty-five or so questions (ask p99 272 ms against 86 ms with
    this threshold, 200 SciFact questions on 5,000 generated pages)."""
    gc.set_threshold(GC_YOUNG_THRESHOLD, 10, 10)
