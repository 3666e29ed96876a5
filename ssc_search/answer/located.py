"""Questions that name where their answer stands: "¿Qué establece el artículo 10 de la Ley?", "What does
paragraph 25 of resolution 78/167 ask?". The article or paragraph is found in the document the
question names (or, for an article, in the library's laws), its passages are read whatever their
rank, and the answer comes from inside it."""
from __future__ import annotations

import re

import numpy as np

from .. import ordinals
from ..analyze import fold
from ..index.hits import Hit
from ..index.search import Searcher, filter_names, narrowed_to
from ..index.symbols import find as find_symbols

# "artículo 10", "article 10", "art. 10", "párrafo 25", "paragraph 25", "para. 25", "párr. 25"
_ASKED = re.compile(r"\b(?:(articulo|article|art\.?)|(parrafo|paragraph|para\.|parr\.))\s*(\d{1,3})"
                    r"(?:\s*(bis|ter|quater)\b)?\b(?!\s*/)")


# "artículo segundo transitorio", "artículo transitorio cuarto", "décimo octavo transitorio", "the second
# transitory article", "article 2 of the decree": a law's transitory articles and an amending decree's are
# numbered in words, and asked by their word or number
_ES_ORDINAL = r"(?:(?:decimo|vigesimo)(?:\s*[a-z]+o)?|primero|segundo|tercero|cuarto|quinto|sexto|septimo|octavo|noveno|unico)"
_ORDINAL_ARTICLE = re.compile(r"\b(?:articulo|art\.)\s+(?:transitorio\s+)?(" + _ES_ORDINAL + r")\b"
                              r"|\b(" + _ES_ORDINAL + r")\s+(?:articulo\s+)?transitorio"
                              r"|\btransitorio\s+(" + _ES_ORDINAL + r")\b"
                              r"|\b([a-z]+(?:-[a-z]+)?)\s+transitory\s+(?:article|provision)"
                              r"|\btransitory\s+(?:article|provision)\s+(\d{1,2}|[a-z]+)\b")
_TRANSITORY = re.compile(r"\btransitori|\btransitory")
_DECREE = re.compile(r"\bdecreto\b|\bdecree\b")


def _ordinal(word: str) -> int:
    """The value of an ordinal word or number, Spanish or English ("décimo octavo" 18, "second" 2, "4" 4)."""
    word = fold(word)
    if word.isdigit():
        return int(word)
    return 1 if word in ("unico", "only", "sole") else ordinals.value(word, "en") or ordinals.spanish(word)


# what a question asks of a whole article or paragraph ("What does article 10 say?", "¿Qué establece el
# artículo 10 de la Ley?"): these words, the reference and the document's name, nothing else
_WHOLE = {"say", "says", "said", "state", "states", "provide", "provides", "establish", "establishes", "set", "sets",
          "out", "contain", "contains", "mean", "means", "read", "reads", "dice", "dicen", "establece", "establecen",
          "dispone", "disponen", "senala", "senalan", "preve", "contiene", "significa", "ask", "asks", "pide", "piden",
          "request", "requests", "solicita", "ley", "law", "act",
          "resolution", "resolucion", "report", "informe", "document", "documento", "text", "texto"}
_FRAME = {"what", "which", "does", "did", "the", "que", "del", "las", "los", "por", "for", "how", "como", "cual"}
# "fracción XIII", "fracc. XIII", "fraction XIII" of an article
_FRACTION = re.compile(r"\b(?:fraccion|fracc\.|fraction)\s*([ivxl]{1,7})\b")


def asked_locator(question: str) -> dict | None:
    """{"article": "4", "fraction": "XIII"}, {"article": "10"} or {"paragraph": "25"} for a question
    that names one, else None."""
    folded = fold(question)
    m = _ASKED.search(folded)
    worded = next(((w, n) for w in _ORDINAL_ARTICLE.finditer(folded) for n in map(_ordinal, filter(None, w.groups()))
                   if n), None)
    if worded or (m and not m.group(2)):
        # the words beside the reference say whose article it is: "artículo segundo transitorio", "artículo 5
        # del decreto" (not "el artículo 37 de la Ley, reformado por decreto en 2020")
        start, end = worded[0].span() if worded else m.span()
        near = folded[max(0, start - 12):end + 16]
        flags = {k: True for k, pattern in (("transitory", _TRANSITORY), ("decree", _DECREE)) if pattern.search(near)}
        if flags:  # their articles are numbered in words: "artículo segundo transitorio" is article 2 of them
            return {"article": str(worded[1] if worded else int(m.group(3))), **flags}
    if not m:
        return None
    if m.group(2):
        return {"paragraph": m.group(3)}
    fraction = _FRACTION.search(folded)
    number = m.group(3) + (f" {m.group(4).capitalize()}" if m.group(4) else "")  # "10 Bis", as the law reads
    return {"article": number, **({"fraction": fraction.group(1).upper()} if fraction else {})}


_LAW_WORDS = {"law", "act", "ley", "article", "articulo", "transitory", "transitorio", "decree", "decreto"}
DOCUMENT_KINDS = {"resolution", "resolucion", "report", "informe", "decision", "document", "documento"}


def references(question: str, searcher: Searcher) -> tuple[frozenset[str], set[str]]:
    """The library's documents the question cites by symbol ("resolution 80/156", "A/80/39"), and the folded
    words of those references: a symbol names the document itself (a title's words, "the High-level
    Committee", may name what it is about), and its words say which document the answer is in, not what is
    asked."""
    docs, words = set(), set()
    for start, end, symbol in find_symbols(question):
        doc_id = searcher.symbols.document(symbol)
        if doc_id is not None:
            docs.add(doc_id)
            words |= {t for t, _ in searcher.analyzer.raw_tokens(question[start:end])}
            before = re.findall(r"[^\W\d_]+", fold(question[max(0, start - 16):start]))[-1:]
            words |= {w for w in before if w in DOCUMENT_KINDS}
    return frozenset(docs), words


def other_words(question: str, named_terms: set[str]) -> list[str]:
    """The question's words besides the reference, its document's name (`named_terms`, folded words),
    a verb of saying and its frame: what it asks of the unit, or the name of another instrument."""
    folded = _FRACTION.sub(" ", _ASKED.sub(" ", _ORDINAL_ARTICLE.sub(" ", fold(question))))
    folded = re.sub(r"\b(?:transitori[oa]s?|transitory|provisions?|decreto|decree)\b", " ", folded)
    return [w for w in re.findall(r"[a-z]{3,}", folded) if w not in named_terms and w not in _WHOLE
            and w not in _FRAME]


def asks_whole(question: str, named_terms: set[str]) -> bool:
    """The question asks what the unit says as a whole ("What does article 10 of the law say?")."""
    return not other_words(question, named_terms)


def within(locator: dict | None, asked: dict) -> bool:
    """The locator stands inside the asked unit: art. 10, fracc. III is inside art. 10 (a transitory
    article or an amending decree's is another article, asked as one: "artículo segundo transitorio";
    a preambular paragraph is no paragraph)."""
    if not locator or locator.get("annex") or any(bool(locator.get(k)) != bool(asked.get(k))
                                                  for k in ("transitory", "decree")):
        return False
    if asked.get("transitory") or asked.get("decree"):  # numbered in words: "décimo octavo" is 18
        return "article" in locator and _ordinal(locator["article"]) == int(asked["article"]) and \
            all(locator.get(k) == v for k, v in asked.items() if k not in ("article", "transitory", "decree"))
    return all(locator.get(key) == value for key, value in asked.items())


class Locating:
    """Finds the passages of an asked article or paragraph; mixed into the answerer (its searcher)."""

    searcher: Searcher
    law_texts: dict[str, str]  # doc_id -> its folded text, read once

    def located_documents(self, question: str, asked: dict, named: set[str], doc) -> list[str]:
        """Where to look: the documents the filter or the question names; for an article, else the
        library's laws, when the question names no other instrument ("article 10 of the Paris Agreement"
        is not article 10 of the law): every capitalised word it has past its first is in the law."""
        if doc:
            return [doc] if isinstance(doc, str) else list(doc)
        if named:
            return sorted(named)
        if "article" in asked:  # "Law", "Act" say only that it is a law; "Mexico's" is "Mexico"
            names = [fold(re.sub(r"['’]s$", "", w)) for w in re.findall(r"(?<!^)(?<![¿¡])\b[A-ZÁÉÍÓÚÑ][\w'’-]{2,}",
                                                                           question.strip())]
            names = [n for n in names if n not in _LAW_WORDS]
            # a word counts as the law's when its text holds it or a translation ("Agency" as "agencia")
            forms = [[n, *(fold(t) for t in self.searcher.expander.translations(n))] for n in names]
            return [d.doc_id for d in self.searcher.index.documents
                    if d.kind == "law" and all(any(f in self.law_text(d.doc_id) for f in f_) for f_ in forms)]
        return []

    def left_out(self, symbols, question: str, doc, language, year) -> list[str]:
        """The titles of the documents the question cites (by `symbol:` or in its words) that the filters
        leave out."""
        if not filter_names(doc, language, year):  # no filters: nothing left out (and no reference read)
            return []
        cited = sorted({self.searcher.document_of_symbol(s) for s in symbols} | references(question, self.searcher)[0])
        kept = set(narrowed_to(cited, doc))
        out = [d for d in cited if d not in kept or (language and self.searcher.docs[d].language != language)
               or (year and self.searcher.docs[d].year != int(year))]
        return [self.searcher.docs[d].title for d in out] if len(out) == len(cited) else []

    def law_text(self, doc_id: str) -> str:
        """A document's title and text, folded (what a capitalised word of the question is looked up in)."""
        if doc_id not in self.law_texts:
            rows = np.flatnonzero(self.searcher.mask([doc_id])).tolist()
            self.law_texts[doc_id] = fold(" ".join([self.searcher.docs[doc_id].title,
                                                    *(self.searcher.index.passages[r].text for r in rows)]))
        return self.law_texts[doc_id]

    def located_hits(self, asked: dict, doc_ids: list[str], language=None, year=None) -> list[Hit]:
        """The passages each of these documents' asked unit touches (within the filters), as hits of rank 1."""
        if not doc_ids:
            return []
        locators, passages, out = self.searcher.locators, self.searcher.index.passages, []
        for row in np.flatnonzero(self.searcher.mask(doc_ids, language, year)).tolist():
            p = passages[row]
            if any(within(loc, asked) for loc in locators.spanned(p.doc_id, p.pdf_page, p.start, p.end)):
                out.append(self.searcher.passage_hit(row, 1))
        return out

    def unit_locator(self, unit) -> dict | None:
        """Where the unit's quote begins, as its citation will say."""
        hit = unit.hit
        passage = self.searcher.index.passages[self.searcher.passage_rows[hit.passage_id]]
        return self.searcher.locators.of_quote(hit.doc_id, hit.pdf_page, passage.start, passage.end,
                                               unit.shown, unit.text)

    def named_words(self, doc_ids: list[str]) -> set[str]:
        """The folded words of these documents' titles and symbols, and their translations ("cooperation
        law" for "Ley de Cooperación"): how a question names them."""
        words = {w for d in doc_ids for w in re.findall(r"[a-z]{3,}", fold(self.searcher.docs[d].title))}
        return words | {fold(t) for w in words for t in self.searcher.expander.translations(w)}


def names_symbol(text: str, symbol: str) -> bool:
    """The text names the document: "A/RES/81/200", or "resolution 81/200", or "81/200 of ..."."""
    return any(s == symbol for _, _, s in find_symbols(text))


def asks_only_documents(info) -> bool:
    """The question's words name documents and nothing else ("What does resolution 72/237 say?")."""
    cited = {fold(w) for _, _, s in find_symbols(info.text) for w in (s, s.split("/", 2)[-1])}
    return all(w.titled or w.surface in cited or w.surface in DOCUMENT_KINDS for w in info.words)
