"""Evidence for a question: the question read once (its words, kind, constraints, named documents,
language), the passages ranked for it, and the answer units cut from them, each described by the
features that `answer_model.FEATURES` names."""
from __future__ import annotations

import re
from dataclasses import replace as dataclass_replace
from functools import lru_cache

from ..analyze import fold
from ..index.hits import Hit
from ..index.query import Query
from ..index.search import TITLE_WORD_WEIGHT, Searcher
from ..ingest.chunk import sentence_spans
from ..ingest.law_articles import AMENDMENT_NOTE
from . import constraints as C
from . import measures as M
from . import question as Q
from .coverage import Asked, Held, Word, coverage, holding, median, prefixes_of
from .located import references
from .unit_features import QuestionInfo, Unit, UnitFeatures
from .unit_text import WINDOW_WORDS, clauses, debris, list_run, structural_heading, tiles

PASSAGES_READ = 15
SIBLINGS_OF = 5  # the other passages of the pages of this many best hits are read too
CONTEXT_BEFORE = 3
# a passage holding less than this share of what the best passage holds of the question is not cut into
# units: a unit holds at most what its passage holds (its document's title aside), too little to answer
# (chosen on the dev split: the same answers on every question set, a sixth less time per question)
SKIP_SHARE = 0.3
# list items the page runs together: "Q Latin America and the Caribbean: 153 Q Regional: 18" (a bullet
# glyph that extracts as "Q", or a real bullet), each a unit of its own
BULLET = re.compile(r"(?:^|\s)(?:Q|•|▪|■|●|◦|)\s+(?=[A-ZÁÉÍÓÚ0-9])")
FULL_SENTENCE_WORDS = 60
RUN_WINDOW, RUN_STRIDE = 20, 10  # a long run without punctuation (a directory) is read in windows
MAX_UNIT_WORDS = 60


class EvidenceReader(UnitFeatures):
    """Reads a question and cuts the units of its passages; safe to share between threads."""

    def __init__(self, searcher: Searcher, catalogue=None) -> None:
        self.searcher = searcher
        self.catalogue = catalogue
        self.analyzer = searcher.analyzer
        self.sentences = lru_cache(maxsize=5000)(self._sentences)  # the same passages answer many questions
        self.frozen_terms = lru_cache(maxsize=20_000)(self._frozen_terms)
        self.word_table = lru_cache(maxsize=5_000)(self._word_table)

    def idf(self, term: str) -> float:
        return self.searcher.idf(term)

    # -- the question ---------------------------------------------------------------------
    def read(self, query: Query) -> QuestionInfo:
        question = query.asked
        kind, wanted = Q.question_type(question)
        framed = Q.FRAME.sub(" ", Q.TYPE_WORDS.sub(" ", question) if kind == "entity" else question)
        if kind == "definition":  # "¿Cómo define la ley ...?": the asking verb is not what is defined
            framed = Q.DEFINING.sub(" ", framed)
        cited, reference = references(question, self.searcher)
        words, unknown = self.question_words(query, framed, reference)
        focus = Q.FOCUS.match(fold(question))
        if focus and focus.group(1) not in Q.FRAME_NOUNS:
            for w in words:  # "What is the population of Uruguay?" is answered only by a sentence about population
                w.required = w.surface == focus.group(1)
        named = frozenset(self.catalogue.mentioned(question)) if self.catalogue is not None else frozenset()
        countries = {i for i in named if self.catalogue.kind(i) == "country"}
        main_weight = median([w for w in words if not w.titled] or words)  # what is asked, not which document
        counted = M.counted_words(question)
        return QuestionInfo(question, kind, wanted, words, query.weights,
                            C.parse(question, countries), query.named, query.language, unknown,
                            {t for w in words for t in w.terms}, main_weight,
                            {t for w in words if w.weight >= main_weight for t in w.terms},
                            Q.asks_for_several(question), M.measure(question), named, cited=cited,
                            counted=frozenset(t for w in words if w.surface in counted
                                              for t in w.terms | w.alternative_terms() | w.related))

    def question_words(self, query: Query, framed: str, reference=frozenset()) -> tuple[list[Word], float]:
        """The content words of `framed` (the question without its frame), each with its terms in both
        languages, its rarity weight, the other names it stands for when it is part of a name (PNUD for
        UNDP), its translations and its English synonyms, all as the query's analysis has them; and
        the weight share of words the library never uses. Words of `reference` (a cited document's
        symbol, "resolution 80/156") weigh as a named document's title words do."""
        vocab = self.searcher.index.matrix.vocabulary_
        words = []
        for m in self.analyzer.token_spans(framed):
            token = query.token(m.group()) or self.searcher.analyser.token(m.group())
            if token.terms:
                known = [self.idf(t) for t in token.terms if t in vocab]
                surface = token.folded
                whole = surface if any(c in surface for c in "-/&") and surface in token.terms else None
                words.append(Word(surface, set(token.terms), max(known) if known else None, whole=whole,
                                  alternatives=[[set(t)] for t in token.folded_translations],
                                  related=set(token.related)))
        known = [w.weight for w in words if w.weight is not None]
        mean = sum(known) / len(known) if known else 1.0
        unknown = [w for w in words if w.weight is None]
        for w in words:  # a word the library never uses may be a translation: it weighs as an average word
            w.weight = mean if w.weight is None else w.weight
        # a word that only names a document the question names ("la Ley de Cooperación Internacional para el
        # Desarrollo") says which document, not what is asked of it: it weighs as it does in ranking
        title = set().union(*(self.searcher.names.titles.get(d, set()) for d in query.named))
        for w in words:
            if w.terms & title or w.surface in reference:
                w.weight *= TITLE_WORD_WEIGHT
                w.titled = True
        for matched, others in query.other_names:
            member = {fold(t) for t, _ in self.analyzer.raw_tokens(matched)}
            for w in words:
                if w.surface in member:
                    w.alternatives.extend([set(ws) for ws in other] for other in others if other)
        bridged = [w for w in unknown
                   if w.related or any(all(ws & vocab.keys() for ws in alt) for alt in w.alternatives)]
        return words, (len(unknown) - len(bridged)) / len(words) if words else 0.0

    # -- the passages ---------------------------------------------------------------------
    def passages(self, query: Query, doc=None, language=None, year=None) -> list[Hit]:
        return self.searcher.search(query, k=PASSAGES_READ, doc=doc, language=language, year=year,
                                    weaker=True).results

    def terms(self, text: str, doc_id: str) -> set[str]:
        return set(self.analyzer.cached_terms(text, self.searcher.docs[doc_id].language))

    def _frozen_terms(self, text: str, doc_id: str) -> frozenset[str]:
        return frozenset(self.analyzer.cached_terms(text, self.searcher.docs[doc_id].language))

    def _word_table(self, text: str, doc_id: str) -> tuple[tuple[int, ...], tuple[tuple[str, ...], ...]]:
        """Where each word of `text` starts, and its terms."""
        language = self.searcher.docs[doc_id].language
        spans = list(self.analyzer.token_spans(text))
        return tuple(m.start() for m in spans), tuple(self.analyzer.word_terms(m.group(), language) for m in spans)

    def window(self, text: str, words: list[Word] | Asked, doc_id: str) -> str:
        """The run of clauses of a long sentence (at most WINDOW_WORDS words) that holds most of the
        question: a 120-word preambular paragraph shows only the part that answers. `words` are weighed
        as held or not, none of them required."""
        if len(text.split()) <= WINDOW_WORDS:
            return text
        parts = clauses(text)
        best, best_cov, span = text, -1.0, (0, len(parts) - 1)
        held = [self.frozen_terms(c, doc_id) for c in parts]
        starts = [prefixes_of(h) for h in held]
        # a window that starts or ends with a clause holding none of the question is beaten by the
        # same window without it (as much of the question in fewer words): only the others are weighed
        bearing = [coverage(h, words, found_prefixes=p) > 0 for h, p in zip(held, starts)]
        if not any(bearing):
            bearing = [True] * len(parts)
        for i in range(len(parts)):
            if not bearing[i]:
                continue
            n, found, found_prefixes = 0, set(), frozenset()
            for j in range(i, len(parts)):
                n += len(parts[j].split())
                if n > WINDOW_WORDS + 15 and j > i:
                    break
                found |= held[j]
                found_prefixes |= starts[j]
                if not bearing[j]:
                    continue
                piece = " ".join(parts[i:j + 1])
                cov = coverage(found, words, found_prefixes=found_prefixes)
                if cov > best_cov + 1e-9 or (abs(cov - best_cov) <= 1e-9 and len(piece) < len(best)):
                    best, best_cov, span = piece, cov, (i, j)  # the most of the question in the fewest words
        i, j = span
        if j + 1 < len(parts) and len(best.split()) + len(parts[j + 1].split()) <= WINDOW_WORDS + 20:
            best = " ".join(parts[i:j + 2])  # the clause after often holds the answer: "..., in Havana"
        return best.rstrip(",;")

    def pieces(self, text: str, words: list[Word] | Asked, doc_id: str) -> list[str]:
        """A sentence as answer units: the sentence (or its best clause window) and, where the page ran
        a list or a directory into it, its items or short windows of it."""
        out = [self.window(text, words, doc_id)]
        if out[0] != text and len(text.split()) <= FULL_SENTENCE_WORDS:
            out.append(text)  # the answer may stand outside the clauses that hold the question
        if len(text.split()) > FULL_SENTENCE_WORDS:
            # the answer may stand in clauses that hold none of the question's words: the rest in runs too
            out += [t for t in tiles(text) if t not in out]
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

    def _sentences(self, text: str, doc_id: str) -> tuple[tuple[str, ...], tuple[frozenset[str], ...]]:
        """A passage's sentences (tidied, table-of-contents lines left out) and the terms of each."""
        sentences = tuple(t for s, e in sentence_spans(text) for t in Q.tidy(text[s:e]) if not Q.LEADERS.search(t))
        return sentences, tuple(frozenset(self.terms(t, doc_id)) for t in sentences)  # shared: never changed

    def page_rest(self, hits: list[Hit]) -> list[Hit]:
        """The other passages of the best-ranked hits' pages: a page's answer may stand in the passage
        beside the one that matched (each with its page's rank and no score of its own)."""
        rows, read = self.searcher.passage_rows, {h.passage_id for h in hits}
        passages, out = self.searcher.index.passages, []
        for hit in hits[:SIBLINGS_OF]:
            page = (hit.doc_id, hit.page)
            first = last = rows[hit.passage_id]  # a page's passages stand side by side, in reading order
            while first > 0 and (passages[first - 1].doc_id, passages[first - 1].page) == page:
                first -= 1
            while last + 1 < len(passages) and (passages[last + 1].doc_id, passages[last + 1].page) == page:
                last += 1
            for r in range(first, last + 1):
                if passages[r].id not in read:
                    read.add(passages[r].id)
                    out.append(self.searcher.passage_hit(r, hit.rank))
        return out

    def _list_unit(self, info: QuestionInfo, hit: Hit, sentences, founds, j: int, flat: str, context: Held,
                   context_text: str, scores: tuple[float, float, int, float]) -> Unit | None:
        """A list's lead-in with its items as one unit ("Para ser Director Ejecutivo se requiere: 1. Ser
        ciudadano...; 2. ..."): what a question about the list asks for, which no item holds alone."""
        k = list_run(sentences, j)
        text = " ".join(sentences[j:k])
        if k == j or text not in flat:
            return None
        unit = Unit(hit, text, frozenset().union(*founds[j:k]), 0, context_text=context_text)
        unit.features = self.features(info, unit, context, *scores)
        return unit

    def units(self, info: QuestionInfo, hits: list[Hit], beside: list[Hit] = ()) -> list[Unit]:
        """Every answer unit of the passages (and of the passages `beside` them), with its features."""
        words = info.words
        top = hits[0].score if hits else 1.0
        passage_cov = {h.passage_id: coverage(self.frozen_terms(h.text, h.doc_id), info.asked) for h in [*hits, *beside]}
        best_passage = max(passage_cov.values(), default=0.0)
        loose = Asked([dataclass_replace(w, required=False) for w in words]) if any(w.required for w in words) \
            else info.asked
        out = []
        for hit in [*hits, *beside]:  # a passage beside a hit has its page's rank
            if passage_cov[hit.passage_id] < SKIP_SHARE * best_passage:
                continue  # its units hold too little of the question to answer it
            scores = (passage_cov[hit.passage_id], best_passage, hit.rank, hit.score / top if top else 0.0)
            sentences, founds = self.sentences(hit.text, hit.doc_id)
            title = self.frozen_terms(hit.title, hit.doc_id)
            flat = " ".join(hit.text.split())
            doc = self.searcher.docs[hit.doc_id]
            scope = f"{hit.text} {hit.title} {doc.year or ''}"
            constraints = self.constraint_features(info, scope, hit.doc_id)
            position = 0
            for j, (sentence, found_j) in enumerate(zip(sentences, founds)):
                around = [found_j, *founds[max(0, j - CONTEXT_BEFORE):j], *founds[j + 1:j + 2], title]
                context = holding(frozenset().union(*around), info.asked,
                                  frozenset().union(*map(prefixes_of, around)))
                context_text = " ".join(sentences[max(0, j - CONTEXT_BEFORE):j + 2])
                listed = self._list_unit(info, hit, sentences, founds, j, flat, context, context_text, scores)
                for piece in self.pieces(sentence, loose, hit.doc_id):
                    piece = _whole_provision(piece, sentences, j, flat)
                    if len(piece) < 15 or (listed is not None and piece == sentence):
                        continue  # a scrap; or a list's lead-in, which answers only with its items
                    found = found_j if piece == sentence else self.frozen_terms(piece, hit.doc_id)
                    unit = Unit(hit, piece, found, position, context_text=context_text,
                                part=piece != sentence)
                    position += 1
                    _lean_on_lead(unit, sentences, founds, j, flat)
                    unit.leads = j + 1 < len(sentences) and bool(Q.PRONOUN_START.match(sentences[j + 1]))
                    unit.features = self.features(info, unit, context, *scores)
                    out.append(_constrained(unit, constraints))
                if listed is not None:
                    listed.position, position = position, position + 1
                    out.append(_constrained(listed, constraints))
        for name in ("coverage", "own_coverage", "exact_coverage", "density"):
            top = max((u.features[name] for u in out), default=0.0)
            for u in out:  # how the unit stands beside the best of this question's units
                u.features[f"relative_{name}"] = u.features[name] / top if top else 0.0
        return out


def _whole_provision(piece: str, sentences: tuple[str, ...], j: int, flat: str) -> str:
    """A scrap after a provision's heading is all the provision says ("Artículo 34. Se deroga.")."""
    before = sentences[j - 1] if j else ""
    if len(piece) < 15 and structural_heading(before) and not AMENDMENT_NOTE.match(before) \
            and f"{before} {piece}" in flat:
        return f"{before} {piece}"
    return piece


def _lean_on_lead(unit: Unit, sentences: tuple[str, ...], founds, j: int, flat: str) -> None:
    """"It was launched in 2012": the subject is the sentence before, shown with it."""
    lead, piece = (sentences[j - 1] if j else ""), unit.text
    if lead and Q.PRONOUN_START.match(piece) and sentences[j].startswith(piece) \
            and f"{lead} {piece}" in flat and not debris(lead):
        unit.lead = lead
        unit.terms = unit.terms | founds[j - 1]


def _constrained(unit: Unit, constraints: dict[str, float]) -> Unit:
    """The unit with its passage's constraint features, and whether it gives a year the question does not ask."""
    unit.features.update(constraints)
    unit.features["year_conflict"] = float(bool(constraints["_year_unmet"] and C.YEAR.search(unit.text)))
    del unit.features["_year_unmet"]
    return unit
