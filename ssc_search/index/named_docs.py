"""The documents a question names: by symbol ("A/RES/78/167", "resolution 78/167", "A/80/39"), by a
short form its title gives in brackets ("(QCPR)", "(BAPA+40)"), or by most of its title's own words
("the Sevilla Commitment", "la Ley de Cooperación Internacional"). Learned from each document's
title, so a new document is recognised as soon as it is catalogued."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..analyze import Analyzer, fold

_SYMBOL = re.compile(r"\b[AE](?:/[A-Z]+(?:\.\d+)?)*/(?:RES/)?\d+/\d+\b")
_SHORT = re.compile(r"(?<![\w/])(\d{2})/(\d{1,3})(?![\w/])")
_BRACKETS = re.compile(r"\(([^()]{2,30})\)")
# share of a title's own words (rarer across titles weighing more) a question must hold to name it by title
TITLE_SHARE = 0.7
# ...when the question also speaks of a document ("report", "resolución")
DOCUMENT_TITLE_SHARE = 0.5
# ...of a title several documents share, when the question also gives the year of just one of them
SHARED_TITLE_SHARE = 0.5
# a title's lead, before "of the ...": "Buenos Aires outcome document", "Quadrennial comprehensive policy review"
_LEAD = re.compile(r"\s+(?:of|on|for|de|del|sobre|para)\s+(?:the\s+|la\s+|el\s+|los\s+|las\s+)?", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_RESOLUTION_WORD = re.compile(r"\b(resolutions?|resolucion(es)?)\b")
_REPORT_WORD = re.compile(r"\b(reports?|informes?)\b")
# the question speaks of a document, not only of its topic
_DOCUMENT_WORD = re.compile(r"\b(resolutions?|texts?|reports?|declarations?|documents?|decisions?|outcomes?|"
                            r"resoluci[oó]n(es)?|textos?|informes?|declaraci[oó]n(es)?|documentos?|decisi[oó]n(es)?)\b",
                            re.I)


def _symbols(title: str) -> set[str]:
    out = set()
    for m in _SYMBOL.finditer(title):
        symbol = m.group()
        out.add(fold(symbol))
        short = re.search(r"/RES/(\d+/\d+)$", symbol)
        if short:
            out.add(short.group(1))  # "resolution 78/167"
    return out


class DocumentNames:
    def __init__(self, documents, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.symbols: dict[str, str] = {}
        self.shorts: dict[str, str] = {}
        self.titles: dict[str, set[str]] = {}
        self.leads: dict[str, set[str]] = {}
        self.resolutions = {d.doc_id for d in documents if "/RES/" in d.title}
        years = {}
        for d in documents:
            years[d.doc_id] = str(d.year or "")
            for s in _symbols(d.title):
                self.symbols[s] = d.doc_id
            bare = _SYMBOL.sub(" ", d.title)
            for m in _BRACKETS.finditer(bare):
                inner = re.sub(r"\b(19|20)\d\d\b", " ", m.group(1)).strip()  # "(SDG Summit 2023)"
                if any(c.isupper() for c in inner) and len(inner.split()) <= 3:
                    self.shorts[fold(inner)] = d.doc_id
            # the title's first part is its name: "Sevilla Commitment (outcome of ...)", "Report of ..., session"
            head = re.split(r"[(,:]", bare, maxsplit=1)[0]
            words = set(analyzer.terms(head, d.language or "en"))
            if len(words) >= 2:
                self.titles[d.doc_id] = words
            lead = set(analyzer.terms(_LEAD.split(head.strip(), maxsplit=1)[0], d.language or "en"))
            if len(lead) >= 2 and lead != words:
                self.leads[d.doc_id] = lead
        # a title shared by several documents ("South-South cooperation") names none of them
        seen: dict[frozenset, list[str]] = {}
        for doc_id, words in self.titles.items():
            seen.setdefault(frozenset(words), []).append(doc_id)
        # ...unless the question gives the year of one of them ("the 2023 South-South resolution")
        self.shared = [(words, {d: years[d] for d in ids}) for words, ids in seen.items() if len(ids) > 1]
        self.titles = {d: w for d, w in self.titles.items() if len(seen[frozenset(w)]) == 1}
        kind_words = set(analyzer.terms("report resolution document declaration outcome", "en")) | \
            set(analyzer.terms("informe resolución documento declaración", "es"))
        titled = Counter(w for words in self.titles.values() for w in words)  # the titles using each word
        self.own_words = {d: {w for w in words if w not in kind_words and titled[w] == 1}
                          for d, words in self.titles.items()}
        lead_count = Counter(frozenset(words) for words in self.leads.values())
        self.leads = {d: w for d, w in self.leads.items() if lead_count[frozenset(w)] == 1}
        # a title word weighs by how few titles use it
        self._weight = {d: {w: 1.0 / titled[w] for w in words} for d, words in self.titles.items()}
        self.named = lru_cache(maxsize=10_000)(self._named)  # a search and its answer ask the same question

    def _named(self, question: str, also: frozenset[str] = frozenset()) -> frozenset[str]:
        """The documents `question` names; `also`: the terms of its words' translations and other names,
        so that "la resolución de 2023 sobre la cooperación Sur-Sur" names an English title, and "the
        QCPR resolution" the quadrennial comprehensive policy review."""
        found = set()
        folded = fold(question)
        for m in _SYMBOL.finditer(question):
            if fold(m.group()) in self.symbols:
                found.add(self.symbols[fold(m.group())])
        for m in _SHORT.finditer(question):
            key = f"{m.group(1)}/{m.group(2)}"
            if key in self.symbols:
                found.add(self.symbols[key])
        if found:  # a symbol names exactly
            return frozenset(found)
        for short, doc_id in self.shorts.items():
            if re.search(rf"(?<![\w]){re.escape(short)}(?![\w])", folded):
                found.add(doc_id)
        typed = set(self.analyzer.query_terms(question))
        terms = typed | also
        found |= {d for d, words in self.titles.items() if self._share(d, terms) >= TITLE_SHARE}
        speaks_of_a_document = bool(_DOCUMENT_WORD.search(question))
        if speaks_of_a_document:
            # "the Secretary-General's report on trends in development cooperation", "the Sevilla text": a
            # document word, half the title, and a word of it no other title has, typed in the question
            found |= {d for d, words in self.titles.items() if self._share(d, terms) >= DOCUMENT_TITLE_SHARE
                      and self.own_words[d] & typed}
        found |= {d for d, lead in self.leads.items() if lead <= terms}
        asked_years = set(_YEAR.findall(question)) if speaks_of_a_document else set()
        for words, docs in self.shared:
            if len(words & terms) >= SHARED_TITLE_SHARE * len(words):
                dated = [d for d, year in docs.items() if year in asked_years]
                if len(dated) == 1:
                    found.add(dated[0])
        return frozenset(self._of_the_kind_asked(found, folded))

    def _of_the_kind_asked(self, found: set[str], folded: str) -> set[str]:
        """"The QCPR resolution" of a resolution and a report about it names the resolution."""
        resolutions = {d for d in found if d in self.resolutions}
        if len(found) < 2 or not resolutions:
            return found
        if _RESOLUTION_WORD.search(folded):
            return resolutions
        if _REPORT_WORD.search(folded) and found - resolutions:
            return found - resolutions
        return found

    def _share(self, doc_id: str, terms: set[str]) -> float:
        """Share of a title's words the question holds, each weighted by how few titles use it."""
        weight = self._weight[doc_id]
        return sum(weight[w] for w in self.titles[doc_id] & terms) / sum(weight.values())
