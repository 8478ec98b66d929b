"""Import files built in the tests: Standard Import archives, draw.io, Visio, Gliffy, board PDFs."""

from __future__ import annotations

import io
import json
import zipfile

import httpx
import sqlalchemy as sa

SI = "x-application/vnd.lucid.standardImport"
DRAWIO = "x-application/vnd.lucid.drawio"
VISIO = "x-application/vnd.lucid.visio"
GLIFFY = "x-application/vnd.lucid.gliffy"
BOARD = "x-application/vnd.lucid.board"


def lucid(document: dict | bytes | None, files: dict[str, bytes | str] | None = None) -> bytes:
    """A `.lucid` archive: `document.json` (unless None) and other entries by archive name."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if document is not None:
            raw = document if isinstance(document, bytes) else json.dumps(document).encode()
            archive.writestr("document.json", raw)
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def import_file(api, data: bytes, type: str | None = None, *, filename: str = "file", content_type: str | None = None,
                **fields: str) -> httpx.Response:
    """POST /documents as multipart: the file part (with its own content type, if given) and fields."""
    form = {k: str(v) for k, v in fields.items()}
    if type is not None:
        form["type"] = type
    part = (filename, data, content_type) if content_type else (filename, data)
    return api.post("/documents", files={"file": part}, data=form)


def row_counts(server, *tables: sa.Table) -> tuple[int, ...]:
    """How many rows each table holds: an import that fails must leave them as they were."""
    with server.store.read() as conn:
        return tuple(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() for table in tables)


def png(width: int = 4, height: int = 3, colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


VISIO_NS = "http://schemas.microsoft.com/office/visio/2012/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
BACKGROUND = ' Background="1"'


def vsdx(pages: list[tuple[str, str, float, float, bool]], masters: list[tuple[str, str, str]]) -> bytes:
    """A `.vsdx`: pages as (name, PageContents body XML, width in, height in, background?), masters
    as (ID, NameU, MasterContents body XML)."""
    out = io.BytesIO()

    def rels(targets: list[str]) -> str:
        inner = "".join(f'<Relationship Id="rId{n}" Type="x" Target="{target}"/>' for n, target in enumerate(targets, 1))
        return f'<Relationships xmlns="{RELS_NS}">{inner}</Relationships>'

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        entries = "".join(
            f'<Page ID="{n}" NameU="{name}" Name="{name}"{BACKGROUND if background else ""}>'
            f'<PageSheet><Cell N="PageWidth" V="{width}"/><Cell N="PageHeight" V="{height}"/></PageSheet>'
            f'<Rel r:id="rId{n + 1}"/></Page>'
            for n, (name, _body, width, height, background) in enumerate(pages))
        archive.writestr("visio/pages/pages.xml", f'<Pages xmlns="{VISIO_NS}" xmlns:r="{R_NS}">{entries}</Pages>')
        archive.writestr("visio/pages/_rels/pages.xml.rels", rels([f"page{n + 1}.xml" for n in range(len(pages))]))
        for n, (_name, body, *_rest) in enumerate(pages):
            archive.writestr(f"visio/pages/page{n + 1}.xml", f'<PageContents xmlns="{VISIO_NS}">{body}</PageContents>')
        listed = "".join(f'<Master ID="{mid}" NameU="{name}"><Rel r:id="rId{n + 1}"/></Master>'
                         for n, (mid, name, _body) in enumerate(masters))
        archive.writestr("visio/masters/masters.xml", f'<Masters xmlns="{VISIO_NS}" xmlns:r="{R_NS}">{listed}</Masters>')
        archive.writestr("visio/masters/_rels/masters.xml.rels", rels([f"master{n + 1}.xml" for n in range(len(masters))]))
        for n, (_mid, _name, body) in enumerate(masters):
            archive.writestr(f"visio/masters/master{n + 1}.xml", f'<MasterContents xmlns="{VISIO_NS}">{body}</MasterContents>')
    return out.getvalue()


def pdf(pages: list[list[tuple[float, float, str]]], size=(612, 792)) -> bytes:
    """A PDF whose pages hold the given texts at (x, y) points from the top-left, drawn with a
    coloured band so each page's background is not blank."""
    from fpdf import FPDF

    document = FPDF(unit="pt", format=size)
    document.set_auto_page_break(False)
    for texts in pages:
        document.add_page()
        document.set_fill_color(255, 200, 0)
        document.rect(0, 0, size[0], 40, style="F")
        document.set_font("helvetica", size=14)
        for x, y, text in texts:
            document.text(x, y, text)
    return bytes(document.output())
