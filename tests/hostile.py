"""Hostile PDFs made on the spot: bombs, broken structure, odd content. Each is small on disk."""
from __future__ import annotations

import zlib
from pathlib import Path

PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents %s /Resources << /Font << /F1 5 0 R >> >> %s >>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _pdf(objects: list[bytes], root_extra: bytes = b"", xref: bool = True) -> bytes:
    """Objects 1.. in order (1 the catalogue, 2 the page tree); a classic xref table unless told not."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer << /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root_extra, start)
    return bytes(out)


def _stream(data: bytes, compress: bool = True, extra: bytes = b"") -> bytes:
    body = zlib.compress(data, 9) if compress else data
    flt = b" /Filter /FlateDecode" if compress else b""
    return b"<< /Length %d%s %s >>\nstream\n" % (len(body), flt, extra) + body + b"\nendstream"


def _inflating(megabytes: int) -> bytes:
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(comp.compress(chunk) for _ in range(megabytes)) + comp.flush()
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"


def _page_pdf(content: bytes, media: bytes = b"[0 0 612 792]", extra_page: bytes = b"", more: list[bytes] = (),
              root_extra: bytes = b"", catalog_extra: bytes = b"") -> bytes:
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R %s >>" % catalog_extra, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 PAGE % (media, b"4 0 R", extra_page), _stream(content), FONT, *more], root_extra)


TEXT = b"BT /F1 12 Tf 72 700 Td (Water cooperation between neighbouring countries.) Tj ET"


def hostile_pdfs() -> dict[str, bytes]:
    """Name -> bytes of 30 hostile files."""
    files: dict[str, bytes] = {}
    for refs in (3, 8, 20):  # one stream, inflated many times over by reference
        files[f"bomb-by-reference-{refs}.pdf"] = _pdf([
            b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            PAGE % (b"[0 0 612 792]", b"[" + b" ".join([b"4 0 R"] * refs) + b"]", b""), _inflating(150), FONT])
    files["bomb-by-size.pdf"] = _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                      PAGE % (b"[0 0 612 792]", b"4 0 R", b""), _inflating(1200), FONT])
    files["bomb-in-a-form-xobject.pdf"] = _page_pdf(b"/X1 Do " * 50, extra_page=b"/XObject << /X1 6 0 R >>",
                                                    more=[_inflating(100).replace(b"<< /Length", b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length", 1)])
    files["deep-nesting.pdf"] = _page_pdf(TEXT, extra_page=b"/Deep " + b"[" * 50_000 + b"]" * 50_000)
    files["deep-dictionaries.pdf"] = _page_pdf(TEXT, extra_page=b"/Deep " + b"<< /A " * 20_000 + b"1" + b" >>" * 20_000)
    good = _page_pdf(TEXT)
    files["broken-xref-offsets.pdf"] = good.rsplit(b"startxref", 1)[0].replace(b" 00000 n", b" 00007 n") + \
        b"startxref\n99999999\n%%EOF\n"
    files["no-xref.pdf"] = _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                 PAGE % (b"[0 0 612 792]", b"4 0 R", b""), _stream(TEXT), FONT], xref=False)
    files["truncated.pdf"] = good[: len(good) // 2]
    files["huge-page.pdf"] = _page_pdf(TEXT, media=b"[0 0 14400000 14400000]")
    files["negative-page.pdf"] = _page_pdf(TEXT, media=b"[0 0 -612 -792]")
    files["long-word.pdf"] = _page_pdf(b"BT /F1 8 Tf 10 700 Td (" + b"a" * 200_000 + b") Tj ET")
    files["many-hyphens.pdf"] = _page_pdf(b"BT /F1 8 Tf 10 700 Td (" + b"co-" * 60_000 + b") Tj ET")
    files["long-line-of-words.pdf"] = _page_pdf(b"BT /F1 8 Tf 10 700 Td (" + b"word " * 80_000 + b") Tj ET")
    files["javascript.pdf"] = _page_pdf(TEXT, catalog_extra=b"/OpenAction 6 0 R",
                                        more=[b"<< /S /JavaScript /JS (app.alert\\(1\\); while\\(true\\){}) >>"])
    files["embedded-file.pdf"] = _page_pdf(TEXT, catalog_extra=b"/Names << /EmbeddedFiles << /Names [(x.exe) 6 0 R] >> >>",
                                           more=[b"<< /Type /Filespec /F (x.exe) /EF << /F 7 0 R >> >>",
                                                 _stream(b"MZ" + b"\x00" * 5000, extra=b"/Type /EmbeddedFile")])
    files["broken-font.pdf"] = _page_pdf(TEXT.replace(b"/F1", b"/F2"), extra_page=b"", more=[
        b"<< /Type /Font /Subtype /TrueType /BaseFont /Broken /FontDescriptor 7 0 R /FirstChar 0 /LastChar 255 >>",
        b"<< /Type /FontDescriptor /FontName /Broken /Flags 32 /FontBBox [0 0 1 1] /ItalicAngle 0 /Ascent 1 "
        b"/Descent 0 /CapHeight 1 /StemV 1 /FontFile2 8 0 R >>", _stream(b"\x00\x01\x00\x00" + b"\xff" * 4000)]
    ).replace(b"/Font << /F1 5 0 R >>", b"/Font << /F1 5 0 R /F2 6 0 R >>")
    files["self-referencing-page-tree.pdf"] = _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                                     b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                                                     PAGE % (b"[0 0 612 792]", b"4 0 R", b""), _stream(TEXT), FONT])
    files["many-pages.pdf"] = _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                    b"<< /Type /Pages /Kids [" + b"3 0 R " * 3000 + b"] /Count 3000 >>",
                                    PAGE % (b"[0 0 612 792]", b"4 0 R", b""), _stream(TEXT), FONT])
    files["bad-operators.pdf"] = _page_pdf(b"BT /F1 12 Tf " + b"zz qq 1 2 3 Tq (x) " * 20_000 + b"ET")
    files["wrong-stream-length.pdf"] = _page_pdf(TEXT).replace(b"/Length ", b"/Length 9", 1)
    files["unbalanced-text.pdf"] = _page_pdf(b"BT " * 30_000 + b"(x) Tj")
    files["huge-image.pdf"] = _page_pdf(TEXT + b" /Im1 Do", extra_page=b"/XObject << /Im1 6 0 R >>", more=[
        _stream(b"\x00" * 1000, extra=b"/Type /XObject /Subtype /Image /Width 200000 /Height 200000 "
                                      b"/ColorSpace /DeviceRGB /BitsPerComponent 8")])
    files["huge-title.pdf"] = _page_pdf(TEXT, root_extra=b"/Info 6 0 R", more=[b"<< /Title (" + b"T" * 2_000_000 + b") >>"])
    files["encrypted-junk.pdf"] = _page_pdf(TEXT, root_extra=b"/Encrypt << /Filter /Standard /V 9 /R 9 /O (x) /U (y) /P -1 >>")
    files["empty.pdf"] = b""
    files["not-a-pdf.pdf"] = b"<html><script>alert(1)</script></html>" * 100
    files["header-only.pdf"] = b"%PDF-1.7\n"
    files["outline-loop.pdf"] = _page_pdf(TEXT, catalog_extra=b"/Outlines 6 0 R", more=[
        b"<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >>",
        b"<< /Title (loop) /Parent 6 0 R /Next 7 0 R /Prev 7 0 R /First 7 0 R /Last 7 0 R /Count 1 >>"])
    return files


def write_hostile(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for name, data in hostile_pdfs().items():
        (folder / name).write_bytes(data)
        names.append(name)
    return names
