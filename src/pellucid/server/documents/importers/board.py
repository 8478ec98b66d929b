"""Board PDF import into Lucidspark (seed 002: exports of digital whiteboards; experimental).

Each PDF page becomes a board page: the page rendered by PDFium as a background image on a
"PDF background" layer, and its words (pdfplumber), grouped into lines, as text shapes on a
"PDF text" layer, so the board's text is searchable and its contents are not empty.
"""

from __future__ import annotations

import io

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from ...settings import ImportLimits
from ..classes import class_name
from ..model import (
    BoundingBox,
    Content,
    Fill,
    Layer,
    Page,
    PageSettings,
    Shape,
    Stroke,
    Style,
    TextArea,
)
from ..text import from_plain
from .common import Imported, InvalidFile

PT = 96 / 72  # PDF points -> canvas px
RENDER_SCALE = 2  # background pixels per PDF point
LINE_TOLERANCE = 2  # words whose tops are this close (pt) share a line
BOARD_FILL = "#f2f3f5"


def parse(data: bytes, limits: ImportLimits, product: str) -> Imported:
    """A PDF as a board, one page per PDF page; encrypted or broken PDFs are refused."""
    if not data.startswith(b"%PDF-"):
        raise InvalidFile("The file is not a PDF (it does not start with %PDF-)")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = "it is encrypted (password-protected)" if "password" in str(exc).lower() else str(exc)
        raise InvalidFile(f"The PDF cannot be opened: {reason}") from None
    try:
        count = len(document)
        if count == 0:
            raise InvalidFile("The PDF has no pages")
        if count > limits.max_pdf_pages:
            raise InvalidFile(f"The PDF has {count} pages; at most {limits.max_pdf_pages} are allowed")
        result = Imported(Content())
        backgrounds = [_background(document[index], index, result, limits) for index in range(count)]
    finally:
        document.close()
    try:
        with pdfplumber.open(io.BytesIO(data)) as plumbed:
            for index, (pdf_page, background) in enumerate(zip(plumbed.pages, backgrounds)):
                result.content.pages.append(_page(index, pdf_page, background))
    except (PDFSyntaxError, PSException, ValueError) as exc:
        raise InvalidFile(f"The PDF's text cannot be read: {exc}") from None
    return result


def _background(pdf_page: pdfium.PdfPage, index: int, result: Imported, limits: ImportLimits) -> Shape:
    width, height = pdf_page.get_size()
    if width * height * RENDER_SCALE**2 > limits.max_image_pixels:
        raise InvalidFile(f"PDF page {index + 1} is {width:.0f} x {height:.0f} pt; rendered it would exceed "
                          f"{limits.max_image_pixels:,} pixels")
    image = pdf_page.render(scale=RENDER_SCALE).to_pil()
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    reference = result.add_blob(out.getvalue(), "image/png")
    return Shape(id=f"bg-{index + 1}", type="image", class_name=class_name("image"),
                 bbox=BoundingBox(0, 0, width * PT, height * PT),
                 style=Style(fill=Fill(kind="image", image=reference, image_scale="stretch"), stroke=Stroke("none")))


def _lines(words: list[dict]) -> list[list[dict]]:
    """Words in reading order, grouped into lines by their top edge."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _page(index: int, pdf_page, background: Shape) -> Page:
    number = index + 1
    page = Page(id=f"page-{number}", title=f"Page {number}", settings=PageSettings(
        fill=BOARD_FILL, infinite=True, width=background.bbox.w, height=background.bbox.h))
    page.shapes.append(background)
    texts = []
    for n, line in enumerate(_lines(pdf_page.extract_words()), 1):
        x0, top = min(w["x0"] for w in line), min(w["top"] for w in line)
        x1, bottom = max(w["x1"] for w in line), max(w["bottom"] for w in line)
        shape = Shape(id=f"p{number}t{n}", type="text", class_name=class_name("text"),
                      bbox=BoundingBox(x0 * PT, top * PT, (x1 - x0) * PT, (bottom - top) * PT),
                      style=Style(fill=Fill(kind="none"), stroke=Stroke("none")),
                      text_areas=[TextArea("Text", from_plain(" ".join(w["text"] for w in line)))])
        page.shapes.append(shape)
        texts.append(shape.id)
    page.layers = [Layer(id=f"bg-layer-{number}", name="PDF background", members=[background.id], z=0),
                   Layer(id=f"text-layer-{number}", name="PDF text", members=texts, z=1)]
    return page
