"""The catalogue of who does what: agencies, partners, initiatives and countries, with their
aliases, their mentions (passage, document, page) and their co-mentions as relations.

Built at index time from the corpus (acronym definitions, titled names, a country gazetteer in
English and Spanish) merged with the curated `entities.toml` beside the PDFs.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..analyze import fold
from ..errors import QueryError
from ..i18n import _
from ..i18n import current as current_language
from ..ingest.catalog import slug
from ..model import Passage
from .entity_sources import (
    KINDS,
    countries,
    load_curated,
    merge_sources,
    spanish_name,
    titled_initiatives,
)
from .matcher import Matcher

MAX_CITATIONS = 5

@dataclass
class Entity:
    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind, "aliases": list(self.aliases),
                "mentions": [dict(m) for m in self.mentions]}  # plain values: asdict's deep copy is slow


def build_catalogue(passages: list[Passage], corpus_dir: Path | None, acronyms: dict[str, Counter],
                    titled: Counter | None = None, found_in=None) -> dict:
    """The catalogue as plain data: entities with mentions, relations with citations. `titled` is
    `titled_initiatives` of the passages' texts, when the caller has counted it already;
    `found_in(entries, matcher)` gives each passage's found entries (the sorted indices of
    `matcher.find`), when the caller keeps them from an earlier build."""
    if titled is None:
        titled = titled_initiatives(p.text for p in passages)
    entries = merge_sources(load_curated(corpus_dir) + countries(), acronyms, titled)
    matcher = Matcher(entries)

    def find(p: Passage) -> list[int]:
        return sorted({i for _, _, i in matcher.find(p.text)})

    mentions: dict[int, list[dict]] = defaultdict(list)
    pairs: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for p, found in zip(passages, found_in(entries, matcher) if found_in else map(find, passages)):
        cite = {"passage_id": p.id, "doc_id": p.doc_id, "page": p.page, "page_label": p.page_label}
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


OWN_COUNTRY_MENTIONS, OWN_COUNTRY_LEAD = 5, 3


def _spelled_by(name: str, aliases: list[str]) -> str | None:
    """The longest acronym among `aliases` whose letters the initials of `name`'s words spell in order
    ("Comisión Económica para América Latina y el Caribe": CEPAL; "... para el Desarrollo": PNUD)."""
    initials = fold("".join(w[0] for w in name.split()))

    def spells(acronym: str) -> bool:
        rest = iter(initials)
        return all(c in rest for c in fold(acronym))  # a subsequence

    found = [a for a in aliases if a.isupper() and a.isalpha() and len(a) > 1 and spells(a)]
    return max(found, key=len, default=None)


class Catalogue:
    """The catalogue of one index generation, with a matcher for finding its entities in text."""

    def __init__(self, data: dict) -> None:
        self.entities: list[dict] = data.get("entities", [])
        self.relations: list[dict] = data.get("relations", [])
        self.by_id = {e["id"]: i for i, e in enumerate(self.entities)}
        self._names: dict[str, int] | None = None  # an entity's names and aliases, folded, when one entity has them
        self.matcher = Matcher(self.entities)
        # answers read the same passages question after question
        self._mentioned = lru_cache(maxsize=50_000)(self._find_mentioned)
        self._own: dict[str, int] | None = None
        self._spanish: dict[int, str | None] = {}
        self._adjectives: dict[str, int] | None = None

    def _find_mentioned(self, text: str) -> tuple[int, ...]:
        return tuple(dict.fromkeys(i for _, _, i in self.matcher.find(text)))

    def mentioned(self, text: str) -> list[int]:
        """Indices of the entities `text` names, in order of first mention."""
        return list(self._mentioned(text))

    def kind(self, i: int) -> str:
        return self.entities[i]["kind"]

    def named_as_people(self, text: str) -> set[int]:
        """The countries `text` names by their people's adjective: "Mexican", "mexicanas", "Brazilian"."""
        if self._adjectives is None:  # built whole, then published: threads share the catalogue
            table: dict[str, int] = {}
            countries = [(fold(e["name"]), i) for i, e in enumerate(self.entities) if e["kind"] == "country"]
            for name, i in sorted(countries, key=lambda c: -len(c[0])):  # "Nigerian" is Nigeria's, not Niger's
                if name.isalpha() and len(name) >= 4:
                    stem = name[:-1] if name[-1] in "aeiou" else name
                    for ending in ("n", "an", "ian", "vian", "ese", "i", "ano", "ana", "anos", "anas", "iano", "iana"):
                        table.setdefault(stem + ending, i)
                        table.setdefault(name + ending, i)
            self._adjectives = table
        return {self._adjectives[w] for w in re.findall(r"\w+", fold(text)) if w in self._adjectives}

    def own_country(self, doc_id: str) -> int | None:
        """The country a document is about: named in at least OWN_COUNTRY_MENTIONS of its passages and in
        OWN_COUNTRY_LEAD times as many as any other country (Mexico, for Mexico's cooperation law)."""
        if self._own is None:  # built whole, then published: threads share the catalogue
            counts: dict[str, Counter] = {}
            for i, e in enumerate(self.entities):
                if e["kind"] == "country":
                    for m in e["mentions"]:
                        counts.setdefault(m["doc_id"], Counter())[i] += 1
            own = {}
            for doc, c in counts.items():
                (top, n), *rest = c.most_common(2) + [(None, 0)]
                if n >= OWN_COUNTRY_MENTIONS and n >= OWN_COUNTRY_LEAD * rest[0][1]:
                    own[doc] = top
            self._own = own
        return self._own.get(doc_id)

    def acronym(self, i: int) -> str | None:
        e = self.entities[i]
        return next((a for a in e["aliases"] if a.replace("-", "").replace("/", "").isupper()
                     and len(a) <= 10 and a not in e["name"]), None)

    def name(self, i: int, language: str | None = None) -> str:
        """The entity's name in `language` (the messages' language when None): its Spanish name for a
        Spanish reader when it has one ("México", "Programa de las Naciones Unidas para el Desarrollo")."""
        if (language or current_language()) != "es":
            return self.entities[i]["name"]
        if i not in self._spanish:
            self._spanish[i] = spanish_name(self.entities[i])
        return self._spanish[i] or self.entities[i]["name"]

    def label(self, i: int, language: str | None = None) -> str:
        """"Full name (ACRONYM)" as a reader recognises it, in `language` as `name` is."""
        name, acronym = self.label_parts(i, language)
        return f"{name} ({acronym})" if acronym else name

    def label_parts(self, i: int, language: str | None = None) -> tuple[str, str | None]:
        """The name and acronym a label shows (a Spanish name the acronym its initials spell: PNUD)."""
        name = self.name(i, language)
        acronym = _spelled_by(name, self.entities[i]["aliases"]) if name != self.entities[i]["name"] else None
        return name, acronym or self.acronym(i)

    def summary(self, i: int) -> dict:
        """Id, name and kind, and `label`: the name as a reader of the messages' language knows it."""
        e = self.entities[i]
        return {"id": e["id"], "name": e["name"], "kind": e["kind"], "label": self.label(i)}

    def labelled(self, entity: dict) -> dict:
        """The entity's record with its `label` in the messages' language."""
        return {**entity, "label": self.label(self.by_id[entity["id"]]) if entity["id"] in self.by_id else entity["name"]}

    def list(self, kind: str | None = None) -> list[dict]:
        if kind is not None and kind not in KINDS:
            raise QueryError(_("unknown kind {kind!r}; choose one of {kinds}", kind=kind, kinds=", ".join(KINDS)))
        return [e for e in self.entities if kind is None or e["kind"] == kind]

    def get(self, entity_id: str) -> dict | None:
        """The entity of this id, or else the one entity of this name or alias ("undp", "PNUD")."""
        i = self.by_id.get(entity_id)
        if i is None:
            i = self._by_name().get(fold(entity_id))
        return self.entities[i] if i is not None else None

    def _by_name(self) -> dict[str, int]:
        if self._names is None:
            names: dict[str, set[int]] = {}
            for i, e in enumerate(self.entities):
                for name in (e["name"], *e["aliases"]):
                    names.setdefault(fold(name), set()).add(i)
            self._names = {name: next(iter(ids)) for name, ids in names.items() if len(ids) == 1}  # one entity only
        return self._names

    def relations_of(self, entity_id: str) -> list[dict]:
        out = []
        for r in self.relations:
            if entity_id in (r["a"], r["b"]):
                other = r["b"] if r["a"] == entity_id else r["a"]
                j = self.by_id.get(other)
                if j is not None:
                    out.append({"entity": self.summary(j), "count": r["count"], "citations": r["citations"]})
        return out
