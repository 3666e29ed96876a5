"""Finding names in text: a catalogue's aliases as one pattern, acronyms by their exact case and
names case- and accent-blind, each found as a whole word."""
from __future__ import annotations

import re

from ..analyze import fold


class Matcher:
    """Finds entity mentions in text: acronyms by their exact case, names case- and accent-blind."""

    def __init__(self, entries: list[dict]) -> None:
        exact, folded = {}, {}
        for i, entry in enumerate(entries):
            for alias in [entry["name"], *entry["aliases"]]:
                alias = alias.strip()
                if len(alias) < 2:
                    continue
                letters = [c for c in alias if c.isalpha()]
                if letters and all(c.isupper() for c in letters) and len(alias) <= 12:
                    exact.setdefault(alias, i)
                elif len(alias) >= 4:
                    folded.setdefault(fold(alias), i)
        self._exact = exact
        self._folded = folded
        self._exact_re = _alternation(exact, after_word=False)
        self._folded_re = _alternation(folded)

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, entry index) of each mention, longest first where they overlap."""
        return [(start, end, self.entry(alias)) for start, end, alias in self.aliases_in(text)]

    def aliases_in(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, alias) of each mention; an alias matched case-blind is given folded, after "~"."""
        spans = []
        if self._exact_re:
            spans += [(m.start(), m.end(), m.group()) for m in _at_word_starts(self._exact_re, text)]
        if self._folded_re:
            folded = fold(text)
            if len(folded) == len(text):
                spans += [(m.start(), m.end(), "~" + m.group()) for m in self._folded_re.finditer(folded)]
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        out, end = [], -1
        for s in spans:
            if s[0] >= end:
                out.append(s)
                end = s[1]
        return out

    def entry(self, alias: str) -> int:
        """The entry an alias of `aliases_in` stands for."""
        return self._folded[alias[1:]] if alias.startswith("~") else self._exact[alias]

    def table(self, entries: list[dict]) -> dict[str, str]:
        """Every alias (folded ones after "~") with the name and kind of its entry: what decides the
        mentions found in a text, whatever the entries' order."""
        def identity(i: int) -> str:
            return f"{entries[i]['kind']}:{entries[i]['name']}"
        return {**{a: identity(i) for a, i in self._exact.items()},
                **{"~" + a: identity(i) for a, i in self._folded.items()}}


def _alternation(table: dict[str, int], after_word: bool = True) -> re.Pattern | None:
    """The aliases of `table` as whole words; without `after_word`, the word before is not looked at
    (see `_at_word_starts`)."""
    if not table:
        return None
    return re.compile((_AFTER_WORD if after_word else "") + "(?:" + trie_pattern(table) + r")(?![\w]|-\w)")


_AFTER_WORD = r"(?<![\w-])"
_WORD_OR_HYPHEN = re.compile(r"[\w-]")


def _at_word_starts(pattern: re.Pattern, text: str):
    """`pattern`'s matches that do not follow a word character or a hyphen: what the pattern with
    `_AFTER_WORD` in front finds, found four times faster when its keys start with capitals (the
    engine skips to the next possible first letter, which a lookbehind in front stops it doing)."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        if m.start() and _WORD_OR_HYPHEN.match(text, m.start() - 1):
            pos = m.start() + 1
            continue
        yield m
        pos = max(m.end(), m.start() + 1)


def trie_pattern(keys) -> str:
    """A regex that matches exactly `keys`, factored as a trie so that the engine follows one path
    instead of trying every key at every position (thousands of names: seven times faster); a key
    is preferred over its own prefix, as in an alternation of the longest first."""
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}  # a key ends here

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)
