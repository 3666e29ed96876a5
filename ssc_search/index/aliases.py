"""Acronyms and aliases: pairs mined from the corpus ("Mexican Agency for International
Development Cooperation (AMEXCID)", Spanish forms too) plus the editable `aliases.toml`
beside the PDFs for what text cannot teach (PNUD <-> UNDP)."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..analyze import Analyzer, fold
from ..ingest.catalog import read_toml, tomllib

EXPANSION_WEIGHT = 0.3  # an expansion weighs less than a word the user typed
NAME_EXPANSION_WEIGHT = 0.8  # ...but a name of several words is a translation, not a loose synonym
TRANSLATION_WEIGHT = 0.6  # a word's translation from the glossary (estadísticas -> statistics)
MAX_FORMS = 3

_CONNECT = r"(?:of|for|and|the|on|in|to|against|de|del|la|las|los|el|para|y|en|sobre|contra)"
_CAP = r"[A-ZÁÉÍÓÚÑ][\w'’-]*"
_DEFINITION = re.compile(
    rf"((?:{_CAP}|{_CONNECT})(?:[ \t]+(?:{_CAP}|{_CONNECT})){{1,14}})\s*\(\s*([A-Z][A-Za-z&/-]{{1,11}})\s*\)"
)
_DEFINED = re.compile(r"\(\s*[A-Z][A-Za-z&/-]{1,11}\s*\)")  # the end of a _DEFINITION, whatever the spaces
_ORDINALS = r"primero|segundo|tercero|cuarto|quinto|sexto|s[ée]ptimo|octavo|noveno|d[ée]cimo|[úu]nico"
_STRUCTURE = re.compile(rf"(?:Art[íi]culo|Article|Cap[íi]tulo|Chapter|T[íi]tulo|Secci[óo]n|Section)\s+"
                        rf"(?:\d+|[IVXL]+|(?:(?:d[ée]cimo|vig[ée]simo)\s+)?(?:{_ORDINALS}))\b\.?", re.I)
_LEADING = {"the", "la", "el", "los", "las", "of", "for", "and", "de", "del", "para", "y", "en", "a", "an",
            "on", "in", "to", "against", "sobre", "contra"}


def _spelled_exactly(words: list[str], acronym: str) -> list[str] | None:
    """The fewest last words whose initials, connectors aside, are the acronym's letters in order, or None."""
    target = [c for c in fold(acronym) if c.isalpha()]
    for start in range(len(words) - 1, -1, -1):
        if words[start].lower() in _LEADING:
            continue
        initials = [fold(w[0]) for w in words[start:] if w.lower() not in _LEADING]
        if initials == target:
            return words[start:]
        if len(initials) > len(target):
            return None
    return None


def _initials_fit(words: list[str], acronym: str) -> list[str]:
    """Drop leading words whose initial is not a letter of the acronym ("Report of the United Nations
    Development Programme (UNDP)" -> "United Nations Development Programme")."""
    exact = _spelled_exactly(words, acronym)
    if exact:  # "UN in Mexico and the United Nations Development Programme (UNDP)": the words that spell it
        return exact
    letters = set(fold(acronym).replace("-", "").replace("/", ""))
    m = _STRUCTURE.match(" ".join(words))  # "Artículo Segundo La Agencia ...": the article is no part of the name
    i = len(m.group().split()) if m else 0
    while i < len(words) and (words[i].lower() in _LEADING or fold(words[i][0]) not in letters):
        i += 1
    words = words[i:]
    # "Programme of the United Nations Population Fund (UNFPA)", "Director of the United Nations Development
    # Programme (UNDP)": the name after "of the" spells the same letters of the acronym without the word before
    spelled = lambda ws: {fold(w[0]) for w in ws if w.lower() not in _LEADING} & letters  # noqa: E731
    for j in range(1, len(words) - 2):
        if words[j].lower() in ("of", "de") and words[j + 1].lower() in ("the", "la", "los", "las") \
                and spelled(words[j + 2:]) == spelled(words):
            return words[j + 2:]
    return words


def mine(texts: Iterable[str]) -> dict[str, Counter]:
    """Acronym -> Counter of the long forms the texts define it with."""
    found: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        if not _DEFINED.search(text):  # no "(ACR)": nothing to find (a cheap test first)
            continue
        for m in _definitions(" ".join(text.split())):
            acronym = m.group(2)
            if sum(c.isupper() for c in acronym) < 2:
                continue
            words = m.group(1).split()
            while words and words[0].lower() in _LEADING:
                words = words[1:]
            words = words[-10:]
            fitted = _initials_fit(words, acronym)
            form = fitted if len(fitted) >= 2 else words
            while form and form[-1].lower() in _LEADING:
                form = form[:-1]
            if len(form) >= 2 and _spells_enough(form, acronym):
                found[acronym][" ".join(form)] += 1
    return found


def _definitions(text: str):
    """`_DEFINITION.finditer(text)`, found faster: each match ends with an "(ACR)" and its name is at
    most 15 words, so the pattern is only tried over the 16 words before each "(ACR)" (on a long text,
    trying it from every capitalised word was a tenth of a build's time)."""
    last = 0
    for paren in _DEFINED.finditer(text):
        if paren.start() < last:
            continue
        start = paren.start()
        for _ in range(16):  # the text is single-spaced: a word starts after each space
            start = text.rfind(" ", 0, start)
            if start < 0:
                break
        m = _DEFINITION.search(text, max(last, start, 0), paren.end())
        if m is not None:
            yield m
            last = m.end()


def _spells_enough(form: list[str], acronym: str) -> bool:
    """A form of two words spells two of the acronym's letters at least: "Paola García (UNDP)" names who
    works there, not what UNDP stands for (a longer form may translate it: "Ministry of the Interior (SEGOB)")."""
    if len(form) > 2:
        return True
    letters = set(fold(acronym).replace("-", "").replace("/", ""))
    spelled = {fold(w[0]) for w in form if w.lower() not in _LEADING} & letters
    return len(spelled) >= min(2, len(letters))


def load_alias_file(corpus_dir: Path | None) -> list[list[str]]:
    """Groups from the field's short forms shipped with the package (`data/short_forms.toml`), then
    the corpus folder's `aliases.toml` ([[alias]] terms = [...]) when there is one."""
    return _groups("short_forms.toml", _package_toml("short_forms.toml")) + \
        (_groups(*read_toml(corpus_dir, "aliases.toml")) if corpus_dir else [])


def _package_toml(name: str) -> dict:
    return tomllib.loads(resources.files("ssc_search.data").joinpath(name).read_text("utf-8"))


def _groups(path, data: dict) -> list[list[str]]:
    groups = []
    for i, entry in enumerate(data.get("alias", []), 1):
        terms = entry.get("terms")
        if not isinstance(terms, list) or len(terms) < 2 or not all(isinstance(t, str) for t in terms):
            raise ValueError(f"{path}: alias #{i} needs 'terms', a list of at least two strings")
        groups.append(terms)
    return groups


def alias_groups(mined: dict[str, Counter], curated: list[list[str]]) -> list[list[str]]:
    """Mined acronym groups (an acronym and its most frequent forms) followed by curated groups."""
    groups = []
    for acronym, forms in sorted(mined.items()):
        best = [f for f, _ in forms.most_common(MAX_FORMS)]
        groups.append([acronym, *best])
    return groups + [list(g) for g in curated]


@lru_cache(maxsize=1)
def glossary_entries() -> tuple[tuple[str, list[str]], ...]:
    """The package's Spanish-English glossary as written: (Spanish word, its English words) by line."""
    out = []
    for line in resources.files("ssc_search.data").joinpath("glossary_es_en.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        spanish, targets = line.split("\t", 1)
        out.append((spanish.strip(), [w.strip() for w in targets.split(",") if w.strip()]))
    return tuple(out)


def load_glossary(analyzer: Analyzer) -> dict[str, dict[str, list[tuple[str, list[str]]]]]:
    """Language -> stem -> (headword, words of the other language), from the Spanish-English glossary
    shipped with the package, both ways ("proyectos" finds "proyecto" -> project, "projects" finds
    "project" -> proyecto). Several headwords may share a stem ("cooperación", "cooperante"): the one
    closest to the word asked wins."""
    table: dict[str, dict[str, list[tuple[str, list[str]]]]] = {"es": defaultdict(list), "en": defaultdict(list)}
    english: dict[str, list[str]] = defaultdict(list)
    for spanish, targets in glossary_entries():
        if " " in spanish:
            continue  # phrases belong in aliases.toml
        for stem in analyzer.terms(spanish, "es")[:1]:
            table["es"][stem].append((fold(spanish), targets))
        for target in targets:
            english[target].append(spanish)
    for word, spanish in english.items():
        for stem in analyzer.terms(word, "en")[:1]:
            table["en"][stem].append((fold(word), spanish))
    return {lang: dict(t) for lang, t in table.items()}


def _closest(word: str, entries: list[tuple[str, list[str]]]) -> list[str]:
    def shared(head: str) -> int:
        n = 0
        while n < min(len(head), len(word)) and head[n] == word[n]:
            n += 1
        return n
    return max(entries, key=lambda e: (shared(e[0]), -abs(len(e[0]) - len(word))))[1]


class Expander:
    """Adds the other names of what a question names, and translations of its words, at a lower weight."""

    def __init__(self, groups: list[list[str]], analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.glossary = load_glossary(analyzer)
        self.groups = []
        self._acronyms: set[str] = set()  # members written in capitals match only words written so ("WHO", not "who")
        for group in groups:
            members = [(tuple(fold(w) for w, _ in analyzer.raw_tokens(m)), m) for m in group]
            self.groups.append([(toks, m) for toks, m in members if toks])
            self._acronyms.update(m for m in group if len(m) >= 2 and m.replace("-", "").replace("/", "").isupper())
        self._first: dict[str, list[int]] = defaultdict(list)
        for gi, members in enumerate(self.groups):
            for toks, _ in members:
                self._first[toks[0]].append(gi)

    def is_acronym(self, word: str) -> bool:
        """`word` is a short form some name of the library goes by, written in capitals ("UN", "AMEXCID")."""
        return word in self._acronyms

    def names_in(self, query: str) -> list[tuple[int, str]]:
        """(group index, member) for each alias the query contains as whole words."""
        raw = self.analyzer.raw_tokens(query)
        toks = [t for t, _ in raw]
        hits = []
        for i, tok in enumerate(toks):
            for gi in self._first.get(tok, ()):
                for member, text in self.groups[gi]:
                    if tuple(toks[i:i + len(member)]) == member and (text not in self._acronyms or raw[i][1]):
                        hits.append((gi, text))
        return hits

    def translations(self, word: str) -> list[str]:
        """Words of the other language for one word of a question (by its English or Spanish stem)."""
        out: list[str] = []
        folded = fold(word)
        for language in ("es", "en"):
            stems = list(self.analyzer.cached_terms(word, language)[:1])
            if language == "es" and folded != word.lower():  # "decidió": its stem as written finds "decidir"
                stems.append(fold(self.analyzer.written_stem(word, language)))
            for stem in dict.fromkeys(stems):
                entries = self.glossary[language].get(stem)
                if entries:
                    out.extend(w for w in _closest(folded, entries) if w not in out)
                    break
        parts = folded.split("-")
        if not out and len(parts) > 1 and all(parts):  # "Sur-Sur", "Norte-Sur": the compound of its parts' translations
            translated = [self.translations(part) for part in parts]
            if all(translated):
                out.append("-".join(t[0] for t in translated))
        return out

    def expand(self, query: str, terms: dict[str, float]) -> dict[str, float]:
        out = dict(terms)
        for token, _ in self.analyzer.raw_tokens(query):
            added = {}
            for other in self.translations(token):
                for term, weight in self.analyzer.cached_query_terms(other):
                    if term not in out:
                        added[term] = max(added.get(term, 0.0), min(weight, 1.0))
            # a word's translations share its weight rather than each adding a word's worth
            share = TRANSLATION_WEIGHT / max(1.0, len(added) / 2) ** 0.5
            for term, weight in added.items():
                out[term] = share * weight
        for gi, matched in self.names_in(query):
            share = NAME_EXPANSION_WEIGHT if len(matched.split()) > 1 else EXPANSION_WEIGHT
            for _, other in self.groups[gi]:
                if other == matched:
                    continue
                for term, weight in self.analyzer.cached_query_terms(other):
                    out[term] = max(out.get(term, 0.0), share * min(weight, 1.0))
        return out
