"""Citations and search results as references: BibTeX, RIS, CSL-JSON and CSV, each entry with the
document's symbol or title, issuer, year, printed page and locator (paragraph, article), and the
address of the cited page. Also the short form a reader pastes: "A/RES/78/167, para. 25 (p. 6)"."""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass

from ..errors import QueryError
from ..i18n import _
from ..index.symbols import of_title
from ..model import Document

FORMATS = {  # name: (media type, file extension)
    "bibtex": ("application/x-bibtex", "bib"),
    "ris": ("application/x-research-info-systems", "ris"),
    "csljson": ("application/vnd.citationstyles.csl+json", "json"),
    "csv": ("text/csv", "csv"),
}
_BIBTEX_TYPES = {"report": "techreport", "publication": "book"}
_RIS_TYPES = {"law": "STAT", "resolution": "GOVDOC", "report": "RPRT", "publication": "BOOK"}
_CSL_TYPES = {"law": "legislation", "resolution": "legislation", "report": "report", "publication": "book"}


@dataclass
class Reference:
    key: str
    title: str
    symbol: str | None
    issuer: str
    year: int | None
    language: str
    kind: str
    page: str  # the printed page label
    locator: str  # "para. 25", "art. 10, fracc. III", or ""
    url: str
    quote: str

    def cite_as(self) -> str:
        """"A/RES/78/167, para. 25 (p. 6)", or "Title, p. 6" when there is no symbol or locator."""
        name = self.symbol or self.title
        return f"{name}, {self.locator} (p. {self.page})" if self.locator else f"{name}, p. {self.page}"


def reference(doc: Document, page_label: str, locator: str | None, url: str, quote: str = "") -> Reference:
    symbol = of_title(doc.title)
    key = re.sub(r"[^A-Za-z0-9]+", "_", f"{symbol or doc.doc_id} p{page_label} {locator or ''}").strip("_")
    return Reference(key, doc.title, symbol, doc.issuer, doc.year, doc.language, doc.kind, page_label,
                     locator or "", url, quote)


def unique(refs: list[Reference]) -> list[Reference]:
    """One entry per key (two citations of one paragraph are one reference)."""
    seen, out = set(), []
    for r in refs:
        if r.key not in seen:
            seen.add(r.key)
            out.append(r)
    return out


def _bib(value: str) -> str:
    return re.sub(r"([{}&%$#_\\])", r"\\\1", value)


def bibtex(refs: list[Reference]) -> str:
    out = []
    for r in unique(refs):
        fields = [("title", _bib(r.title)), ("author", "{" + _bib(r.issuer) + "}" if r.issuer else ""),
                  ("year", str(r.year or "")), ("number", _bib(r.symbol or "")), ("pages", _bib(r.page)),
                  ("note", _bib(r.locator)), ("language", r.language), ("url", r.url)]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        out.append(f"@{_BIBTEX_TYPES.get(r.kind, 'misc')}{{{r.key},\n{body}\n}}\n")
    return "\n".join(out)


def ris(refs: list[Reference]) -> str:
    out = []
    for r in unique(refs):
        lines = [("TY", _RIS_TYPES.get(r.kind, "GEN")), ("ID", r.key), ("TI", r.title), ("AU", r.issuer),
                 ("PY", str(r.year or "")), ("SP", r.page), ("M1", r.symbol or ""), ("N1", r.locator),
                 ("LA", r.language), ("UR", r.url)]
        out.extend(f"{tag}  - {value}" for tag, value in lines if value)
        out.append("ER  - ")
        out.append("")
    return "\n".join(out)


def csl_json(refs: list[Reference]) -> str:
    items = []
    for r in unique(refs):
        item = {"id": r.key, "type": _CSL_TYPES.get(r.kind, "document"), "title": r.title,
                "page": r.page, "language": r.language, "URL": r.url}
        if r.issuer:
            item["author"] = [{"literal": r.issuer}]
        if r.year:
            item["issued"] = {"date-parts": [[r.year]]}
        if r.symbol:
            item["number"] = r.symbol
        if r.locator:
            item["note"] = r.locator
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)


def csv_text(refs: list[Reference]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    names = ["cite_as", *asdict(refs[0]).keys()] if refs else ["cite_as", *Reference.__dataclass_fields__]
    writer.writerow(names)
    for r in refs:
        writer.writerow([r.cite_as(), *asdict(r).values()])
    return buffer.getvalue()


def render(fmt: str, refs: list[Reference]) -> str:
    """The references in one of FORMATS; QueryError names the formats for any other."""
    writers = {"bibtex": bibtex, "ris": ris, "csljson": csl_json, "csv": csv_text}
    if fmt not in writers:
        raise QueryError(_("unknown format {fmt!r}; choose one of {formats}", fmt=fmt, formats=", ".join(FORMATS)))
    return writers[fmt](refs)
