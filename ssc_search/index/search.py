"""Questions to ranked passages: analysis, alias and synonym expansion, named documents, front
matter, filters, highlights.

A question that names a document ("resolution 78/167", "the Sevilla Commitment") ranks that
document's passages higher (a boost, not a filter), and the title words it names the document
with weigh less in the passages, since the title page would otherwise win on them. Covers, title
pages and tables of contents weigh less than body pages; they stay findable.
"""
from __future__ import annotations

import re
import time
from functools import lru_cache

import numpy as np

from ..analyze import Analyzer, fold
from ..errors import QueryError, UnknownName, blank, control_character
from ..i18n import _
from ..ingest.locators import Locators
from ..model import Passage
from .aliases import Expander
from .bm25 import idf_lucene
from .build import LoadedIndex
from .hits import Hit, SearchResult
from .named_docs import DocumentNames
from .query import Query, QueryAnalyser, Token
from .ranker import Ranker, make_ranker
from .related import related_stems
from .symbols import SymbolIndex, public_record

MAX_QUERY_CHARS = 1000
MAX_K = 100
NAMED_DOC_BOOST = 2.0     # a named document's passages score (1 + this) times higher
TITLE_WORD_WEIGHT = 0.3   # a question word that only names the document weighs this much in its passages
FRONT_MATTER_PRIOR = 0.5  # covers, title pages, contents
PHRASE_DEPTH = 2000       # passages a quoted phrase is looked for in
STRONG_SHARE = 0.5        # a passage matches when it holds this share of the query's word weight (else it is weaker)
HIGHLIGHT_SHARE = 0.4     # a query term is highlighted when its weight x idf is this share of the best one's
_ROMAN = re.compile(r"^[ivxlc]+$")
_CONTENTS_WORD = r"^\s*(contents|table of contents|[ií]ndice|contenido)\s*$"  # a line that heads a table of contents
_CONTENTS = re.compile(r"\.{5,}|(\. ){4,}|" + _CONTENTS_WORD, re.I | re.M)  # ... or its dot leaders
_CONTENTS_LINE = re.compile(_CONTENTS_WORD, re.I | re.M)


def front_matter(passage: Passage) -> bool:
    """A cover or front page (printed as i, ii...) or a table of contents."""
    if _ROMAN.match(passage.page_label or ""):
        return True
    text = passage.text
    if "....." not in text and ". . . ." not in text:  # no dot leaders: only "Contents" lines can count
        lower = text.lower()
        if "conten" not in lower and "ndice" not in lower:  # no such word at all (a cheap test first)
            return False
        return len(_CONTENTS_LINE.findall(text)) >= 3
    return len(_CONTENTS.findall(text)) >= 3


def check_query(query: str, k: int) -> None:
    """Raise QueryError naming the problem for a query or k that cannot be served."""
    if not isinstance(query, str) or blank(query):
        raise QueryError(_("the query is empty; type a few words, e.g. 'triangular cooperation'"))
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(_("the query has {n} characters; at most {limit} are allowed", n=len(query),
                           limit=MAX_QUERY_CHARS))
    code = control_character(query)
    if code is not None:
        raise QueryError(_("the query holds a control character ({code}); type words only", code=code))
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= MAX_K:
        raise QueryError(_("k must be a whole number from 1 to {limit}, not {k!r}", limit=MAX_K, k=k))


class Searcher:
    """Ranks one loaded index generation; safe to share between threads."""

    def __init__(self, index: LoadedIndex, analyzer: Analyzer | None = None, ranker: Ranker | None = None,
                 pages: list[dict] | None = None) -> None:
        """`pages` (the generation's page texts) when the caller has read them already."""
        self.index = index
        self.analyzer = analyzer or Analyzer()
        self.ranker = ranker or make_ranker(index)
        self.expander = Expander(index.aliases, self.analyzer)
        self.names = DocumentNames(index.documents, self.analyzer)
        self.locators = Locators(index.documents, pages if pages is not None else index.pages())
        self.symbols = SymbolIndex(index.documents)
        self._tokens = lru_cache(maxsize=100_000)(self._passage_tokens)  # phrase checks read the same passages
        self._telling = lru_cache(maxsize=1000)(self._telling_terms)
        self._held = lru_cache(maxsize=1000)(self._held_share)
        self._spans = lru_cache(maxsize=2000)(self._highlight_spans)  # a page and its answer show the same passages
        self.related = related_stems()
        self.analyser = QueryAnalyser(self.analyzer, self.expander, self.names, self.related, index.matrix.vocabulary_)
        self.prior = np.array([FRONT_MATTER_PRIOR if front_matter(p) else 1.0 for p in index.passages])
        docs = index.documents
        self.docs = {d.doc_id: d for d in docs}
        self._doc_row = {d.doc_id: i for i, d in enumerate(docs)}
        self.passage_rows = {p.id: i for i, p in enumerate(index.passages)}
        matrix = index.matrix
        self._n_passages = max(matrix.n_docs, 1)
        self._idf = idf_lucene(matrix.weights_.indptr[1:] - matrix.weights_.indptr[:-1], self._n_passages)
        self._passage_doc = np.array([self._doc_row[p.doc_id] for p in index.passages], dtype=np.int32)
        self._doc_lang = np.array([d.language for d in docs] or [""], dtype=object)
        self._doc_year = np.array([d.year or 0 for d in docs] or [0], dtype=np.int32)

    def mask(self, doc: str | list[str] | None = None, language: str | None = None,
             year: int | None = None) -> np.ndarray | None:
        """Boolean mask over passages for the filters; None when there are none."""
        if not (doc or language or year):
            return None
        keep = np.ones(len(self.docs), dtype=bool)
        if doc:
            wanted = [doc] if isinstance(doc, str) else list(doc)
            unknown = [d for d in wanted if d not in self._doc_row]
            if unknown:
                raise UnknownName(_("unknown document {doc!r}; `ssc-search documents` and /api/documents list the ids",
                                    doc=unknown[0]))
            keep &= np.isin(np.arange(len(self.docs)), [self._doc_row[d] for d in wanted])
        if language:
            keep &= self._doc_lang[: len(self.docs)] == language
        if year:
            keep &= self._doc_year[: len(self.docs)] == int(year)
        return keep[self._passage_doc]

    def analyse(self, query: str | Query) -> Query:
        """The query analysed once (cached by its text): what search, answers and highlights read."""
        return self.analyser.analyse(query) if isinstance(query, str) else query

    def search(self, query: str | Query, k: int = 10, doc: str | list[str] | None = None,
               language: str | None = None, year: int | None = None,
               mask: np.ndarray | None = None, weaker: bool = False) -> SearchResult:
        """Rank passages; `mask` (one bool per passage) narrows further, e.g. to an entity's passages.

        A passage matches when it scores at least STRONG_SHARE of the best passage's score: it holds
        much of what the query weighs, not just one common word. `weaker=True` counts and ranks every
        passage that holds any query word."""
        t0 = time.perf_counter()
        check_query(query.text if isinstance(query, Query) else query, k)
        q = self.analyse(query)
        if q.symbols:  # symbol:A/RES/79/236 narrows to that document (within a `doc` filter, if any)
            doc = narrowed_to([self.document_of_symbol(s) for s in q.symbols], doc)
            if not q.words or not doc:
                return self._in_order(q.text, doc, k, t0, language, year)
        terms = q.weights
        narrowed = self.mask(doc, language, year)
        if narrowed is not None:
            mask = narrowed if mask is None else (mask & narrowed)
        wanted = {"doc": [doc] if isinstance(doc, str) else doc, "language": language, "year": year}
        phrases = q.phrases
        depth = min(MAX_K, 2 * k)  # re-weighing by the priors may promote a passage from below k
        if phrases:  # "national statistical offices" matches exactly: every passage holding it, in order
            rows, values, _n = self.ranker.search(terms, min(PHRASE_DEPTH, len(self.index.passages)), mask, wanted)
            matched = [int(r) for r in rows if self.holds_phrases(int(r), phrases)]
            keep = set(matched)
            scored = {int(r): float(v) * self.prior[int(r)] for r, v in zip(rows, values) if int(r) in keep}
            weaker_count = 0
        else:
            # strong matches hold at least STRONG_SHARE of the query's word weight; weaker ones some of it
            held = self._held(q.tokens, q.other_names)
            some = held > 0 if mask is None else (held > 0) & mask
            strong = some & (held >= STRONG_SHARE)
            matched = np.flatnonzero(some if weaker else strong).tolist()
            weaker_count = 0 if weaker else int(np.count_nonzero(some)) - len(matched)
            # weaker: ranked as ever, synonyms and other names included (what the answerer reads)
            rows, values, _n = self.ranker.search(terms, depth, mask if weaker else strong, wanted)
            scored = {int(r): float(v) * self.prior[int(r)] for r, v in zip(rows, values)}
        named = q.named
        if named and not wanted["doc"] and not phrases:
            keep = set(matched)
            scored = {r: v for r, v in self._boost_named(named, terms, depth, mask, wanted, scored).items()
                      if r in keep}
        ranked = sorted(scored.items(), key=lambda rv: -rv[1])[:k]
        telling = self._telling(tuple(sorted(terms.items()))) if ranked else frozenset()
        hits = [self._hit(rank, row, score, telling) for rank, (row, score) in enumerate(ranked, 1)]
        shown = q.words if q.symbols else q.text
        return SearchResult(shown, (time.perf_counter() - t0) * 1000, len(matched), hits, weaker_count, matched)

    def _held_share(self, tokens: tuple[Token, ...], other_names=()) -> np.ndarray:
        """For every passage, the share of the query's word weight (each word by the idf of its forms
        together, its translations included) the passage holds: what a facet or a count can rely on, since it depends
        on the passage and the query alone, not on the filters or the other passages. A word of a name
        the library knows by other names ("QCPR") is held by a passage holding one of them whole."""
        held, total = np.zeros(len(self.index.passages)), 0.0
        for token in tokens:
            present = self._holding_any(token.terms.union(*token.translations))
            for matched, names in other_names:
                if token.folded in {t for t, _ in self.analyzer.raw_tokens(matched)}:
                    for name in names:
                        present |= np.logical_and.reduce([self._holding_any(ws) for ws in name]) if name else False
            if not present.any():
                continue  # a word no passage uses cannot make any passage weaker than another
            weight = float(idf_lucene(np.array([present.sum()]), self._n_passages)[0])  # of the word in any form
            held += weight * present
            total += weight
        return held / total if total else held

    def _holding_any(self, terms) -> np.ndarray:
        """Which passages hold at least one of `terms`."""
        weights, vocab = self.index.matrix.weights_, self.index.matrix.vocabulary_
        present = np.zeros(len(self.index.passages), dtype=bool)
        for t in terms:
            r = vocab.get(t)
            if r is not None:
                present[weights.indices[weights.indptr[r]:weights.indptr[r + 1]]] = True
        return present

    def document_of_symbol(self, symbol: str) -> str:
        """The id of the library's document with this symbol; UnknownName (with the public record) if none."""
        doc_id = self.symbols.document(symbol)
        if doc_id is None:
            raise UnknownName(_("no document {symbol} in the library; its public record is at {url}",
                                symbol=symbol, url=public_record(symbol)))
        return doc_id

    def _in_order(self, query: str, docs: list[str], k: int, t0: float, language=None, year=None) -> SearchResult:
        """A document's passages in reading order: what `symbol:A/RES/79/236` alone asks for (none when the
        language or year filters leave the document out)."""
        keep = self.mask(docs, language, year) if docs else np.zeros(len(self.index.passages), dtype=bool)
        rows = np.flatnonzero(keep).tolist()
        hits = [self._hit(rank, row, 0.0, frozenset()) for rank, row in enumerate(rows[:k], 1)]
        return SearchResult(query, (time.perf_counter() - t0) * 1000, len(rows), hits, 0, rows)

    def holds_phrases(self, row: int, phrases: list[tuple[str, ...]]) -> bool:
        folded = fold(self.index.passages[row].text)
        if not all(all(t in folded for t in p) for p in phrases):  # cheap: most passages fail here
            return False
        tokens = self._tokens(row)
        return all(any(tokens[i:i + len(p)] == p for i in range(len(tokens) - len(p) + 1)) for p in phrases)

    def _passage_tokens(self, row: int) -> tuple[str, ...]:
        return tuple(t for t, _ in self.analyzer.raw_tokens(self.index.passages[row].text))

    def _boost_named(self, named: set[str], terms: dict[str, float], depth: int, mask, wanted: dict,
                     scored: dict[int, float]) -> dict[int, float]:
        """The named documents' passages, ranked without the words that only name the document, boosted."""
        title = set().union(*(self.names.titles.get(d, set()) for d in named))
        inner = {t: w * (TITLE_WORD_WEIGHT if t in title else 1.0) for t, w in terms.items()}
        keep = self.mask(sorted(named))
        rows, values, _matched = self.ranker.search(inner, depth, keep if mask is None else (keep & mask),
                                             dict(wanted, doc=sorted(named)))
        for r, v in zip(rows, values):
            r = int(r)
            scored[r] = max(scored.get(r, 0.0), float(v) * self.prior[r] * (1 + NAMED_DOC_BOOST))
        return scored

    def passage_hit(self, row: int, rank: int) -> Hit:
        """The passage of `row` as a hit of this rank, unscored and unhighlighted."""
        return self._hit(rank, row, 0.0, frozenset())

    def _hit(self, rank: int, row: int, score: float, telling: frozenset[str]) -> Hit:
        """The passage of `row` as a hit, the words holding one of the `telling` terms highlighted."""
        p: Passage = self.index.passages[row]
        doc = self.docs[p.doc_id]
        spanned = [{**loc, "text": self.locators.text(p.doc_id, loc)}
                   for loc in self.locators.spanned(p.doc_id, p.pdf_page, p.start, p.end)]
        return Hit(p.doc_id, doc.title, p.page, p.page_label, p.pdf_page, p.id, rank, round(score, 6),
                   p.section, p.text, [list(span) for span in self._spans(p.text, telling, doc.language)] if telling
                   else [], spanned, p.ocr)

    def idf(self, term: str) -> float:
        """The term's BM25 idf in this library (a word it never uses is as rare as can be)."""
        row = self.index.matrix.vocabulary_.get(term)
        return float(self._idf[row] if row is not None else idf_lucene(np.zeros(1), self._n_passages)[0])

    def highlights(self, text: str, terms: dict[str, float], language: str) -> list[list[int]]:
        """[start, end] spans of the words in `text` that match one of the query's telling terms: a
        term whose weight times rarity is at least HIGHLIGHT_SHARE of the query's best, so "UN" and
        "cooperation" do not drown the words that matter."""
        return [list(span) for span in self._spans(text, self._telling(tuple(sorted(terms.items()))), language)]

    def _highlight_spans(self, text: str, telling: frozenset[str], language: str) -> tuple[tuple[int, int], ...]:
        return tuple(self.analyzer.spans_holding(text, telling, language))

    def _telling_terms(self, terms: tuple[tuple[str, float], ...]) -> frozenset[str]:
        scored = {t: w * self.idf(t) for t, w in terms if t in self.index.matrix.vocabulary_}
        top = max(scored.values(), default=0.0)
        return frozenset(t for t, v in scored.items() if v >= HIGHLIGHT_SHARE * top)


def filter_names(doc: str | list[str] | None, language: str | None, year: int | None) -> list[str]:
    """The filters set, as a message names them: document ids, language, year."""
    return [*([doc] if isinstance(doc, str) else doc or []), *([language] if language else []),
            *([str(year)] if year else [])]


def narrowed_to(docs: list[str], filtered: str | list[str] | None) -> list[str]:
    """The documents of `docs` a `doc` filter leaves (all of them without one)."""
    if not filtered:
        return docs
    allowed = {filtered} if isinstance(filtered, str) else set(filtered)
    return [d for d in docs if d in allowed]
