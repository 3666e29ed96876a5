"""One error policy for the app: JSON under /api, a plain page elsewhere, never a stack trace."""
from __future__ import annotations

import errno
import logging
import uuid

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from ssc_search.index.store import IndexError_, ShardUnavailable

log = logging.getLogger(__name__)

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "unprocessable",
         429: "too_many_requests", 431: "headers_too_large",
         500: "internal_error", 503: "unavailable", 507: "insufficient_storage"}


def http_message(status: int) -> str:
    """The reader's-language words for an HTTP error the app did not describe itself."""
    return {400: _("the request could not be understood"),
            404: _("there is nothing at this address; the question box is on the home page"),
            405: _("this address does not take this method; the Allow header lists those it takes"),
            413: _("the request is larger than this server accepts"),
            415: _("this kind of content is not accepted here")}.get(status, _("the request could not be served"))


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def respond(status: int, message: str, headers: dict | None = None):
    if request.path.startswith("/api/"):
        response = make_response(jsonify({"error": {"code": CODES.get(status, "error"), "message": message}}), status)
    else:
        response = make_response(render_template("error.html", status=status, message=message), status)
    response.headers.update(headers or {})
    return response


def register(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(exc: ApiError):
        return respond(exc.status, exc.message, exc.headers)

    @app.errorhandler(IndexError_)
    def no_index(exc: IndexError_):
        return respond(503, str(exc))

    @app.errorhandler(ShardUnavailable)
    def shard_down(exc: ShardUnavailable):
        return respond(503, str(exc))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        # the exception's own headers carry what HTTP requires, such as `Allow` on a 405
        headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
        described = exc.description if exc.description != type(exc).description else None  # our own words
        return respond(exc.code or 500, described or http_message(exc.code or 500), headers)

    @app.errorhandler(OSError)
    def storage(exc: OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):  # the disk is full: nothing was changed
            log.error("no space left on %s: %s", request.path, exc)
            return respond(507, _("the server has no disk space left for this; nothing was changed"))
        return unexpected(exc)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        request_id = uuid.uuid4().hex[:12]  # in the log with the trace, and in the answer without it
        log.exception("unexpected error %s on %s", request_id, request.path)
        return respond(500, _("something went wrong on our side; the error was logged as %(id)s", id=request_id),
                       {"X-Request-Id": request_id})
