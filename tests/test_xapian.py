"""The same search, answers and re-index on Xapian shards served by xapian-tcpsrv on 127.0.0.1."""
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

from ssc_search.index.build import build, load
from ssc_search.index.store import ShardUnavailable

pytestmark = pytest.mark.slow  # shard servers in child processes
xapian = pytest.importorskip("xapian") if not os.environ.get("CI") else __import__("xapian")
TCPSRV = shutil.which("xapian-tcpsrv")
if TCPSRV is None and not os.environ.get("CI"):
    pytest.skip("xapian-tcpsrv (Debian's xapian-tools) is not installed here", allow_module_level=True)

from ssc_search.answer.answerer import Answerer  # noqa: E402
from ssc_search.evaluation.qa import load_questions  # noqa: E402
from ssc_search.index.search import Searcher  # noqa: E402
from ssc_search.index.xapian_backend import XapianRanker  # noqa: E402

SHARDS = 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Shard:
    def __init__(self, path: Path, writable: bool = False) -> None:
        self.path, self.port, self.proc, self.writable = path, free_port(), None, writable

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        options = ["--writable"] if self.writable else []
        self.proc = subprocess.Popen([TCPSRV, *options, "--port", str(self.port), "--interface", "127.0.0.1", str(self.path)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.time() + 10
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"xapian-tcpsrv on {self.port} did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


def build_xapian(corpus: Path, index: Path):
    old = {k: os.environ.get(k) for k in ("SSC_BACKEND", "SSC_XAPIAN_NSHARDS")}
    os.environ.update(SSC_BACKEND="xapian", SSC_XAPIAN_NSHARDS=str(SHARDS))
    try:
        return build(corpus, index)
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    work = tmp_path_factory.mktemp("xapian")
    corpus = work / "corpus"
    shutil.copytree(CORPUS, corpus)
    index = work / "index"
    build_xapian(corpus, index)
    shards = [Shard(index / "xapian" / f"shard-{i}" / "current") for i in range(SHARDS)]
    for s in shards:
        s.start()
    yield corpus, index, shards
    for s in shards:
        s.stop()


def remote_searcher(index: Path, shards) -> Searcher:
    loaded = load(index)
    return Searcher(loaded, ranker=XapianRanker(loaded, [s.address for s in shards]))


def test_same_top_results_as_the_embedded_engine(cluster):
    _, index, shards = cluster
    remote, embedded = remote_searcher(index, shards), Searcher(load(index))
    assert remote.search("Yucatan Agreement").results[0].page == 25
    questions = [q["question"] for q in load_questions(ROOT / "tests" / "data" / "qa_dev.jsonl")][:40]
    overlap = []
    for q in questions:
        a = [h.passage_id for h in remote.search(q, k=5).results]
        b = [h.passage_id for h in embedded.search(q, k=5).results]
        overlap.append(len(set(a) & set(b)) / max(len(b), 1))
    assert sum(overlap) / len(overlap) >= 0.8


def test_filters_become_boolean_terms(cluster):
    _, index, shards = cluster
    remote = remote_searcher(index, shards)
    hits = remote.search("cooperación", k=10, language="es").results
    assert hits and {remote.docs[h.doc_id].language for h in hits} == {"es"}
    hits = remote.search("South-South cooperation", k=10, year=2024).results
    assert hits and {remote.docs[h.doc_id].year for h in hits} == {2024}


def test_same_answers_on_the_development_set(cluster):
    _, index, shards = cluster
    loaded = load(index)
    catalogue = loaded.catalogue()
    remote = Answerer(remote_searcher(index, shards), catalogue)
    embedded = Answerer(Searcher(loaded), catalogue)
    questions = [q["question"] for q in load_questions(ROOT / "tests" / "data" / "qa_dev.jsonl")]
    same = sum(remote.ask(q).answer == embedded.ask(q).answer for q in questions)
    assert same / len(questions) >= 0.95


def test_a_shard_down_is_a_clear_error_and_recovery_is_automatic(cluster):
    from webapp import create_app

    _, index, shards = cluster
    remote = remote_searcher(index, shards)
    assert remote.search("Yucatan Agreement").results
    shards[1].stop()
    try:
        with pytest.raises(ShardUnavailable, match=f"shard {shards[1].address} is unavailable"):
            remote.search("Yucatan Agreement")
        os.environ.update(SSC_BACKEND="xapian", SSC_XAPIAN_SHARDS=",".join(s.address for s in shards))
        try:
            client = create_app({"TESTING": True, "INDEX_DIR": str(index)}).test_client()
            r = client.get("/api/search?q=Yucatan")
            assert r.status_code == 503 and shards[1].address in r.get_json()["error"]["message"]
        finally:
            os.environ.pop("SSC_BACKEND")
            os.environ.pop("SSC_XAPIAN_SHARDS")
    finally:
        shards[1].start()
    assert remote.search("Yucatan Agreement").results[0].page == 25  # back by itself


def test_reindex_switches_the_served_shards(cluster):
    from conftest import make_pdf

    corpus, index, shards = cluster
    make_pdf(corpus / "new-doc.pdf", [[f"The Tlahuizcalpantecuhtli initiative, line {i}." for i in range(20)]])
    report = build_xapian(corpus, index)
    assert report.diff["added"] == ["new-doc"]
    hits = remote_searcher(index, shards).search("Tlahuizcalpantecuhtli").results  # same servers, no restart
    assert hits and hits[0].doc_id == "new-doc"
    assert len(list((index / "xapian" / "shard-0").iterdir())) <= 3  # old shard generations are pruned


def test_a_reindex_adds_and_deletes_in_the_shards_without_writing_them_again(cluster, monkeypatch):
    import xapian
    from conftest import make_pdf

    from ssc_search.index import xapian_backend

    corpus, index, shards = cluster
    written = []
    original = xapian_backend.write_shards
    monkeypatch.setattr(xapian_backend, "write_shards",
                        lambda *a, **k: written.append((len(a[3]), k.get("previous"))) or original(*a, **k))
    make_pdf(corpus / "other-doc.pdf", [[f"The Cuauhtemotzin exchange, line {i}." for i in range(20)]])
    build_xapian(corpus, index)
    (corpus / "other-doc.pdf").unlink()
    make_pdf(corpus / "third-doc.pdf", [[f"The Ixtlilxochitl fellowship, line {i}." for i in range(20)]])
    build_xapian(corpus, index)
    assert all(previous for _, previous in written) and max(n for n, _ in written) < 10  # the new passages only
    loaded = load(index)
    held = sum(xapian.Database(str(index / "xapian" / f"shard-{i}" / "current")).get_doccount() for i in range(SHARDS))
    assert held == len(loaded.passages)  # the removed document's passages are gone from the shards
    remote = remote_searcher(index, shards)
    assert not remote.search("Cuauhtemotzin").results
    assert remote.search("Ixtlilxochitl").results[0].doc_id == "third-doc"
    fresh = corpus.parent / "fresh-index"  # the same library written into shards from scratch
    build_xapian(corpus, fresh)
    scratch = load(fresh)
    scratch_searcher = Searcher(scratch, ranker=XapianRanker(scratch, [str(p) for p in
                                                                      sorted((fresh / "xapian").glob("shard-*/current"))]))
    for query in ("Yucatan Agreement", "triangular cooperation Central America", "Ixtlilxochitl fellowship"):
        a = [(h.passage_id, round(h.score, 6)) for h in remote.search(query).results[:5]]
        assert a and a == [(h.passage_id, round(h.score, 6)) for h in scratch_searcher.search(query).results[:5]]


def test_shard_stopped_mid_load(cluster):
    """Clients keep asking while a shard server dies and comes back: only 200s and clear 503s."""
    import threading

    from waitress import create_server

    from webapp import create_app

    _, index, shards = cluster
    os.environ.update(SSC_BACKEND="xapian", SSC_XAPIAN_SHARDS=",".join(s.address for s in shards))
    try:
        app = create_app({"INDEX_DIR": str(index)})
        server = create_server(app, host="127.0.0.1", port=0, threads=4)
        threading.Thread(target=server.run, daemon=True).start()
        import http.client

        statuses, stop = [], threading.Event()

        def client():
            conn = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=30)
            try:
                while not stop.is_set():
                    conn.request("GET", "/api/search?q=Yucatan+Agreement&k=5")
                    r = conn.getresponse()
                    body = r.read()
                    statuses.append((r.status, body))
            finally:
                conn.close()

        threads = [threading.Thread(target=client, daemon=True) for _ in range(4)]
        for t in threads:
            t.start()
        def wait_for(status: int, since: int) -> int:
            deadline = time.time() + 20
            while time.time() < deadline:
                if any(code == status for code, _ in statuses[since:]):
                    return len(statuses)
                time.sleep(0.05)
            raise AssertionError(f"no {status} seen")

        wait_for(200, 0)
        shards[2].stop()
        down = wait_for(503, len(statuses))
        shards[2].start()
        back = len(statuses)
        wait_for(200, back)
        time.sleep(0.5)
        stop.set()
        for t in threads:
            t.join(30)
        server.close()
    finally:
        os.environ.pop("SSC_BACKEND")
        os.environ.pop("SSC_XAPIAN_SHARDS")
    codes = {status for status, _ in statuses}
    assert codes <= {200, 503}, codes
    assert any(status == 503 and shards[2].address.encode() in body for status, body in statuses[:down])
    assert statuses[-1][0] == 200 and all(code == 200 for code, _ in statuses[back + 5:])  # back by itself
    import json as _json

    full = [_json.loads(body) for status, body in statuses if status == 200]
    assert all(r["results"] and r["results"][0]["page"] == 25 for r in full)  # never partial, never empty
