"""A document's analysis (its passages' terms, the acronyms and titled names it defines, its words)
and the catalogue's mentions in it, each kept in the build cache under a key of the document's
content and of the code that made it: a build analyses only the documents that are new or changed."""
from __future__ import annotations

import hashlib
import itertools
import json
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass
from functools import lru_cache

import Stemmer

from ..analyze import LANGUAGES, Analyzer, stopwords
from ..ingest.cache import PageCache, code_fingerprint
from ..model import Passage
from .aliases import mine
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
    """What a build learns from one document's passages alone: their terms, the acronyms they define
    (acronym -> long form -> count) and the titled names of initiatives they print (name -> count)."""

    terms: list[list[str]]
    acronyms: dict[str, dict[str, int]]
    titled: dict[str, int]
    words: dict[str, int]  # folded word -> count, for "did you mean"
    key: str = ""  # the digest of the document's passages and language: its cache key


@lru_cache(maxsize=1)
def _analysis_kind() -> str:
    """The cache kind of a document's analysis: the analyzer's fingerprint and the code that mines."""
    return "analysis-" + code_fingerprint(["index.aliases", "index.entity_sources", "index.analysis"], analysis_fingerprint())


def analyse_document(analyzer: Analyzer, passages: list[Passage], language: str,
                     cache: PageCache | None) -> DocumentAnalysis:
    """One document's analysis, from the cache when the same passages in the same language were
    analysed before by the same code: a build analyses only the documents that are new or changed."""
    digest = hashlib.sha256(language.encode("utf-8"))
    for p in passages:
        digest.update(f"\0{p.section or ''}\n{p.text}".encode("utf-8"))
    key = digest.hexdigest()
    found = cache.get_data(key, _analysis_kind()) if cache else None
    try:
        if found and len(found["terms"]) == len(passages):
            return DocumentAnalysis(found["terms"], found["acronyms"], found["titled"], found["words"], key)
    except (KeyError, TypeError):
        pass  # written by an older build: analysed again
    texts = [p.text for p in passages]
    done = DocumentAnalysis([passage_terms(analyzer, p, language) for p in passages],
                            {a: dict(forms) for a, forms in mine(texts).items()}, dict(titled_initiatives(texts)),
                            dict(Counter(w for text in texts for w in analyzer.folded_words(text))), key)
    if cache:
        cache.put_data(key, _analysis_kind(), {k: v for k, v in asdict(done).items() if k != "key"})
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
