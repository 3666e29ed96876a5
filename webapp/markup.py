"""How text is marked up for the pages: highlighted and linked stretches, a PDF page's lines
reflowed into paragraphs, document symbols as links, an answer's citations and exact answer."""
from __future__ import annotations

import re

from flask import url_for

from ssc_search.index import symbols


def marked(text: str, spans: list[list[int]], links: list[tuple[int, int, str]] | None = None
           ) -> list[tuple[str, bool, str | None]]:
    """Text cut into (piece, highlighted, link) segments; the template escapes every piece. `links`
    are (start, end, href) stretches, such as the document symbols in the text."""
    cuts = {0, len(text)}
    kept, pos = [], 0
    for start, end in sorted(spans):
        if start >= pos:
            kept.append((start, end))
            cuts |= {start, end}
            pos = end
    for start, end, _href in links or []:
        cuts |= {start, end}
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    out = []
    for a, b in zip(bounds, bounds[1:]):
        href = next((h for s, e, h in links or [] if s <= a and b <= e), None)
        out.append((text[a:b], any(s <= a and b <= e for s, e in kept), href))
    return [o for o in out if o[0]]


_BREAK = re.compile(r"(?<=[.:;!?”\"])\n(?=[A-Z0-9(“\"•¿¡])|\n(?=(?:\d{1,3}\.|\([a-z]{1,3}\)|[IVX]{1,6}\.|[a-z]\))\s)")


def reflowed(text: str) -> str:
    """The PDF's line breaks as spaces, except where a paragraph, a numbered paragraph or an item
    begins. Same length as `text`, so offsets into it (the cited sentence) still hold."""
    keep = {m.start() for m in _BREAK.finditer(text)}
    lines = text.split("\n")
    lengths = sorted(len(line) for line in lines)
    short = 0.75 * lengths[int(0.8 * (len(lengths) - 1))] if lengths else 0  # of a full line
    out, pos = [], 0
    for n, line in enumerate(lines):
        out.append(line)
        pos += len(line)
        if n < len(lines) - 1:
            # a line much shorter than most (a heading, a paragraph's last line) keeps its break too
            out.append("\n" if pos in keep or len(line.strip()) < short else " ")
            pos += 1
    return "".join(out)


def symbol_links(snap, text: str) -> list[tuple[int, int, str]]:
    """Each UN document symbol in the text, linked to the document when the library holds it and to its
    public record otherwise."""
    out = []
    for start, end, symbol in symbols.find(text):
        doc_id = snap.searcher.symbols.document(symbol)
        href = url_for("pages.page", doc_id=doc_id, label="1") if doc_id else symbols.public_record(symbol)
        out.append((start, end, href))
    return out


def answer_parts(answer: str, spans: list[list[int]] | None = None) -> list[tuple[str, int | None, bool]]:
    """The answer as (text, citation number or None, is the exact answer) pieces: [n] become links and
    the answer spans (the number, date or names asked for) bold."""
    cuts = {0, len(answer)}
    for a, b in spans or []:
        cuts |= {a, b}
    for m in re.finditer(r"\[(\d+)\]", answer):
        cuts |= {m.start(), m.end()}
    bounds = sorted(c for c in cuts if 0 <= c <= len(answer))
    parts = []
    for a, b in zip(bounds, bounds[1:]):
        piece = answer[a:b]
        cite = re.fullmatch(r"\[(\d+)\]", piece)
        strong = any(x <= a and b <= y for x, y in spans or [])
        parts.append((piece, int(cite.group(1)) if cite else None, strong))
    return [p for p in parts if p[0]]
