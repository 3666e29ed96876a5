"""The corpus catalogue: `catalog.toml` beside the PDFs says what each file is."""
from __future__ import annotations

import re
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from ..analyze import LANGUAGES as ANALYZED
from ..analyze import detect_language, fold
from ..model import Document

FIELDS = ("id", "file", "title", "issuer", "year", "language", "kind", "source")
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # document ids: lower-case words joined by hyphens, as `slug` makes them
MAX_ID_CHARS = 120
LANGUAGES = tuple(ANALYZED)  # the languages the analyzer stems


def read_toml(corpus_dir: Path | None, name: str) -> tuple[Path | None, dict]:
    """(path, data) of one of the corpus folder's TOML files; ({}) when it is not there."""
    path = Path(corpus_dir) / name if corpus_dir else None
    if path is None or not path.exists():
        return path, {}
    try:
        return path, tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML ({exc}); fix the file or remove it") from None


CATALOGS = ("catalog.toml", "uploads.toml")  # what ships with the corpus; what was uploaded to this library


def load_catalog(corpus_dir: Path) -> dict[str, dict]:
    """Catalogue entries keyed by file name, from catalog.toml and uploads.toml; {} when there are none."""
    entries = {}
    for name in CATALOGS:
        entries.update(_catalog_file(corpus_dir, name))
    return entries


def _catalog_file(corpus_dir: Path, name: str) -> dict[str, dict]:
    path, data = read_toml(corpus_dir, name)
    entries = {}
    for i, entry in enumerate(data.get("document", []), 1):
        unknown = set(entry) - set(FIELDS)
        if unknown or "file" not in entry:
            raise ValueError(
                f"{path}: document #{i} has unknown fields {sorted(unknown)} or no 'file'; "
                f"allowed fields are {', '.join(FIELDS)}")
        bad = [k for k in FIELDS if k in entry and k != "year" and not isinstance(entry[k], str)]
        if "year" in entry and (not isinstance(entry["year"], int) or isinstance(entry["year"], bool)):
            bad.append("year")
        if entry.get("language", "en") not in LANGUAGES:
            bad.append("language")
        doc_id = entry.get("id")
        if isinstance(doc_id, str) and not (re.fullmatch(ID_PATTERN, doc_id) and len(doc_id) <= MAX_ID_CHARS):
            bad.append("id")
        if bad:
            raise ValueError(f"{path}: document #{i} ({entry['file']}) has a bad {', '.join(bad)}: year is a whole "
                             f"number such as 2014, id lower-case words joined by hyphens (at most {MAX_ID_CHARS} "
                             f"characters), language one of {', '.join(LANGUAGES)}, the others text")
        entries[entry["file"]] = entry
    return entries


def slug(name: str) -> str:
    """An id from a name: "Yucatán Agreement" is yucatan-agreement (accents folded, not dropped)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "document"


def text_language(text: str) -> str:
    """'es' or 'en' for a document's text, by its stop words (English when it cannot tell)."""
    return detect_language(re.findall(r"[^\W\d_]+", fold(text[:20000]))) or "en"


def describe(path: Path, entry: dict | None, title_hint: str, sample_text: str) -> Document:
    """A Document for `path` from its catalogue entry, or from what the file says of itself."""
    entry = entry or {}
    year = entry.get("year")
    if year is None:
        m = re.search(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)", path.stem)
        year = int(m.group(1)) if m else None
    return Document(
        doc_id=entry.get("id") or slug(path.stem)[:MAX_ID_CHARS].strip("-") or "document",
        file=path.name,
        title=entry.get("title") or title_hint or path.stem.replace("-", " ").replace("_", " "),
        issuer=entry.get("issuer", ""),
        year=int(year) if year is not None else None,
        language=entry.get("language") or text_language(sample_text),
        kind=entry.get("kind", ""),
        source=entry.get("source", ""),
    )
