"""Corpus folder in, cleaned pages and passages out; one bad PDF never stops the rest."""
from __future__ import annotations

import contextvars
import hashlib
import json
import logging
import os
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..analyze import LANGUAGES, stopwords
from ..errors import StorageError
from ..model import Document, Page, Passage
from . import ocr
from .cache import PageCache, code_fingerprint, file_hash
from .catalog import describe, load_catalog, text_language
from .chunk import chunk_pages
from .clean import clean_pages
from .pdf import PdfError
from .sandbox import extract_limited, forked_readers

READERS = max(1, min(4, os.cpu_count() or 1))  # PDFs read at once, each in its own child process
FORKED_FILES = 8  # from this many files on, the children are forks of readers that have the PDF code loaded

log = logging.getLogger(__name__)


@dataclass
class Skipped:
    file: str
    reason: str

    def to_dict(self) -> dict:
        return {"file": self.file, "reason": self.reason}


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    parsed: int = 0
    cached: int = 0


def pdf_files(corpus_dir: Path) -> list[Path]:
    return sorted(p for p in Path(corpus_dir).iterdir() if p.suffix.lower() == ".pdf" and p.is_file())


# the code a document's reading depends on (analyze: its language)
READING_CODE = ("ingest.corpus", "ingest.clean", "dates", "ingest.page_zones", "ingest.chunk", "ingest.law_articles",
                "ingest.catalog", "ingest.ocr", "model", "ingest.sandbox", "ingest.pdf", "analyze")


@lru_cache(maxsize=1)
def _reading_fingerprint() -> str:
    """What a document read before depends on besides its bytes, name and catalogue entry: the code
    that cleans, chunks and describes it, and whether Tesseract can read its scanned pages."""
    languages = sorted(ocr.installed_languages()) if ocr.available() else []
    return code_fingerprint(READING_CODE,
                            str(ocr.available()), str(languages), unicodedata.unidata_version,
                            *(" ".join(sorted(stopwords(language))) for language in sorted(LANGUAGES)))


def source_key(sha: str, name: str, entry: dict | None, extractor: str) -> str:
    """What a document's reading depends on in the corpus folder: the file's bytes and name, its
    catalogue entry and the extractor."""
    return hashlib.sha256(json.dumps([sha, name, entry, extractor], sort_keys=True, default=str).encode()).hexdigest()


def reading_kind() -> str:
    """The cache kind of a document's reading: the code that reads it."""
    return f"read-{_reading_fingerprint()}"


def read_document(path: Path, sha: str, entry: dict | None, cache: PageCache | None,
                  extractor: str = "pdfium") -> tuple[Document, list[Page], list[Passage], bool]:
    """Extract, clean and chunk one PDF, or take what was read before from the cache when neither the
    file, its name, its catalogue entry nor the reading code changed. Raises PdfError."""
    key, kind = source_key(sha, path.name, entry, extractor), reading_kind()
    done = cache.get_data(key, kind) if cache else None
    if done is not None:
        try:
            return (Document.from_dict(done["document"]), [Page(**p) for p in done["pages"]],
                    [Passage(**p) for p in done["passages"]], True)
        except (KeyError, TypeError):
            pass  # an older or damaged entry: read again
    doc, pages, passages, from_cache = _read_document(path, sha, entry, cache, extractor)
    if cache and not doc.ocr_failures:  # a page OCR failed on is tried again next time
        try:
            cache.put_data(key, kind, {"document": doc.to_dict(), "pages": [p.to_dict() for p in pages],
                                       "passages": [p.to_dict() for p in passages]})
        except OSError as exc:
            raise StorageError(f"cannot write the page cache in {cache.root} ({exc.strerror})") from exc
    return doc, pages, passages, from_cache


def _read_document(path: Path, sha: str, entry: dict | None, cache: PageCache | None,
                   extractor: str) -> tuple[Document, list[Page], list[Passage], bool]:
    raw = cache.get(sha, extractor) if cache else None
    from_cache = raw is not None
    if raw is None:
        raw = extract_limited(path, extractor)  # in a child process with memory and time limits
        if cache:
            try:
                cache.put(sha, extractor, raw)
            except OSError as exc:  # the disk, not this PDF, is at fault: stop rather than skip the file
                raise StorageError(f"cannot write the page cache in {cache.root} ({exc.strerror})") from exc
    scanned = [i for i, t in enumerate(raw.pages) if ocr.needs_ocr(t)]
    language = (entry or {}).get("language")
    if scanned and not language and len(scanned) < len(raw.pages):  # the pages with text tell the language
        language = text_language(" ".join(t for i, t in enumerate(raw.pages) if i not in set(scanned))[:20000])
    read = read_scans(path, sha, scanned, language, cache) if scanned else None
    if read is not None:  # a page Tesseract finds nothing on is blank, not a scan
        blank = {i for i, page in read.pages.items() if not page.text.strip()}
        scanned = [i for i in scanned if i not in blank]
        read.pages = {i: page for i, page in read.pages.items() if i not in blank}
    page_texts = list(raw.pages)
    if read is not None:
        for i, page in read.pages.items():
            page_texts[i] = page.text
    texts, labels, numbers, report = clean_pages(page_texts, raw.labels)
    doc = describe(path, entry, raw.title, " ".join(texts[:5]))
    doc.sha256, doc.extractor, doc.pages = sha, extractor, len(texts)
    doc.pages_without_text = [i + 1 for i, t in enumerate(page_texts) if not t.strip()]
    doc.headers_removed, doc.words_rejoined = report.headers_removed, report.words_rejoined
    doc.scanned_pages = [i + 1 for i in scanned]
    confidence = {i + 1: p.confidence for i, p in read.pages.items()} if read is not None else {}
    if confidence:
        doc.ocr_pages = sorted(confidence)
        doc.ocr_confidence = round(sum(confidence.values()) / len(confidence), 1)
    if read is not None:
        doc.ocr_failures = [f"page {i + 1}: {why}" for i, why in sorted(read.failures.items())]
    boxes = {i + 1: p.boxes for i, p in read.pages.items()} if read is not None else {}
    pages = [Page(doc.doc_id, i + 1, labels[i], numbers[i], text, confidence.get(i + 1), boxes.get(i + 1))
             for i, text in enumerate(texts)]
    passages = chunk_pages([p for p in pages if p.text.strip()])
    for passage in passages:
        passage.ocr = confidence.get(passage.pdf_page)
    doc.passages = len(passages)
    return doc, pages, passages, from_cache


def read_scans(path: Path, sha: str, indexes: list[int], language: str | None,
               cache: PageCache | None) -> ocr.OcrResult | None:
    """The scanned pages read by Tesseract, from the cache where they were read before; None when
    Tesseract is not installed. Pages that failed are tried again on the next build."""
    if not ocr.available():
        return None
    kind = f"ocr-{ocr.tesseract_language(language)}-{ocr.DPI}"
    cached = (cache.get_data(sha, kind) if cache else None) or {}
    result = ocr.OcrResult(language=ocr.tesseract_language(language))
    for i in indexes:
        hit = cached.get(str(i))
        if isinstance(hit, dict) and isinstance(hit.get("text"), str):
            result.pages[i] = ocr.OcrPage(hit["text"], float(hit.get("confidence", 0.0)), hit.get("boxes") or [])
    missing = [i for i in indexes if i not in result.pages]
    if missing:
        fresh = ocr.read_pages_limited(path, missing, language)  # rendering an untrusted PDF: in a child
        result.pages.update(fresh.pages)
        result.failures.update(fresh.failures)
        if cache and fresh.pages:
            data = {str(i): {"text": p.text, "confidence": p.confidence, "boxes": p.boxes}
                    for i, p in result.pages.items()}
            try:
                cache.put_data(sha, kind, data)
            except OSError as exc:
                raise StorageError(f"cannot write the page cache in {cache.root} ({exc.strerror})") from exc
    return result


def ingest(corpus_dir: Path, cache_dir: Path | None = None, extractor: str = "pdfium",
           files: Iterable[Path] | None = None,
           progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
           kept: dict[str, tuple[str, str]] | None = None,
           on_read: Callable[[Document, list[Passage]], None] | None = None) -> Corpus:
    """Read every PDF of `corpus_dir` (or `files` of it); bad files are reported by name in `skipped`.
    `kept` are documents the caller already holds (content hash -> (file name, document id)): a file
    with the same content or the same id is skipped, as it would be after them in one reading.
    `on_read(document, passages)` is called for each document taken, in order, as soon as it is read."""
    corpus_dir = Path(corpus_dir)
    catalog = load_catalog(corpus_dir)
    cache = PageCache(cache_dir) if cache_dir else None
    paths = list(files) if files is not None else pdf_files(corpus_dir)
    out = Corpus()
    by_hash = {sha: name for sha, (name, _) in (kept or {}).items()}
    ids = {doc_id for _, doc_id in (kept or {}).values()}
    # each file is read in a child process (sandbox): READERS of them at once, taken in order; forked by
    # readers that have the PDF code loaded when there are many (for one file a new interpreter is quicker)
    with forked_readers(len(paths) >= FORKED_FILES), ThreadPoolExecutor(READERS) as pool:
        futures = [pool.submit(contextvars.copy_context().run, _read, path, catalog, cache, extractor)
                   for path in paths]
        try:
            for path, future in zip(progress(paths) if progress else paths, futures):
                taken = len(out.documents)
                _read_into(out, by_hash, ids, path, future.result())
                if on_read and len(out.documents) > taken:
                    doc = out.documents[-1]
                    on_read(doc, out.passages[len(out.passages) - doc.passages:])
        except BaseException:  # a full disk, an interrupt: the files not yet read are not read
            for future in futures:
                future.cancel()
            raise
    return out


def _read(path: Path, catalog: dict, cache: PageCache | None, extractor: str):
    """(sha, what read_document gives) or (sha or None, the exception that stopped it)."""
    try:
        sha = file_hash(path)
    except OSError as exc:
        return None, exc
    try:
        return sha, read_document(path, sha, catalog.get(path.name), cache, extractor)
    except Exception as exc:  # sorted out, in order, by _read_into
        return sha, exc


def _read_into(out: Corpus, by_hash: dict, ids: set, path: Path, read) -> None:
    sha, got = read
    if sha is None:
        out.skipped.append(Skipped(path.name, f"cannot be read ({got.strerror})"))
        return
    if sha in by_hash:
        out.skipped.append(Skipped(path.name, f"same content as {by_hash[sha]}; indexed once"))
        return
    try:
        if isinstance(got, Exception):
            raise got
        doc, pages, passages, cached = got
    except PdfError as exc:
        out.skipped.append(Skipped(path.name, exc.reason))
        log.warning("skipped %s", exc)
        return
    except StorageError:
        raise
    except Exception as exc:  # one file's failure must not stop the corpus
        out.skipped.append(Skipped(path.name, f"could not be read ({type(exc).__name__}: {exc})"))
        log.warning("skipped %s: %s", path.name, exc)
        return
    if doc.doc_id in ids:
        out.skipped.append(Skipped(path.name, f"document id {doc.doc_id!r} is already used; "
                                              "give it another id in catalog.toml"))
        return
    by_hash[sha] = path.name
    ids.add(doc.doc_id)
    out.cached += cached
    out.parsed += not cached
    out.documents.append(doc)
    out.pages.extend(pages)
    out.passages.extend(passages)
