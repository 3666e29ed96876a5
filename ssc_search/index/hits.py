"""What a search gives: ranked passages (`Hit`, each at its `Place`) in a result (`SearchResult`)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Place:
    """Where a passage stands: its document, its page (printed label and place in the PDF) and its id."""
    doc_id: str
    title: str
    page: int
    page_label: str
    pdf_page: int
    passage_id: str


@dataclass
class Hit(Place):
    rank: int
    score: float
    section: str | None
    text: str
    highlights: list[list[int]] = field(default_factory=list)
    locators: list[dict] = field(default_factory=list)  # the paragraphs or articles it spans, each with "text"
    ocr: float | None = None  # read from the page image by OCR, with this mean confidence (0-100)

    def to_dict(self) -> dict:
        return asdict(self)

    def spans_text(self) -> str:
        """Where it stands, in words: "para. 5", "para. 5, para. 6", "para. 5 … para. 8" (the first and the last)."""
        spanned = [loc["text"] for loc in self.locators if loc.get("text")]
        return f"{spanned[0]} … {spanned[-1]}" if len(spanned) > 2 else ", ".join(spanned)


@dataclass
class SearchResult:
    query: str
    took_ms: float
    total: int  # the passages that match: strong matches, or every passage with a query word (weaker)
    results: list[Hit]
    weaker: int = 0  # the passages with a query word that are not counted in `total`
    matched: list[int] = field(default_factory=list, repr=False)  # the rows `total` counts, for facets

    def to_dict(self) -> dict:
        return {"query": self.query, "took_ms": round(self.took_ms, 3), "total": self.total,
                "weaker": self.weaker, "results": [h.to_dict() for h in self.results]}
