"""Sentences and passages.

Passages are sentence-aware windows of about 80-200 words that stay on one
page, so every passage cites exactly the printed page its words are on.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from ..model import Page, Passage
from .law_articles import DOF_DATES

MIN_WORDS, TARGET_WORDS, MAX_WORDS = 80, 150, 200
OVERLAP_WORDS = 40  # the last sentence of a window opens the next one when it is this short

# Tokens that end with a period without ending a sentence.
_ABBREV = {
    "no", "nos", "para", "paras", "art", "arts", "vol", "p", "pp", "e.g", "i.e", "etc", "mr", "mrs",
    "ms", "dr", "sr", "sra", "st", "fig", "figs", "chap", "cf", "op", "ibid", "inc", "co", "ltd", "jr",
    "núm", "fracc", "lic", "ing", "dra", "vs", "approx", "dept", "gen", "gob", "corp", "c.v", "s.a", "d.f",
}
_ROMAN = re.compile(r"[ivxlc]{1,6}")
_LAST_ITEM = {"y", "e", "o", "u", "and", "or"}  # "..., y 4. Gozar de buena reputación"
_NEXT = r"(?=[\"'“‘(\[¿¡]?[A-ZÁÉÍÓÚÑÜ0-9])"
_SENTENCE_END = re.compile(r"[.!?;](?:[\"'”’)\]]*)\s+" + _NEXT)
# ... and a Mexican law's note of an amendment ("Artículo reformado DOF 06-11-2020"): it ends the provision
# it notes, and what follows ("Artículo 38.- Se deroga.", "X. Ejercer ...") is the next one
_NOTE_END = re.compile(DOF_DATES + r"(\s+)" + _NEXT)
_HEADING = re.compile(
    r"^(?:(?i:chapter|cap[ií]tulo|t[ií]tulo|secci[oó]n|section|annex|anexo|part|parte|decision|decisi[oó]n)"
    r"\s+[\w./-]+|[IVXLC]+\.\s+[A-ZÁÉÍÓÚ]|\d+(?:\.\d+)*\.?\s+[A-ZÁÉÍÓÚ]|[A-H]\.\s+[A-Z])"
)
# A line ending in one of these runs on into the next: it is no heading.
_RUNS_ON = {"a", "an", "the", "of", "in", "on", "for", "and", "or", "to", "at", "by", "with", "from",
            "de", "del", "la", "el", "los", "las", "y", "en", "para", "por", "con", "que"}


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in `text` (line breaks count as spaces)."""
    spans, start = [], 0
    ends = [(m.start() + 1, m.end(), False) for m in _SENTENCE_END.finditer(text)]
    if "DOF " in text:
        ends = sorted(ends + [(m.start(1), m.end(1), True) for m in _NOTE_END.finditer(text)])
    for end, after, note in ends:
        if note:
            if text[start:end].strip():
                spans.append(_trim(text, start, end))
            start = after
            continue
        piece = text[start:end].split()
        last = piece[-1].rstrip(".").lower() if piece else ""
        # abbreviations, initials ("J. Smith", "A. Projects") and list numbers ("1. Expresses", a law's
        # fracción "IX. Proponer") end nothing
        if _item_number_after(piece, last):  # "se requiere: 1. Ser ...": the lead-in ends, its first item begins
            cut = text.rindex(piece[-1], start, end)
            spans.append(_trim(text, start, cut))
            start = cut
            continue
        if last in _ABBREV or (len(last) == 1 and last.isalpha()) or \
                (len(piece) == 1 and (last.isdigit() or _ROMAN.fullmatch(last))):
            continue
        if text[start:end].strip():
            spans.append(_trim(text, start, after))
        start = after
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _item_number_after(piece: list[str], last: str) -> bool:
    """The words end with a list's item number after its lead-in ("se requiere: 1.") or after the item
    before the last ("..., y 4."): the number opens the next sentence. An item is numbered 1 to 99 or in
    Roman numerals: "in 2018, 2019, and 2020." and "in 2012: 212." end sentences as ever."""
    if len(piece) < 2 or not (last.isdigit() and len(last) <= 2 or len(last) <= 4 and _ROMAN.fullmatch(last)):
        return False
    return piece[-2].endswith(":") or (len(piece) > 2 and piece[-2].lower() in _LAST_ITEM and piece[-3].endswith(","))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_heading(line: str) -> bool:
    """A short line that names a section: numbered, a chapter/article word, or in capitals."""
    words = line.split()
    if not words or len(words) > 12 or len(line) > 100 or line[-1] in ".,;:" or words[-1].lower() in _RUNS_ON:
        return False
    if _HEADING.match(line):
        return len(words) <= 10
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) > 0.8


_DATE = re.compile(r"^\[?\d{1,2}\s+\w+\s+\d{4}\]?$|^\w+\s+\d{1,2},?\s+\d{4}$")


def headings(text: str) -> list[tuple[int, str]]:
    """(offset, heading) for each heading line of a page.

    On a page of wrapped lines a heading is also short: a full-width line that
    merely starts with "12." is the first line of a numbered paragraph.
    """
    lines = text.split("\n")
    widths = sorted(len(line) for line in lines)
    short = widths[len(widths) // 2] * 0.75 if len(lines) >= 5 else float("inf")
    found, pos = [], 0
    for line in lines:
        line_s = line.strip()
        if len(line_s) <= short and is_heading(line_s) and not _DATE.match(line_s):
            found.append((pos, line_s))
        pos += len(line) + 1
    return found


def passage_id(doc_id: str, pdf_page: int, text: str) -> str:
    return hashlib.sha1(f"{doc_id}\x1f{pdf_page}\x1f{text}".encode()).hexdigest()[:16]


def _windows(spans: list[tuple[int, int]], words: list[int]) -> Iterator[tuple[int, int]]:
    """Group sentence indices [a, b) into windows of about TARGET_WORDS words."""
    n, a = len(spans), 0
    while a < n:
        b, count = a, 0
        while b < n:
            if b > a and (count >= TARGET_WORDS or count + words[b] > MAX_WORDS):
                break
            count += words[b]
            b += 1
        rest = sum(words[b:])
        if 0 < rest < MIN_WORDS / 2 and count + rest <= MAX_WORDS + MIN_WORDS / 2:
            b = n  # a short tail joins this window rather than stand alone
        yield a, b
        if b >= n:
            return
        a = b - 1 if b - a > 1 and words[b - 1] <= OVERLAP_WORDS else b


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a sentence longer than MAX_WORDS at word boundaries."""
    bounds = [m.start() + start for m in re.finditer(r"\S+", text[start:end])]
    out = []
    for i in range(0, len(bounds), TARGET_WORDS):
        s = bounds[i]
        e = bounds[i + TARGET_WORDS] if i + TARGET_WORDS < len(bounds) else end
        out.append(_trim(text, s, e))
    return out


# the rule a UN document draws above its footnotes: the page's body ends there
_FOOTNOTE_RULE = re.compile(r"(?m)^[ \t]*_{5,}[ \t]*$")


def _zone_windows(text: str) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
    """The windows of sentences of a page, body and footnotes apart: a passage never runs from a
    sentence the page break cut into the footnotes below it. Yields (a, b, spans): sentences a..b-1 of spans."""
    rule = _FOOTNOTE_RULE.search(text)
    zones = [(0, rule.start()), (rule.end(), len(text))] if rule else [(0, len(text))]
    for zs, ze in zones:
        spans, words = [], []  # sentences (long ones split) and their word counts
        for s, e in sentence_spans(text[zs:ze]):
            s, e = s + zs, e + zs
            n = len(text[s:e].split())
            if n > MAX_WORDS:
                parts = _split_long(text, s, e)
                spans += parts
                words += [len(text[a:b].split()) for a, b in parts]
            else:
                spans.append((s, e))
                words.append(n)
        for a, b in _windows(spans, words):
            yield a, b, spans


def chunk_page(page: Page, section: str | None = None) -> tuple[list[Passage], str | None]:
    """Passages of one page; `section` carries the heading in force from earlier pages."""
    text = page.text
    marks = headings(text)
    passages = []
    for a, b, spans in _zone_windows(text):
        start, end = spans[a][0], spans[b - 1][1]
        for offset, title in marks:
            if offset <= start:
                section = title
        body = " ".join(text[start:end].split())
        passages.append(Passage(
            id=passage_id(page.doc_id, page.index, body), doc_id=page.doc_id, page=page.number,
            page_label=page.label, pdf_page=page.index, section=section, start=start, end=end, text=body,
        ))
    if marks:
        section = marks[-1][1]
    return passages, section


def chunk_pages(pages: list[Page]) -> list[Passage]:
    out, section = [], None
    for page in pages:
        passages, section = chunk_page(page, section)
        out.extend(passages)
    seen: dict[str, int] = {}
    for p in out:  # the same words twice on one page still need two ids
        if p.id in seen:
            seen[p.id] += 1
            p.id = f"{p.id}-{seen[p.id]}"
        else:
            seen[p.id] = 0
    return out
