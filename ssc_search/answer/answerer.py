"""Extractive answers with numbered citations, and honest abstention.

The question is read once and its passages cut into answer units (`evidence`); each unit gets the
probability that it answers, from the fitted model over named features (`answer_model`). The answer
leads with the best unit and adds a second only when it is nearly as likely and adds asked words;
a list question names only the entities of the units that answer. The question is refused when no
unit reaches the model's threshold, or when the best unit misses a year or an ordinal the question
asks for; the message says why and the closest passages stay. `answer_spans` marks the exact
answer (the number, date, name or list) inside the answer text.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from ..analyze import fold
from ..i18n import _, ordinal
from ..index.hits import Hit, Place
from ..index.query import Query
from ..index.search import Searcher, check_query, filter_names, narrowed_to
from ..index.symbols import find as find_symbols
from ..index.symbols import public_record
from . import constraints as C
from . import question as Q
from .evidence import EvidenceReader
from .located import (
    Locating,
    asked_locator,
    asks_only_documents,
    asks_whole,
    names_symbol,
    within,
)
from .scoring import AnswerModel, confidence_features
from .spans import answer_spans
from .unit_features import QuestionInfo, Unit

MAX_ANSWER_CHARS = 600
MAX_UNITS = 2
TIE_SHARE = 0.9  # units within this share of the best unit's probability count as tied
SECOND_UNIT_SHARE = 0.9  # a second unit only when nearly as likely to answer as the first
ENTITY_UNIT_SHARE = 0.85  # a list names the entities of the units nearly as likely as the best
MAX_ENTITIES = 10  # a list answer names at most this many: a region's member states, not the first six of them
NAMED_SHARE = 0.7  # a unit of the document the question cites leads when this likely beside the best (dev: no loss)


@dataclass
class Citation(Place):
    n: int
    quote: str
    locator: dict | None = None  # where the quote stands: {"paragraph": "25"}, {"article": "10", "fraction": "III"}
    locator_text: str | None = None  # its human form: "para. 25", "art. 10, fracc. III"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Answer:
    question: str
    answer: str | None
    took_ms: float
    kind: str
    citations: list[Citation] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    passages: list[Hit] = field(default_factory=list)
    message: str | None = None
    answer_spans: list[list[int]] = field(default_factory=list)
    confidence: float | None = None

    def to_dict(self) -> dict:
        data = {"question": self.question, "answer": self.answer, "took_ms": round(self.took_ms, 3),
                "kind": self.kind, "citations": [c.to_dict() for c in self.citations],
                "answer_spans": self.answer_spans,
                "confidence": None if self.confidence is None else round(self.confidence, 4),
                "entities": self.entities, "passages": [h.to_dict() for h in self.passages]}
        if self.message:
            data["message"] = self.message
        return data


class Answerer(Locating):
    """Answers questions from one loaded index; safe to share between threads."""

    def __init__(self, searcher: Searcher, catalogue=None, model: AnswerModel | None = None) -> None:
        self.searcher = searcher
        self.catalogue = catalogue
        self.reader = EvidenceReader(searcher, catalogue)
        self.model = model or AnswerModel.load()
        self.law_texts = {}

    def candidates(self, question: str | Query, doc=None, language=None,
                   year=None) -> tuple[QuestionInfo, list[Hit], list[Unit]]:
        """The question read, its passages, and every answer unit scored by the model."""
        check_query(question.text if isinstance(question, Query) else question, 10)
        query = self.searcher.analyse(question)
        info = self.reader.read(query)
        hits = self.reader.passages(query, doc, language, year)
        beside = self.reader.page_rest(hits)
        asked = asked_locator(query.asked)
        docs = self.located_documents(query.asked, asked, query.named, doc) if asked else []
        if docs:  # "artículo 10 de la Ley": its passages are read whatever their rank
            read = {h.passage_id for h in [*hits, *beside]}
            beside += [h for h in self.located_hits(asked, docs, language, year) if h.passage_id not in read]
        units = self.reader.units(info, hits, beside)
        if info.kind in ("number", "date"):  # a "how many" answer holds a number, a "when" answer a date
            units = [u for u in units if not u.features["type_miss"]]
        # a heading, a caption, a reference, a web address or a masthead is no answer (a masthead's date is, to
        # when the document was adopted or issued); a dated item "(Mexico City, March 2013)." stays
        dated = info.kind == "date" and bool(Q.DOCUMENT_DATED.search(fold(info.text)))
        units = [u for u in units if not (u.features["heading_like"] or u.features["link_or_caption"]
                                          or (u.features["masthead"] and not dated))]
        for u in units:
            u.probability = self.model.probability(u.features)
        units.sort(key=lambda u: -u.probability)
        cited = info.cited
        if cited and units and units[0].hit.doc_id not in cited:
            # a question that cites a document is answered from it when it holds an answer nearly as likely
            named = [u for u in units if u.hit.doc_id in cited]
            if named and named[0].probability >= NAMED_SHARE * units[0].probability:
                units = named + [u for u in units if u.hit.doc_id not in cited]
        inside = [u for u in units if u.hit.doc_id in docs and within(self.unit_locator(u), asked)] if docs else []
        if inside:  # the answer stands where the question says it does
            units, info.located = inside, asked
            if asks_whole(query.asked, self.named_words(docs)):  # "what does article 10 say": its opening
                # the unit that starts first in the text (a long sentence's first run of clauses, not its best)
                opening = min(units, key=lambda u: (self.searcher.passage_rows[u.hit.passage_id],
                                                    _offset(u), u.position))
                units, info.whole = [opening] + [u for u in units if u is not opening], True
        return info, hits, units

    def ask(self, question: str | Query, doc: str | list[str] | None = None, language: str | None = None,
            year: int | None = None) -> Answer:
        t0 = time.perf_counter()
        check_query(question.text if isinstance(question, Query) else question, 10)
        query = self.searcher.analyse(question)
        question = query.asked
        left_out = self.left_out(query.symbols, question, doc, language, year)
        if left_out:  # "resolution 80/156" asked with --year 2023: another resolution's answer would mislead
            return Answer(query.text, None, (time.perf_counter() - t0) * 1000, "other", message=_(
                "The filters leave out {documents}, which the question names.", documents=", ".join(left_out)))
        if query.symbols:  # "symbol:A/RES/79/236 what does it ask of UNDP?" asks that document
            doc = narrowed_to([self.searcher.document_of_symbol(s) for s in query.symbols], doc)
            if not question:
                return Answer(query.text, None, (time.perf_counter() - t0) * 1000, "other",
                              message=_("Ask a question about this document; its passages are listed."))
        info, hits, units = self.candidates(query, doc, language, year)
        kind = info.kind
        narrowed = filter_names(doc, language, year)
        if not units and not query.missing and narrowed:  # nothing to read where the filters leave it: say so
            return Answer(query.typed, None, (time.perf_counter() - t0) * 1000, kind, message=_(
                "No passage of the documents the filters leave ({filters}) matches the question.",
                filters=", ".join(narrowed)))
        confidence = self.model.confidence(confidence_features(units, len(info.words)))
        not_held = self._not_held(info.text)
        unmet = self._unmet(info, units[0], not_held) if units else []  # said when abstaining for any reason
        if not units or (confidence < self.model.threshold and not info.located) or unmet:
            return self._abstain(query, kind, hits, t0, confidence, unmet, not_held)
        if kind == "entity" and info.several and self.catalogue is not None:
            listed = self._entity_answer(question, units)
            if listed is not None:
                text, chosen, names, spans = listed
                return self._finish(query.typed, kind, text, chosen, hits, t0, confidence, names, spans)
        chosen = units[:1] if info.whole else self._choose(units, info.terms, info.cited,
                                                           lambda u: u is units[0] or not self._unmet(info, u, not_held))
        text = " ".join(f"{u.excerpt} [{i}]" for i, u in enumerate(chosen, 1))
        spans = answer_spans(info, chosen[0], text)
        return self._finish(query.typed, kind, text, chosen, hits, t0, confidence, spans=spans)

    def _unmet(self, info: QuestionInfo, unit: Unit, not_held: list[str] = ()) -> list[str]:
        """A year, an ordinal, a country or a document (of `not_held`, those the library lacks) the question
        asks for that the answer does not give, nor the sentences around it, nor its document's title and
        year (a year elsewhere on the page is another fact's): "the UN country team in Mexico" is not
        answered by what 129 country teams reported."""
        near = f"{unit.context_text} {unit.text} {unit.hit.title} {self.searcher.docs[unit.hit.doc_id].year or ''}"
        met = info.constraints.met(near)
        missing = []
        if met["year"] is not None and met["year"] < 1:
            missing += sorted(info.constraints.years - set(C.YEAR.findall(near)))
        if met["ordinal"] is not None and met["ordinal"] < 1:
            missing += [info.constraints.said.get(o) or ordinal(o) for o in sorted(info.constraints.ordinals)]
        if info.constraints.countries and self.catalogue is not None:
            held = self.reader.countries_held(info, near, unit.hit.doc_id)
            missing += [self.catalogue.label(i) for i in sorted(info.constraints.countries - held)]
        # a document the library does not hold, which the evidence does not name either; a question that asks
        # nothing but what that document says is not answered by another document that mentions it
        missing += [s for s in not_held if not names_symbol(near, s) or asks_only_documents(info)]
        return missing

    def _not_held(self, question: str) -> list[str]:
        """The document symbols the question names that the library does not hold ("resolution 81/200")."""
        return list(dict.fromkeys(s for _, _, s in find_symbols(question) if self.searcher.symbols.document(s) is None))

    def _choose(self, units: list[Unit], terms: dict[str, float], documents=frozenset(), fits=bool) -> list[Unit]:
        # of the units about as likely to answer as the best, the shortest leads: it says the same in fewer words
        # (of those in the document the question cites, when it cites one; and that meet its year or ordinal)
        tied = [u for u in units if u.probability >= TIE_SHARE * units[0].probability and fits(u)]
        tied = [u for u in tied if documents and u.hit.doc_id in documents] or tied
        # ...but not a scrap of a few words ("credit rating agencies, regulators") when a sentence is tied
        best = min([u for u in tied if not u.features["short"]] or tied, key=lambda u: len(u.shown))
        units = [best] + [u for u in units if u is not best]
        chosen, covered, length = [best], set(best.terms) & set(terms), len(best.shown)
        floor = SECOND_UNIT_SHARE * best.probability
        for u in units[1:]:
            if len(chosen) >= MAX_UNITS or u.probability < floor:
                break
            new = (u.terms & set(terms)) - covered
            repeats = any(u.text in c.shown or c.text in u.shown for c in chosen)  # one sentence, two cuts
            if not new or repeats or length + len(u.shown) + 5 > MAX_ANSWER_CHARS or not fits(u):
                continue
            chosen.append(u)
            covered, length = covered | new, length + len(u.shown) + 5
        return chosen

    def _entity_answer(self, question: str, units: list[Unit]):
        """'A (X) [1], B [2] and C [3].' from the units that answer, naming entities of the wanted kind."""
        # "Which countries received Mexican cooperation?" is not answered by "Mexico"
        named_in_question = set(self.catalogue.mentioned(question)) | self.catalogue.named_as_people(question)
        floor = ENTITY_UNIT_SHARE * units[0].probability
        picked: dict[int, Unit] = {}
        for u in units:
            if u.probability < floor:
                break
            for i in u.entities:
                if i not in named_in_question and i not in picked:
                    picked[i] = u
        if not picked:
            return None
        items = list(picked.items())[:MAX_ENTITIES]
        chosen, parts, seen = [], [], {}
        for i, u in items:
            if id(u) not in seen:
                same = next((n for n, c in enumerate(chosen, 1) if u.text in c.shown or c.text in u.shown), None)
                if same is None:  # two cuts of one sentence share one citation
                    chosen.append(u)
                    same = len(chosen)
                seen[id(u)] = same
            parts.append((self.catalogue.label(i), seen[id(u)]))
        text, spans = "", []
        for n, (label, cite) in enumerate(parts):
            text += "" if n == 0 else (" " + _("and") + " " if n == len(parts) - 1 else ", ")
            spans.append([len(text), len(text) + len(label)])
            # names from one unit share its citation: "Denmark, Germany and Norway [1]"
            last_of_its_unit = n == len(parts) - 1 or parts[n + 1][1] != cite
            text += f"{label} [{cite}]" if last_of_its_unit else label
        return text + ".", chosen, [i for i, _ in items], spans

    # -- results ----------------------------------------------------------------------------
    def _finish(self, question, kind, text, chosen, hits, t0, confidence, entity_ids=None, spans=None) -> Answer:
        citations = [self._cite(n, s) for n, s in enumerate(chosen, 1)]
        entities = []
        if self.catalogue is not None:
            ids = entity_ids if entity_ids is not None else self.catalogue.mentioned(" ".join(s.shown for s in chosen))
            entities = [self.catalogue.summary(i) for i in ids]
        return Answer(question, text, (time.perf_counter() - t0) * 1000, kind, citations, entities, hits,
                      answer_spans=spans or [], confidence=confidence)

    def _cite(self, n: int, unit: Unit) -> Citation:
        hit, locators = unit.hit, self.searcher.locators
        passage = self.searcher.index.passages[self.searcher.passage_rows[hit.passage_id]]
        # the quote may open with the sentence before (its subject): it begins where that one does
        locator = locators.of_quote(hit.doc_id, hit.pdf_page, passage.start, passage.end, unit.shown, unit.text)
        return Citation(hit.doc_id, hit.title, hit.page, hit.page_label, hit.pdf_page, hit.passage_id, n, unit.shown,
                        locator, locators.text(hit.doc_id, locator) or None)

    def _abstain(self, query: Query, kind, hits, t0, confidence: float, unmet: list[str] = (),
                 not_held: list[str] = ()) -> Answer:
        """The refusal, and why: what the closest evidence misses, the documents named that the library
        does not hold, else the question's words it never uses."""
        missing = [w for w in query.missing if not Q.FRAME.fullmatch(w)]  # "say" only frames the question
        message = _("The documents do not answer this question.")
        unmet = [u for u in unmet if u not in not_held]  # said below, with where to read it
        if unmet:
            message += " " + _("The closest evidence does not concern {unmet}, which the question asks about.",
                               unmet=", ".join(unmet))
        for symbol in not_held:
            message += " " + _("The library does not hold {symbol}; its public record is at {url}.",
                               symbol=symbol, url=public_record(symbol))
        if missing and not unmet and not not_held:
            message += " " + _("Not found anywhere in the library: {words}.",
                               words=", ".join(f"'{w}'" for w in missing))
        if hits:
            message += " " + _("The closest passages are listed.")
        return Answer(query.typed, None, (time.perf_counter() - t0) * 1000, kind, [], [], hits, message,
                      confidence=confidence)


def _offset(unit: Unit) -> int:
    """Where a unit starts in its passage's text (a unit not found there, as if at its end)."""
    flat = " ".join(unit.hit.text.split())
    at = flat.find(unit.text)
    return at if at >= 0 else len(flat)
