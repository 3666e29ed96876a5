"""Segments: a build reads only what changed into a new segment; a library built as many segments
scores as one built at once; merges fold segments without changing a score; a killed merge leaves
the served generation whole."""
import json
import random
import shutil
import signal
import subprocess
import sys
import time
from types import SimpleNamespace

import numpy as np
import pytest
from conftest import ROOT, body_lines, make_pdf

from ssc_search.analyze import Analyzer
from ssc_search.index import segments
from ssc_search.index.build import build, load

QUERIES = ["triangular cooperation", "statistics assistance Mexico", "monitoring evaluation officials",
           "irrigation water", "registry of agreements", "food security southern border"]


def scores_by_passage(index, query: str) -> dict[str, float]:
    loaded = load(index)
    terms = Analyzer().query_terms(query, "en")
    scores = loaded.matrix.scores(terms)
    return {p.id: float(s) for p, s in zip(loaded.passages, scores)}


def assert_same_scores(one, other) -> None:
    for query in QUERIES:
        a, b = scores_by_passage(one, query), scores_by_passage(other, query)
        assert a.keys() == b.keys()
        assert max((abs(a[k] - b[k]) for k in a), default=0.0) < 1e-6, query
        assert any(a.values()), query  # the query matches something: the comparison means something


def live_segments(index) -> list[dict]:
    return load(index).meta["segments"]


def test_documents_added_one_at_a_time_score_as_a_library_built_at_once(small_corpus, tmp_path):
    grown, corpus = tmp_path / "grown", tmp_path / "growing"
    corpus.mkdir()
    for pdf in sorted(small_corpus.glob("*.pdf")):
        shutil.copyfile(pdf, corpus / pdf.name)
        build(corpus, grown)
    assert len(live_segments(grown)) == 3  # one segment per build that read something
    assert not list((load(grown).folder).glob("weights_*.npy"))  # weighed when read, with the library's statistics
    at_once = tmp_path / "at-once"
    build(small_corpus, at_once)
    assert_same_scores(grown, at_once)
    assert load(grown).catalogue().entities == load(at_once).catalogue().entities
    assert [d.doc_id for d in load(grown).documents] == [d.doc_id for d in load(at_once).documents]


def test_a_new_pdf_is_read_alone_into_a_new_segment(small_corpus, tmp_path, monkeypatch):
    import ssc_search.index.build as module

    index = tmp_path / "index"
    build(small_corpus, index)
    before = live_segments(index)
    read = []
    original = module.ingest
    monkeypatch.setattr(module, "ingest", lambda *a, **k: read.extend(p.name for p in k["files"]) or original(*a, **k))
    make_pdf(small_corpus / "delta.pdf", [body_lines(30, 12)])
    report = build(small_corpus, index)
    assert read == ["delta.pdf"] and report.parsed == 1 and report.cached == 3
    after = live_segments(index)
    assert after[:1] == before and len(after) == 2  # the old segment untouched, beside the new one
    assert report.diff["added"] == ["delta"]


def test_a_new_pdf_that_names_nothing_new_leaves_the_other_passages_texts_unread(small_corpus, tmp_path, monkeypatch):
    index = tmp_path / "index"
    build(small_corpus, index)
    read = []
    original = segments.Segment.texts
    monkeypatch.setattr(segments.Segment, "texts", lambda self: read.append(self.folder.name) or original(self))
    make_pdf(small_corpus / "delta.pdf", [body_lines(30, 12)])
    build(small_corpus, index)
    assert read == []  # the catalogue cited them from their places alone
    make_pdf(small_corpus / "epsilon.pdf", [["The Basin Exchange Programme (BEP) links farmers.", *body_lines(2, 12)]])
    build(small_corpus, index)
    assert read  # a new name: the texts are searched for it
    fresh = tmp_path / "fresh"
    build(small_corpus, fresh)
    assert load(index).catalogue().entities == load(fresh).catalogue().entities


def test_removed_and_changed_documents_are_deletion_marks_and_score_as_rebuilt(small_corpus, tmp_path):
    index, fresh = tmp_path / "index", tmp_path / "fresh"
    build(small_corpus, index)
    (small_corpus / "beta.pdf").unlink()
    report = build(small_corpus, index)
    assert report.diff["removed"] == ["beta"] and report.diff["passages_removed"] > 0
    assert live_segments(index) == [{"name": live_segments(index)[0]["name"], "deleted": ["beta"]}]
    assert {p.doc_id for p in load(index).passages} == {"alpha", "gamma"}
    assert "beta" not in {p["doc_id"] for p in load(index).pages()}
    build(small_corpus, fresh)
    assert_same_scores(index, fresh)
    make_pdf(small_corpus / "gamma.pdf", [body_lines(50, 12), body_lines(3, 12)])  # changed
    report = build(small_corpus, index)
    assert report.diff["changed"] == ["gamma"]
    # two of the first segment's three documents gone: the merge policy writes what is left again
    assert [s["deleted"] for s in live_segments(index)] == [[], []]
    build(small_corpus, fresh)
    assert_same_scores(index, fresh)
    merged = build(small_corpus, index, merge_all=True)
    assert merged.segments == 1 and live_segments(index)[0]["deleted"] == []
    assert list(load(index).folder.glob("weights_*.npy"))  # one whole segment: weighed by the build
    assert_same_scores(index, fresh)


def test_segments_no_generation_names_are_removed(small_corpus, tmp_path):
    index = tmp_path / "index"
    build(small_corpus, index)
    make_pdf(small_corpus / "delta.pdf", [body_lines(30, 12)])
    build(small_corpus, index)
    stray = index / "segments" / ".segment-killed"  # as a build killed while writing one leaves it
    stray.mkdir()
    build(small_corpus, index, merge_all=True)
    build(small_corpus, index, merge_all=True)
    on_disk = {p.name for p in (index / "segments").iterdir()}
    kept = {s["name"] for g in (index / "generations").iterdir() if not g.name.startswith(".")
            for s in json.loads((g / "meta.json").read_text())["segments"]}
    assert on_disk == kept and not stray.exists()


def fake(passages: int, deleted_share: float = 0.0):
    return SimpleNamespace(passage_count=lambda: passages, deleted_share=lambda: deleted_share)


def test_the_merge_policy_folds_a_level_of_merge_factor_segments():
    f = segments.MERGE_FACTOR
    small = [fake(3) for _ in range(f - 1)]
    assert segments.to_merge([fake(10_000), *small]) == []  # one short of a level's worth
    full = [*small, fake(2)]
    assert segments.to_merge([fake(10_000), *full]) == [full]
    mostly_gone = fake(10_000, deleted_share=0.75)
    assert segments.to_merge([mostly_gone, fake(5)]) == [[mostly_gone]]


@pytest.mark.slow
def test_scifact_as_segments_weighs_as_at_once():
    """The reader's path on a public collection: the counts of several segments, some rows deleted,
    joined and weighed, against the same documents counted and weighed at once."""
    from ssc_search.index.bm25 import count_matrix, weigh

    path = ROOT.parent / "shared" / "eval-data" / "scifact" / "corpus.jsonl"
    if not path.exists():
        pytest.skip("../shared/eval-data/scifact is not beside the project")
    analyzer = Analyzer()
    with open(path, encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh][:3000]
    terms = [analyzer.terms(f"{d.get('title', '')} {d['text']}", "en") for d in docs]
    rng = np.random.default_rng(7)
    deleted = set(rng.choice(len(docs), 200, replace=False).tolist())
    bounds = [0, 700, 1500, 1600, 3000]
    parts = []  # what each segment's `counts()` gives: its vocabulary, its live rows
    for lo, hi in zip(bounds, bounds[1:]):
        counts, vocabulary = count_matrix(terms[lo:hi])
        keep = [i - lo for i in range(lo, hi) if i not in deleted]
        parts.append(SimpleNamespace(counts=lambda v=vocabulary, c=counts[keep]: (v, c)))
    joined, vocabulary = segments.library_counts(parts)
    at_once, vocabulary_at_once = count_matrix([t for i, t in enumerate(terms) if i not in deleted])
    assert vocabulary == vocabulary_at_once
    for method in ("lucene", "okapi"):
        a, b = weigh(joined, method), weigh(at_once, method)
        assert abs(a - b).max() < 1e-6 and a.nnz == b.nnz


@pytest.mark.slow
def test_sigkill_during_a_merge_never_breaks_the_served_index(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    names = ("towards-a-global-partnership-2014.pdf", "ga-res-80-156-south-south-cooperation-2025.pdf",
             "lcid-ley-cooperacion-internacional-para-el-desarrollo-mx-2011.pdf")
    for name in names:  # three segments
        shutil.copyfile(ROOT / "corpus" / name, corpus / name)
        first = build(corpus, index)
    args = [sys.executable, "-m", "ssc_search", "--index", str(index), "index", "--merge", "--corpus", str(corpus)]
    t0 = time.perf_counter()
    subprocess.run(args, check=True, cwd=ROOT, capture_output=True)
    duration = time.perf_counter() - t0
    for name in names[1:]:  # back to three segments
        (corpus / name).unlink()
        build(corpus, index)
    for name in names[1:]:
        shutil.copyfile(ROOT / "corpus" / name, corpus / name)
        build(corpus, index)
    rng = random.Random(11)
    for _ in range(12):
        proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        loaded = load(index)  # whatever the moment, a complete generation is served
        assert len(loaded.passages) == first.passages
        from ssc_search.index.search import Searcher

        assert Searcher(loaded).search("Yucatan Agreement").results[0].page == 25
    final = build(corpus, index, merge_all=True)
    assert final.passages == first.passages and final.segments == 1
