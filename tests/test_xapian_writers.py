"""Xapian shards written over the network by writable shard servers (`xapian-tcpsrv --writable` on
127.0.0.1), read through read-only servers on the same databases: a deployment without shared disk."""
import os
import shutil
from pathlib import Path

import pytest
from conftest import make_pdf
from test_xapian import Shard

from ssc_search.index.build import build, load
from ssc_search.index.search import Searcher
from ssc_search.index.store import IndexStore, ShardUnavailable
from ssc_search.index.xapian_backend import XapianRanker

pytestmark = pytest.mark.slow  # shard servers in child processes
xapian = pytest.importorskip("xapian") if not os.environ.get("CI") else __import__("xapian")

SHARDS = 2
QUERIES = ("Tenochtitlan irrigation", "Tlaxcala cooperation programme", "irrigation wells")


def library(corpus: Path) -> None:
    corpus.mkdir(parents=True)
    for name, word in (("canals", "Tenochtitlan"), ("fellows", "Texcoco"), ("seeds", "Tlaxcala")):
        make_pdf(corpus / f"{name}.pdf", [[f"The {word} irrigation cooperation programme, line {i} of page {p}."
                                           for i in range(12)] + [f"A fellowship exchange with {word} on page {p}."]
                                          for p in range(3)])


class Cluster:
    """Per shard, one database on "its own machine", a writable server for builds and a read-only one for
    searches."""

    def __init__(self, work: Path) -> None:
        self.work, self.writers, self.readers = work, [], []
        for i in range(SHARDS):
            path = work / f"host-{i}" / "db"
            path.parent.mkdir(parents=True)
            xapian.WritableDatabase(str(path), xapian.DB_CREATE_OR_OPEN).close()
            self.writers.append(Shard(path, writable=True))
            self.readers.append(Shard(path))
        for s in self.writers + self.readers:
            s.start()

    def build(self, corpus: Path, index: Path, **kw):
        env = {"SSC_BACKEND": "xapian", "SSC_XAPIAN_WRITERS": ",".join(s.address for s in self.writers)}
        old = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            return build(corpus, index, **kw)
        finally:
            for k, v in old.items():
                os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)

    def searcher(self, index: Path) -> Searcher:
        loaded = load(index)
        return Searcher(loaded, ranker=XapianRanker(loaded, [s.address for s in self.readers]))

    def held(self) -> int:
        total = 0
        for s in self.readers:
            db = xapian.remote_open("127.0.0.1", s.port, 2000, 2000)
            total += db.get_doccount()
            db.close()
        return total

    def stop(self) -> None:
        for s in self.writers + self.readers:
            s.stop()


def local_searcher(corpus: Path, index: Path) -> Searcher:
    """The same library written into local shards from scratch: what the network shards must equal."""
    old = {k: os.environ.get(k) for k in ("SSC_BACKEND", "SSC_XAPIAN_NSHARDS")}
    os.environ.update(SSC_BACKEND="xapian", SSC_XAPIAN_NSHARDS=str(SHARDS))
    try:
        build(corpus, index)
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    loaded = load(index)
    return Searcher(loaded, ranker=XapianRanker(loaded, [str(p) for p in sorted((index / "xapian").glob("shard-*/current"))]))


def same_results(a: Searcher, b: Searcher) -> None:
    """Every passage matching each query, with the same score (the order of tied passages may differ)."""
    for query in QUERIES:
        got = sorted((h.passage_id, round(h.score, 6)) for h in a.search(query, k=50).results)
        assert got and got == sorted((h.passage_id, round(h.score, 6)) for h in b.search(query, k=50).results)


@pytest.fixture
def cluster(tmp_path):
    c = Cluster(tmp_path)
    yield c
    c.stop()


def settle(cluster: Cluster, index: Path) -> None:
    """As the builds after a while do: the generations before the current one gone, and their versions."""
    from ssc_search.index import xapian_writers

    store = IndexStore(index)
    store.prune(keep=1, grace_seconds=0)
    xapian_writers.finish([s.address for s in cluster.writers], store, 2.0)


def test_a_build_over_the_network_equals_local_shards_and_sends_only_what_changed(cluster, tmp_path, monkeypatch):
    from ssc_search.index import xapian_writers

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    library(corpus)
    cluster.build(corpus, index)
    assert not (index / "xapian").exists()  # nothing written on the build machine's disk
    assert cluster.held() == len(load(index).passages)
    same_results(cluster.searcher(index), local_searcher(corpus, tmp_path / "local-1"))

    sent = []
    original = xapian_writers.add
    monkeypatch.setattr(xapian_writers, "add", lambda *a, **k: sent.append(len(a[1])) or original(*a, **k))
    replica = cluster.searcher(index)  # a replica that takes the new index later
    (corpus / "fellows.pdf").unlink()
    make_pdf(corpus / "wells.pdf", [[f"The Xochimilco wells, line {i}." for i in range(10)]])
    (corpus / "seeds.pdf").rename(corpus / "grains.pdf")  # the same text under another name and id
    cluster.build(corpus, index)
    loaded = load(index)
    assert sent and max(sent) == sum(p.doc_id in ("wells", "grains") for p in loaded.passages)  # those only
    assert replica.search("Texcoco").results  # the generation before keeps its passages for a while
    remote = cluster.searcher(index)
    assert not remote.search("Texcoco").results
    assert remote.search("Xochimilco").results[0].doc_id == "wells"
    assert {h.doc_id for h in remote.search("Tlaxcala").results} == {"grains"}
    settle(cluster, index)
    assert cluster.held() == len(loaded.passages)  # the removed and renamed documents' passages are gone
    same_results(cluster.searcher(index), local_searcher(corpus, tmp_path / "local-2"))

    sent.clear()
    cluster.build(corpus, index, full=True)  # a full build empties the shards and sends everything
    assert sent == [len(loaded.passages)] and cluster.held() == len(loaded.passages)
    same_results(cluster.searcher(index), local_searcher(corpus, tmp_path / "local-3"))


def test_passages_of_a_generation_not_switched_to_crowd_out_nothing(cluster, tmp_path, monkeypatch):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    library(corpus)
    cluster.build(corpus, index)
    served = cluster.searcher(index)
    before = [h.passage_id for h in served.search("irrigation", k=5, weaker=True).results]
    make_pdf(corpus / "flood.pdf", [[f"Irrigation irrigation irrigation, page {p} line {i}." for i in range(4)]
                                    for p in range(60)])

    def refused(*a, **k):
        raise OSError("the disk is full")

    with monkeypatch.context() as m:  # step 1 sent the new passages, then the switch failed
        m.setattr(IndexStore, "commit", refused)
        with pytest.raises(OSError):
            cluster.build(corpus, index)
    assert cluster.held() > len(load(index).passages)
    assert [h.passage_id for h in cluster.searcher(index).search("irrigation", k=5, weaker=True).results] == before


def test_a_shard_writer_down_switches_nothing_and_the_next_build_heals(cluster, tmp_path, monkeypatch):
    from ssc_search.index import xapian_writers

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    library(corpus)
    cluster.build(corpus, index)
    served, held = IndexStore(index).current_name(), cluster.held()
    before = sorted(h.passage_id for h in cluster.searcher(index).search("irrigation", k=50).results)
    make_pdf(corpus / "wells.pdf", [[f"The Xochimilco irrigation wells, line {i}." for i in range(i0, i0 + 10)]
                                    for i0 in range(0, 40, 10)])
    original, opened = xapian_writers._open, []

    def down_when_written(address, timeout):  # shard 1 goes down after shard 0 took the new passages
        opened.append(address)
        if opened.count(cluster.writers[1].address) == 2:  # looked at, then written to
            cluster.writers[1].stop()
        return original(address, timeout)

    with monkeypatch.context() as m:
        m.setattr(xapian_writers, "_open", down_when_written)
        with pytest.raises(ShardUnavailable, match=cluster.writers[1].address):
            cluster.build(corpus, index)
    assert cluster.held() > held  # shard 0 holds passages of a generation that was never switched to
    assert IndexStore(index).current_name() == served  # the served generation is untouched...
    remote = cluster.searcher(index)
    assert not remote.search("Xochimilco").results  # ...and so are its results
    assert sorted(h.passage_id for h in remote.search("irrigation", k=50).results) == before
    cluster.writers[1].start()
    cluster.build(corpus, index)
    assert cluster.held() == len(load(index).passages)
    same_results(cluster.searcher(index), local_searcher(corpus, tmp_path / "local"))


def test_a_lost_shard_is_written_again_whole(cluster, tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    library(corpus)
    cluster.build(corpus, index)
    lost = cluster.writers[0]
    for s in (lost, cluster.readers[0]):
        s.stop()
    shutil.rmtree(lost.path)  # the host's disk replaced: an empty database
    xapian.WritableDatabase(str(lost.path), xapian.DB_CREATE_OR_OPEN).close()
    for s in (lost, cluster.readers[0]):
        s.start()
    cluster.build(corpus, index)  # nothing changed in the corpus
    assert cluster.held() == len(load(index).passages)
    same_results(cluster.searcher(index), local_searcher(corpus, tmp_path / "local"))
