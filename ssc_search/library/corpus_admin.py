"""Changing the corpus folder safely: a new PDF is checked before anything changes, stored under a
name the library chooses (never one taken from a request), and catalogued; a removed document's
PDF and catalogue entry go away together. Either change comes with its undo (a `Change`), which the
build that follows runs when it fails: the folder then holds what the served generation holds."""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from ..files import atomic_write
from ..ingest.cache import file_hash
from ..ingest.catalog import CATALOGS, FIELDS, LANGUAGES, load_catalog, slug, tomllib

UPLOADS_CATALOG = "uploads.toml"  # the catalogue of what was uploaded, beside the PDFs it describes
REMOVED_DIR = ".removed"  # a removed PDF waits here until the build without it succeeds (not read by builds)
REMOVED_LIST = "removed.txt"  # the files removed, one name a line: `make` does not copy them back from ./corpus
from ..i18n import _
from ..ingest.clean import normalize
from ..ingest.pdf import PdfError
from ..ingest.sandbox import UPLOAD, extract_limited


@dataclass
class Change:
    """A change to the corpus folder that the build after it may still take back."""

    undo: Callable[[], None]
    done: Callable[[], None] = lambda: None


class UploadError(ValueError):
    """An upload refused before anything changed; `status` is the HTTP status that fits."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def check_pdf(data: bytes, max_bytes: int) -> int:
    """Refuse what cannot become a searchable document; returns its page count."""
    if len(data) > max_bytes:
        raise UploadError(413, _("the file has {size:,} bytes; at most {limit:,} are accepted", size=len(data),
                                 limit=max_bytes))
    if not data.lstrip()[:5] == b"%PDF-":
        raise UploadError(415, _("the file is not a PDF (it does not start with %PDF-)"))
    fd, tmp = tempfile.mkstemp(suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            raw = extract_limited(Path(tmp), limits=UPLOAD)  # never in the server's own process
        except PdfError as exc:
            raise UploadError(422, _("the PDF cannot be read: {reason}", reason=exc.reason)) from None
    finally:
        os.unlink(tmp)
    if not any(normalize(page) for page in raw.pages):
        raise UploadError(422, _("the PDF has no text (a scan?); only PDFs with a text layer are searchable"))
    return len(raw.pages)


def _check_meta(meta: dict) -> dict:
    out = {}
    title = (meta.get("title") or "").strip()
    if not title or len(title) > 300:
        raise UploadError(400, _("a title of 1 to 300 characters is required"))
    out["title"] = title
    for key in ("issuer", "kind", "source"):
        value = (meta.get(key) or "").strip()
        if len(value) > 300:
            raise UploadError(400, _("'{key}' is longer than 300 characters", key=key))
        if value:
            out[key] = value
    year = str(meta.get("year") or "").strip()
    if year:
        if not re.fullmatch(r"(19|20)\d\d", year):
            raise UploadError(400, _("'year' must be a year such as 2014, not {year!r}", year=year))
        out["year"] = int(year)
    language = (meta.get("language") or "").strip()
    if language:
        if language not in LANGUAGES:
            raise UploadError(400, _("'language' must be one of {languages}, not {language!r}",
                                     languages=", ".join(LANGUAGES), language=language))
        out["language"] = language
    return out


def _words_within(text: str, limit: int) -> str:
    """`text` cut at the last word boundary within `limit` characters (a single longer word is cut)."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(None, 1)[0]
    return cut if cut and len(cut) <= limit else text[:limit]


def add_document(corpus_dir: Path, data: bytes, meta: dict, max_bytes: int = 50 * 1024 * 1024) -> dict:
    """Check and store an uploaded PDF with its catalogue entry. Returns the entry.

    The same content already in the corpus is refused (409 fits); a new id never overwrites
    another document's file or entry.
    """
    corpus_dir = Path(corpus_dir)
    entry = _check_meta(meta)
    check_pdf(data, max_bytes)
    sha = hashlib.sha256(data).hexdigest()
    for existing in corpus_dir.glob("*.pdf"):
        if existing.stat().st_size == len(data) and file_hash(existing) == sha:
            raise UploadError(409, _("the same PDF is already in the library as {file}", file=existing.name))
    catalog = load_catalog(corpus_dir)
    taken = {e.get("id") for e in catalog.values()} | {slug(p.stem) for p in corpus_dir.glob("*.pdf")}
    base = slug(f"{_words_within(entry['title'], 60)} {entry.get('year', '')}") or "document"
    doc_id, n = base, 2
    while doc_id in taken or (corpus_dir / f"{doc_id}.pdf").exists():
        doc_id, n = f"{base}-{n}", n + 1
    entry = {"id": doc_id, "file": f"{doc_id}.pdf", **entry}
    atomic_write(corpus_dir / entry["file"], data, prefix=".upload-")
    try:
        _append_entry(corpus_dir / UPLOADS_CATALOG, entry)  # never catalog.toml, which ships with the corpus
    except BaseException:
        (corpus_dir / entry["file"]).unlink(missing_ok=True)
        raise
    return entry


def add_with_undo(corpus_dir: Path, data: bytes, meta: dict, max_bytes: int) -> tuple[dict, Change]:
    """`add_document`, and the change it made: its undo deletes the PDF and puts the uploads catalogue
    back as it was (absent if it was)."""
    catalog = Path(corpus_dir) / UPLOADS_CATALOG
    before = catalog.read_bytes() if catalog.exists() else None
    entry = add_document(corpus_dir, data, meta, max_bytes)

    def undo() -> None:
        (Path(corpus_dir) / entry["file"]).unlink(missing_ok=True)
        if before is None:
            catalog.unlink(missing_ok=True)
        else:
            atomic_write(catalog, before)

    return entry, Change(undo)


def _append_entry(path: Path, entry: dict) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = "\n[[document]]\n" + "".join(tomli_w.dumps({k: entry[k]}) for k in FIELDS if k in entry)
    atomic_write(path, (text.rstrip("\n") + "\n" + block).encode("utf-8"))


def remove_document(corpus_dir: Path, doc_id: str, file: str) -> Change:
    """Drop a document's catalogue entry and its PDF (`file` as the index recorded it). The PDF waits in
    REMOVED_DIR: the returned change's `done` deletes it, its `undo` puts file and entry back."""
    corpus_dir = Path(corpus_dir)
    path = (corpus_dir / file).resolve()
    if path.parent != corpus_dir.resolve():
        raise ValueError(f"{file!r} is not a file of the corpus folder")
    before: dict[Path, bytes] = {}
    for name in CATALOGS:
        catalog = corpus_dir / name
        if not catalog.exists():
            continue
        text = catalog.read_text(encoding="utf-8")
        blocks = re.split(r"(?m)^(?=\[\[document\]\]\s*$)", text)
        kept = []
        for block in blocks:
            if block.startswith("[[document]]"):
                data = tomllib.loads(block).get("document", [{}])[0]
                if data.get("id") == doc_id or data.get("file") == file:
                    continue
            kept.append(block)
        if len(kept) != len(blocks):
            before[catalog] = text.encode("utf-8")
            atomic_write(catalog, "".join(kept).encode("utf-8"))
    waiting = corpus_dir / REMOVED_DIR / path.name
    if path.exists():
        waiting.parent.mkdir(exist_ok=True)
        os.replace(path, waiting)

    def undo() -> None:
        if waiting.exists():
            os.replace(waiting, path)
        for catalog, data in before.items():
            atomic_write(catalog, data)

    def done() -> None:
        waiting.unlink(missing_ok=True)
        listed = corpus_dir / REMOVED_LIST
        names = listed.read_text(encoding="utf-8").split("\n") if listed.exists() else []
        if path.name not in names:
            atomic_write(listed, "\n".join([n for n in names if n] + [path.name, ""]).encode("utf-8"))

    return Change(undo, done)


def out_of_step(corpus_dir: Path, documents: list, skipped: list[dict]) -> list[str]:
    """How the corpus folder differs from a generation (its documents and the files it skipped): the
    PDFs it lacks, the ones it has that the folder no longer holds, and the ones changed since; empty
    when they agree. A server starts a build when they do not (a build stopped by a crash or a
    failed undo leaves them apart)."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        return []
    on_disk = {p.name: p for p in corpus_dir.iterdir() if p.suffix.lower() == ".pdf" and p.is_file()}
    indexed = {d.file: d.sha256 for d in documents} | {s["file"]: None for s in skipped}
    out = [_("{file} is not in the index", file=name) for name in sorted(set(on_disk) - set(indexed))]
    out += [_("{file} is indexed but no longer in the library folder", file=name)
            for name in sorted(set(indexed) - set(on_disk))]
    for name in sorted(set(on_disk) & set(indexed)):
        try:
            changed = bool(indexed[name]) and file_hash(on_disk[name]) != indexed[name]
        except OSError:  # unreadable now: the build will name it
            changed = True
        if changed:
            out.append(_("{file} changed since it was indexed", file=name))
    return out
