"""The catalogue of who does what: agencies, partners, initiatives and countries, with their
aliases, their mentions (passage, document, page) and their co-mentions as relations.

Built at index time from the corpus (acronym definitions, titled names, a country gazetteer in
English and Spanish) merged with the curated `entities.toml` beside the PDFs.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from .analyze import fold
from .catalog import read_toml, slug
from .errors import QueryError
from .i18n import _
from .model import Passage

KINDS = ("agency", "partner", "initiative", "country")
MAX_CITATIONS = 5

_INITIATIVE_WORDS = (r"Programme|Program|Project|Fund|Platform|Strategy|Plan of Action|Agenda|Initiative|"
                     r"Agreement|Partnership|Compact|Framework Agreement|Network|Registry|Catalogue|System")
_PARTNER_WORDS = re.compile(
    r"\b(Ministry|Ministries|Secretar[ií]a|Institute|Instituto|Commission|Comisi[oó]n|Council|Consejo|Agency|"
    r"Agencia|Court|Tribunal|Observatory|Centre|Center|Government|College|University|Universidad|Board|"
    r"Judiciary|Bank|Office)\b")
_INITIATIVE_END = re.compile(rf"\b({_INITIATIVE_WORDS})\b")
_TITLED = re.compile(
    rf"\b((?:[A-Z][\w'’-]+\s+){{1,5}}(?:{_INITIATIVE_WORDS})(?:\s+(?:for|on|of)\s+(?:the\s+)?"
    rf"(?:[A-Z][\w'’-]+\s*){{1,5}})?)")
_GENERIC = {"United", "Nations", "Development", "Food", "Trust", "Global", "National", "Regional", "International",
            "Joint", "Country", "Sustainable", "Common", "Data", "Cooperation", "Action"}
_GENERIC_START = {"The", "This", "These", "Its", "In", "A", "An", "Our", "Their", "Each", "Every", "Such", "Under",
                  "With", "Within", "Through", "By", "For", "Both", "All", "Any", "Since", "As", "From", "Of"}


@dataclass
class Entity:
    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def load_curated(corpus_dir: Path | None) -> list[dict]:
    path, data = read_toml(corpus_dir, "entities.toml")
    out = []
    for i, entry in enumerate(data.get("entity", []), 1):
        if entry.get("kind") not in KINDS or not entry.get("name"):
            raise ValueError(f"{path}: entity #{i} needs a name and a kind, one of {', '.join(KINDS)}")
        out.append({"name": entry["name"], "kind": entry["kind"], "aliases": list(entry.get("aliases", []))})
    return out


# Names in everyday use that ISO 3166 spells otherwise ("Russian Federation", "Türkiye", "Viet Nam").
COMMON_NAMES = {
    "RU": ["Russia", "Rusia"], "TR": ["Turkey", "Turquía"], "VN": ["Vietnam", "Viet Nam"],
    "US": ["United States", "USA", "Estados Unidos"], "GB": ["United Kingdom", "UK", "Reino Unido"],
    "KR": ["Republic of Korea", "South Korea", "Corea del Sur"], "KP": ["North Korea"], "IR": ["Iran"],
    "SY": ["Syria"], "LA": ["Laos"], "CZ": ["Czech Republic"], "CI": ["Ivory Coast", "Côte d’Ivoire"],
    "CV": ["Cape Verde"], "TZ": ["Tanzania", "United Republic of Tanzania"], "VE": ["Venezuela"],
    "BO": ["Bolivia"], "MD": ["Moldova"], "PS": ["Palestine", "State of Palestine"], "CD": ["DR Congo"],
}


@lru_cache(maxsize=1)
def countries() -> list[dict]:
    """Every ISO 3166 country with its English and Spanish names (pycountry's gazetteer)."""
    import gettext

    import pycountry

    spanish = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"], fallback=True)
    out = []
    own_names = {n.lower() for c in pycountry.countries for n in (c.name, getattr(c, "common_name", None)) if n}
    for c in pycountry.countries:
        names = [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None),
                 *COMMON_NAMES.get(c.alpha_2, [])]
        names.append(spanish.gettext(c.name))
        if getattr(c, "official_name", None):  # "Estados Unidos Mexicanos" is Mexico, not the United States
            names.append(spanish.gettext(c.official_name))
        aliases = []
        for name in names:
            if not name:
                continue
            aliases.append(name)
            short = name.split(",")[0]
            # "Korea, Republic of" -> "Korea"; not "Congo, The Democratic Republic of the" -> "Congo", another's name
            if "," in name and (short.lower() not in own_names or short.lower() in (c.name.lower(),)):
                aliases.append(short)
        seen, unique = set(), []
        for a in aliases:
            if a.lower() not in seen:
                seen.add(a.lower())
                unique.append(a)
        out.append({"name": unique[0], "kind": "country", "aliases": unique[1:]})
    return out


def classify(name: str) -> str | None:
    """The kind of an organisation or initiative from its name, or None when it names neither."""
    if re.search(rf"\b({_INITIATIVE_WORDS})\s+(on|for|of)\s", name) and not _PARTNER_WORDS.search(name) \
            and not re.search(r"\b(Fund|Programme)\s+for\b", name):
        return "initiative"  # "United Nations System-wide Strategy on South-South Cooperation"
    if re.search(r"\b(United Nations|Naciones Unidas)\b", name) and not _INITIATIVE_END.search(name.split()[-1]):
        return "agency"
    last = name.split()[-1] if name.split() else ""
    if _INITIATIVE_END.search(last) or re.search(r"\b(Fund|Programme|Program|Project|System|Agreement)\b", name) \
            and not _PARTNER_WORDS.search(name.split()[0]):
        return "initiative"
    if _PARTNER_WORDS.search(name):
        return "partner"
    return None


_CONTINUES = re.compile(r"(?:,\s+|\s+(?:and|or|of|on|for|in)\s+(?:the\s+)?)[A-Z0-9]")
_ROMAN_START = re.compile(r"^[IVX]{1,6}$")


def _cut_or_joined(text: str, m: re.Match) -> bool:
    """A titled name that the text goes on ("Global Compact for Safe, Orderly and Regular Migration"),
    that runs over a line break from a heading or a list ("Directory\nUnited Nations ..."), or that is
    glued to another name ("Standardization-United Nations ...", "Partnership for Development The UN")."""
    name = m.group(1).rstrip()
    if _CONTINUES.match(text, m.start(1) + len(name)) or re.search(r"\w-United\b|\s(The|El|La)\s", name):
        return True
    if "\n" in name:  # a name wrapped over two lines is fine; a heading or list line glued to the next is not
        start, end = m.start(1), m.start(1) + len(name)
        first_line_whole = start == 0 or text[start - 1] == "\n"
        last_line_whole = end == len(text) or text[end] == "\n"
        return first_line_whole and name.index("\n") < 25 or last_line_whole
    return False


def titled_initiatives(texts: Iterable[str]) -> Counter:
    """Titled names of programmes, funds, agreements...: "Regional Teachers Strategy"."""
    found: Counter = Counter()
    for text in texts:
        text = re.sub(r"[ \t]+", " ", text)
        for m in _TITLED.finditer(text):
            if _cut_or_joined(text, m):
                continue
            words = m.group(1).split()
            while words and (words[0] in _GENERIC_START or _ROMAN_START.match(words[0])):
                words = words[1:]
            named = [w for w in words if not _INITIATIVE_END.fullmatch(w)]
            if len(words) >= 2 and not all(w.isupper() for w in words) and not all(w in _GENERIC for w in named):
                found[" ".join(words)] += 1
    return found


def _pretty(name: str) -> str:
    """Title case for names the documents print in capitals."""
    if name.isupper() and len(name.split()) > 1:
        small = {"for", "of", "and", "the", "on", "in", "de", "del", "la", "y", "para", "el"}
        return " ".join(w.lower() if w.lower() in small and i else w.capitalize() for i, w in enumerate(name.split()))
    return name


def merge_sources(curated: list[dict], acronyms: dict[str, Counter], titled: Counter) -> list[dict]:
    """Curated entities first; mined acronyms and titled names join them or stand alone."""
    entries = [dict(e, aliases=list(e["aliases"])) for e in curated]
    by_alias = {fold(a): e for e in entries for a in [e["name"], *e["aliases"]]}
    for acronym, forms in sorted(acronyms.items()):
        names = [_pretty(f) for f, _ in forms.most_common(3)]
        known = next((by_alias[fold(x)] for x in [acronym, *names] if fold(x) in by_alias), None)
        if known is not None:
            for x in [acronym, *names]:
                if fold(x) not in by_alias:
                    known["aliases"].append(x)
                    by_alias[fold(x)] = known
            continue
        kind = classify(names[0])
        if kind is None or acronym in ("UN", "ONU"):
            continue
        entry = {"name": names[0], "kind": kind, "aliases": [acronym, *names[1:]]}
        entries.append(entry)
        for x in [acronym, *names]:
            by_alias.setdefault(fold(x), entry)
    for name, _count in titled.most_common():
        if fold(name) in by_alias or len(name) < 8 or _glued_to_a_known_name(name, by_alias):
            continue
        entry = {"name": name, "kind": "initiative", "aliases": []}
        entries.append(entry)
        by_alias[fold(name)] = entry
    return entries


_LINKS = {"of", "for", "on", "the", "de", "del", "la", "para", "and", "y"}


def _glued_to_a_known_name(name: str, known: dict) -> bool:
    """"Directory United Nations Development Programme": a known name with words in front that do not
    lead into it ("Programme of the United Nations Population Fund" does)."""
    words = name.split()
    for k in range(1, len(words) - 1):
        if fold(" ".join(words[k:])) in known and words[k - 1].lower() not in _LINKS:
            return True
    return False


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
        self._exact_re = _alternation(exact)
        self._folded_re = _alternation(folded)

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, entry index) of each mention, longest first where they overlap."""
        spans = []
        if self._exact_re:
            spans += [(m.start(), m.end(), self._exact[m.group()]) for m in self._exact_re.finditer(text)]
        if self._folded_re:
            folded = fold(text)
            if len(folded) == len(text):
                spans += [(m.start(), m.end(), self._folded[m.group()]) for m in self._folded_re.finditer(folded)]
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        out, end = [], -1
        for s in spans:
            if s[0] >= end:
                out.append(s)
                end = s[1]
        return out


def _alternation(table: dict[str, int]) -> re.Pattern | None:
    if not table:
        return None
    return re.compile(r"(?<![\w-])(?:" + trie_pattern(table) + r")(?![\w]|-\w)")


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


def build_catalogue(passages: list[Passage], corpus_dir: Path | None, acronyms: dict[str, Counter],
                    titled: Counter | None = None) -> dict:
    """The catalogue as plain data: entities with mentions, relations with citations. `titled` is
    `titled_initiatives` of the passages' texts, when the caller has counted it already."""
    if titled is None:
        titled = titled_initiatives(p.text for p in passages)
    entries = merge_sources(load_curated(corpus_dir) + countries(), acronyms, titled)
    matcher = Matcher(entries)
    mentions: dict[int, list[dict]] = defaultdict(list)
    pairs: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for p in passages:
        cite = {"passage_id": p.id, "doc_id": p.doc_id, "page": p.page, "page_label": p.page_label}
        found = sorted({i for _, _, i in matcher.find(p.text)})
        for i in found:
            mentions[i].append(cite)
        for a in found:
            for b in found:
                if a < b and entries[a]["kind"] != entries[b]["kind"]:
                    pairs[(a, b)].append(cite)
    entities, ids = [], {}
    for i, entry in enumerate(entries):
        if not mentions.get(i):
            continue
        eid = slug(entry["name"])[:100].strip("-")  # ids stay within the API's MAX_ID_CHARS
        while eid in ids.values():
            eid += "-2"
        ids[i] = eid
        aliases = list(dict.fromkeys(a for a in entry["aliases"] if a != entry["name"]))
        entities.append(Entity(eid, entry["name"], entry["kind"], aliases, mentions[i]).to_dict())
    relations = [{"a": ids[a], "b": ids[b], "count": len(c), "citations": c[:MAX_CITATIONS]}
                 for (a, b), c in sorted(pairs.items(), key=lambda kv: -len(kv[1])) if a in ids and b in ids]
    return {"entities": entities, "relations": relations}


class Catalogue:
    """The catalogue of one index generation, with a matcher for finding its entities in text."""

    def __init__(self, data: dict) -> None:
        self.entities: list[dict] = data.get("entities", [])
        self.relations: list[dict] = data.get("relations", [])
        self.by_id = {e["id"]: i for i, e in enumerate(self.entities)}
        self.matcher = Matcher(self.entities)
        # answers read the same passages question after question
        self._mentioned = lru_cache(maxsize=50_000)(self._find_mentioned)

    def _find_mentioned(self, text: str) -> tuple[int, ...]:
        return tuple(dict.fromkeys(i for _, _, i in self.matcher.find(text)))

    def mentioned(self, text: str) -> list[int]:
        """Indices of the entities `text` names, in order of first mention."""
        return list(self._mentioned(text))

    def kind(self, i: int) -> str:
        return self.entities[i]["kind"]

    def acronym(self, i: int) -> str | None:
        e = self.entities[i]
        return next((a for a in e["aliases"] if a.replace("-", "").replace("/", "").isupper()
                     and len(a) <= 10 and a not in e["name"]), None)

    def label(self, i: int) -> str:
        """"Full name (ACRONYM)" as a reader recognises it."""
        acronym = self.acronym(i)
        name = self.entities[i]["name"]
        return f"{name} ({acronym})" if acronym else name

    def summary(self, i: int) -> dict:
        e = self.entities[i]
        return {"id": e["id"], "name": e["name"], "kind": e["kind"]}

    def list(self, kind: str | None = None) -> list[dict]:
        if kind is not None and kind not in KINDS:
            raise QueryError(_("unknown kind {kind!r}; choose one of {kinds}", kind=kind, kinds=", ".join(KINDS)))
        return [e for e in self.entities if kind is None or e["kind"] == kind]

    def get(self, entity_id: str) -> dict | None:
        i = self.by_id.get(entity_id)
        return self.entities[i] if i is not None else None

    def relations_of(self, entity_id: str) -> list[dict]:
        out = []
        for r in self.relations:
            if entity_id in (r["a"], r["b"]):
                other = r["b"] if r["a"] == entity_id else r["a"]
                j = self.by_id.get(other)
                if j is not None:
                    out.append({"entity": self.summary(j), "count": r["count"], "citations": r["citations"]})
        return out
