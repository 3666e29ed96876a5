"""The top and bottom zones of a document's pages, where its running headers, footers and printed
page numbers stand: the lines that recur there from page to page (each zone reaching further for
every such line found in it), the numbers printed there, and one page with both taken out."""
from __future__ import annotations

import re
from collections import Counter

ZONE = 3  # lines at the top and at the bottom of a page that may be header or footer
_DIGITS = re.compile(r"\d+")
_PAGE_ONLY = [
    re.compile(r"^[-–—]?\s*(\d{1,4})\s*[-–—]?$"),
    re.compile(r"^(\d{1,4})\s*/\s*\d{1,4}$"),
    re.compile(r"^(?:page|p\.|página|pág\.)\s*(\d{1,4})(?:\s*(?:of|de)\s*\d{1,4})?$", re.I),
    re.compile(r"^(\d{1,4})\s+(?:of|de)\s+\d{1,4}$", re.I),
]
_PAGE_IN_LINE = re.compile(r"(?<![\d/])(\d{1,4})\s*/\s*(\d{1,4})(?![\d/])")
_CODE = re.compile(r"\W*\d[\d\W]*")  # no letters, some digits: "19-06371", "2/11", "2/12 23-20100"


def _key(line: str) -> str:
    return _DIGITS.sub("#", line.lower())


def _zones(lines: list[str]) -> list[tuple[str, int]]:
    """("top", i) for the first ZONE lines and ("bottom", i) for the last ZONE lines."""
    n = len(lines)
    k = _zone_size(n)
    top = [("top", i) for i in range(min(k, n))]
    return top + [("bottom", i) for i in range(max(k, n - k), n)]


def _zone_size(n: int) -> int:
    """Lines of a page of `n` lines that may be header (or footer): a page of a few lines keeps most
    of them as body."""
    return min(ZONE, max(1, (n - 1) // 2))


def _reaching_zones(lines: list[str], noise: set) -> list[tuple[str, int]]:
    """The page's zones, each reaching one line further for every header line or page number found in
    it: a UN page's header runs to five lines (symbol, two lines of title, job number, "2/11")."""
    n = len(lines)
    out, taken = [], set()
    for zone, order in (("top", range(n)), ("bottom", range(n - 1, -1, -1))):
        reach = _zone_size(n)
        for count, i in enumerate(order):
            if count >= reach or i in taken:  # the bottom zone stops where the top one ended
                break
            out.append((zone, i))
            taken.add(i)
            if _is_noise(lines[i], zone, noise) or any(p.match(lines[i]) for p in _PAGE_ONLY):
                reach += 1
    return out


def _looks_like_body(line: str) -> bool:
    return len(line.split()) > 7 and line.rstrip()[-1:] in ".;:,"


def repeated_lines(pages: list[list[str]]) -> set[tuple[str, str]]:
    """(zone, line) pairs that recur at the top or bottom of several pages.

    A line recurs when it stands the same on two pages, or the same but for its
    numbers ("2/10 25-20753", "3/10 25-20753") on three; on two when it has no
    letters and counts the pages ("23-25878 3/6", "23-25878 5/6": the odd pages of a
    six-page resolution). A second look reaches past the header lines the first one
    found, for codes and numbers only ("19-06371" under a symbol and a title): words
    there may be the page's own.
    """
    noise: set = set()
    for second in (False, True):
        exact: Counter[tuple[str, str]] = Counter()
        shaped: Counter[tuple[str, str]] = Counter()
        counting: dict[tuple[str, str], set[tuple[int, int]]] = {}  # shapes of code lines that count the pages
        for lines in pages:
            zones = _reaching_zones(lines, noise) if second else _zones(lines)
            here = {(zone, lines[i]) for zone, i in zones if not _looks_like_body(lines[i])
                    and (not second or _CODE.fullmatch(lines[i]))}
            exact.update({(zone, line.lower()) for zone, line in here})
            shaped.update({(zone, _key(line)) for zone, line in here})
            for zone, line in here:
                page = _page_count(line)
                if page:
                    counting.setdefault((zone, _key(line)), set()).add(page)
        noise |= {("=",) + k for k, count in exact.items() if count >= 2}
        noise |= {("#",) + k for k, count in shaped.items()
                  if (count >= 3 or (count >= 2 and _counts_pages(counting.get(k, set()), count))) and k[1].strip("# ")}
    return noise


def _page_count(line: str) -> tuple[int, int] | None:
    """(n, m) of the "n/m" in a line of codes and numbers, n at most m: "23-25878 3/6" -> (3, 6)."""
    if not _CODE.fullmatch(line):
        return None
    return next(((int(m.group(1)), int(m.group(2))) for m in _PAGE_IN_LINE.finditer(line)
                 if int(m.group(1)) <= int(m.group(2))), None)


def _counts_pages(seen: set[tuple[int, int]], count: int) -> bool:
    """The lines of one shape count the pages of one document: one total, a page number each."""
    return len(seen) == count and len({m for _, m in seen}) == 1


def _is_noise(line: str, zone: str, noise: set) -> bool:
    return ("=", zone, line.lower()) in noise or ("#", zone, _key(line)) in noise


def page_number_candidates(lines: list[str]) -> list[int]:
    """Numbers printed in the page's top or bottom zone that could be its page number."""
    found = []
    for _, i in _zones(lines):
        line = lines[i]
        for pattern in _PAGE_ONLY:
            m = pattern.match(line)
            if m:
                found.append(int(m.group(1)))
                break
        else:
            for m in _PAGE_IN_LINE.finditer(line):
                if int(m.group(1)) <= int(m.group(2)):
                    found.append(int(m.group(1)))
    return found


def _is_page_number(line: str, label: str) -> bool:
    for pattern in _PAGE_ONLY:
        m = pattern.match(line)
        if m:
            return m.group(1) == label or not label.isdigit()
    return False


def strip_page(lines: list[str], noise: set, label: str) -> tuple[list[str], int]:
    """Drop header/footer lines and the printed page number from one page's zones (past the first
    ZONE lines, only codes and numbers: "19-06371", "2/11")."""
    zone = dict((i, z) for z, i in _zones(lines))
    reached = {i: z for z, i in _reaching_zones(lines, noise) if i not in zone and _CODE.fullmatch(lines[i])}
    kept, removed = [], 0
    for i, line in enumerate(lines):
        z = zone.get(i) or reached.get(i)
        if z and (_is_noise(line, z, noise) or _is_page_number(line, label)):
            removed += 1
            continue
        kept.append(line)
    return kept, removed
