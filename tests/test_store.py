import json

import pytest

from ssc_search.index.build import build, load
from ssc_search.index.store import FORMAT_VERSION, IndexError_, IndexStore


def test_generations_and_pointer(small_corpus, tmp_path):
    index = tmp_path / "index"
    first = build(small_corpus, index)
    assert first.diff["added"] == ["alpha", "beta", "gamma"]
    store = IndexStore(index)
    assert store.current_name() == first.generation
    second = build(small_corpus, index)  # nothing changed: the same generation stays, readers keep it
    assert second.generation == first.generation and store.current_name() == first.generation
    assert second.kept and second.summary().startswith("nothing changed") and not first.kept
    assert (second.parsed, second.cached) == (0, 3)
    assert second.diff == {"added": [], "changed": [], "removed": [], "passages_added": 0, "passages_removed": 0}
    assert len([p for p in store.generations.iterdir() if not p.name.startswith(".")]) == 1
    (small_corpus / "aliases.toml").write_text('[[alias]]\nterms = ["RPT", "Report Alpha"]\n', encoding="utf-8")
    renamed = build(small_corpus, index)  # no PDF changed, but the library's names did: a new generation
    assert renamed.generation != first.generation and store.current_name() == renamed.generation
    assert build(small_corpus, index, full=True).generation != renamed.generation  # --full always writes
    (small_corpus / "beta.pdf").unlink()
    third = build(small_corpus, index)
    assert third.diff["removed"] == ["beta"] and third.diff["passages_removed"] > 0
    assert {d.doc_id for d in load(index).documents} == {"alpha", "gamma"}


def test_no_index_says_how_to_build_one(tmp_path):
    with pytest.raises(IndexError_, match="build one with `ssc-search index`"):
        load(tmp_path / "missing")


def test_version_mismatch_says_rebuild(small_corpus, tmp_path):
    index = tmp_path / "index"
    build(small_corpus, index)
    meta_path = IndexStore(index).current() / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["format_version"] = FORMAT_VERSION + 1
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(IndexError_, match="rebuild the index with `ssc-search index --full`"):
        load(index)


def test_failed_build_keeps_current(small_corpus, tmp_path, monkeypatch):
    from conftest import body_lines, make_pdf

    index = tmp_path / "index"
    good = build(small_corpus, index)
    make_pdf(small_corpus / "delta.pdf", [body_lines(30, 12)])  # read into a new segment before the failure
    import ssc_search.index.build as module

    def explode(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "write_generation", explode)
    with pytest.raises(OSError):
        build(small_corpus, index)
    assert IndexStore(index).current_name() == good.generation
    assert len(load(index).passages) > 0
    assert not list((index / "generations").glob(".building-*"))
    segments = load(index).meta["segments"]  # the failed build's segment went with it
    assert {p.name for p in (index / "segments").iterdir()} == {s["name"] for s in segments}


def test_a_killed_builds_folder_goes_with_the_next_build(small_corpus, tmp_path):
    index = tmp_path / "index"
    build(small_corpus, index)
    left = index / "generations" / ".building-killed"  # as a SIGKILLed build leaves it, just now
    left.mkdir()
    (left / "weights_data.npy").write_bytes(b"half")
    build(small_corpus, index)
    assert not left.exists()


def test_a_rebuild_analyses_only_new_or_changed_documents(small_corpus, tmp_path, monkeypatch):
    from conftest import body_lines, make_pdf

    import ssc_search.index.analysis as module

    index = tmp_path / "index"
    first = build(small_corpus, index)
    analysed = []
    original = module.passage_terms
    monkeypatch.setattr(module, "passage_terms", lambda a, p, lang: analysed.append(p.doc_id) or original(a, p, lang))
    build(small_corpus, index)
    assert analysed == []  # nothing changed: every document's terms come from the cache
    make_pdf(small_corpus / "delta.pdf", [body_lines(11, 12)])
    second = build(small_corpus, index)
    assert set(analysed) == {"delta"} and second.passages > first.passages
    assert len(load(index).passages) == second.passages
    full = build(small_corpus, index, full=True)  # a full build analyses everything again...
    assert set(analysed) == {"alpha", "beta", "gamma", "delta"}
    assert full.diff == {"added": [], "changed": [], "removed": [], "passages_added": 0, "passages_removed": 0}
    assert len(load(index).meta["segments"]) == 1  # ... into one segment, the old ones replaced


def test_a_changed_catalogue_reads_again_only_the_documents_holding_a_changed_name(small_corpus, tmp_path,
                                                                                   monkeypatch):
    from conftest import body_lines, make_pdf

    from ssc_search.index import entities

    index = tmp_path / "index"
    build(small_corpus, index)
    before = load(index).catalogue().entities
    searched = []
    original = entities.Matcher.aliases_in
    monkeypatch.setattr(entities.Matcher, "aliases_in",
                        lambda self, text: searched.append(text) or original(self, text))
    build(small_corpus, index)
    assert searched == []  # the same entries over the same passages: every mention from the cache
    assert load(index).catalogue().entities == before

    def fresh() -> list[dict]:  # the catalogue a build from scratch makes of the same folder
        other = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"
        build(small_corpus, other)
        return load(other).catalogue().entities

    make_pdf(small_corpus / "delta.pdf", [["The Irrigation Exchange links farmers across the region.",
                                           *body_lines(40, 12)]])
    build(small_corpus, index)
    delta = [p.text for p in load(index).passages if p.doc_id == "delta"]
    searched.clear()
    (small_corpus / "entities.toml").write_text('[[entity]]\nname = "Irrigation Exchange"\nkind = "initiative"\n')
    build(small_corpus, index)
    assert searched and set(searched) <= set(delta)  # a new name: only the document that holds it is read again
    assert load(index).catalogue().entities == fresh()
    assert any(e["name"] == "Irrigation Exchange" for e in load(index).catalogue().entities)
    searched.clear()
    (small_corpus / "entities.toml").unlink()
    build(small_corpus, index)
    assert set(searched) <= set(delta)  # ... and when it goes
    assert load(index).catalogue().entities == fresh()


def test_documents_analysed_and_searched_for_names_in_worker_processes_make_the_same_index(small_corpus, tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    build(small_corpus, serial)
    script = ("import sys, ssc_search.index.analysis as a; a.PARALLEL_FILES = 1; a.PARALLEL_MENTIONS = 1; a.ANALYSTS = 2; "
              "from concurrent import futures; used = []; real = futures.ProcessPoolExecutor.submit; "
              "futures.ProcessPoolExecutor.submit = lambda self, *x, **k: used.append(1) or real(self, *x, **k); "
              "from ssc_search.index.build import build; build(*sys.argv[1:3]); assert used, 'no workers'")
    subprocess.run([sys.executable, "-c", script, str(small_corpus), str(parallel)], check=True, cwd=ROOT, timeout=120)
    first, second = load(serial), load(parallel)
    assert (first.matrix.weights_ != second.matrix.weights_).nnz == 0
    assert first.matrix.vocabulary_ == second.matrix.vocabulary_
    assert first.catalogue().entities == second.catalogue().entities and first.words() == second.words()


def test_a_build_deletes_cache_entries_no_build_used_for_a_month(small_corpus, tmp_path):
    import os
    import time

    index = tmp_path / "index"
    build(small_corpus, index)
    cache = index / "cache"
    month_ago = time.time() - 40 * 86400
    for path in cache.glob("*.json"):  # entries as a month's quiet leaves them...
        os.utime(path, (month_ago, month_ago))
    stray = cache / "0123abcd.analysis-old.v1.json"  # ... and one no build reads any more
    stray.write_text("{}")
    os.utime(stray, (month_ago, month_ago))
    report = build(small_corpus, index)
    assert not stray.exists()
    assert report.cached == report.documents  # what this build read was kept
    again = build(small_corpus, index)
    assert again.cached == again.documents and again.parsed == 0
