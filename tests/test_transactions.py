"""Changes to the library are transactional: an upload or a removal whose build fails is taken back,
the job history survives a restart, a server that starts beside a folder its index does not match
re-indexes it, and waitress's own errors are JSON too."""
import json
import socket
import threading
import time
from pathlib import Path

import pytest
from conftest import body_lines, make_pdf, wait_job

from ssc_search.index.build import build, load
from ssc_search.library.corpus_admin import REMOVED_DIR, out_of_step
from ssc_search.library.jobs import JobRunner
from webapp import create_app
from webapp.server import make_server

TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def files(corpus: Path) -> dict:
    """Every file of the corpus folder (the waiting room of removed PDFs included) with its bytes."""
    return {str(p.relative_to(corpus)): p.read_bytes() for p in sorted(corpus.rglob("*")) if p.is_file()}


def ended(client, job_id: str) -> dict:
    return wait_job(client, job_id, AUTH)


@pytest.fixture
def site(small_corpus, tmp_path):
    build(small_corpus, tmp_path / "index")
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index"), "CORPUS_DIR": str(small_corpus),
                      "ADMIN_TOKEN": TOKEN, "MAX_UPLOAD_BYTES": 200_000})
    return app, app.test_client(), small_corpus


def upload(client, pdf: Path, title: str):
    with open(pdf, "rb") as fh:
        return client.post("/api/documents", headers=AUTH, content_type="multipart/form-data",
                           data={"file": (fh, "in.pdf"), "title": title, "year": "2024"})


def test_an_upload_whose_build_fails_is_taken_back(site, tmp_path):
    app, client, corpus = site
    before = files(corpus)
    pdf = make_pdf(tmp_path / "new.pdf", [body_lines(3, 12)])
    app.extensions["ssc_jobs"].timeout = 0.01  # no build is that fast: it is stopped
    r = upload(client, pdf, "Stranded Report")
    assert r.status_code == 202
    job = ended(client, r.get_json()["job"]["id"])
    assert job["status"] == "failed" and "taken back" in job["message"]
    assert files(corpus) == before  # neither the PDF nor its catalogue entry stayed behind
    app.extensions["ssc_jobs"].timeout = 600
    r = upload(client, pdf, "Stranded Report")  # the same file again is a new upload, not a 409
    assert r.status_code == 202
    assert ended(client, r.get_json()["job"]["id"])["status"] == "done"
    assert any(d.title == "Stranded Report" for d in load(Path(app.config["INDEX_DIR"])).documents)


def test_a_removal_whose_build_fails_is_put_back_and_one_that_succeeds_leaves_nothing(site):
    app, client, corpus = site
    before = files(corpus)
    app.extensions["ssc_jobs"].timeout = 0.01
    r = client.delete("/api/documents/beta", headers=AUTH)
    assert r.status_code == 202
    job = ended(client, r.get_json()["job"]["id"])
    assert job["status"] == "failed" and "taken back" in job["message"]
    assert files(corpus) == before
    app.extensions["ssc_jobs"].timeout = 600
    r = client.delete("/api/documents/beta", headers=AUTH)
    assert ended(client, r.get_json()["job"]["id"])["status"] == "done"
    assert "beta.pdf" not in files(corpus) and not list((corpus / REMOVED_DIR).iterdir())


def test_job_history_survives_a_restart(small_corpus, tmp_path):
    build(small_corpus, tmp_path / "index")
    runner = JobRunner(small_corpus, tmp_path / "index")
    finished = runner.reserve("reindex")
    runner.release(finished, "refused before the build")
    cut_short = runner.reserve("upload")  # the server stops while this one holds the slot
    cut_short.status = "running"
    runner._save(cut_short)
    again = JobRunner(small_corpus, tmp_path / "index")
    assert again.get(finished.id).message == "refused before the build"
    assert again.get(cut_short.id).status == "failed" and "stopped" in again.get(cut_short.id).message
    assert [j.id for j in again.recent()] == [cut_short.id, finished.id]
    assert again.reserve("reindex")  # a job of the last run does not hold the slot


def test_out_of_step_names_what_differs(small_corpus, tmp_path):
    build(small_corpus, tmp_path / "index")
    index = load(tmp_path / "index")
    assert out_of_step(small_corpus, index.documents, index.skipped) == []
    make_pdf(small_corpus / "delta.pdf", [body_lines(5, 12)])
    (small_corpus / "alpha.pdf").unlink()
    make_pdf(small_corpus / "beta.pdf", [body_lines(9, 12)])
    found = out_of_step(small_corpus, index.documents, index.skipped)
    assert len(found) == 3 and [f.split()[0] for f in found] == ["delta.pdf", "alpha.pdf", "beta.pdf"]


def test_a_server_that_starts_beside_a_changed_folder_reindexes_it(small_corpus, tmp_path):
    index_dir = tmp_path / "index"
    build(small_corpus, index_dir)
    config = {"TESTING": True, "INDEX_DIR": str(index_dir), "CORPUS_DIR": str(small_corpus),
              "ADMIN_TOKEN": TOKEN, "RECONCILE_AT_START": True}
    assert not create_app(config).extensions["ssc_jobs"].recent()  # in step: nothing to do
    make_pdf(small_corpus / "delta.pdf", [["The Xochimilco programme supports partner countries."] * 12])
    (small_corpus / REMOVED_DIR).mkdir()
    (small_corpus / "beta.pdf").rename(small_corpus / REMOVED_DIR / "beta.pdf")  # a removal the stop cut short
    app = create_app(config)
    jobs = app.extensions["ssc_jobs"].recent()
    assert [j.kind for j in jobs] == ["reconcile"]
    assert ended(app.test_client(), jobs[0].id)["status"] == "done"
    assert app.test_client().get("/api/search?q=Xochimilco").get_json()["total"] >= 1
    assert not list((small_corpus / REMOVED_DIR).iterdir())
    assert "beta" not in {d["doc_id"] for d in app.test_client().get("/api/documents").get_json()["documents"]}


@pytest.fixture
def served(small_corpus, tmp_path):
    build(small_corpus, tmp_path / "index")
    app = create_app({"INDEX_DIR": str(tmp_path / "index"), "CORPUS_DIR": str(small_corpus),
                      "MAX_UPLOAD_BYTES": 100_000})
    server = make_server(app, "127.0.0.1", 0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server.effective_port
    server.close()


def raw(port: int, request: bytes) -> tuple[int, dict, dict]:
    """Send `request` while reading the answer: the server may answer and close before it is all sent."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        def send():
            try:
                sock.sendall(request)
            except OSError:
                pass  # the server answered and closed early

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except ConnectionResetError:
            pass  # what arrived before the reset is the answer
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, json.loads(body)


@pytest.mark.parametrize("request_bytes, status", [
    (b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 300_000 + b"\r\n\r\n", 431),
    (b"POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n", 413),
    (b"GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", 400),
])
def test_the_servers_own_errors_are_json(served, request_bytes, status):
    code, headers, body = raw(served, request_bytes)
    assert code == status
    assert headers["Content-Type"] == "application/json"
    assert set(body["error"]) == {"code", "message"} and body["error"]["message"]


def test_the_servers_own_errors_speak_the_readers_language(served):
    code, _, body = raw(served, b"POST /api/documents HTTP/1.1\r\nHost: x\r\nAccept-Language: es-MX,es;q=0.9\r\n"
                                b"Content-Length: 99999999\r\n\r\n")
    assert code == 413 and "como máximo" in body["error"]["message"] and "MB" in body["error"]["message"]
    code, _, body = raw(served, b"POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n")
    assert code == 413 and body["error"]["message"].startswith("the request is larger than this server accepts")


def test_a_damaged_job_history_does_not_stop_the_server(small_corpus, tmp_path):
    build(small_corpus, tmp_path / "index")
    (tmp_path / "index" / "jobs.sqlite3").write_bytes(b"not a database at all")
    runner = JobRunner(small_corpus, tmp_path / "index")
    assert runner.history is None and runner.recent() == []
    job = runner.reserve("reindex")  # jobs still run, kept in memory
    runner.release(job, "refused")
    assert runner.get(job.id).status == "failed" and runner.reserve("reindex")


def test_a_change_is_not_taken_back_once_its_generation_is_served(small_corpus, tmp_path, monkeypatch):
    from ssc_search.library.corpus_admin import Change

    build(small_corpus, tmp_path / "index")
    runner = JobRunner(small_corpus, tmp_path / "index")
    calls = []

    def committed_then_failed(job):  # the new generation switched in, then something after it failed
        build(small_corpus, tmp_path / "index", full=True)
        return ("error", "pruning old generations failed")

    monkeypatch.setattr(runner, "_build", committed_then_failed)
    job = runner.reserve("upload")
    runner.start(job, Change(lambda: calls.append("undo"), lambda: calls.append("done")))
    deadline = time.time() + 30
    while job.status not in ("done", "failed") and time.time() < deadline:
        time.sleep(0.02)
    assert job.status == "failed" and calls == ["done"] and "after its new generation was served" in job.message
