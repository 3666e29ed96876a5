"""Extractive answers with numbered citations, and honest abstention.

A question is ranked against passages, the best passages are split into sentences (a long one cut
to the run of clauses that holds most of the question, so the question's words stand close), and
the sentences are scored by how much of the question they cover (words weighted by rarity, held in
either language or by another name; the sentences around and the document's title count at a
discount), how well they fit the kind of answer asked for (a number for "how many", a date for
"when", an organisation for "which agency", a definition for "what is", a person for "who") and
how good their passage is. The answer is the best one to three sentences; each is followed by its
[n], and only the sentences used are cited.
"""
from __future__ import annotations

import math
import re
import time
from dataclasses import asdict, dataclass, field
from dataclasses import replace as dataclass_replace

from . import question as Q
from .analyze import detect_language, fold
from .chunk import sentence_spans
from .coverage import Word, coverage, median
from .search import Hit, Searcher, check_query

MAX_ANSWER_CHARS = 600
MAX_SENTENCES = 3
PASSAGES_READ = 10
MAX_ENTITIES = 6
# Calibrated on tests/data/qa_dev.jsonl (see bench/RESULTS.md): below these the evidence is too
# weak to answer. `coverage` is the rarity-weighted share of the question's words a sentence holds.
MIN_COVERAGE = 0.55
MIN_PASSAGE_COVERAGE = 0.6
CONTEXT_DISCOUNT = 0.85
CONTEXT_BEFORE = 3
WINDOW_WORDS = 45


@dataclass
class Citation:
    n: int
    doc_id: str
    title: str
    page: int
    page_label: str
    pdf_page: int
    passage_id: str
    quote: str

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

    def to_dict(self) -> dict:
        data = {"question": self.question, "answer": self.answer, "took_ms": round(self.took_ms, 3),
                "kind": self.kind, "citations": [c.to_dict() for c in self.citations],
                "entities": self.entities, "passages": [h.to_dict() for h in self.passages]}
        if self.message:
            data["message"] = self.message
        return data


@dataclass
class _Sentence:
    hit: Hit
    text: str
    terms: set[str]
    coverage: float
    score: float = 0.0
    entities: list[int] = field(default_factory=list)
    subject_first: bool = False
    lead: str = ""  # the sentence before, shown too when this one opens with "It" or "This"

    @property
    def shown(self) -> str:
        return f"{self.lead} {self.text}" if self.lead else self.text


class Answerer:
    """Answers questions from one loaded index; safe to share between threads."""

    def __init__(self, searcher: Searcher, catalogue=None) -> None:
        self.searcher = searcher
        self.catalogue = catalogue
        matrix = searcher.index.matrix
        self._df = matrix.weights_.indptr[1:] - matrix.weights_.indptr[:-1]
        self._n = max(matrix.n_docs, 1)

    def idf(self, term: str) -> float:
        row = self.searcher.index.matrix.vocabulary_.get(term)
        df = int(self._df[row]) if row is not None else 0
        return math.log1p((self._n - df + 0.5) / (df + 0.5))

    def _unknown_subject(self, question: str) -> bool:
        """An English question naming something the library never mentions ("nuclear reactors") is
        not answered from it. A Spanish question over English documents is, since its words are
        translations; aliases and cross-language stems carry it."""
        words = [fold(t) for t, _ in self.searcher.analyzer.raw_tokens(question)]
        if detect_language(words) == "es":
            return False
        # an inflected verb ("quoted", "operating") is how the question asks, not what it asks about
        return any(len(w) >= 4 and not re.search(r"(ed|ing)$", w.lower()) for w in self.missing_words(question))

    def missing_words(self, question: str) -> list[str]:
        """Words of the question that no passage of the library contains."""
        analyzer, vocab = self.searcher.analyzer, self.searcher.index.matrix.vocabulary_
        missing = []
        for m in analyzer.token_spans(question):
            terms = analyzer.query_terms(m.group())
            if terms and not any(t in vocab for t in terms):
                missing.append(m.group())
        return missing

    def ask(self, question: str, doc: str | list[str] | None = None, language: str | None = None,
            year: int | None = None) -> Answer:
        t0 = time.perf_counter()
        check_query(question, 10)
        kind, wanted = Q.question_type(question)
        terms = self.searcher.query_terms(question)
        hits = self.searcher.search(question, k=10, doc=doc, language=language, year=year).results
        framed = Q.FRAME.sub(" ", Q.TYPE_WORDS.sub(" ", question) if kind == "entity" else question)
        words = self._question_words(framed)
        focus = Q.FOCUS.match(fold(question))
        if focus and focus.group(1) not in Q.FRAME_NOUNS:
            # "What is the population of Uruguay?" is answered only by a sentence about population
            for w in words:
                w.required = w.surface == focus.group(1)
        sentences = self._sentences(hits[:PASSAGES_READ], words, context_only=kind == "entity")
        best_passage = max((coverage(self._terms(h.text, h.doc_id), words) for h in hits), default=0.0)
        for s in sentences:
            s.score = self._score(s, kind, wanted, question, hits[0].score if hits else 1.0, terms, words)
        sentences = sorted((s for s in sentences if s.coverage >= MIN_COVERAGE and Q.fits(s.text, kind)),
                           key=lambda s: -s.score)
        if not sentences or best_passage < MIN_PASSAGE_COVERAGE or self._unknown_subject(question):
            return self._abstain(question, kind, hits, t0)
        if kind == "entity" and self.catalogue is not None:
            listed = self._entity_answer(question, sentences, wanted)
            if listed is not None:
                text, chosen, names = listed
                return self._finish(question, kind, text, chosen, hits, t0, names)
        chosen = self._choose(sentences, terms)
        text = " ".join(f"{s.shown} [{i}]" for i, s in enumerate(chosen, 1))
        return self._finish(question, kind, text, chosen, hits, t0)

    # -- evidence -------------------------------------------------------------------------
    def _terms(self, text: str, doc_id: str) -> set[str]:
        language = self.searcher.docs[doc_id].language
        return set(self.searcher.analyzer.cached_terms(text, language))

    def _question_words(self, question: str) -> list[Word]:
        """The question's content words, each with its terms in both languages, its rarity weight,
        and the other names it stands for when it is part of a name (PNUD for UNDP)."""
        analyzer, vocab = self.searcher.analyzer, self.searcher.index.matrix.vocabulary_
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
        for w in words:  # a word the library never uses may be a translation: it weighs as an average word
            w.weight = mean if w.weight is None else w.weight
        expander = self.searcher.expander
        for w in words:  # "estadísticas" is held by a sentence that says "statistics"
            w.alternatives.extend([set(analyzer.query_terms(t))] for t in expander.translations(w.surface))
        for gi, matched in expander.names_in(question):
            member = {fold(t) for t, _ in analyzer.raw_tokens(matched)}
            others = [[set(analyzer.query_terms(t)) for t, _ in analyzer.raw_tokens(text)]
                      for _, text in expander.groups[gi] if text != matched]
            others = [[ws for ws in other if ws] for other in others]
            for w in words:
                if w.surface in member:
                    w.alternatives.extend(o for o in others if o)
        return words

    def _window(self, text: str, words: list[Word], doc_id: str) -> str:
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
        for i in range(len(clauses)):
            n = 0
            for j in range(i, len(clauses)):
                n += len(clauses[j].split())
                if n > WINDOW_WORDS + 15 and j > i:
                    break
                piece = " ".join(clauses[i:j + 1])
                cov = coverage(self._terms(piece, doc_id), loose)
                if cov > best_cov + 1e-9 or (abs(cov - best_cov) <= 1e-9 and len(piece) < len(best)):
                    best, best_cov, span = piece, cov, (i, j)  # the most of the question in the fewest words
        i, j = span
        if j + 1 < len(clauses) and len(best.split()) + len(clauses[j + 1].split()) <= WINDOW_WORDS + 20:
            # the clause after often holds the answer: "..., in Havana on 15 and 16 September"
            best = " ".join(clauses[i:j + 2])
        return best.rstrip(",;")

    def _sentences(self, hits: list[Hit], words: list[Word], context_only: bool = False) -> list[_Sentence]:
        """Candidate sentences of the passages. A sentence is also credited with the question words of
        the three sentences before it and the one after, at a discount: "It was launched in March 2012"
        answers for the fund named just before."""
        main_words = [w for w in words if w.weight >= median(words)]
        out = []
        for hit in hits:
            texts = [self._window(t, words, hit.doc_id) for s, e in sentence_spans(hit.text)
                     for t in Q.tidy(hit.text[s:e]) if not Q.LEADERS.search(t)]
            founds = [self._terms(t, hit.doc_id) for t in texts]
            title = self._terms(hit.title, hit.doc_id)  # what the whole document is about
            for i, (text, found) in enumerate(zip(texts, founds)):
                if len(text) < 15:
                    continue
                own = coverage(found, words)
                context = set(found).union(*founds[max(0, i - CONTEXT_BEFORE):i], *founds[i + 1:i + 2], title)
                # an entity list ("six UN agencies: FAO, PAHO/WHO...") may name its subject only before
                share = max(own, CONTEXT_DISCOUNT * coverage(context, words)) \
                    if own > 0 or context_only else 0.0
                sentence = _Sentence(hit, text, found, share)
                head = set(self.searcher.analyzer.cached_terms(" ".join(text.split()[:6]),
                                                        self.searcher.docs[hit.doc_id].language))
                sentence.subject_first = any(w.terms & head for w in main_words)
                if i and Q.PRONOUN_START.match(text):
                    sentence.lead = texts[i - 1]
                out.append(sentence)
        return out

    def _score(self, s: _Sentence, kind: str, wanted: set[str], question: str, top: float,
               terms: dict[str, float], qwords: list[Word]) -> float:
        score = 0.6 * s.coverage + 0.25 * (s.hit.score / top if top else 0.0)
        words = len(s.text.split())
        if words < 4:
            score -= 0.3
        elif words < 6:
            score -= 0.1
        elif words > 60:
            score -= 0.3
        if Q.CAPTION.search(s.text):
            score -= 0.2
        if Q.WHERE.search(fold(question)) and self.catalogue is not None:
            places = [i for i in self.catalogue.mentioned(s.text) if self.catalogue.kind(i) == "country"]
            score += 0.15 if places or re.search(r"\b(in|en) [A-Z][a-z]+", s.text) else 0.0
        if kind == "number":
            numbers = [m.group() for m in Q.NUMBER.finditer(s.text) if not Q.YEAR.fullmatch(m.group())]
            score += 0.2 if numbers else -0.2
        elif kind == "date":
            score += 0.2 if (Q.YEAR.search(s.text) or Q.MONTH.search(s.text)) else -0.2
        elif kind == "definition":
            score += 0.1 if Q.DEFINES.search(s.text) else 0.0
            subject = [w.surface for w in qwords if w.weight >= median(qwords)]
            score += 0.25 if Q.defines(s.text, subject) else 0.0
            score += 0.2 if Q.spells_out(s.text, question) else 0.0
            score += 0.1 if s.subject_first else 0.0
            score -= 0.15 if s.text[:1].isdigit() else 0.0
        elif kind == "who":
            score += 0.15 if Q.new_names(s.text, question) else 0.0
            score += 0.2 if self._acted_by(s, terms) else 0.0
        elif kind == "entity" and self.catalogue is not None:
            s.entities = [i for i in self.catalogue.mentioned(s.text) if self.catalogue.kind(i) in wanted]
            score += min(0.1 * len(s.entities), 0.3) if s.entities else -0.15
        return score

    def _acted_by(self, s: _Sentence, terms: dict[str, float]) -> bool:
        """"...was prepared by Nils-Sjard Schulz": a question word followed by "by"."""
        tokens = [t for t, _ in self.searcher.analyzer.raw_tokens(s.text)]
        language = self.searcher.docs[s.hit.doc_id].language
        for a, b in zip(tokens, tokens[1:]):
            if b in ("by", "por") and set(self.searcher.analyzer.cached_terms(a, language)) & set(terms):
                return True
        return False

    def _choose(self, sentences: list[_Sentence], terms: dict[str, float]) -> list[_Sentence]:
        best = sentences[0]
        chosen, covered, length = [best], set(best.terms) & set(terms), len(best.shown)
        for s in sentences[1:]:
            if len(chosen) >= MAX_SENTENCES or s.score < 0.8 * best.score:
                break
            new = (s.terms & set(terms)) - covered
            repeats = any(s.text in c.shown or c.text in s.shown for c in chosen)  # one sentence, two cuts
            if not new or repeats or length + len(s.shown) + 5 > MAX_ANSWER_CHARS:
                continue
            chosen.append(s)
            covered |= new
            length += len(s.shown) + 5
        return chosen

    def _entity_answer(self, question: str, sentences: list[_Sentence], wanted: set[str]):
        """'A (X) [1], B [2] and C [3].' from the best sentences naming entities of the wanted kind."""
        named_in_question = set(self.catalogue.mentioned(question))
        best = sentences[0].score
        picked: dict[int, _Sentence] = {}
        for s in sentences:
            if s.score < 0.7 * best:
                continue
            for i in s.entities:
                if i not in named_in_question and i not in picked:
                    picked[i] = s
        if not picked:
            return None
        items = list(picked.items())[:MAX_ENTITIES]
        chosen, parts, seen = [], [], {}
        for i, s in items:
            if id(s) not in seen:
                same = next((n for n, c in enumerate(chosen, 1) if s.text in c.shown or c.text in s.shown), None)
                if same is None:  # two cuts of one sentence share one citation
                    chosen.append(s)
                    same = len(chosen)
                seen[id(s)] = same
            parts.append(f"{self.catalogue.label(i)} [{seen[id(s)]}]")
        text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return text + ".", chosen, [i for i, _ in items]

    # -- results ----------------------------------------------------------------------------
    def _finish(self, question, kind, text, chosen, hits, t0, entity_ids=None) -> Answer:
        citations = [Citation(n, s.hit.doc_id, s.hit.title, s.hit.page, s.hit.page_label, s.hit.pdf_page,
                              s.hit.passage_id, s.shown) for n, s in enumerate(chosen, 1)]
        entities = []
        if self.catalogue is not None:
            ids = entity_ids if entity_ids is not None else self.catalogue.mentioned(" ".join(s.shown for s in chosen))
            entities = [self.catalogue.summary(i) for i in ids]
        return Answer(question, text, (time.perf_counter() - t0) * 1000, kind, citations, entities, hits)

    def _abstain(self, question, kind, hits, t0) -> Answer:
        missing = self.missing_words(question)
        message = "The documents do not answer this question."
        if missing:
            message += " Not found anywhere in the library: " + ", ".join(f"'{w}'" for w in missing) + "."
        if hits:
            message += " The closest passages are listed."
        return Answer(question, None, (time.perf_counter() - t0) * 1000, kind, [], [], hits, message)
