"""Build an index generation from the corpus, and open the current one."""
from __future__ import annotations

import itertools
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..config import BuildSettings
from ..ingest.cache import PageCache
from ..ingest.corpus import Corpus, ingest
from ..model import Document, Passage
from .aliases import alias_groups, load_alias_file
from .analysis import DocumentAnalysis, analyse_documents, mentions_cached
from .bm25 import TermMatrix, merge_counts, weigh
from .entities import Catalogue, build_catalogue
from .ranker import backend
from .store import (
    IndexError_,
    IndexStore,
    read_json,
    read_jsonl,
    read_meta,
    write_json,
    write_jsonl,
)

WORDS_FILE = "words.json"
PASSAGE_IDS_FILE = "passage_ids.json"



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

    def summary(self) -> str:
        d = self.diff
        change = (f"; +{len(d.get('added', []))} ~{len(d.get('changed', []))} -{len(d.get('removed', []))} documents"
                  if d else "")
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        return (f"indexed {self.documents} documents, {self.pages} pages, {self.passages} passages "
                f"in {self.seconds:.1f} s ({self.parsed} parsed, {self.cached} from cache{skipped}){change}")

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _diff(old: list[dict], new: list[Document], old_ids: set[str], new_ids: set[str]) -> dict:
    before = {d["doc_id"]: d.get("sha256") for d in old}
    after = {d.doc_id: d.sha256 for d in new}
    return {
        "added": sorted(set(after) - set(before)),
        "changed": sorted(d for d in set(after) & set(before) if after[d] != before[d]),
        "removed": sorted(set(before) - set(after)),
        "passages_added": len(new_ids - old_ids),
        "passages_removed": len(old_ids - new_ids),
    }


def offered_words(analyses: list[DocumentAnalysis]) -> list[str]:
    """The words "did you mean" offers: those the library uses at least twice (in one document, or in
    two), in order of first appearance."""
    documents = Counter(itertools.chain.from_iterable(a.words for a in analyses))  # documents using each word
    repeated = set().union(*(a.repeated for a in analyses))
    return [w for w, n in documents.items() if n >= 2 or w in repeated]


def write_generation(folder: Path, corpus: Corpus, params: dict, corpus_dir: Path | None = None,
                     cache: PageCache | None = None) -> tuple[sp.csr_matrix, list[str]]:
    """Everything a reader needs, as plain JSON and .npy arrays (no pickle). Returns the passages x
    terms counts and their vocabulary, for a search backend that indexes them too."""
    language = {d.doc_id: d.language for d in corpus.documents}
    runs = [(doc_id, list(passages)) for doc_id, passages in itertools.groupby(corpus.passages, key=lambda p: p.doc_id)]
    analyses = analyse_documents([(passages, language[doc_id]) for doc_id, passages in runs], cache)
    parts, acronyms, titled, keys = [], defaultdict(Counter), Counter(), {}
    for (doc_id, _), done in zip(runs, analyses):  # each document's run, in order
        parts.append((done.vocabulary, done.counts))
        keys[doc_id] = done.key
        for acronym, forms in done.acronyms.items():  # summed in document order, as one pass would count
            acronyms[acronym].update(forms)
        titled.update(done.titled)
    curated = load_alias_file(corpus_dir)
    catalogue = build_catalogue(corpus.passages, corpus_dir, acronyms, titled,
                                mentions_cached(corpus.passages, keys, cache))
    named = [[e["name"], *e["aliases"]] for e in catalogue["entities"] if e["aliases"] and e["kind"] != "country"]
    write_json(folder / "aliases.json", alias_groups(acronyms, curated + named))
    write_json(folder / "entities.json", catalogue)
    write_json(folder / WORDS_FILE, offered_words(analyses))
    counts, vocab = merge_counts(parts)
    del analyses, parts  # the documents' own counts: the library's matrix holds them now
    weights = weigh(counts, params["method"], params["k1"], params["b"]) if counts.shape[0] else \
        sp.csr_matrix((0, 0), dtype=np.float32)
    np.save(folder / "weights_indptr.npy", weights.indptr.astype(np.int64))
    np.save(folder / "weights_indices.npy", weights.indices.astype(np.int32))
    np.save(folder / "weights_data.npy", weights.data.astype(np.float32))
    del weights
    write_json(folder / "vocabulary.json", vocab)
    write_json(folder / "documents.json", [d.to_dict() for d in corpus.documents])
    write_jsonl(folder / "pages.jsonl", (p.to_dict() for p in corpus.pages))
    write_jsonl(folder / "passages.jsonl", (p.to_dict() for p in corpus.passages))
    write_json(folder / PASSAGE_IDS_FILE, [p.id for p in corpus.passages])  # what the next build's diff reads
    write_json(folder / "skipped.json", [s.to_dict() for s in corpus.skipped])
    return counts, vocab


def build(corpus_dir: Path, index_dir: Path, extractor: str | None = None, full: bool = False,
          params: dict | None = None,
          progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None) -> BuildReport:
    """Ingest the corpus and make a new current generation; the old one stays served until then.

    What is not given (`extractor`, and any of `params`' method, k1 and b) is what the current
    generation was built with, or the defaults of `BuildSettings` for a first build: a re-index from
    the web or from `watch` keeps what was chosen at the command line."""
    store = IndexStore(index_dir)
    with store.build_lock():
        settings = stored_settings(store).updated(extractor=extractor, **(params or {}))
        return _build(store, Path(corpus_dir), settings.extractor, full, settings.params(), progress)


def stored_settings(store: IndexStore) -> BuildSettings:
    """The build settings of the current generation, whatever its format (a build after an upgrade keeps
    them); the defaults when there is none (or it is unreadable)."""
    if not store.current_name():
        return BuildSettings()
    try:
        return BuildSettings.from_meta(read_meta(store.current(), any_format=True))
    except IndexError_:
        return BuildSettings()


def _build(store: IndexStore, corpus_dir: Path, extractor: str, full: bool, params: dict,
           progress: Callable[[Iterable[Path]], Iterable[Path]] | None) -> BuildReport:
    t0 = time.perf_counter()
    if full:
        cache_dir = store.cache_dir  # a full build re-parses every file and refreshes the cache
        for stale in cache_dir.glob("*.json") if cache_dir.is_dir() else []:
            stale.unlink()
    corpus = ingest(corpus_dir, store.cache_dir, extractor, progress=progress)
    old_docs, old_ids = [], set()
    if store.current_name():
        try:
            current = store.current()
            old_docs = read_json(current / "documents.json")
            ids = current / PASSAGE_IDS_FILE
            old_ids = set(read_json(ids)) if ids.exists() else {p["id"] for p in read_jsonl(current / "passages.jsonl")}
        except (OSError, ValueError):
            pass
    diff = _diff(old_docs, corpus.documents, old_ids, {p.id for p in corpus.passages})
    tmp, name = store.begin(), store.new_name()
    xapian_root = None
    try:
        counts = write_generation(tmp, corpus, params, Path(corpus_dir), PageCache(store.cache_dir))
        if backend() == "xapian":  # the shards switch just before the pointer; see xapian_backend
            from . import xapian_backend as xb

            xapian_root = xb.shard_root(store.root)
            xb.write_shards(xapian_root, xb.shard_count(), name, corpus.passages, counts, corpus.documents)
            xb.switch_shards(xapian_root, xb.shard_count(), name)
        seconds = time.perf_counter() - t0
        meta = {"params": params, "extractor": extractor, "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "documents": len(corpus.documents), "pages": len(corpus.pages),
                "passages": len(corpus.passages), "diff": diff, "backend": backend()}
        store.commit(tmp, meta, name)
    except BaseException:
        store.abort(tmp)
        raise
    store.prune(building_age=0)  # under the build lock: any other .building-* is a killed build's
    PageCache(store.cache_dir).prune()  # what no build has used for a month: removed documents, older code
    if xapian_root is not None:
        xb.prune_shards(xapian_root, {p.name for p in store.generations.iterdir()})
    return BuildReport(name, len(corpus.documents), len(corpus.pages), len(corpus.passages), seconds,
                       corpus.parsed, corpus.cached, [s.to_dict() for s in corpus.skipped], diff,
                       [d.to_dict() for d in corpus.documents])


@dataclass
class LoadedIndex:
    """One generation, read into memory (the weight arrays memory-mapped)."""

    generation: str
    meta: dict
    documents: list[Document]
    passages: list[Passage]
    matrix: TermMatrix
    skipped: list[dict]
    folder: Path
    aliases: list[list[str]] = field(default_factory=list)

    def pages(self) -> list[dict]:
        return read_jsonl(self.folder / "pages.jsonl")

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
    try:
        vocab = read_json(folder / "vocabulary.json")
        indptr = np.load(folder / "weights_indptr.npy", mmap_mode="r")
        indices = np.load(folder / "weights_indices.npy", mmap_mode="r")
        data = np.load(folder / "weights_data.npy", mmap_mode="r")
        passages = [Passage(**p) for p in read_jsonl(folder / "passages.jsonl")]
        documents = [Document.from_dict(d) for d in read_json(folder / "documents.json")]
        skipped = read_json(folder / "skipped.json")
        aliases = read_json(folder / "aliases.json")
    except (OSError, ValueError, TypeError) as exc:
        raise IndexError_(f"index generation {folder.name} is damaged ({exc}); "
                          "rebuild the index with `ssc-search index --full`") from None
    weights = sp.csr_matrix((data, indices, indptr), shape=(len(vocab), len(passages))) if vocab else \
        sp.csr_matrix((0, len(passages)), dtype=np.float32)
    matrix = TermMatrix({t: i for i, t in enumerate(vocab)}, weights, meta["params"]["method"])
    return LoadedIndex(meta["generation"], meta, documents, passages, matrix, skipped, folder, aliases)
