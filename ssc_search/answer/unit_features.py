"""What describes an answer unit: the question as read (`QuestionInfo`), the unit (`Unit`), and the
features `answer_model.FEATURES` names, computed for a unit against its question (`UnitFeatures`,
which `evidence.EvidenceReader` is: it supplies the searcher, the analyzer, the catalogue and the
terms of a text)."""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

from ..index.hits import Hit
from . import constraints as C
from . import measures as M
from . import question as Q
from .coverage import Asked, Held, Word, holding
from .unit_text import SENTENCE_STOPS, numbered_heading, text_features

CONTEXT_DISCOUNT = 0.85  # a question word held only by the sentences around a unit counts this much


@dataclass
class QuestionInfo:
    text: str
    kind: str
    wanted: set[str]
    words: list[Word]
    terms: dict[str, float]
    constraints: C.Constraints
    documents: set[str]
    language: str | None
    unknown_share: float
    asked_terms: set[str] = field(default_factory=set)  # every stem of the question's words
    main_weight: float = 0.0  # the median word weight: words at or above it are what the question is about
    main_terms: set[str] = field(default_factory=set)  # the stems of those words
    several: bool = True  # an entity question asks for a list ("Which countries...?"), not one
    measure: str | None = None  # the number or date asked is money, a share, a duration or a year
    entities: frozenset[int] = frozenset()  # the catalogue's entities the question names
    located: dict | None = None  # the article or paragraph the question names, when its units were found
    whole: bool = False  # ... and it asks what that unit says as a whole: its opening answers
    cited: frozenset[str] = frozenset()  # the documents it cites by symbol ("resolution 80/156")
    counted: frozenset[str] = frozenset()  # the terms of what "how many" asks to count ("delegations")
    _asked: Asked | None = field(default=None, repr=False, compare=False)

    _main_asked: Asked | None = field(default=None, repr=False, compare=False)

    @property
    def asked(self) -> Asked:
        """The words made ready to be held against the units' texts (once per question)."""
        if self._asked is None:
            self._asked = Asked(self.words)
        return self._asked

    @property
    def main_asked(self) -> Asked:
        """... and the words at or above the median weight: what the question is about."""
        if self._main_asked is None:
            self._main_asked = Asked([w for w in self.words if w.weight >= self.main_weight])
        return self._main_asked


@dataclass
class Unit:
    hit: Hit
    text: str
    terms: set[str]
    position: int
    lead: str = ""  # the sentence before, shown too when this one opens with "It" or "This"
    part: bool = False  # a run of clauses of a longer sentence, not the whole of it
    leads: bool = False  # the sentence after opens with "It" or "This": it goes on about this one's subject
    features: dict[str, float] = field(default_factory=dict)
    entities: list[int] = field(default_factory=list)
    probability: float = 0.0
    context_text: str = ""

    @property
    def shown(self) -> str:
        return f"{self.lead} {self.text}" if self.lead else self.text

    @property
    def excerpt(self) -> str:
        """As an answer shows it: with an ellipsis where it begins or stops inside a sentence (a run of
        clauses, the end of a sentence begun on the page before, one the page break cuts), so a cut
        reads as a cut. Its citation quotes `shown`, word for word."""
        text = self.shown
        if text[:1].islower():
            text = "… " + text
        if not text.rstrip().endswith(SENTENCE_STOPS):
            text = text.rstrip() + " …"
        return text


class UnitFeatures:
    """The features of a unit; mixed into the evidence reader, whose searcher and analyzer it uses."""

    def features(self, info: QuestionInfo, unit: Unit, context: Held, passage: float, best: float,
                 rank: int, ratio: float) -> dict[str, float]:
        """`context` is what the unit's sentence and the sentences around it (and the title) hold."""
        words, text = info.words, unit.text
        held = holding(unit.terms, info.asked)
        own, ctx = held.coverage, context.coverage
        f = {"own_coverage": own, "exact_coverage": held.strict,
             "context_coverage": ctx, "coverage": max(own, CONTEXT_DISCOUNT * ctx) if own > 0 else 0.0,
             "passage_coverage": passage, "best_passage_coverage": best, "rank_reciprocal": 1.0 / rank,
             "score_ratio": ratio,
             "unknown_share": info.unknown_share if info.language == "en" else 0.0,
             "unknown_share_other": info.unknown_share if info.language != "en" else 0.0}
        f.update(self._type_features(info, unit))
        content = set(unit.terms)
        f["novelty"] = len(content - info.asked_terms) / len(content) if content else 0.0
        f["density"] = own / math.log(2 + len(text.split()))
        f["lead_of_next"] = float(unit.leads)
        top_weight = info.asked.top_weight
        missing = [w.weight for w, c in zip(words, context.credits) if not c]
        f["missing_rare"] = max(missing) / top_weight if missing and top_weight else 0.0
        doc_id = unit.hit.doc_id
        f["doc_named"] = 1.0 if doc_id in info.documents else 0.0
        f["doc_named_other"] = 1.0 if info.documents and doc_id not in info.documents else 0.0
        doc_language = self.searcher.docs[doc_id].language
        f["language_match"] = 0.5 if info.language is None else float(info.language == doc_language)
        f["front_matter"] = 1.0 if unit.hit.pdf_page <= 2 and self.searcher.docs[doc_id].pages > 4 else 0.0
        f.update(text_features(text))
        if numbered_heading(text, unit.hit.text):
            f["heading_like"] = 1.0
        f["clause_run"] = float(unit.part)
        if unit.part:  # a run of clauses may open in lower case without being a fragment
            f["lower_start"] = 0.0
        f["head_match"] = self._head_match(info, text, doc_id)
        f["doc_year_match"] = float(bool(info.constraints.years)
                                    and str(self.searcher.docs[doc_id].year or "") in info.constraints.years)
        f["slot_proximity"] = self._slot_proximity(info, text, doc_id)
        f["first_in_passage"] = float(unit.position == 0)
        head = self.frozen_terms(" ".join(text.split()[:8]), doc_id)
        f["subject_first"] = float(any(holding(head, info.main_asked).credits))
        return f

    def _slot_proximity(self, info: QuestionInfo, text: str, doc_id: str) -> float:
        """1 / (1 + the distance in words between what the question asks for (a number, a date, a
        person's name the question does not give) and the nearest of its main words): "sixty-two
        delegations" answers "how many delegations" better than a number three lines away."""
        if info.kind == "number":
            asked = C.numbers(info.text)
            slots = [m.span() for m in M.amounts(text) if re.sub(r"[.,]", "", m.group()) not in asked]
        elif info.kind == "date":
            asked = C.years(info.text)
            slots = [m.span() for m in M.YEAR.finditer(text) if m.group() not in asked] + \
                    [m.span() for m in M.MONTH.finditer(text)]
        elif info.kind in ("who", "entity"):
            slots = [(m.start(), m.end()) for n in Q.new_names(text, info.text)
                     for m in [re.search(re.escape(n), text)] if m]
        else:
            return 0.0
        if not slots:
            return 0.0
        main = info.main_terms
        starts, terms = self.word_table(text, doc_id)
        held = [i for i, t in enumerate(terms) if not main.isdisjoint(t)]
        if not held:
            return 0.0
        best = min(abs(bisect.bisect_right(starts, a) - 1 - i) for a, _ in slots for i in held)
        return 1.0 / (1.0 + best)

    def _head_match(self, info: QuestionInfo, text: str, doc_id: str) -> float:
        """"IV. Cooperación Triangular: Modalidad de ...": the share of the head's words (before a colon,
        at most eight) that the question holds; 0 when the unit has no such head."""
        head, colon, _ = Q.ENUMERATOR.sub("", text).partition(":")
        if not colon or not 0 < len(head.split()) <= 8:
            return 0.0
        terms = self.terms(head, doc_id)
        return len(terms & info.asked_terms) / len(terms) if terms else 0.0

    def countries_held(self, info: QuestionInfo, text: str, doc_id: str) -> set[int]:
        """The countries `text` names, and the one its document is about (Mexico's law need not say
        "Mexico" to concern Mexico); empty when the question names none."""
        if self.catalogue is None or not info.constraints.countries:
            return set()
        own = self.catalogue.own_country(doc_id)
        return set(self.catalogue.mentioned(text)) | ({own} if own is not None else set())

    def constraint_features(self, info: QuestionInfo, scope: str, doc_id: str) -> dict[str, float]:
        """How a passage (with its document's title and year) meets the question's constraints: the same
        for every unit cut from it."""
        countries = self.countries_held(info, scope, doc_id)
        met = info.constraints.met(scope, countries)
        asked = [v for v in met.values() if v is not None]
        return {"constraint_met": sum(asked) / len(asked) if asked else 0.0,
                "constraint_unmet": 1.0 if asked and sum(asked) / len(asked) < 1 else 0.0,
                "_year_unmet": met["year"] is not None and met["year"] < 1}

    def _type_features(self, info: QuestionInfo, unit: Unit) -> dict[str, float]:
        kind, text = info.kind, unit.text
        f = {"type_fit": 0.0, "type_miss": 0.0, "counted_noun": 0.0, "definition_cue": 0.0, "actor_cue": 0.0,
             "entity_count": 0.0, "reason_cue": 0.0, "action_cue": 0.0}
        if kind in ("number", "date"):
            fit = M.fits(text, kind, info.measure)
            f["type_fit"], f["type_miss"] = float(fit), float(not fit)
            f["counted_noun"] = float(fit and bool(info.counted) and self._counts_asked(info, text, unit.hit.doc_id))
        elif kind == "definition":
            subject = [w.surface for w in info.words if w.weight >= info.main_weight]
            defined = Q.defines(text, subject, info.text) or Q.spells_out(text, info.text)
            f["definition_cue"] = float(defined or bool(Q.DEFINES.search(text)))
            f["type_fit"] = float(defined)
        elif kind == "who":
            f["actor_cue"] = float(bool(Q.new_names(text, info.text)) or self._acted_by(unit, info.terms))
            named = self.catalogue is not None and bool(set(self.catalogue.mentioned(text))
                                                        - set(self.catalogue.mentioned(info.text)))
            f["type_fit"] = float(f["actor_cue"] or named)
        elif kind == "reason":
            f["reason_cue"] = f["type_fit"] = float(bool(Q.REASON.search(text)))
        elif kind == "action":
            f["action_cue"] = f["type_fit"] = float(bool(Q.ACTION.search(text)))
        elif kind == "entity" and self.catalogue is not None:
            unit.entities = [i for i in self.catalogue.mentioned(text)  # others than the question names
                             if self.catalogue.kind(i) in info.wanted and i not in info.entities]
            wanted = 3 if info.several else 1  # a list question asks for several, "which agency" for one
            f["entity_count"] = min(len(unit.entities), wanted) / wanted
            f["type_fit"] = float(bool(unit.entities))
        return f

    def _counts_asked(self, info: QuestionInfo, text: str, doc_id: str) -> bool:
        """A number of the text is followed, within four words, by what the question counts: "62
        delegations", "30 Mexican institutions"."""
        starts, terms = self.word_table(text, doc_id)
        for m in M.amounts(text):
            i = bisect.bisect_right(starts, m.start()) - 1
            if any(not info.counted.isdisjoint(t) for t in terms[i + 1:i + 5]):
                return True
        return False

    def _acted_by(self, unit: Unit, terms: dict[str, float]) -> bool:
        """"...was prepared by Nils-Sjard Schulz": a question word followed by "by"."""
        tokens = [t for t, _ in self.analyzer.raw_tokens(unit.text)]
        language = self.searcher.docs[unit.hit.doc_id].language
        for a, b in zip(tokens, tokens[1:]):
            if b in ("by", "por") and set(self.analyzer.cached_terms(a, language)) & set(terms):
                return True
        return False
