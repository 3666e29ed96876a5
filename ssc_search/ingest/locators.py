"""Where a quote stands in its document's own structure: the paragraph of a UN resolution or report,
the article, fracción and inciso of a law. A UN reader cites "A/RES/78/167, para. 25"; a Mexican
official "LCID, art. 10, fracc. III".

Each document is read once, line by line in page order, for the starts of its numbered units:
operative paragraphs ("25. Requests ..."), their sub-paragraphs ("(a)"), preambular paragraphs
(counted, as UN practice cites them), decisions and annexes that restart the numbering, and the
articles, fracciones ("III.") and incisos ("a)") of a law, its transitory articles included. A
number is taken only where it continues the numbering it belongs to (paragraph 7 after 6), so
footnotes, years and cross-references at the start of a line are not mistaken for paragraphs.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..model import Document
from .clean import FOOTNOTE_LINE
from .law_articles import LawReader, next_letter, roman

_LINE = re.compile(r"[^\n]+")
MAX_SKIPPED = 2  # paragraphs a numbering may skip (a number lost in extraction) and still continue
_PARAGRAPH = re.compile(r"(\d{1,3})\.(?:\s+\S|\s*$)")  # "25. Requests ...", or "25." alone on its line
_LETTER = re.compile(r"\(([a-z]{1,2})\)(?:\s+\S|\s*$)")
_ROMAN_SUB = re.compile(r"\(([ivx]{1,5})\)(?:\s+\S|\s*$)")
_ANNEX = re.compile(r"Annex(?:\s+([IVX]{1,5}))?\s*$")
_DECISION = re.compile(r"Decision (\d+/\d+)\s*$")
_SECTION = re.compile(r"([IVX]{1,6})\.\s+[A-Z]")
_CLAUSE_END = re.compile(r"[,;]\s?\d{0,3}\s*$")  # a preambular paragraph ends with a comma (and maybe a footnote mark)
_FOOTNOTE_RULE = re.compile(r"_{5,}\s*$")
_CLOSING = re.compile(r"\d+(?:st|nd|rd|th)\s+(?:\(resumed\)\s+)?plenary meeting\s*$")  # the end of a resolution
_BODY = re.compile(r"The (General Assembly|High-level Committee|Economic and Social Council|Conference"
                   r"|Security Council|Executive Board)\b[^.]{0,40},\s*$")
_PREAMBLE_START = re.compile(r"(?:[A-Z][a-z]+ing|Mindful|Aware|Convinced|Conscious|Deeply|Gravely|Seriously"
                             r"|Concerned|Determined|Guided|Encouraged|Alarmed|Cognizant|Desirous|Welcoming)\b")


def locator_text(locator: dict | None, language: str = "en") -> str:
    """The human form: "para. 25", "annex, para. 12 (a)", "art. 10, fracc. III, inc. a)"."""
    if not locator:
        return ""
    for key, short in (("chapter", {"es": "cap.", "en": "chap."}), ("title", {"es": "tít.", "en": "title"})):
        if key in locator:  # a heading of a law: "cap. IV"
            return f"{short['es' if language == 'es' else 'en']} {locator[key]}"
    if "article" in locator:
        if language == "es":
            text = f"art. {locator['article']}"
            if locator.get("transitory"):
                text += " transitorio"
            if locator.get("decree"):
                text = f"decreto, {text}"
            if "fraction" in locator:
                text += f", fracc. {locator['fraction']}"
            if "inciso" in locator:
                text += f", inc. {locator['inciso']})"
            return text
        text = f"art. {locator['article']}" + (" (transitory)" if locator.get("transitory") else "")
        return text + (f"({locator['fraction']})" if "fraction" in locator else "") \
            + (f"({locator['inciso']})" if "inciso" in locator else "")
    parts = []
    if "decision" in locator:
        parts.append(f"decision {locator['decision']}")
    if "annex" in locator:
        parts.append(f"annex {locator['annex']}".strip())
    if "section" in locator:
        parts.append(f"sect. {locator['section']}")
    elif "preamble" in locator:
        parts.append(f"preambular para. {locator['preamble']}")
    elif "paragraph" in locator:
        sub = "".join(f" ({locator[k]})" for k in ("subparagraph", "item") if k in locator)
        parts.append(f"para. {locator['paragraph']}{sub}")
    return ", ".join(parts)


@dataclass
class _Scope:
    """One run of numbering: the document's own, a decision's or an annex's."""

    keys: dict
    last: int = 0
    letter: str = ""
    item: int = 0
    preamble: int | None = None  # counted preambular paragraphs, while the preamble lasts


@dataclass
class _Reader:
    """The numbering state while a UN document is read."""

    scopes: list[_Scope] = field(default_factory=lambda: [_Scope({})])
    previous: str = ""

    def line(self, text: str) -> dict | None:
        """The locator that starts at this line, if one does."""
        scope = self.scopes[-1]
        m = _ANNEX.match(text)
        if m:
            self.scopes = [self.scopes[0], _Scope({"annex": m.group(1) or ""})]
            return dict(self.scopes[-1].keys)
        m = _DECISION.match(text)
        if m:
            self.scopes = [s for s in self.scopes if "decision" not in s.keys] + [_Scope({**scope.keys, "decision": m.group(1)})]
            return dict(self.scopes[-1].keys)
        if _CLOSING.match(text):  # "88th plenary meeting": what follows is no paragraph of the resolution
            return {}
        if _BODY.match(text):
            scope.preamble = 0
            return None
        m = _PARAGRAPH.match(text)
        if m:
            return self._paragraph(int(m.group(1)))
        if scope.last:
            letter = _LETTER.match(text)
            sub = _ROMAN_SUB.match(text)
            if sub and scope.letter and scope.letter != "h" and roman(sub.group(1)) == scope.item + 1:
                scope.item += 1
                return {**scope.keys, "paragraph": str(scope.last), "subparagraph": scope.letter,
                        "item": sub.group(1)}
            if sub and not scope.letter and roman(sub.group(1)) == scope.item + 1:
                scope.item += 1
                return {**scope.keys, "paragraph": str(scope.last), "subparagraph": sub.group(1)}
            if letter and letter.group(1) == next_letter(scope.letter):
                scope.letter, scope.item = letter.group(1), 0
                return {**scope.keys, "paragraph": str(scope.last), "subparagraph": scope.letter}
        m = _SECTION.match(text)
        if m and "...." not in text:  # "II. Our changed world": a heading between paragraphs
            return {**scope.keys, "section": m.group(1)}
        if scope.preamble is not None and not scope.last and _PREAMBLE_START.match(text) \
                and (scope.preamble == 0 or _CLAUSE_END.search(self.previous)):
            scope.preamble += 1
            return {**scope.keys, "preamble": str(scope.preamble)}
        return None

    def _paragraph(self, n: int) -> dict | None:
        for depth in range(len(self.scopes) - 1, -1, -1):  # the innermost numbering it continues
            scope = self.scopes[depth]
            expected = scope.last + 1
            if str(n) != str(expected) and str(expected).endswith(str(n)) and scope.last >= 9:
                n = expected  # "25." where the text lost the "1" of 125
            if expected <= n <= expected + MAX_SKIPPED:
                del self.scopes[depth + 1:]
                scope.last, scope.letter, scope.item, scope.preamble = n, "", 0, None
                return {**scope.keys, "paragraph": str(n)}
        return None


def anchors(document: Document, pages: list[tuple[int, str]]) -> list[tuple[int, int, dict]]:
    """(pdf page, offset in that page's text, locator) where each numbered unit of the document starts."""
    if document.kind == "law" or (document.language == "es" and document.kind not in ("resolution", "report")):
        reader = LawReader()
    elif document.kind in ("resolution", "report", "decision"):
        reader = _Reader()
    else:
        return []
    out = []
    for pdf_page, text in pages:
        footnotes = False
        for m in _LINE.finditer(text):
            line = m.group().strip()
            if _FOOTNOTE_RULE.match(line):  # the footnotes below the rule hold no paragraph
                footnotes = True
            if footnotes or not line:
                continue
            stripped = line.lstrip("*").strip()
            found = reader.line(stripped)
            if found is not None:
                out.append((pdf_page, m.start() + m.group().index(stripped[:1]), found))
            if isinstance(reader, _Reader) and re.search(r"[a-z]", line) and not FOOTNOTE_LINE.match(line):
                reader.previous = line  # the last line of text: not a running head ("23-25878 3/6") or a footnote
    return out


class Locators:
    """Looks up the locator at any point of any document of one index generation."""

    def __init__(self, documents: list[Document], pages: list[dict]) -> None:
        by_doc: dict[str, list[tuple[int, str]]] = {}
        self._text: dict[tuple[str, int], str] = {}
        for p in pages:
            by_doc.setdefault(p["doc_id"], []).append((p["index"], p["text"]))
            self._text[(p["doc_id"], p["index"])] = p["text"]
        self.language = {d.doc_id: d.language for d in documents}
        self._anchors: dict[str, list[tuple[int, int, dict]]] = {}
        self._keys: dict[str, list[tuple[int, int]]] = {}
        for d in documents:
            found = anchors(d, sorted(by_doc.get(d.doc_id, [])))
            if found:
                self._anchors[d.doc_id] = found
                self._keys[d.doc_id] = [(page, offset) for page, offset, _ in found]

    def at(self, doc_id: str, pdf_page: int, offset: int) -> dict | None:
        """The locator of the unit that holds this point of the page's text, or None."""
        keys = self._keys.get(doc_id)
        if not keys:
            return None
        i = bisect.bisect_right(keys, (pdf_page, offset)) - 1
        return dict(self._anchors[doc_id][i][2]) if i >= 0 and self._anchors[doc_id][i][2] else None

    def spanned(self, doc_id: str, pdf_page: int, start: int, end: int) -> list[dict]:
        """Every locator a stretch of one page touches, in order: the one it starts in, then each one
        that starts inside it."""
        keys = self._keys.get(doc_id)
        if not keys:
            return []
        first = self.at(doc_id, pdf_page, start)
        lo = bisect.bisect_right(keys, (pdf_page, start))
        hi = bisect.bisect_left(keys, (pdf_page, end))
        out = [first] if first else []
        out += [dict(a[2]) for a in self._anchors[doc_id][lo:hi] if a[2]]
        return out

    def find(self, doc_id: str, pdf_page: int, start: int, end: int, quote: str) -> tuple[int, int] | None:
        """Where a quote from the passage at [start, end) of a page stands in the page's text
        (whitespace may differ), or None."""
        text = self._text.get((doc_id, pdf_page))
        if text is None or not quote.split():
            return None
        pattern = r"\s+".join(re.escape(w) for w in quote.split())
        m = re.compile(pattern).search(text, max(0, start - 5), min(len(text), end + 5))
        return (m.start(), m.end()) if m else None

    def of_quote(self, doc_id: str, pdf_page: int, start: int, end: int, *quotes: str) -> dict | None:
        """The locator a quote of that passage begins in (the first of `quotes` found on the page)."""
        if doc_id not in self._keys:
            return None
        span = next(filter(None, (self.find(doc_id, pdf_page, start, end, q) for q in quotes)), None)
        return self.at(doc_id, pdf_page, span[0] if span else start)

    def text(self, doc_id: str, locator: dict | None) -> str:
        return locator_text(locator, self.language.get(doc_id, "en"))

    def all(self, doc_id: str) -> list[dict]:
        return [dict(a[2]) for a in self._anchors.get(doc_id, []) if a[2]]
