"""Where the catalogue's names come from: the curated `entities.toml` beside the PDFs, a gazetteer of
countries in English and Spanish, and the titled names of initiatives the documents print, merged
with the acronyms they define (`aliases.mine`) into one list of entries for `entities.Matcher`."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..analyze import fold
from ..ingest.catalog import read_toml

KINDS = ("agency", "partner", "initiative", "country")

_INITIATIVE_WORDS = (r"Programme|Program|Project|Fund|Platform|Strategy|Plan of Action|Agenda|Initiative|"
                     r"Agreement|Partnership|Compact|Framework Agreement|Network|Registry|Catalogue|System")
_PARTNER_WORDS = re.compile(
    r"\b(Ministry|Ministries|Secretar[ií]a|Institute|Instituto|Commission|Comisi[oó]n|Council|Consejo|Agency|"
    r"Agencia|Court|Tribunal|Observatory|Centre|Center|Government|College|University|Universidad|Board|"
    r"Judiciary|Bank|Office)\b")
_INITIATIVE_END = re.compile(rf"\b({_INITIATIVE_WORDS})\b")
_INITIATIVE = re.compile(_INITIATIVE_WORDS)
_TITLED = re.compile(
    rf"\b((?:[A-Z][\w'’-]+\s+){{1,5}}(?:{_INITIATIVE_WORDS})(?:\s+(?:for|on|of)\s+(?:the\s+)?"
    rf"(?:[A-Z][\w'’-]+\s*){{1,5}})?)")
_GENERIC = {"United", "Nations", "Development", "Food", "Trust", "Global", "National", "Regional", "International",
            "Joint", "Country", "Sustainable", "Common", "Data", "Cooperation", "Action"}
_GENERIC_START = {"The", "This", "These", "Its", "In", "A", "An", "Our", "Their", "Each", "Every", "Such", "Under",
                  "With", "Within", "Through", "By", "For", "Both", "All", "Any", "Since", "As", "From", "Of"}


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
    import pycountry

    spanish = _iso_spanish()
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
        if not _INITIATIVE.search(text):  # no initiative word: no titled name (a cheap test first)
            continue
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


_SPANISH_WORDS = {"de", "del", "la", "las", "los", "el", "para", "y", "en", "sobre"}
_ENGLISH_WORDS = {"of", "the", "for", "and", "on", "in"}


@lru_cache(maxsize=1)
def _iso_spanish():
    import gettext

    import pycountry

    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"], fallback=True)


def spanish_name(entity: dict) -> str | None:
    """The name a Spanish reader knows an entity by: a country's ISO name in Spanish ("República
    Dominicana"), or an alias written in Spanish ("Programa de las Naciones Unidas para el Desarrollo");
    None when there is none."""
    if entity["kind"] == "country":
        import pycountry

        for name in (entity["name"], *entity["aliases"]):
            try:
                country = pycountry.countries.lookup(name)
            except LookupError:
                continue
            spanish = _iso_spanish().gettext(country.name)  # "Costa Rica", not the official "República de ..."
            if "," not in spanish:
                return spanish
            # ISO's index form "Palestina, Estado de" is read "Estado de Palestina"; and "Bolivia, Estado
            # Plurinacional de" is Bolivia where the library calls it so
            short, rest = (part.strip() for part in spanish.split(",", 1))
            if fold(short) == fold(entity["name"]):
                return short
            # only an index form ends "... de": "Islas Vírgenes Británicas" has none to turn round
            return f"{rest} {short}" if re.search(r"\b(de|del|de la)$", rest) else spanish
        return None
    for alias in entity["aliases"]:
        words = set(fold(alias).split())
        if alias.isupper() or words & _ENGLISH_WORDS:
            continue
        if (len(words) >= 3 and words & _SPANISH_WORDS) or (len(words) >= 2 and words <= _spanish_words()):
            return alias  # "Programa Mundial de Alimentos"; "Banco Mundial", both its words Spanish
    return None


@lru_cache(maxsize=1)
def _spanish_words() -> frozenset[str]:
    """The Spanish words of the package's glossary that are not English words too ("banco", "mundial";
    not "plan")."""
    from .aliases import glossary_entries

    entries = glossary_entries()
    english = {fold(w) for _, targets in entries for t in targets for w in t.split()}
    return frozenset(fold(spanish) for spanish, _ in entries) - english
