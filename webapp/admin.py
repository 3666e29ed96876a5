"""Admin actions: upload, remove, re-index (JSON under /api, and an HTML page at /admin).

Every action needs the admin token (SSC_ADMIN_TOKEN): as a bearer token for the API, as a form
field on the page. Changes are checked before anything is written; builds run one at a time.
"""
from __future__ import annotations

import hmac
import threading
import time

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from ssc_search.index.store import BuildBusy
from ssc_search.library.corpus_admin import UploadError

from .errors import ApiError

bp = Blueprint("admin", __name__)


def runner():
    return current_app.extensions["ssc_jobs"]


def library():
    return current_app.extensions["ssc_library"]


CHALLENGE = {"WWW-Authenticate": 'Bearer realm="ssc-search admin"'}  # what a 401 must say (RFC 9110)


MAX_FAILURES = 5  # wrong tokens a client may send within FAILURE_WINDOW seconds before it has to wait
FAILURE_WINDOW = 60.0


class FailureLimiter:
    """Wrong admin tokens per client address, over a sliding window; one per app."""

    def __init__(self) -> None:
        self.failures: dict[str, list[float]] = {}
        self.lock = threading.Lock()

    def wait(self, client: str, now: float) -> int:
        """Seconds this client must wait before trying again (0: it may try)."""
        with self.lock:
            recent = [t for t in self.failures.get(client, []) if now - t < FAILURE_WINDOW]
            self.failures[client] = recent
            return int(FAILURE_WINDOW - (now - recent[0])) + 1 if len(recent) >= MAX_FAILURES else 0

    def failed(self, client: str, now: float) -> None:
        with self.lock:
            self.failures.setdefault(client, []).append(now)
            if len(self.failures) > 10_000:  # many addresses: forget the oldest rather than grow without end
                self.failures.pop(next(iter(self.failures)))


def limiter() -> FailureLimiter:
    return current_app.extensions.setdefault("ssc_token_failures", FailureLimiter())


def _check_token(given: str | None) -> None:
    expected = current_app.config.get("ADMIN_TOKEN") or ""
    if not expected:
        raise ApiError(401, _("admin actions are disabled on this server: start it with SSC_ADMIN_TOKEN set"),
                       CHALLENGE)
    if not given:  # no token is no guess: it is not counted
        raise ApiError(401, _("a valid admin token is required (Authorization: Bearer <SSC_ADMIN_TOKEN>)"),
                       CHALLENGE)
    client, now = request.remote_addr or "?", time.monotonic()
    wait = limiter().wait(client, now)
    if wait:  # guessing the token costs a minute per five tries; no token is even compared meanwhile
        raise ApiError(429, _("too many wrong admin tokens from this address; try again in %(s)d s", s=wait),
                       {"Retry-After": str(wait)})
    if not hmac.compare_digest(given.encode(), expected.encode()):
        limiter().failed(client, now)
        raise ApiError(401, _("a valid admin token is required (Authorization: Bearer <SSC_ADMIN_TOKEN>)"),
                       CHALLENGE)


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def _reserve(kind: str):
    try:
        return runner().reserve(kind)
    except BuildBusy as exc:
        raise ApiError(409, str(exc)) from None


def upload(form, files):
    file = files.get("file")
    if file is not None and file.filename:
        data = file.read()
    elif "file" in form:  # a plain field (curl -F 'file=<doc.pdf'): checked as the file's content
        data = form["file"].encode("utf-8", "surrogateescape")
    else:
        raise ApiError(400, _("send the PDF as the multipart field 'file', with 'title' (and issuer, year, "
                               "language)"))
    job = _reserve("upload")
    try:
        entry, change = library().add(data, form.to_dict(), max_bytes=current_app.config["MAX_UPLOAD_BYTES"])
    except UploadError as exc:
        runner().release(job, str(exc))
        raise ApiError(exc.status, str(exc)) from None
    except BaseException:
        runner().release(job, "the upload could not be stored")
        raise
    job.doc_id = entry["id"]
    runner().start(job, change)  # taken back if its build fails
    return job, entry


def remove(doc_id: str):
    if doc_id not in library().current().searcher.docs:  # before the build slot is taken
        raise ApiError(404, _("no document %(doc)r in the library", doc=doc_id))
    job = _reserve("remove")
    job.doc_id = doc_id
    try:
        change = library().remove(doc_id)
    except BaseException:
        runner().release(job, "the document could not be removed")
        raise
    runner().start(job, change)  # put back if its build fails
    return job


def reindex():
    job = _reserve("reindex")
    runner().start(job)
    return job


def _accepted(payload: dict, job):
    response = jsonify(payload)
    response.status_code = 202
    response.headers["Location"] = url_for("admin.job", job_id=job.id)
    return response


@bp.post("/api/documents")
def api_upload():
    _check_token(_bearer())
    job, entry = upload(request.form, request.files)
    return _accepted({"job": job.to_dict(), "document": entry}, job)


@bp.delete("/api/documents/<doc_id>")
def api_remove(doc_id: str):
    _check_token(_bearer())
    job = remove(doc_id)
    return _accepted({"job": job.to_dict()}, job)


@bp.post("/api/reindex")
def api_reindex():
    _check_token(_bearer())
    job = reindex()
    return _accepted({"job": job.to_dict()}, job)


@bp.get("/api/jobs/<job_id>")
def job(job_id: str):
    _check_token(_bearer())  # a job's report and error text are for the admin
    found = runner().get(job_id)
    if found is None:
        raise ApiError(404, _("no job %(job)r (the last hundred jobs are kept)", job=job_id))
    return jsonify(found.to_dict())


@bp.route("/admin", methods=["GET", "POST"])
def page():
    message, status = None, 200
    if request.method == "POST":
        action = request.form.get("action", "")
        try:
            _check_token(request.form.get("token"))
            if action == "upload":
                job, entry = upload(request.form, request.files)
                message = _("%(file)s stored; job %(job)s is indexing it.", file=entry["file"], job=job.id)
            elif action == "remove":
                job = remove(request.form.get("doc_id", ""))
                message = _("Removed; job %(job)s is re-indexing.", job=job.id)
            elif action == "reindex":
                job = reindex()
                message = _("Job %(job)s is re-indexing.", job=job.id)
            else:
                raise ApiError(400, _("unknown action %(action)r; choose upload, remove or reindex", action=action))
            return redirect(url_for("admin.page", done=message), code=303)
        except ApiError as exc:
            message, status = exc.message, exc.status
    snap = library().current()
    return render_template("admin.html", jobs=runner().recent(), documents=snap.index.documents,
                           message=message or request.args.get("done"), error=status != 200,
                           enabled=bool(current_app.config.get("ADMIN_TOKEN")),
                           feedback=current_app.extensions["ssc_feedback"].recent(50)), status
