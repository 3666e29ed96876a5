"""Reading scanned pages: pages with no text layer (or a garbage one) are rendered by pypdfium2 and
read by Tesseract (English, Spanish) through pytesseract.

Pages are rendered one batch at a time (pdfium is not thread-safe; a 300-dpi page is ~25 MB) and read
in parallel, one Tesseract process per core. A page that fails or takes longer than PAGE_TIMEOUT is
reported by number and the rest of the document is kept. Without Tesseract nothing fails: the
caller is told OCR is unavailable and names the scanned file.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

DPI = 300
PAGE_TIMEOUT = 120  # seconds Tesseract may spend on one page
TESSERACT_LANGUAGES = {"en": "eng", "es": "spa"}
HOW_TO_ENABLE = ("install Tesseract to read it: apt-get install tesseract-ocr tesseract-ocr-eng "
                 "tesseract-ocr-spa (and pip install pytesseract)")
_GARBAGE = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0e-\x1f]|\(cid:\d+\)")


@dataclass
class OcrPage:
    text: str
    confidence: float  # Tesseract's mean word confidence, 0-100
    # each word's box as [word, left, top, right, bottom], in fractions of the page's width and height,
    # so that a viewer can mark a quote on the page image whatever its scale
    boxes: list[list] = field(default_factory=list)


@dataclass
class OcrResult:
    pages: dict[int, OcrPage] = field(default_factory=dict)  # 0-based page index -> what was read
    failures: dict[int, str] = field(default_factory=dict)  # 0-based page index -> why it could not be read
    language: str = ""


def needs_ocr(text: str) -> bool:
    """A page with no text, or whose text layer is mostly undecodable glyphs."""
    stripped = "".join(text.split())
    if not stripped:
        return True
    bad = sum(len(m.group()) for m in _GARBAGE.finditer(stripped))
    return bad / len(stripped) > 0.2


@lru_cache(maxsize=1)
def available() -> bool:
    """Tesseract on the PATH and pytesseract importable."""
    if shutil.which("tesseract") is None:
        return False
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    import pytesseract

    try:
        return frozenset(pytesseract.get_languages(config=""))
    except Exception:  # noqa: BLE001 - an odd Tesseract build: read with its default language
        return frozenset()


def tesseract_language(language: str | None) -> str:
    """"eng", "spa", or "eng+spa" when the document's language is unknown; only installed ones."""
    wanted = [TESSERACT_LANGUAGES[language]] if language in TESSERACT_LANGUAGES else ["eng", "spa"]
    have = installed_languages()
    chosen = [w for w in wanted if not have or w in have] or sorted(have & {"eng", "spa"}) or ["eng"]
    return "+".join(chosen)


def read_image(image, language: str, timeout: float = PAGE_TIMEOUT) -> OcrPage:
    """The text of one page image, line by line, with the mean confidence of its words."""
    import pytesseract

    data = pytesseract.image_to_data(image, lang=language, timeout=timeout, output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], list[str]] = {}
    confidences, boxes = [], []
    width, height = image.size
    for i, word in enumerate(data["text"]):
        word = word.strip()
        confidence = float(data["conf"][i])
        if not word or confidence < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append(word)
        confidences.append(confidence)
        left, top = data["left"][i], data["top"][i]
        boxes.append((key, [word, round(left / width, 4), round(top / height, 4),
                            round((left + data["width"][i]) / width, 4), round((top + data["height"][i]) / height, 4)]))
    text = "\n".join(" ".join(words) for _, words in sorted(lines.items()))
    ordered = [box for _, box in sorted(boxes, key=lambda kb: kb[0])]  # the words in the order of `text`
    return OcrPage(text, round(sum(confidences) / len(confidences), 1) if confidences else 0.0, ordered)


def read_pages(path: Path, indexes: list[int], language: str | None, workers: int | None = None,
               timeout: float = PAGE_TIMEOUT) -> OcrResult:
    """OCR the given 0-based pages of a PDF; failures are kept per page, never raised."""
    import pypdfium2 as pdfium

    result = OcrResult(language=tesseract_language(language))
    workers = max(1, workers or os.cpu_count() or 1)
    # one Tesseract per core, each on one thread: its own OpenMP threads would fight over the cores
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from tqdm import tqdm

    doc = pdfium.PdfDocument(str(path))
    bar = tqdm(total=len(indexes), desc=f"OCR {path.name}", unit="page", leave=False, disable=None)  # a TTY only
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for start in range(0, len(indexes), workers):
                batch = indexes[start:start + workers]
                images = {}
                for i in batch:  # rendering stays on this thread: pdfium is not thread-safe
                    try:
                        images[i] = doc[i].render(scale=DPI / 72, grayscale=True).to_pil()
                    except Exception as exc:  # noqa: BLE001 - one page's failure keeps the others
                        result.failures[i] = f"could not be rendered ({exc})"
                futures = {i: pool.submit(read_image, img, result.language, timeout) for i, img in images.items()}
                for i, future in futures.items():
                    try:
                        result.pages[i] = future.result()
                    except RuntimeError as exc:  # pytesseract's timeout
                        result.failures[i] = f"OCR took longer than {timeout:.0f} s ({exc})"
                    except Exception as exc:  # noqa: BLE001
                        result.failures[i] = f"OCR failed ({type(exc).__name__}: {exc})"
                    log.info("OCR %s page %d: %s", path.name, i + 1,
                             f"{result.pages[i].confidence:.0f}% confidence" if i in result.pages
                             else result.failures[i])
                    bar.update(1)
    finally:
        bar.close()
        doc.close()
    return result


def scan_note(doc: dict) -> str | None:
    """What was done with a document's scanned pages, in one line for the index report; None when it
    has none."""
    scanned, read = doc.get("scanned_pages") or [], doc.get("ocr_pages") or []
    if not scanned:
        return None
    name = doc.get("file") or doc.get("doc_id")
    if read:
        note = (f"OCR {name}: {len(read)} of {len(scanned)} scanned pages read by Tesseract, "
                f"mean confidence {doc.get('ocr_confidence') or 0:.0f}%")
        failures = doc.get("ocr_failures") or []
        return note + (f"; not read: {'; '.join(failures)}" if failures else "")
    if doc.get("ocr_failures"):
        return f"scanned {name}: OCR failed on every scanned page: {'; '.join(doc['ocr_failures'])}"
    return f"scanned {name}: {len(scanned)} pages have no text layer; {HOW_TO_ENABLE}"


def _sandboxed(argv: list[str]) -> int:
    """Run as a script by `read_pages_limited`: set the limits, read the pages, print JSON. This module
    imports nothing of the package, so the child starts from it alone."""
    import json
    import resource
    import sys

    path, indexes, language, memory, cpu = argv[0], json.loads(argv[1]), argv[2] or None, int(argv[3]), int(argv[4])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    result = read_pages(Path(path), indexes, language)
    sys.stdout.write(json.dumps({"language": result.language, "failures": result.failures,
                                 "pages": {i: [p.text, p.confidence, p.boxes] for i, p in result.pages.items()}}))
    return 0


def read_pages_limited(path: Path, indexes: list[int], language: str | None, memory_bytes: int = 1 << 30,
                       seconds_per_page: float = PAGE_TIMEOUT) -> OcrResult:
    """`read_pages` in a child process held to a memory and a CPU limit, as untrusted PDFs are read
    (`sandbox`): a page that would need more makes every page of this call fail with the reason, and
    the build goes on."""
    import json
    import subprocess
    import sys

    budget = seconds_per_page * max(1, len(indexes))
    command = [sys.executable, __file__, str(path), json.dumps(indexes), language or "", str(memory_bytes),
               str(int(budget) + 30)]
    why = f"the page reader needed more than {memory_bytes >> 20} MB of memory or its CPU time ran out"
    try:
        # its progress bar goes to this terminal; its answer comes on stdout
        done = subprocess.run(command, stdout=subprocess.PIPE, timeout=budget + 60, check=False)
        if done.returncode == 0:
            data = json.loads(done.stdout)
            return OcrResult({int(i): OcrPage(*page) for i, page in data["pages"].items()},
                             {int(i): reason for i, reason in data["failures"].items()}, data["language"])
    except subprocess.TimeoutExpired:
        why = f"OCR took longer than {budget:.0f} s"
    except ValueError:
        why = "the page reader's answer could not be read"
    return OcrResult(failures={i: why for i in indexes}, language=tesseract_language(language))


if __name__ == "__main__":
    import sys

    sys.exit(_sandboxed(sys.argv[1:]))
