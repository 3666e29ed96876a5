"""A document's analysis (its passages' terms, the acronyms and titled names it defines, its words)
and the catalogue's mentions in it, each kept in the build cache under a key of the document's
content and of the code that made it: a build analyses only the documents that are new or changed."""
from __future__ import annotations

import hashlib
import itertools
import json
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
import Stemmer

from ..analyze import LANGUAGES, Analyzer, stopwords
from ..ingest.cache import PageCache, code_fingerprint
from ..model import Passage
from .aliases import mine
from .bm25 import count_matrix
from .entity_sources import titled_initiatives


@lru_cache(maxsize=None)
def analysis_fingerprint() -> str:
    """What a document's cached terms depend on besides its text: the analysis module's code, the stop words,
    the stemmers' version and the Unicode tables that folding reads."""
    return code_fingerprint(["analyze"], Stemmer.version() if hasattr(Stemmer, "version") else "",
                            unicodedata.unidata_version,
                            *(" ".join(sorted(stopwords(language))) for language in sorted(LANGUAGES)))


def passage_terms(analyzer: Analyzer, passage: Passage, language: str) -> list[str]:
    text = f"{passage.section}\n{passage.text}" if passage.section else passage.text
    return analyzer.terms(text, language)


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
def _analysis_kind() -> str:
    """The cache kind of a document's analysis: the analyzer's fingerprint and the code that mines."""
    return "analysis-" + code_fingerprint(["index.aliases", "index.entity_sources", "index.analysis", "index.bm25"], analysis_fingerprint())


def analyse_document(analyzer: Analyzer, passages: list[Passage], language: str,
                     cache: PageCache | None) -> DocumentAnalysis:
    """One document's analysis, from the cache when the same passages in the same language were
    analysed before by the same code: a build analyses only the documents that are new or changed."""
    digest = hashlib.sha256(language.encode("utf-8"))
    for p in passages:
        digest.update(f"\0{p.section or ''}\n{p.text}".encode("utf-8"))
    key = digest.hexdigest()
    found = cache.get_data(key, _analysis_kind()) if cache else None
    done = DocumentAnalysis.from_cache(found, len(passages), key) if found else None
    if done is not None:
        return done
    texts = [p.text for p in passages]
    terms = [passage_terms(analyzer, p, language) for p in passages]
    counts, vocabulary = count_matrix(terms)
    words = Counter(w for text in texts for w in analyzer.folded_words(text))
    done = DocumentAnalysis(vocabulary, counts, {a: dict(forms) for a, forms in mine(texts).items()},
                            dict(titled_initiatives(texts)), list(words), [w for w, n in words.items() if n >= 2], key)
    if cache:
        cache.put_data(key, _analysis_kind(), done.to_cache())
    return done


def mentions_cached(passages: list[Passage], keys: dict[str, str], cache: PageCache | None):
    """`build_catalogue`'s `found_in`: each document's found entries from the cache when the catalogue's
    entries (and the matching code) are those of an earlier build, found afresh and kept otherwise."""
    def found_in(entries: list[dict], find) -> list[list[int]]:
        kind, out = "mentions-" + code_fingerprint(["index.entities"], json.dumps(entries, sort_keys=True)), []
        for doc_id, run in itertools.groupby(passages, key=lambda p: p.doc_id):
            run = list(run)
            hit = cache.get_data(keys[doc_id], kind) if cache else None
            if hit and isinstance(hit.get("found"), list) and len(hit["found"]) == len(run):
                out += hit["found"]
                continue
            found = [find(p) for p in run]
            if cache:
                cache.put_data(keys[doc_id], kind, {"found": found})
            out += found
        return out
    return found_in
