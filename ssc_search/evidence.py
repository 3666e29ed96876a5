"""Evidence for a question: the question read once (its words, kind, constraints, named documents,
language), the passages ranked for it, and the answer units cut from them, each described by the
features that `answer_model.FEATURES` names."""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace

from . import constraints as C
from . import question as Q
from .analyze import detect_language, fold
from .chunk import sentence_spans
from .coverage import Word, coverage, median, prefixes
from .search import Hit, Searcher

PASSAGES_READ = 15
CONTEXT_DISCOUNT = 0.85
CONTEXT_BEFORE = 3
WINDOW_WORDS = 45
# list items the page runs together: "Q Latin America and the Caribbean: 153 Q Regional: 18" (a bullet
# glyph that extracts as "Q", or a real bullet), each a unit of its own
BULLET = re.compile(r"(?:^|\s)(?:Q|•|▪|■|●|◦|)\s+(?=[A-ZÁÉÍÓÚ0-9])")
FULL_SENTENCE_WORDS = 60
RUN_WINDOW, RUN_STRIDE = 20, 10  # a long run without punctuation (a directory) is read in windows
STRUCTURE = re.compile(r"^(?i:chapter|cap[ií]tulo|t[ií]tulo|secci[oó]n|section|annex|anexo|art[ií]culo|article|"
                       r"transitorios?)\s+[\w.]+\.?")  # "Artículo 34.", "Capítulo I De los Recursos..."
MAX_UNIT_WORDS = 60
# the masthead of a UN document: distribution, job number, bar code, agenda item
MASTHEAD = re.compile(r"Distr\.:|\*\d{7}\*|\b\d{2}-\d{5}\s*\([A-Z]\)|Original:\s+[A-Z][a-z]+|\bAgenda item \d"
                      r"|\bResolution adopted by the General Assembly\b|\[on the report of\b|\bplenary meeting\s+\d")
# a reference, not a statement: a web address, "Available at ...", "Disponible en ..."
LINK = re.compile(r"https?://|\bwww\.|\b(?:Available|Disponible) (?:at|en|from)\b", re.I)
# a graph, table or box caption, or its note: "Graph 6 DIMENSIONS OF ...", "Cuadro 2", "Source: ..."
CAPTION_HEAD = re.compile(r"^(?:\S+\s+){0,4}?(?:Graph|Graphic|Table|Figure|Chart|Box|Map|Gr[aá]fic[ao]|Cuadro|Figura|"
                          r"Recuadro|Mapa)\s+\d+\b|\b(?:Note|Source|Nota|Fuente)s?:\s")
HEADING = re.compile(r"^(?:[A-Z0-9ÁÉÍÓÚÑ()/&,.:'’-]+\s+){2,}[A-Z0-9ÁÉÍÓÚÑ()/&,.:'’-]+\.?$|^(?:[a-zQ]\s|[•▪■●])")


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


@dataclass
class Unit:
    hit: Hit
    text: str
    terms: set[str]
    position: int
    lead: str = ""  # the sentence before, shown too when this one opens with "It" or "This"
    leads: bool = False  # the sentence after opens with "It" or "This": it goes on about this one's subject
    features: dict[str, float] = field(default_factory=dict)
    entities: list[int] = field(default_factory=list)
    probability: float = 0.0
    context_text: str = ""
    scope_text: str = ""  # where a year or a country the question names may stand: passage, title, year

    @property
    def shown(self) -> str:
        return f"{self.lead} {self.text}" if self.lead else self.text


def structural_heading(text: str) -> bool:
    """"Artículo 34.", "Annex II", "Capítulo I De los Recursos de Cooperación": a heading, not a provision."""
    m = STRUCTURE.match(text)
    if not m:
        return False
    tail = text[m.end():].split()
    if text.rstrip().endswith((":", ";")) or len(tail) > 14:
        return False
    capitals = [w for w in tail if len(w) > 3]
    return not capitals or sum(w[0].isupper() for w in capitals) >= 0.6 * len(capitals)


class EvidenceReader:
    """Reads a question and cuts the units of its passages; safe to share between threads."""

    def __init__(self, searcher: Searcher, catalogue=None) -> None:
        self.searcher = searcher
        self.catalogue = catalogue
        self.analyzer = searcher.analyzer
        self.names = searcher.names
        self.related = searcher.related

    def idf(self, term: str) -> float:
        return self.searcher.idf(term)

    # -- the question ---------------------------------------------------------------------
    def read(self, question: str) -> QuestionInfo:
        kind, wanted = Q.question_type(question)
        framed = Q.FRAME.sub(" ", Q.TYPE_WORDS.sub(" ", question) if kind == "entity" else question)
        words, unknown = self.question_words(framed)
        focus = Q.FOCUS.match(fold(question))
        if focus and focus.group(1) not in Q.FRAME_NOUNS:
            for w in words:  # "What is the population of Uruguay?" is answered only by a sentence about population
                w.required = w.surface == focus.group(1)
        countries = set()
        if self.catalogue is not None:
            countries = {i for i in self.catalogue.mentioned(question) if self.catalogue.kind(i) == "country"}
        language = detect_language([t for t, _ in self.analyzer.raw_tokens(question)])
        main_weight = median(words)
        return QuestionInfo(question, kind, wanted, words, self.searcher.query_terms(question),
                            C.parse(question, countries), self.names.named(question), language, unknown,
                            {t for w in words for t in w.terms}, main_weight,
                            {t for w in words if w.weight >= main_weight for t in w.terms})

    def question_words(self, question: str) -> tuple[list[Word], float]:
        """The question's content words, each with its terms in both languages, its rarity weight, the
        other names it stands for when it is part of a name (PNUD for UNDP), its translations and its
        English synonyms; and the weight share of words the library never uses."""
        analyzer, vocab = self.analyzer, self.searcher.index.matrix.vocabulary_
        words = []
        for m in analyzer.token_spans(question):
            terms = set(analyzer.query_terms(m.group()))
            if terms:
                known = [self.idf(t) for t in terms if t in vocab]
                surface = fold(m.group())
                whole = surface if any(c in surface for c in "-/&") and surface in terms else None
                words.append(Word(surface, terms, max(known) if known else None, whole=whole))
        known = [w.weight for w in words if w.weight is not None]
        mean = sum(known) / len(known) if known else 1.0
        unknown = [w for w in words if w.weight is None]
        for w in words:  # a word the library never uses may be a translation: it weighs as an average word
            w.weight = mean if w.weight is None else w.weight
        expander = self.searcher.expander
        for w in words:
            w.alternatives.extend([set(analyzer.query_terms(t))] for t in expander.translations(w.surface))
            for stem in analyzer.cached_terms(w.surface, "en")[:1]:
                w.related = {r for r in self.related.get(stem, ()) if r in vocab}
        for gi, matched in expander.names_in(question):
            member = {fold(t) for t, _ in analyzer.raw_tokens(matched)}
            others = [[set(analyzer.query_terms(t)) for t, _ in analyzer.raw_tokens(text)]
                      for _, text in expander.groups[gi] if text != matched]
            others = [[ws for ws in other if ws] for other in others]
            for w in words:
                if w.surface in member:
                    w.alternatives.extend(o for o in others if o)
        bridged = [w for w in unknown
                   if w.related or any(all(ws & vocab.keys() for ws in alt) for alt in w.alternatives)]
        return words, (len(unknown) - len(bridged)) / len(words) if words else 0.0

    # -- the passages ---------------------------------------------------------------------
    def passages(self, info: QuestionInfo, doc=None, language=None, year=None) -> list[Hit]:
        return self.searcher.search(info.text, k=PASSAGES_READ, doc=doc, language=language, year=year,
                                    weaker=True).results

    def terms(self, text: str, doc_id: str) -> set[str]:
        return set(self.analyzer.cached_terms(text, self.searcher.docs[doc_id].language))

    def window(self, text: str, words: list[Word], doc_id: str) -> str:
        """The run of clauses of a long sentence (at most WINDOW_WORDS words) that holds most of the
        question: a 120-word preambular paragraph shows only the part that answers."""
        if len(text.split()) <= WINDOW_WORDS:
            return text
        clauses = []
        for piece in re.split(r"(?<=[,;])\s+", text):
            # never cut inside brackets: "BRICS (Brazil, Russia, India, China, and South Africa)" stays whole
            if clauses and clauses[-1].count("(") > clauses[-1].count(")"):
                clauses[-1] += " " + piece
            else:
                clauses.append(piece)
        best, best_cov, span = text, -1.0, (0, len(clauses) - 1)
        loose = [dataclass_replace(w, required=False) for w in words]
        held = [self.terms(c, doc_id) for c in clauses]
        for i in range(len(clauses)):
            n, found = 0, set()
            for j in range(i, len(clauses)):
                n += len(clauses[j].split())
                if n > WINDOW_WORDS + 15 and j > i:
                    break
                piece = " ".join(clauses[i:j + 1])
                found |= held[j]
                cov = coverage(found, loose)
                if cov > best_cov + 1e-9 or (abs(cov - best_cov) <= 1e-9 and len(piece) < len(best)):
                    best, best_cov, span = piece, cov, (i, j)  # the most of the question in the fewest words
        i, j = span
        if j + 1 < len(clauses) and len(best.split()) + len(clauses[j + 1].split()) <= WINDOW_WORDS + 20:
            best = " ".join(clauses[i:j + 2])  # the clause after often holds the answer: "..., in Havana"
        return best.rstrip(",;")

    def pieces(self, text: str, words: list[Word], doc_id: str) -> list[str]:
        """A sentence as answer units: the sentence (or its best clause window) and, where the page ran
        a list or a directory into it, its items or short windows of it."""
        out = [self.window(text, words, doc_id)]
        if out[0] != text and len(text.split()) <= FULL_SENTENCE_WORDS:
            out.append(text)  # the answer may stand outside the clauses that hold the question
        out = [piece for piece in out if len(piece.split()) <= MAX_UNIT_WORDS]
        items = [m.end() for m in BULLET.finditer(text)]
        if len(items) >= 2:
            ends = [m.start() for m in BULLET.finditer(text)][1:] + [len(text)]
            for start, end in zip(items, ends):
                item = re.split(r"\s(?:Note|Source|Nota|Fuente):", text[start:end])[0].strip()
                if 2 <= len(item.split()) <= 30:
                    out.append(item)
        tokens = text.split()
        if len(tokens) > WINDOW_WORDS and not re.search(r"[,;:]", text):
            for i in range(0, len(tokens) - RUN_WINDOW // 2, RUN_STRIDE):
                out.append(" ".join(tokens[i:i + RUN_WINDOW]))
        return out

    def units(self, info: QuestionInfo, hits: list[Hit]) -> list[Unit]:
        """Every answer unit of the passages, with its features."""
        words = info.words
        top = hits[0].score if hits else 1.0
        passage_cov = {h.passage_id: coverage(self.terms(h.text, h.doc_id), words) for h in hits}
        best_passage = max(passage_cov.values(), default=0.0)
        out = []
        for rank, hit in enumerate(hits, 1):
            sentences = [t for s, e in sentence_spans(hit.text) for t in Q.tidy(hit.text[s:e])
                         if not Q.LEADERS.search(t)]
            founds = [self.terms(t, hit.doc_id) for t in sentences]
            title = self.terms(hit.title, hit.doc_id)
            flat = " ".join(hit.text.split())
            doc = self.searcher.docs[hit.doc_id]
            scope = f"{hit.text} {hit.title} {doc.year or ''}"
            constraints = self.constraint_features(info, scope)
            position = 0
            for j, (sentence, found_j) in enumerate(zip(sentences, founds)):
                context = set(found_j).union(*founds[max(0, j - CONTEXT_BEFORE):j], *founds[j + 1:j + 2], title)
                context_text = " ".join(sentences[max(0, j - CONTEXT_BEFORE):j + 2])
                for piece in self.pieces(sentence, words, hit.doc_id):
                    if len(piece) < 15:
                        continue
                    found = found_j if piece == sentence else self.terms(piece, hit.doc_id)
                    unit = Unit(hit, piece, found, position, context_text=context_text, scope_text=scope)
                    position += 1
                    lead = sentences[j - 1] if j else ""
                    if lead and Q.PRONOUN_START.match(piece) and sentence.startswith(piece) \
                            and f"{lead} {piece}" in flat:
                        unit.lead = lead
                        # "It was launched in 2012": the subject is the sentence before
                        unit.terms = found | founds[j - 1]
                    unit.leads = j + 1 < len(sentences) and bool(Q.PRONOUN_START.match(sentences[j + 1]))
                    unit.features = self.features(info, unit, context, passage_cov[hit.passage_id], best_passage,
                                                  rank, hit.score / top if top else 0.0)
                    unit.features.update(constraints)
                    unit.features["year_conflict"] = float(bool(constraints["_year_unmet"] and C.YEAR.search(piece)))
                    del unit.features["_year_unmet"]
                    out.append(unit)
        for name in ("coverage", "own_coverage", "exact_coverage", "density"):
            top = max((u.features[name] for u in out), default=0.0)
            for u in out:  # how the unit stands beside the best of this question's units
                u.features[f"relative_{name}"] = u.features[name] / top if top else 0.0
        return out

    def features(self, info: QuestionInfo, unit: Unit, context: set[str], passage: float, best: float,
                 rank: int, ratio: float) -> dict[str, float]:
        words, text = info.words, unit.text
        own = coverage(unit.terms, words)
        ctx = coverage(context, words)
        f = {"own_coverage": own, "exact_coverage": coverage(unit.terms, words, strict=True),
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
        top_weight = max((w.weight for w in words), default=0.0)
        context_prefixes = prefixes(context)
        missing = [w.weight for w in words if not w.held(context, found_prefixes=context_prefixes)]
        f["missing_rare"] = max(missing) / top_weight if missing and top_weight else 0.0
        doc_id = unit.hit.doc_id
        f["doc_named"] = 1.0 if doc_id in info.documents else 0.0
        f["doc_named_other"] = 1.0 if info.documents and doc_id not in info.documents else 0.0
        doc_language = self.searcher.docs[doc_id].language
        f["language_match"] = 0.5 if info.language is None else float(info.language == doc_language)
        f["front_matter"] = 1.0 if unit.hit.pdf_page <= 2 and self.searcher.docs[doc_id].pages > 4 else 0.0
        f["short"] = float(len(text.split()) < 6)
        f["lower_start"] = float(text[:1].islower())
        f["heading_like"] = float(bool(HEADING.search(text) or Q.CAPTION.search(text)) or structural_heading(text))
        f["masthead"] = float(bool(MASTHEAD.search(text)))
        f["link_or_caption"] = float(bool(LINK.search(text) or CAPTION_HEAD.search(text)))
        f["head_match"] = self._head_match(info, text, doc_id)
        f["doc_year_match"] = float(bool(info.constraints.years)
                                    and str(self.searcher.docs[doc_id].year or "") in info.constraints.years)
        f["slot_proximity"] = self._slot_proximity(info, text, doc_id)
        f["no_final_stop"] = float(not text.rstrip().endswith((".", ";", ":", "?", "!", '"', "”", ")")))
        f["pronoun_start"] = float(bool(Q.PRONOUN_START.match(text)))
        f["first_in_passage"] = float(unit.position == 0)
        head = self.terms(" ".join(text.split()[:8]), doc_id)
        main = [w for w in words if w.weight >= info.main_weight]
        head_prefixes = prefixes(head)
        f["subject_first"] = float(any(w.held(head, found_prefixes=head_prefixes) for w in main))
        return f

    def _slot_proximity(self, info: QuestionInfo, text: str, doc_id: str) -> float:
        """1 / (1 + the distance in words between what the question asks for (a number, a date, a
        person's name the question does not give) and the nearest of its main words): "sixty-two
        delegations" answers "how many delegations" better than a number three lines away."""
        if info.kind == "number":
            asked = C.numbers(info.text)
            slots = [m.span() for m in Q.amounts(text) if re.sub(r"[.,]", "", m.group()) not in asked]
        elif info.kind == "date":
            asked = C.years(info.text)
            slots = [m.span() for m in Q.YEAR.finditer(text) if m.group() not in asked] + \
                    [m.span() for m in Q.MONTH.finditer(text)]
        elif info.kind in ("who", "entity"):
            slots = [(m.start(), m.end()) for n in Q.new_names(text, info.text)
                     for m in [re.search(re.escape(n), text)] if m]
        else:
            return 0.0
        if not slots:
            return 0.0
        language = self.searcher.docs[doc_id].language
        main = info.main_terms
        spans = list(self.analyzer.token_spans(text))
        held = [i for i, m in enumerate(spans) if not main.isdisjoint(self.analyzer.cached_terms(m.group(), language))]
        if not held:
            return 0.0
        starts = [m.start() for m in spans]
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

    def constraint_features(self, info: QuestionInfo, scope: str) -> dict[str, float]:
        """How a passage (with its document's title and year) meets the question's constraints: the same
        for every unit cut from it."""
        countries = set()
        if self.catalogue is not None and info.constraints.countries:
            countries = set(self.catalogue.mentioned(scope))
        met = info.constraints.met(scope, countries)
        asked = [v for v in met.values() if v is not None]
        return {"constraint_met": sum(asked) / len(asked) if asked else 0.0,
                "constraint_unmet": 1.0 if asked and sum(asked) / len(asked) < 1 else 0.0,
                "_year_unmet": met["year"] is not None and met["year"] < 1}

    def _type_features(self, info: QuestionInfo, unit: Unit) -> dict[str, float]:
        kind, text = info.kind, unit.text
        f = {"type_fit": 0.0, "type_miss": 0.0, "definition_cue": 0.0, "actor_cue": 0.0, "entity_count": 0.0,
             "reason_cue": 0.0, "action_cue": 0.0}
        if kind in ("number", "date"):
            fit = Q.fits(text, kind)
            f["type_fit"], f["type_miss"] = float(fit), float(not fit)
        elif kind == "definition":
            subject = [w.surface for w in info.words if w.weight >= info.main_weight]
            cue = Q.defines(text, subject) or Q.spells_out(text, info.text) or bool(Q.DEFINES.search(text))
            f["definition_cue"] = float(cue)
            f["type_fit"] = float(Q.defines(text, subject) or Q.spells_out(text, info.text))
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
            unit.entities = [i for i in self.catalogue.mentioned(text) if self.catalogue.kind(i) in info.wanted]
            f["entity_count"] = min(len(unit.entities), 3) / 3
            f["type_fit"] = float(bool(unit.entities))
        return f

    def _acted_by(self, unit: Unit, terms: dict[str, float]) -> bool:
        """"...was prepared by Nils-Sjard Schulz": a question word followed by "by"."""
        tokens = [t for t, _ in self.analyzer.raw_tokens(unit.text)]
        language = self.searcher.docs[unit.hit.doc_id].language
        for a, b in zip(tokens, tokens[1:]):
            if b in ("by", "por") and set(self.analyzer.cached_terms(a, language)) & set(terms):
                return True
        return False
