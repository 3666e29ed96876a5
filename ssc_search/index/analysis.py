"""A document's analysis (its passages' terms, the acronyms and titled names it defines, its words)
and the catalogue's mentions in it, each kept in the build cache under a key of the document's
content and of the code that made it: a build analyses only the documents that are new or changed."""
from __future__ import annotations

import hashlib
import itertools
import json
import multiprocessing
import os
import re
import threading
import unicodedata
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
import Stemmer

from ..analyze import LANGUAGES, Analyzer, fold, stopwords
from ..ingest.cache import PageCache, code_fingerprint
from ..model import Passage
from .aliases import mine
from .bm25 import count_matrix
from .entity_sources import titled_initiatives
from .matcher import trie_pattern

ANALYSTS = max(1, min(4, os.cpu_count() or 1))  # documents analysed at once, each in a worker process ...
PARALLEL_FILES = 8  # ... when a build reads at least this many files (for fewer, starting workers costs more)
PARALLEL_MENTIONS = 2000  # the catalogue's names are searched for in worker processes from this many passages on


TEXT_CODE = ("analyze", "ordinals")  # the code that turns text into terms


@lru_cache(maxsize=None)
def analysis_fingerprint() -> str:
    """What a document's cached terms depend on besides its text: the analysis module's code, the stop words,
    the stemmers' version and the Unicode tables that folding reads."""
    return code_fingerprint(TEXT_CODE, Stemmer.version() if hasattr(Stemmer, "version") else "",
                            unicodedata.unidata_version,
                            *(" ".join(sorted(stopwords(language))) for language in sorted(LANGUAGES)))


def passage_terms(analyzer: Analyzer, passage: Passage, language: str) -> tuple[list[str], list[str]]:
    """A passage's index terms (its section heading's too) and its folded words, from one reading."""
    return analyzer.terms_and_words(passage.section or "", passage.text, language)


@dataclass
class DocumentAnalysis:
    """What a build learns from one document's passages alone: their term counts (a passages x terms
    matrix over the document's own sorted vocabulary, which `bm25.merge_counts` joins into the
    library's), the acronyms they define (acronym -> long form -> count) and the titled names of
    initiatives they print (name -> count)."""

    vocabulary: list[str]
    counts: sp.csr_matrix
    acronyms: dict[str, dict[str, int]]
    titled: dict[str, int]
    words: list[str]  # its folded words, each once, in order of appearance: what "did you mean" offers...
    repeated: list[str]  # ... when the library uses it twice: here, or in another document too
    key: str = ""  # the digest of the document's passages and language: its cache key

    def to_cache(self) -> dict:
        return {"vocabulary": self.vocabulary, "indptr": self.counts.indptr, "indices": self.counts.indices,
                "data": self.counts.data, "acronyms": self.acronyms, "titled": self.titled, "words": self.words,
                "repeated": self.repeated}

    @classmethod
    def from_cache(cls, data: dict, passages: int, key: str) -> DocumentAnalysis | None:
        """The cached analysis, or None when it does not fit (another number of passages, another format)."""
        try:
            vocabulary = data["vocabulary"]
            counts = sp.csr_matrix((np.asarray(data["data"], dtype=np.int32), np.asarray(data["indices"], dtype=np.int32),
                                    np.asarray(data["indptr"], dtype=np.int64)), shape=(passages, len(vocabulary)))
            counts.check_format(full_check=True)  # a damaged entry is analysed again, never merged
            return cls(vocabulary, counts, data["acronyms"], data["titled"], data["words"], data["repeated"], key)
        except (KeyError, TypeError, ValueError):
            return None


@lru_cache(maxsize=1)
def analysis_kind() -> str:
    """The cache kind of a document's analysis: the analyzer's fingerprint and the code that mines."""
    return "analysis-" + code_fingerprint(["index.aliases", "index.entity_sources", "index.analysis", "index.bm25"], analysis_fingerprint())


def document_key(passages: list[Passage], language: str) -> str:
    """The digest of a document's passages and language: the cache key of its analysis."""
    digest = hashlib.sha256(language.encode("utf-8"))
    for p in passages:
        digest.update(f"\0{p.section or ''}\n{p.text}".encode("utf-8"))
    return digest.hexdigest()


def analyse_passages(passages: list[Passage], language: str, key: str, analyzer: Analyzer) -> DocumentAnalysis:
    """One document's analysis, from its passages alone."""
    texts = [p.text for p in passages]
    read = [passage_terms(analyzer, p, language) for p in passages]
    counts, vocabulary = count_matrix([terms for terms, _ in read])
    words = Counter()
    for _, folded in read:
        words.update(folded)
    return DocumentAnalysis(vocabulary, counts, {a: dict(forms) for a, forms in mine(texts).items()},
                            dict(titled_initiatives(texts)), list(words), [w for w, n in words.items() if n >= 2], key)


class Analysts:
    """Documents analysed as they are read: each document handed to `add` is taken from the cache when
    the same passages in the same language were analysed before by the same code, or else analysed in
    one of ANALYSTS worker processes while the next files are read (in this process when `parallel` is
    off). The workers are forked when the block starts, from a process with one thread: a fork copies
    the locks other threads hold (a build in a web server's thread analyses in that thread; spawning
    would run the caller's main module again in each worker)."""

    def __init__(self, cache: PageCache | None, parallel: bool = True) -> None:
        self.cache = cache
        self._pool = None
        if parallel and ANALYSTS > 1 and threading.active_count() == 1:
            self._pool = ProcessPoolExecutor(ANALYSTS, mp_context=multiprocessing.get_context("fork"))
            self._pool.submit(int).result()  # the workers start now, before any reader thread
        self._done: dict[str, DocumentAnalysis | Future] = {}
        self._analyzer: Analyzer | None = None

    def __enter__(self) -> Analysts:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def add(self, doc_id: str, passages: list[Passage], language: str) -> None:
        if not passages:
            return
        key = document_key(passages, language)
        found = self.cache.get_data(key, analysis_kind()) if self.cache else None
        done = DocumentAnalysis.from_cache(found, len(passages), key) if found else None
        if done is None and self._pool is not None:
            done = self._pool.submit(_analyse_job, (passages, language, key))
        elif done is None:
            self._analyzer = self._analyzer or Analyzer()
            done = analyse_passages(passages, language, key, self._analyzer)
            self._keep(done)
        self._done[doc_id] = done

    def _keep(self, analysis: DocumentAnalysis) -> None:
        if self.cache:
            self.cache.put_data(analysis.key, analysis_kind(), analysis.to_cache())

    def get(self, doc_id: str) -> DocumentAnalysis | None:
        """The document's analysis (None when it had no passages), waiting for its worker if need be."""
        done = self._done.get(doc_id)
        if isinstance(done, Future):
            done = self._done[doc_id] = done.result()
            self._keep(done)
        return done


def _analyse_job(job: tuple[list[Passage], str, str]) -> DocumentAnalysis:
    """`analyse_passages` in a worker process, with the worker's own analyzer."""
    global _WORKER_ANALYZER
    if _WORKER_ANALYZER is None:
        _WORKER_ANALYZER = Analyzer()
    return analyse_passages(*job, _WORKER_ANALYZER)


_WORKER_ANALYZER: Analyzer | None = None


def mentions_cached(passages: list[Passage], keys: dict[str, str], cache: PageCache | None):
    """`build_catalogue`'s `found_in`: the catalogue's mentions in each document, kept in the cache as
    the aliases found in each passage. When the catalogue changes (a new document defines an acronym),
    a document is read again only if its text holds an alias that was added, removed or now stands
    for another entry; otherwise its aliases are mapped to the new entries: an unchanged alias finds
    the same spans, and an alias the text does not hold can neither match nor hide a match."""
    kind = "mentions-" + code_fingerprint(["index.entities", "index.matcher", "index.analysis"])

    def found_in(entries: list[dict], matcher) -> list[list[int]]:
        table = matcher.table(entries)
        digest = hashlib.sha256(json.dumps(table, sort_keys=True).encode("utf-8")).hexdigest()
        if cache:
            cache.put_data(digest, kind + "-table", {"table": table})
        changed_since: dict[str, tuple | None] = {digest: (None, None)}  # earlier table -> patterns of its changes

        def changed(earlier: str) -> tuple | None:
            if earlier not in changed_since:
                old = (cache.get_data(earlier, kind + "-table") or {}).get("table") if cache else None
                changed_since[earlier] = None if not isinstance(old, dict) else \
                    _patterns([a for a in set(old) | set(table) if old.get(a) != table.get(a)])
            return changed_since[earlier]

        documents, unread = [], []  # each document's aliases by passage (None: to be searched for)
        for doc_id, run in itertools.groupby(passages, key=lambda p: p.doc_id):
            run = list(run)
            hit = cache.get_data(keys[doc_id], kind) if cache else None
            aliases = hit.get("aliases") if hit else None
            # the patterns of the aliases changed since its entry was written; None: nothing to go by
            changes = changed(hit.get("table", "")) if isinstance(aliases, list) and len(aliases) == len(run) else None
            if changes is None or _holds(run, *changes):
                aliases = None
                unread.append(len(documents))
            documents.append((doc_id, run, aliases))
        searched = _search_aliases(matcher, [[p.text for p in documents[i][1]] for i in unread])
        out = []
        for i, (doc_id, run, aliases) in enumerate(documents):
            if aliases is None:
                aliases = next(searched)
                if cache:
                    cache.put_data(keys[doc_id], kind, {"table": digest, "aliases": aliases})
            out += [sorted({matcher.entry(a) for a in found}) for found in aliases]
        return out
    return found_in


def _search_aliases(matcher, documents: list[list[str]]):
    """The aliases `matcher` finds in each passage of each document (texts), in order: in ANALYSTS forked
    worker processes when there are many passages and this process has one thread (see `Analysts`)."""
    global _SEARCHED
    if ANALYSTS > 1 and len(documents) > 1 and sum(map(len, documents)) >= PARALLEL_MENTIONS \
            and threading.active_count() == 1:
        _SEARCHED = (matcher, documents)  # what the forked workers read, without copying it over
        try:
            with ProcessPoolExecutor(ANALYSTS, mp_context=multiprocessing.get_context("fork")) as pool:
                yield from pool.map(_search_job, range(len(documents)), chunksize=max(1, len(documents) // (4 * ANALYSTS)))
        finally:
            _SEARCHED = None
        return
    for texts in documents:
        yield _aliases_in(matcher, texts)


def _aliases_in(matcher, texts: list[str]) -> list[list[str]]:
    return [sorted({a for _, _, a in matcher.aliases_in(text)}) for text in texts]


def _search_job(i: int) -> list[list[str]]:
    matcher, documents = _SEARCHED
    return _aliases_in(matcher, documents[i])


_SEARCHED: tuple | None = None


def _patterns(aliases: list[str]) -> tuple[re.Pattern | None, re.Pattern | None]:
    """Patterns finding any of the aliases anywhere (folded ones, after "~", in folded text)."""
    exact = [a for a in aliases if not a.startswith("~")]
    folded = [a[1:] for a in aliases if a.startswith("~")]
    return (re.compile(trie_pattern(exact)) if exact else None, re.compile(trie_pattern(folded)) if folded else None)


def _holds(passages: list[Passage], exact: re.Pattern | None, folded: re.Pattern | None) -> bool:
    """Whether any passage holds a match of either pattern: then its mentions may have changed."""
    if exact is None and folded is None:
        return False  # nothing changed: the texts are not even read
    text = "\0".join(p.text for p in passages)
    return bool((exact and exact.search(text)) or (folded and folded.search(fold(text))))
