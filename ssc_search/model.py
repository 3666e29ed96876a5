"""Plain records that flow between the stages: ingest -> index -> answer -> web."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Page:
    """One PDF page after cleaning.

    `index` is the 1-based PDF page index; `label` is what the page prints
    ("25", or "ii" for unnumbered front matter); `number` is the printed page
    number as an int (the PDF index where the page prints none).
    """

    doc_id: str
    index: int
    label: str
    number: int
    text: str
    ocr: float | None = None  # Tesseract's mean confidence (0-100) when the text was read from the image
    ocr_boxes: list | None = None  # its words' boxes on the image, for marking a quote (see ocr.OcrPage)

    def to_dict(self) -> dict:
        return dict(self.__dict__)  # plain values: no deep copy (asdict made writing an index slow)


@dataclass
class Passage:
    """A window of sentences from one page; offsets are into that page's text."""

    id: str
    doc_id: str
    page: int
    page_label: str
    pdf_page: int
    section: str | None
    start: int
    end: int
    text: str
    ocr: float | None = None  # its page was read by OCR, with this mean confidence

    def to_dict(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: dict) -> Passage:
        """The passage `to_dict` wrote (all its fields, checked by nothing): a library's passages are read
        at every start, and a dataclass's own constructor costs more than reading them."""
        passage = cls.__new__(cls)
        passage.__dict__.update(data)
        return passage


@dataclass
class Document:
    """A catalogued PDF and what ingestion learned about it."""

    doc_id: str
    file: str
    title: str
    issuer: str = ""
    year: int | None = None
    language: str = "en"
    kind: str = ""
    source: str = ""
    sha256: str = ""
    pages: int = 0
    pages_without_text: list[int] = field(default_factory=list)
    passages: int = 0
    headers_removed: int = 0
    words_rejoined: int = 0
    extractor: str = ""
    scanned_pages: list[int] = field(default_factory=list)  # pages with no usable text layer
    ocr_pages: list[int] = field(default_factory=list)  # of those, the pages Tesseract read
    ocr_confidence: float | None = None  # their mean word confidence (0-100)
    ocr_failures: list[str] = field(default_factory=list)  # "page 3: OCR took longer than 120 s"

    @property
    def searchable(self) -> bool:
        return self.passages > 0

    def to_dict(self) -> dict:
        data = {k: list(v) if isinstance(v, list) else v for k, v in self.__dict__.items()}  # plain values
        data["searchable"] = self.searchable
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Document":
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})
