"""Build an index generation from the corpus, and open the current one."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..config import BuildSettings, Settings
from ..ingest.cache import PageCache, file_hash
from ..ingest.catalog import load_catalog
from ..ingest.corpus import Corpus, ingest, pdf_files, reading_kind, source_key
from ..model import Document, Passage
from .analysis import PARALLEL_FILES, Analysts, analysis_kind
from .bm25 import TermMatrix, weigh
from .entities import Catalogue
from .generation import WORDS_FILE, Plan, referenced, write_generation
from .ranker import backend
from .segments import Live, Segment, library_counts, to_merge
from .segments import prune as prune_segments
from .store import IndexError_, IndexStore, read_json, read_meta



@dataclass
class BuildReport:
    generation: str
    documents: int
    pages: int
    passages: int
    seconds: float
    parsed: int
    cached: int
    skipped: list[dict]
    diff: dict = field(default_factory=dict)
    ingestion: list[dict] = field(default_factory=list)
    segments: int = 0
    kept: bool = False  # nothing changed: the current generation stays

    def summary(self) -> str:
        d = self.diff
        change = (f"; +{len(d.get('added', []))} ~{len(d.get('changed', []))} -{len(d.get('removed', []))} documents"
                  if d else "")
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        segments = f" in {self.segments} segment{'s' if self.segments > 1 else ''}" if self.segments else ""
        return ("nothing changed, the current generation stays; " if self.kept else "") + (
                f"indexed {self.documents} documents, {self.pages} pages, {self.passages} passages{segments} "
                f"in {self.seconds:.1f} s ({self.parsed} parsed, {self.cached} unchanged or from cache{skipped}){change}")

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _diff(before: dict[str, str], after: dict[str, str], old_ids: set[str], new_ids: set[str]) -> dict:
    """What a build changed: documents (id -> content hash, before and after) and passages (the ids of
    those of the documents it replaced or removed, and of those it read)."""
    return {
        "added": sorted(set(after) - set(before)),
        "changed": sorted(d for d in set(after) & set(before) if after[d] != before[d]),
        "removed": sorted(set(before) - set(after)),
        "passages_added": len(new_ids - old_ids),
        "passages_removed": len(old_ids - new_ids),
    }


def build(corpus_dir: Path, index_dir: Path, extractor: str | None = None, full: bool = False,
          params: dict | None = None,
          progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None, merge_all: bool = False) -> BuildReport:
    """Ingest the corpus and make a new current generation; the old one stays served until then.

    Only new and changed PDFs are read, into a new segment; the documents removed or replaced are
    marked deleted in theirs; segments are merged by the merge policy (all into one with `merge_all`
    or `full`). What is not given (`extractor`, and any of `params`' method, k1 and b) is what the
    current generation was built with, or the defaults of `BuildSettings` for a first build: a
    re-index from the web or from `watch` keeps what was chosen at the command line."""
    store = IndexStore(index_dir)
    with store.build_lock():
        settings = stored_settings(store).updated(extractor=extractor, **(params or {}))
        return _build(store, Path(corpus_dir), settings.extractor, full, settings.params(), progress, merge_all)


def stored_settings(store: IndexStore) -> BuildSettings:
    """The build settings of the current generation, whatever its format (a build after an upgrade keeps
    them); the defaults when there is none (or it is unreadable)."""
    if not store.current_name():
        return BuildSettings()
    try:
        return BuildSettings.from_meta(read_meta(store.current(), any_format=True))
    except IndexError_:
        return BuildSettings()


def current_segments(store: IndexStore) -> list[Segment]:
    """The segments of the current generation; none when there is no generation, or one of another
    format or unreadable (the next build reads every file again, from the page cache)."""
    if not store.current_name():
        return []
    try:
        meta = read_meta(store.current())
        segments = [Segment(store.root, Live.from_dict(d)) for d in meta["segments"]]
        for segment in segments:
            segment.records()
        return segments
    except (IndexError_, KeyError, TypeError):
        return []


def _unchanged(corpus_dir: Path, segments: list[Segment], extractor: str) -> dict[str, tuple[str, str]]:
    """The documents of `segments` whose file is still in the corpus folder as it was read (same bytes,
    name, catalogue entry, extractor, and the same reading and analysis code): content hash ->
    (file name, document id)."""
    by_source = {r.source: r for s in segments for r in s.live_records()}
    if not by_source:
        return {}
    catalog, reading, analysis = load_catalog(corpus_dir), reading_kind(), analysis_kind()
    kept = {}
    for path in pdf_files(corpus_dir):
        try:
            sha = file_hash(path)
        except OSError:
            continue
        record = by_source.get(source_key(sha, path.name, catalog.get(path.name), extractor))
        if record is not None and record.reading == reading and record.analysis == analysis:
            kept[sha] = (path.name, record.doc_id)
    return kept


def _build(store: IndexStore, corpus_dir: Path, extractor: str, full: bool, params: dict,
           progress: Callable[[Iterable[Path]], Iterable[Path]] | None, merge_all: bool = False) -> BuildReport:
    t0 = time.perf_counter()
    if full:
        cache_dir = store.cache_dir  # a full build re-parses every file and refreshes the cache
        for stale in cache_dir.glob("*.json") if cache_dir.is_dir() else []:
            stale.unlink()
    old = current_segments(store)  # what a full build replaces too: its report says what changed
    kept = {} if full else _unchanged(corpus_dir, old, extractor)
    kept_ids = {doc_id for _, doc_id in kept.values()}
    plan, cache = Plan(store.root), PageCache(store.cache_dir)
    before, old_ids = plan.carry(old, kept_ids)
    tmp, name, shards_switched, stayed = None, store.new_name(), None, False
    try:
        corpus = _read_new(corpus_dir, store, extractor, kept, progress, plan, cache)
        for group in [plan.segments] if merge_all and plan.fragmented() else to_merge(plan.segments):
            plan.fold(group)
        documents, passages = plan.documents(), plan.passages()
        tmp = store.begin()
        write_generation(tmp, plan, [s.to_dict() for s in corpus.skipped], params, corpus_dir, cache)
        if backend() == "xapian":  # the shards switch just before the pointer; see xapian_backend
            shards_switched = _write_shards(store, name, plan, corpus, set(before) - kept_ids, full)
        diff = _diff(before, {d.doc_id: d.sha256 for d in documents}, old_ids, {p.id for p in corpus.passages})
        meta = {"params": params, "extractor": extractor, "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "documents": len(documents), "pages": sum(d.pages for d in documents), "passages": len(passages),
                "diff": diff, "backend": backend(), "segments": [s.live.to_dict() for s in plan.segments]}
        seconds = time.perf_counter() - t0
        if not full and shards_switched is None and store.same_as_current(tmp, meta):
            store.abort(tmp)  # nothing changed: no new generation, so no reader reloads
            name, stayed = store.current_name(), True
        else:
            store.commit(tmp, meta, name)
    except BaseException:
        if tmp is not None:
            store.abort(tmp)
        plan.discard()
        raise
    store.prune(building_age=0)  # under the build lock: any other .building-* is a killed build's
    prune_segments(store.root, referenced(store))
    PageCache(store.cache_dir).prune()  # what no build has used for a month: removed documents, older code
    if shards_switched is not None:
        shards_switched()
    return BuildReport(name, len(documents), meta["pages"], len(passages), seconds, corpus.parsed,
                       corpus.cached + len(kept_ids), [s.to_dict() for s in corpus.skipped], diff,
                       [d.to_dict() for d in documents], len(plan.segments), stayed)


def _write_shards(store: IndexStore, name: str, plan: Plan, corpus: Corpus, gone: set[str],
                  full: bool) -> Callable[[], None]:
    """The Xapian shards of generation `name`: the current ones with the documents read added and those
    `gone` deleted, or all passages written again (a full build, a first one, another shard count); or,
    with writable shard servers, their first step (see xapian_writers). Gives what to do once the
    generation is current."""
    from . import xapian_backend as xb

    settings = Settings.from_env()
    versions = {doc_id: xb.version_of(r) for doc_id, r in plan.records().items()}
    if settings.xapian_writers:
        from . import xapian_writers as xw

        writers, timeout = list(settings.xapian_writers), settings.xapian_timeout
        xw.add_generation(writers, plan, corpus.passages, versions, timeout, full)
        return lambda: xw.finish(writers, store, timeout)
    root, n, previous = xb.shard_root(store.root), xb.shard_count(), store.current_name()
    if not full and xb.held_by_all(root, n, previous):
        vocabulary, counts = plan.new.counts() if plan.new else ([], sp.csr_matrix((0, 0), dtype=np.int32))
        xb.write_shards(root, n, name, corpus.passages, (counts, vocabulary), plan.documents(), versions,
                        previous=previous, removed=gone)
    else:
        xb.write_shards(root, n, name, plan.passages(), library_counts(plan.segments), plan.documents(), versions)
    xb.switch_shards(root, n, name)
    return lambda: xb.prune_shards(root, {p.name for p in store.generations.iterdir()})


def _read_new(corpus_dir: Path, store: IndexStore, extractor: str, kept: dict[str, tuple[str, str]],
              progress, plan: Plan, cache: PageCache) -> Corpus:
    """Read the files not `kept` into a new segment of `plan`, each document analysed as it is read."""
    kept_files = {name for name, _ in kept.values()}
    files = [p for p in pdf_files(corpus_dir) if p.name not in kept_files]
    shown = getattr(progress, "read", None)  # a progress display that counts pages too

    def read(doc: Document, passages: list[Passage]) -> None:
        analysts.add(doc.doc_id, passages, doc.language)
        if shown:
            shown(doc)

    with Analysts(cache, parallel=len(files) >= PARALLEL_FILES) as analysts:
        corpus = ingest(corpus_dir, store.cache_dir, extractor, progress=progress, kept=kept, files=files, on_read=read)
        if corpus.documents:
            plan.add_new(corpus, _sources(corpus, corpus_dir, extractor), analysts)
    return corpus


def _sources(corpus: Corpus, corpus_dir: Path, extractor: str) -> dict[str, tuple[str, str]]:
    """Each document read's (reading key, reading code); a document OCR failed on has no reading code,
    so the next build reads it again."""
    catalog = load_catalog(corpus_dir)
    return {d.doc_id: (source_key(d.sha256, d.file, catalog.get(d.file), extractor),
                       "" if d.ocr_failures else reading_kind()) for d in corpus.documents}


@dataclass
class LoadedIndex:
    """One generation, read into memory (the weight arrays memory-mapped when the generation has them)."""

    generation: str
    meta: dict
    documents: list[Document]
    passages: list[Passage]
    matrix: TermMatrix
    skipped: list[dict]
    folder: Path
    aliases: list[list[str]] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)

    def pages(self) -> list[dict]:
        return [p for s in self.segments for p in s.pages()]

    def words(self) -> list[str] | None:
        """The folded words the library uses at least twice (None for a generation built before they
        were recorded)."""
        try:
            return read_json(self.folder / WORDS_FILE)
        except (OSError, ValueError):
            return None

    def catalogue(self) -> Catalogue:
        try:
            return Catalogue(read_json(self.folder / "entities.json"))
        except (OSError, ValueError) as exc:
            raise IndexError_(f"the entity catalogue of {self.generation} is unreadable ({exc}); "
                              "rebuild the index with `ssc-search index --full`") from None


def load(index_dir: Path) -> LoadedIndex:
    """Open the current generation; raises IndexError_ with the fix when there is none or it is stale."""
    store = IndexStore(index_dir)
    folder = store.current()
    meta = read_meta(folder)
    params = meta["params"]
    try:
        segments = [Segment(store.root, Live.from_dict(d)) for d in meta["segments"]]
        passages = [p for s in segments for p in s.passages()]
        documents = [Document.from_dict(d) for d in read_json(folder / "documents.json")]
        skipped = read_json(folder / "skipped.json")
        aliases = read_json(folder / "aliases.json")
        if (folder / "weights_indptr.npy").exists():  # one segment, nothing deleted: weighed by the build
            vocab = read_json(segments[0].folder / "vocabulary.json")
            indptr = np.load(folder / "weights_indptr.npy", mmap_mode="r")
            indices = np.load(folder / "weights_indices.npy", mmap_mode="r")
            data = np.load(folder / "weights_data.npy", mmap_mode="r")
            weights = sp.csr_matrix((data, indices, indptr), shape=(len(vocab), len(passages))) if vocab else \
                sp.csr_matrix((0, len(passages)), dtype=np.float32)
        else:  # the live rows of every segment, weighed with the whole library's statistics
            counts, vocab = library_counts(segments)
            weights = weigh(counts, params["method"], params["k1"], params["b"]) if counts.shape[0] and vocab else \
                sp.csr_matrix((len(vocab), len(passages)), dtype=np.float32)
    except (OSError, ValueError, TypeError, KeyError, IndexError) as exc:
        raise IndexError_(f"index generation {folder.name} is damaged ({exc}); "
                          "rebuild the index with `ssc-search index --full`") from None
    matrix = TermMatrix({t: i for i, t in enumerate(vocab)}, weights, params["method"])
    return LoadedIndex(meta["generation"], meta, documents, passages, matrix, skipped, folder, aliases, segments)
