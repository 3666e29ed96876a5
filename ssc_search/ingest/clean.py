"""Cleaning learned per document: running headers and footers, printed page
numbers, line-end hyphenation, ligatures and odd whitespace.

Nothing here knows any document's wording: what repeats at the top or bottom
of a document's pages is noise for that document (`page_zones` finds it), and
which hyphenated words to re-join is decided by the words the document itself uses.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ..dates import MONTHS, MONTHS_EN
from .page_zones import page_number_candidates, repeated_lines, strip_page

SUSPENDED = {"and", "or", "to", "nor", "y", "o", "e", "u", "ni", "a"}  # "short- and long-term"

# a run of spaces of any kind, as one plain space: a single plain space is left as it is (it is one already),
# so that a page is not rebuilt once per word
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_BREAK = re.compile(r"-(?:\n| )(?=\w)")
MAX_WORD = 64  # longer runs of letters are no words: a break inside one is left alone
_WORD = re.compile(r"\w+(?:-\w+)*")


@dataclass
class CleanReport:
    headers_removed: int = 0
    page_numbers_found: int = 0
    words_rejoined: int = 0


# Markdown's strong emphasis printed as it was typed: "**PRIMERO.** El presente Decreto..." is "PRIMERO. ..."
_EMPHASIS = re.compile(r"\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*")


def normalize(text: str) -> str:
    """Ligatures, odd spaces and hyphen marks to plain forms; one line per line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # pdfium marks a line-end hyphen with U+FFFE and drops the line break; restore both.
    text = text.replace("\ufffe", "-\n").replace("\u00ad\n", "-\n").replace("\u00ad", "")
    text = text.replace("\u2010", "-").replace("\u2011", "-")
    text = unicodedata.normalize("NFKC", text)
    text = _SPACES.sub(" ", _EMPHASIS.sub(r"\1", text))  # neither pattern reaches over a line's end
    return "\n".join(line for line in map(str.strip, text.split("\n")) if line)


def printed_numbers(pages: list[list[str]]) -> dict[int, int]:
    """Map 0-based page index to its printed number, when a steady offset explains them.

    Returns {} when the pages print no numbers, or none that a single offset
    between PDF index and printed number accounts for.
    """
    votes: Counter[int] = Counter()
    per_page = []
    for i, lines in enumerate(pages):
        cands = set(page_number_candidates(lines))
        per_page.append(cands)
        votes.update({c - (i + 1) for c in cands})
    if not votes:
        return {}
    offset, support = votes.most_common(1)[0]
    numbered = sum(1 for c in per_page if c)
    if support < 2 and len(pages) > 1 or support < 0.5 * numbered:
        return {}
    return {i: i + 1 + offset for i in range(len(pages)) if i + 1 + offset >= 1}


def roman(n: int) -> str:
    out = []
    for value, numeral in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def page_labels(pdf_labels: list[str], pages: list[list[str]]) -> tuple[list[str], list[int]]:
    """Printed page label and number for each page.

    A PDF's own page labels win when they say more than "1..N"; otherwise the
    numbers the pages print (learned with `printed_numbers`); otherwise the index.
    Unnumbered front matter before printed page 1 is labelled i, ii, ...
    """
    n = len(pages)
    trivial = all(label in ("", str(i + 1)) for i, label in enumerate(pdf_labels))
    if pdf_labels and not trivial:
        labels = [label or str(i + 1) for i, label in enumerate(pdf_labels)]
        numbers = [int(label) if label.isdigit() else i + 1 for i, label in enumerate(labels)]
        return labels, numbers
    printed = printed_numbers(pages)
    labels, numbers = [], []
    for i in range(n):
        if printed and i in printed:
            labels.append(str(printed[i]))
            numbers.append(printed[i])
        elif printed:
            labels.append(roman(i + 1))
            numbers.append(i + 1)
        else:
            labels.append(str(i + 1))
            numbers.append(i + 1)
    return labels, numbers


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def hyphen_breaks(text: str) -> list[tuple[int, int, int, int]]:
    """(left start, hyphen, right start, right end) of each word broken by a hyphen and a line break
    (or the space a transcription left). Linear in the text: each break looks at most MAX_WORD
    characters either way, so a 40,000-letter "word" costs no more than a short one."""
    out, last = [], 0
    for m in _BREAK.finditer(text):
        i, k = m.start(), m.end()
        j = i
        while j > last and i - j <= MAX_WORD and _is_word(text[j - 1]):
            j -= 1
        end = k
        while end < len(text) and end - k <= MAX_WORD and _is_word(text[end]):
            end += 1
        if j == i or i - j > MAX_WORD or end - k > MAX_WORD:
            continue
        out.append((j, i, k, end))
        last = end
    return out


def vocabulary(texts: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        pieces, pos = [], 0
        for j, _, _, end in hyphen_breaks(text):  # broken words do not count: they are what is asked about
            pieces.append(text[pos:j])
            pos = end
        pieces.append(text[pos:])
        counts.update(map(str.lower, _WORD.findall(" ".join(pieces))))
    return counts


def join_hyphen(left: str, right: str, vocab: Counter[str]) -> str | None:
    """How to mend "left-" + break + "right": the joined word, the hyphenated one, or None to keep a space."""
    if right.lower() in SUSPENDED:
        return None
    joined, hyphened = left + right, f"{left}-{right}"
    if vocab[hyphened.lower()] > vocab[joined.lower()]:
        return hyphened
    if vocab[joined.lower()]:
        return joined
    if right[0].isupper() or right[0].isdigit() or left[-1].isdigit():
        return hyphened
    if vocab[left.lower()] and vocab[right.lower()]:  # two words of the document: "donor-country", "model-based"
        return hyphened
    return joined


def dehyphenate(text: str, vocab: Counter[str]) -> tuple[str, int]:
    """Re-join words split by a line-end hyphen; real hyphens stay. Returns (text, joins)."""
    joins, pieces, pos = 0, [], 0
    for j, i, k, end in hyphen_breaks(text):
        word = join_hyphen(text[j:i], text[k:end], vocab)
        if word is None:
            continue
        pieces.append(text[pos:j])
        pieces.append(word)
        pos = end
        joins += "-" not in word
    pieces.append(text[pos:])
    return "".join(pieces), joins


# a footnote: a line that starts with its number ("22 UNCTAD, Global Crisis ...", "4 TD/541/Add.2."), not a date's
# day ("17 December 2021,")
FOOTNOTE_LINE = re.compile(rf"^(\d{{1,3}})[ \t]+(?!(?:{MONTHS_EN})\b)[A-Z]", re.M)
# a year with a footnote's number glued to it by the text layer ("in 202222 –" is 2022 and footnote 22), where
# a year stands: after a month, after "in", "since", "by", "until", "from", "en", "desde"..., or in a range of years
_GLUED_YEAR = re.compile(r"((?:\b(?:in|since|by|until|from|and|to|en|desde|hasta|para|y|a)\s+|\b(?:" + MONTHS +
                         r")\s+(?:\d{1,2},?\s+)?|(?<=(?:19|20)\d\d)[–-])(?:19[5-9]|20[0-4])\d)(\d{1,2})(?!\w)(?![/.,-]\w)", re.I)


def unglued_years(text: str) -> str:
    """A year and the footnote marker glued to it set apart ("202222" -> "2022 22") where a year stands
    and the page has that footnote: the year reads as a year, and no one quotes "202222". Other numbers
    stay as printed ("No. 20378", "a total of 19854 participants", a job number "23-20100 (E)")."""
    notes = set(FOOTNOTE_LINE.findall(text))
    if not notes:
        return text
    return _GLUED_YEAR.sub(lambda m: f"{m.group(1)} {m.group(2)}" if m.group(2) in notes else m.group(), text)


def clean_pages(raw_pages: list[str], pdf_labels: list[str]) -> tuple[list[str], list[str], list[int], CleanReport]:
    """Clean one document's pages. Returns (texts, labels, numbers, report).

    Each returned text keeps its line breaks; a page that ends mid-word keeps its
    hyphen, since joining across a page break would move words between pages.
    """
    pages = [normalize(t).split("\n") if t.strip() else [] for t in raw_pages]
    pages = [[line for line in lines if line] for lines in pages]
    labels, numbers = page_labels(pdf_labels, pages)
    noise = repeated_lines(pages)
    report = CleanReport()
    texts = []
    for lines, label in zip(pages, labels):
        kept, removed = strip_page(lines, noise, label)
        report.headers_removed += removed
        texts.append("\n".join(kept))
    vocab = vocabulary(texts)
    out = []
    for text in texts:
        mended, joins = dehyphenate(text, vocab)
        report.words_rejoined += joins
        out.append(unglued_years(mended))
    return out, labels, numbers, report
