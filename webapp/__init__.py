"""The web page and JSON API: a thin shell over `ssc_search`."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, g, request

from ssc_search import config
from ssc_search.index.store import IndexError_
from ssc_search.library.corpus_admin import REMOVED_DIR, out_of_step
from ssc_search.library.feedback import FILE_NAME, FeedbackStore
from ssc_search.library.jobs import JobRunner
from ssc_search.library.service import Library

from . import admin, api, errors, i18n, pages

log = logging.getLogger(__name__)
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


MIN_TOKEN_CHARS = 12
SMALL_BODY_BYTES = 64 * 1024  # a question, a verdict, a form: far below this
LARGE_BODY_ENDPOINTS = {"admin.api_upload", "admin.page"}


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    settings = config.Settings.from_env()
    app.config.from_mapping(
        INDEX_DIR=str(settings.index_dir),
        CORPUS_DIR=str(settings.corpus_dir),
        ADMIN_TOKEN=settings.admin_token,
        MAX_UPLOAD_BYTES=50 * 1024 * 1024,
        JSON_SORT_KEYS=False,
    )
    if test_config:
        app.config.update(test_config)
    token = app.config["ADMIN_TOKEN"] or ""
    if token and (len(token.strip()) < MIN_TOKEN_CHARS or token != token.strip()):
        raise ValueError(f"SSC_ADMIN_TOKEN must be at least {MIN_TOKEN_CHARS} characters with no surrounding "
                         "spaces; generate one with `python -c 'import secrets; print(secrets.token_urlsafe(24))'`")
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # Flask's own default is None: no limit at all
        app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_UPLOAD_BYTES"] + 1024 * 1024
    app.json.sort_keys = False
    app.extensions["ssc_library"] = Library(Path(app.config["INDEX_DIR"]), Path(app.config["CORPUS_DIR"]))
    app.extensions["ssc_jobs"] = JobRunner(Path(app.config["CORPUS_DIR"]), Path(app.config["INDEX_DIR"]))
    app.extensions["ssc_feedback"] = FeedbackStore(Path(app.config["INDEX_DIR"]) / FILE_NAME)  # kept across builds
    if app.config.get("RECONCILE_AT_START"):
        reconcile(app)
    i18n.init(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(admin.bp)
    errors.register(app)

    @app.before_request
    def small_bodies():
        # only an upload may send a large body; everything else is refused past SMALL_BODY_BYTES before it is read
        if request.endpoint not in LARGE_BODY_ENDPOINTS:
            request.max_content_length = SMALL_BODY_BYTES

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if g.get("generation"):  # which generation answered, so a client can tell a re-index happened
            response.headers.setdefault("X-Index-Generation", g.generation)
        return response

    return app


def reconcile(app: Flask) -> None:
    """Start a build when the library folder and the served generation disagree (a build stopped by a
    crash, a file copied in while the server was down)."""
    try:
        index = app.extensions["ssc_library"].current().index
    except IndexError_:
        return  # nothing served yet: `ssc-search index` builds the first generation
    corpus = Path(app.config["CORPUS_DIR"])
    for waiting in (corpus / REMOVED_DIR).glob("*") if (corpus / REMOVED_DIR).is_dir() else []:
        waiting.unlink(missing_ok=True)  # a removal cut short by a stop: the build below completes it
    differences = out_of_step(corpus, index.documents, index.skipped)
    if differences:
        job = app.extensions["ssc_jobs"].submit("reconcile")
        log.warning("the library folder and the index disagree (%s); job %s re-indexes",
                    "; ".join(differences[:5]) + (" ..." if len(differences) > 5 else ""), job.id)
