"""Typeset the corpus documents that exist only as text into PDFs.

A development tool, not part of the product: it builds `corpus/*.pdf` from
`../shared/publication/` and the text files in `../shared/corpus-sources/`,
and copies the official UN PDFs as they are.

    python tools/typeset_corpus.py [--shared ../shared] [--out corpus]

The publication is set one PDF page per printed page (1-53), so PDF page N is
printed page N, with its running header at the top and its chapter footer and
page number at the bottom, as the book prints them.  The product's cleaner
learns that noise per document; it is never told this wording.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

PUB_ID = "towards-a-global-partnership-2014"
PUB_HEADER = "Towards a Global Partnership for Development The UN and Mexico's South-South Cooperation"
# Chapter footers of the printed book, as the transcription carries them.
PUB_FOOTERS = [
    "Dimensions of UN Support for South-South Cooperation: Fostering Solutions "
    "Fostering the Development Solutions Agenda 6",
    "UN Collaboration UN Collaboration Framework for Framework Supporting for "
    "Mexico's South-South Cooperation 3",
    "The Geography of Mexico's South-South Cooperation Supported by the UN 5",
    "Introduction: South-South Cooperation in a Multipolar World 1",
    "Mexico's Dual Role: Recipient and Provider 2",
    "In Numbers: UN Support for Mexico's South-South Cooperation",
    "Acknowledgements",
    "Prologues",
]
BLANK_PAGES = {4, 6, 16}
LAST_PAGE = 53

# A line-end hyphenation in the transcription: "AM- EXCID", "capabili- ties".
LINE_HYPHEN = re.compile(r"(?<=\w)- (?=\w)")


class Book(FPDF):
    def __init__(self, fmt: str = "A4") -> None:
        super().__init__(format=fmt)
        for style, name in (("", "DejaVuSerif"), ("B", "DejaVuSerif-Bold"), ("I", "DejaVuSerif-Italic")):
            self.add_font("Serif", style, str(FONT_DIR / f"{name}.ttf"))
        self.set_auto_page_break(False)
        self.set_margins(20, 18, 20)
        self.set_creation_date(datetime(2014, 6, 1, tzinfo=timezone.utc))  # same input, same bytes


def _body(pdf: Book, text: str, size: float) -> None:
    """Write a paragraph, breaking the line wherever the source broke a word."""
    pdf.set_font("Serif", "", size)
    for segment in LINE_HYPHEN.sub("-\n", text).split("\n"):
        pdf.multi_cell(0, size * 0.45, segment, new_x="LMARGIN", new_y="NEXT")


def _split_publication_page(page: int, text: str) -> tuple[str | None, str, str | None, str | None]:
    header = None
    if page > 1 and (page % 2 == 0 or text.startswith(PUB_HEADER)) and PUB_HEADER in text:
        # the transcription sometimes runs figure labels in before the header; the book prints it on top
        header, text = PUB_HEADER, text.replace(PUB_HEADER, " ", 1).strip()
    footer = None
    if page % 2 == 1:
        for phrase in PUB_FOOTERS:
            if phrase in text:  # the book prints it once, at the foot of the page
                footer = phrase
                text = text.replace(phrase, " ").strip()
                break
    number = None
    matches = list(re.finditer(rf"(?<!\S){page}(?!\S)", text))
    if matches and matches[-1].start() > len(text) * 0.5:
        m = matches[-1]
        number = str(page)
        text = (text[: m.start()] + " " + text[m.end():]).strip()
    return header, re.sub(r"\s+", " ", text), footer, number


def typeset_publication(src: Path, out: Path) -> None:
    pages = {}
    for line in src.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            pages[record["page"]] = record["text"]
    pdf = Book()
    pdf.set_title("Towards a Global Partnership for Development: The UN and Mexico's South-South Cooperation")
    pdf.set_author("UNDP Mexico; AMEXCID")
    for n in range(1, LAST_PAGE + 1):
        pdf.add_page()
        text = pages.get(n, "")
        if n in BLANK_PAGES or not text:
            continue
        if n == 1:
            pdf.set_font("Serif", "B", 26)
            pdf.set_y(90)
            pdf.multi_cell(0, 12, text, align="C")
            continue
        header, body, footer, number = _split_publication_page(n, text)
        if header:
            pdf.set_font("Serif", "I", 8)
            pdf.cell(0, 5, header, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        size = 10.0
        while True:  # shrink the type until the page's text fits on its page
            y0 = pdf.get_y()
            probe = Book()
            probe.add_page()
            probe.set_y(y0)
            _body(probe, body, size)
            if probe.get_y() < 265 or size <= 6:
                break
            size -= 0.5
        _body(pdf, body, size)
        pdf.set_y(-22)
        pdf.set_font("Serif", "", 8)
        if footer:
            pdf.cell(0, 5, footer, align="R", new_x="LMARGIN", new_y="NEXT")
        if number:
            pdf.cell(0, 5, number, align="R" if n % 2 else "L")
    _save_with_labels(pdf, out)


def _save_with_labels(pdf: FPDF, out: Path) -> None:
    """Save with explicit decimal page labels (1..N) written by pypdf."""
    tmp = out.with_suffix(".tmp.pdf")
    pdf.output(str(tmp))
    writer = PdfWriter(clone_from=PdfReader(tmp))
    writer.set_page_label(0, len(writer.pages) - 1, style="/D", start=1)
    with out.open("wb") as fh:
        writer.write(fh)
    tmp.unlink()


def _bapa_pages(text: str) -> list[list[str]]:
    """Split the BAPA+40 text layer into its PDF pages; each page starts with its running header."""
    lines = text.split("=" * 20, 1)[1].split("\n")[1:]
    starts = [0]
    for i, line in enumerate(lines):
        if re.match(r"^\s*\d{1,2}/11\s*$", line):
            block = [j for j in range(max(0, i - 6), i)
                     if lines[j].startswith(("A/RES/73/291", "Buenos Aires outcome document"))]
            if block:
                starts.append(block[0])
    starts = sorted(set(starts))
    return [lines[a:b] for a, b in zip(starts, starts[1:] + [len(lines)])]


def typeset_lines(pages: list[list[str]], out: Path, title: str, size: float = 9.5) -> None:
    pdf = Book()
    pdf.set_title(title)
    for page in pages:
        pdf.add_page()
        pdf.set_font("Serif", "", size)
        for line in page:
            pdf.multi_cell(0, size * 0.45, line.rstrip() or " ", new_x="LMARGIN", new_y="NEXT")
    _save_with_labels(pdf, out)


LCID_HEADER = [
    "LEY DE COOPERACIÓN INTERNACIONAL PARA EL DESARROLLO",
    "CÁMARA DE DIPUTADOS DEL H. CONGRESO DE LA UNIÓN        Última Reforma DOF 06-11-2020",
    "Secretaría General · Secretaría de Servicios Parlamentarios",
]


class Law(Book):
    def header(self) -> None:
        self.set_font("Serif", "B", 8)
        for line in LCID_HEADER:
            self.cell(0, 4, line, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Serif", "", 8)
        self.cell(0, 5, f"{self.page_no()} de {{nb}}", align="C")


def typeset_law(src: Path, out: Path) -> None:
    text = src.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    # The conversion put each article's number on a heading line and the rest on the next.
    body = re.sub(r"^### (Artículo [^\n]+)\n(?=[.\-])", r"\1", body, flags=re.M)
    pdf = Law()
    pdf.set_title("Ley de Cooperación Internacional para el Desarrollo")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for raw in body.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            pdf.set_font("Serif", "B", 10)
            pdf.ln(2)
            pdf.multi_cell(0, 5, line.lstrip("# ").replace(" — ", "\n"), align="C",
                           new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.set_font("Serif", "", 10)
        pdf.multi_cell(0, 4.6, line, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    _save_with_labels(pdf, out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "corpus")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    typeset_publication(args.shared / "publication" / f"{PUB_ID}.pages.jsonl", args.out / f"{PUB_ID}.pdf")
    sources = args.shared / "corpus-sources"
    for pdf in sorted(sources.glob("*.pdf")):
        shutil.copyfile(pdf, args.out / pdf.name)
    bapa = sources / "ga-res-73-291-bapa40-buenos-aires-outcome-2019.txt"
    typeset_lines(_bapa_pages(bapa.read_text(encoding="utf-8")), args.out / f"{bapa.stem}.pdf",
                  "A/RES/73/291 Buenos Aires outcome document (BAPA+40)")
    lcid = sources / "lcid-ley-cooperacion-internacional-para-el-desarrollo-mx-2011.md"
    typeset_law(lcid, args.out / f"{lcid.stem}.pdf")
    for out in sorted(args.out.glob("*.pdf")):
        print(f"{out.name}: {len(PdfReader(out).pages)} pages")


if __name__ == "__main__":
    main()
