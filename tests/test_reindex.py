"""Re-indexing without downtime: uploads, removals, jobs, the watcher, and failures half-way."""
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, make_blank_pdf, make_pdf, wait_job

from ssc_search.index.build import build, load
from ssc_search.index.search import Searcher
from ssc_search.index.store import IndexStore
from webapp import create_app

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def new_pdf(path: Path, word: str, pages: int = 10) -> Path:
    body = [f"The {word} programme supports cooperation between partner countries, page {n}." for n in range(30)]
    return make_pdf(path, [body for _ in range(pages)])


@pytest.fixture
def site(small_corpus, tmp_path):
    index = tmp_path / "index"
    build(small_corpus, index)
    app = create_app({"TESTING": True, "INDEX_DIR": str(index), "CORPUS_DIR": str(small_corpus),
                      "ADMIN_TOKEN": TOKEN, "MAX_UPLOAD_BYTES": 200_000})
    return app, app.test_client(), small_corpus, index


def snapshot(corpus: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(corpus.iterdir()) if p.is_file()}


def test_upload_then_searchable_with_diff(site, tmp_path):
    app, client, corpus, _ = site
    pdf = new_pdf(tmp_path / "in.pdf", "Quetzalcoatl")
    with open(pdf, "rb") as fh:
        r = client.post("/api/documents", headers=AUTH, content_type="multipart/form-data",
                        data={"file": (fh, "../../etc/passwd.pdf"), "title": "Quetzalcoatl Report", "year": "2024",
                              "language": "en", "issuer": "Test"})
    assert r.status_code == 202, r.get_json()
    body = r.get_json()
    doc_id = body["document"]["id"]
    assert r.headers["Location"] == f"/api/jobs/{body['job']['id']}"
    assert (corpus / f"{doc_id}.pdf").exists() and not (corpus.parent / "etc").exists()
    job = wait_job(client, body["job"]["id"], AUTH)
    assert job["status"] == "done" and job["report"]["diff"]["added"] == [doc_id]
    hits = client.get("/api/search?q=Quetzalcoatl").get_json()["results"]
    assert hits and hits[0]["doc_id"] == doc_id and hits[0]["title"] == "Quetzalcoatl Report"


@pytest.mark.parametrize("make,status,reason", [
    (lambda p: p.write_bytes(b"GIF89a not a pdf"), 415, "not a PDF"),
    (lambda p: p.write_bytes(b"%PDF-1.4\nbroken beyond repair"), 422, "cannot be read"),
    (lambda p: make_pdf(p, [["secret"]], password="pw"), 422, "encrypted"),
    (lambda p: make_blank_pdf(p), 422, "no text"),
    (lambda p: p.write_bytes(b"%PDF-1.4\n" + b"x" * 300_000), 413, ""),
])
def test_bad_uploads_change_nothing(site, tmp_path, make, status, reason):
    app, client, corpus, index = site
    before, generation = snapshot(corpus), IndexStore(index).current_name()
    path = tmp_path / "upload.pdf"
    make(path)
    with open(path, "rb") as fh:
        r = client.post("/api/documents", headers=AUTH, content_type="multipart/form-data",
                        data={"file": (fh, "upload.pdf"), "title": "Bad"})
    assert r.status_code == status
    assert reason in r.get_json()["error"]["message"]
    assert snapshot(corpus) == before and IndexStore(index).current_name() == generation
    assert app.extensions["ssc_jobs"].reserve("reindex")  # the build slot was given back


@pytest.mark.parametrize("headers,app_token", [({}, TOKEN), ({"Authorization": "Bearer nope"}, TOKEN),
                                                ({"Authorization": f"Bearer {TOKEN}"}, "")])
def test_admin_needs_the_token(small_corpus, tmp_path, headers, app_token):
    build(small_corpus, tmp_path / "index")
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index"), "CORPUS_DIR": str(small_corpus),
                         "ADMIN_TOKEN": app_token}).test_client()
    for method, url in (("post", "/api/reindex"), ("delete", "/api/documents/alpha"), ("post", "/api/documents")):
        r = getattr(client, method)(url, headers=headers)
        assert r.status_code == 401 and r.get_json()["error"]["code"] == "unauthorized"


def test_one_build_at_a_time(site):
    app, client, _, _ = site
    job = app.extensions["ssc_jobs"].reserve("reindex")
    r = client.post("/api/reindex", headers=AUTH)
    assert r.status_code == 409 and job.id in r.get_json()["error"]["message"]
    app.extensions["ssc_jobs"].release(job, "test")
    r = client.post("/api/reindex", headers=AUTH)
    assert r.status_code == 202 and wait_job(client, r.get_json()["job"]["id"], AUTH)["status"] == "done"


def test_remove_document(site):
    app, client, corpus, _ = site
    r = client.delete("/api/documents/beta", headers=AUTH)
    assert r.status_code == 202
    job = wait_job(client, r.get_json()["job"]["id"], AUTH)
    assert job["report"]["diff"]["removed"] == ["beta"]
    assert "beta" not in {d["doc_id"] for d in client.get("/api/documents").get_json()["documents"]}
    assert not (corpus / "beta.pdf").exists()
    assert (corpus / "removed.txt").read_text(encoding="utf-8").split() == ["beta.pdf"]  # make keeps it out
    assert client.delete("/api/documents/beta", headers=AUTH).status_code == 404
    assert client.get("/api/jobs/nope", headers=AUTH).status_code == 404
    assert client.get(f"/api/jobs/{job['id']}").status_code == 401  # a job's report is for the admin


def test_admin_page_upload_form(site, tmp_path):
    app, client, corpus, _ = site
    html = client.get("/admin").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html and "Remove" in html
    pdf = new_pdf(tmp_path / "f.pdf", "Tlaloc", pages=2)
    with open(pdf, "rb") as fh:
        r = client.post("/admin", data={"action": "upload", "token": TOKEN, "title": "Tlaloc notes",
                                        "file": (fh, "f.pdf")}, content_type="multipart/form-data")
    assert r.status_code == 303
    r = client.post("/admin", data={"action": "reindex", "token": "wrong"})
    assert r.status_code == 401 and "valid admin token" in r.get_data(as_text=True)


def test_change_add_remove_follow_in_diff_and_results(small_corpus, tmp_path):
    index = tmp_path / "index"
    build(small_corpus, index)
    new_pdf(small_corpus / "alpha.pdf", "Xochimilco", pages=2)  # changed content
    new_pdf(small_corpus / "delta.pdf", "Tenochtitlan", pages=2)  # added
    (small_corpus / "gamma.pdf").unlink()  # removed
    report = build(small_corpus, index)
    assert report.diff["added"] == ["delta"] and report.diff["changed"] == ["alpha"]
    assert report.diff["removed"] == ["gamma"] and (report.parsed, report.cached) == (2, 1)
    searcher = Searcher(load(index))
    assert searcher.search("Xochimilco").results[0].doc_id == "alpha"
    assert searcher.search("Tenochtitlan").results[0].doc_id == "delta"
    assert "+1 ~1 -1 documents" in report.summary()


def test_watch_indexes_a_dropped_pdf(small_corpus, tmp_path):
    from ssc_search.library.watch import watch

    index = tmp_path / "index"
    build(small_corpus, index)
    stop, built = threading.Event(), []
    thread = threading.Thread(target=watch, args=(small_corpus, index),
                              kwargs={"settle": 0.3, "stop": stop, "on_build": built.append}, daemon=True)
    thread.start()
    time.sleep(0.5)
    new_pdf(small_corpus / "omega.pdf", "Popocatepetl", pages=2)
    deadline = time.time() + 30
    while not built and time.time() < deadline:
        time.sleep(0.1)
    stop.set()
    thread.join(10)
    assert built and built[-1].diff["added"] == ["omega"]
    assert Searcher(load(index)).search("Popocatepetl").results
    # a build reads (opens and closes) every PDF: that is no change, so no build follows it
    count, stop = len(built), threading.Event()
    thread = threading.Thread(target=watch, args=(small_corpus, index),
                              kwargs={"settle": 0.3, "stop": stop, "on_build": built.append}, daemon=True)
    thread.start()
    time.sleep(0.5)
    for pdf in small_corpus.glob("*.pdf"):
        pdf.read_bytes()
    time.sleep(2.5)
    stop.set()
    thread.join(10)
    assert len(built) == count


def _index_args(corpus: Path, index: Path) -> list[str]:
    return [sys.executable, "-m", "ssc_search", "--index", str(index), "index", "--full", "--corpus", str(corpus)]


def _index_cmd(corpus: Path, index: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(_index_args(corpus, index), cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, **kwargs)


@pytest.fixture
def real_subset(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("towards-a-global-partnership-2014.pdf", "ga-res-80-156-south-south-cooperation-2025.pdf",
                 "lcid-ley-cooperacion-internacional-para-el-desarrollo-mx-2011.pdf"):
        shutil.copyfile(CORPUS / name, corpus / name)
    return corpus


@pytest.mark.slow
def test_sigkill_at_random_moments_never_breaks_the_served_index(real_subset, tmp_path):
    index = tmp_path / "index"
    first = build(real_subset, index)
    t0 = time.perf_counter()
    subprocess.run(_index_args(real_subset, index), check=True, cwd=ROOT, capture_output=True)
    duration = time.perf_counter() - t0
    rng = random.Random(20)
    seen = {first.generation}
    for _ in range(20):
        proc = _index_cmd(real_subset, index)
        time.sleep(rng.uniform(0, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        loaded = load(index)  # whatever the moment, a complete generation is served
        assert len(loaded.passages) == len(load(index).passages) > 0
        assert Searcher(loaded).search("Yucatan Agreement").results[0].page == 25
        seen.add(loaded.generation)
    final = build(real_subset, index, full=True)  # a new generation is written after all the kills
    assert final.passages == first.passages and final.generation not in seen


@pytest.mark.slow
def test_disk_full_during_a_build_leaves_the_current_generation(real_subset, tmp_path):
    import resource

    index = tmp_path / "index"
    good = build(real_subset, index)

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG, like ENOSPC
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    proc = _index_cmd(real_subset, index, preexec_fn=small_files)
    assert proc.wait(120) != 0
    assert IndexStore(index).current_name() == good.generation
    assert Searcher(load(index)).search("Yucatan Agreement").results
    assert build(real_subset, index, full=True).generation != good.generation


def test_cli_refuses_a_second_concurrent_build(small_corpus, tmp_path):
    from ssc_search.index.store import BuildBusy

    index = tmp_path / "index"
    store = IndexStore(index)
    with store.build_lock():
        with pytest.raises(BuildBusy, match="another build of this index is running"):
            build(small_corpus, index)


def test_upload_with_a_full_disk_is_507_and_changes_nothing(site, tmp_path, monkeypatch):
    import errno

    from ssc_search.library import corpus_admin

    app, client, corpus, _ = site
    before = snapshot(corpus)

    def full(path, data, prefix=".tmp-"):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(corpus_admin, "atomic_write", full)
    pdf = new_pdf(tmp_path / "in.pdf", "Tlaloc")
    with open(pdf, "rb") as fh:
        r = client.post("/api/documents", headers=AUTH, content_type="multipart/form-data",
                        data={"file": (fh, "in.pdf"), "title": "Tlaloc Report", "year": "2024", "language": "en"})
    assert r.status_code == 507 and r.get_json()["error"]["code"] == "insufficient_storage"
    assert snapshot(corpus) == before


def test_a_job_that_raises_or_runs_too_long_frees_the_build_slot(small_corpus, tmp_path, monkeypatch):
    from ssc_search.library import jobs

    build(small_corpus, tmp_path / "index")
    runner = jobs.JobRunner(small_corpus, tmp_path / "index")

    def broken(method):
        raise OSError("cannot start a process")

    def ended(job, timeout=20.0):
        deadline = time.time() + timeout
        while job.status not in ("done", "failed") and time.time() < deadline:
            time.sleep(0.05)
        return job

    monkeypatch.setattr(jobs.multiprocessing, "get_context", broken)
    job = ended(runner.submit("reindex"))
    assert job.status == "failed" and "cannot start a process" in job.message
    monkeypatch.undo()
    runner.timeout = 0.01  # no build is that fast: it is stopped, reported, and the slot freed
    job = ended(runner.submit("reindex"))
    assert job.status == "failed" and "longer than" in job.message
    assert runner.reserve("reindex")  # the slot is free again


def test_request_bodies_are_capped_at_the_upload_limit(site):
    app, client, _, _ = site
    assert app.config["MAX_CONTENT_LENGTH"] == 200_000 + 1024 * 1024
    r = client.post("/api/ask", data=b"x" * (2 * 1024 * 1024), content_type="application/json")
    assert r.status_code == 413 and r.get_json()["error"]["code"] == "too_large"


def test_make_does_not_copy_back_a_pdf_removed_through_the_admin(tmp_path):
    import shutil
    import subprocess

    if shutil.which("make") is None:
        pytest.skip("make is not installed here")
    library = tmp_path / "library"
    subprocess.run(["make", "-s", "library", f"LIBRARY={library}"], cwd=ROOT, check=True, capture_output=True)
    shipped = sorted(p.name for p in (ROOT / "corpus").iterdir())
    assert sorted(p.name for p in library.iterdir()) == shipped
    gone = next(n for n in shipped if n.endswith(".pdf"))
    (library / gone).unlink()
    (library / "removed.txt").write_text(f"{gone}\n", encoding="utf-8")
    subprocess.run(["make", "-s", "library", f"LIBRARY={library}"], cwd=ROOT, check=True, capture_output=True)
    assert not (library / gone).exists()
    assert sorted(p.name for p in library.iterdir() if p.name != "removed.txt") == [n for n in shipped if n != gone]
