"""`pellucid documents ...`: import a file as a new document, export a page as an image."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from pellucid.sdk import AsyncLucid
from pellucid.sdk.resources.documents import IMPORT_EXTENSIONS, IMPORT_TYPES, import_type

from .connection import BaseUrlOption, TokenOption, run
from .data import FileArgument
from .output import emit, fail
from .progress import reading

documents_app = typer.Typer(help="Documents: import files as documents, export pages as images.",
                            no_args_is_help=True)


@documents_app.command("import")
def import_document(
    file: Path = FileArgument,
    title: Optional[str] = typer.Option(None, metavar="TITLE", help="The document's title (default: from the file)."),
    product: Optional[str] = typer.Option(
        None, metavar="PRODUCT", help="lucidchart or lucidspark; required for Standard Import (.lucid) files."),
    type: Optional[str] = typer.Option(
        None, "--type", metavar="TYPE",
        help=f"{', '.join(IMPORT_TYPES)} or an import media type (default: from the file's extension)."),
    parent: Optional[int] = typer.Option(None, metavar="FOLDER_ID", help="The folder to put it in (default: the root)."),
    token: Optional[str] = TokenOption,
    base_url: Optional[str] = BaseUrlOption,
) -> None:
    """Import FILE as a new document -> the Document resource ({"documentId", "title", ...}).

    The type follows the extension: .lucid (Standard Import), .drawio/.xml (draw.io),
    .vsdx/.vdx (Visio), .gliffy/.gon/.gxml (Gliffy), .pdf (a board). The progress bar on stderr
    shows the bytes sent.
    """
    try:
        media_type = import_type(file.name, type)
    except ValueError:
        fail(f"cannot tell the import type of {file.name} from its extension "
             f"({', '.join(IMPORT_EXTENSIONS)}); give --type")

    async def create(client: AsyncLucid) -> dict:
        with reading(file, f"uploading {file.name}") as stream:
            document = await client.documents.import_file((file.name, stream), type=media_type, title=title,
                                                          parent=parent, product=product)
        return document.to_json()

    emit(run(token, base_url, create))


@documents_app.command("export")
def export_document(
    document_id: str = typer.Argument(..., metavar="DOCUMENT_ID", hidden=True),
    out: Path = typer.Option(..., metavar="FILE", dir_okay=False, help="Where to write the image (replaced if there)."),
    format: Optional[str] = typer.Option(
        None, metavar="png|jpeg", help="Image format (default: jpeg for a .jpg/.jpeg FILE, else png)."),
    dpi: Optional[int] = typer.Option(None, metavar="N", min=1, help="Resolution (default 160)."),
    page: Optional[int] = typer.Option(None, metavar="N", min=1, help="The page, 1-based (default: the first)."),
    crop: Optional[str] = typer.Option(None, metavar="content|X,Y,W,H",
                                       help="Crop to the content, or to a rectangle in page pixels."),
    token: Optional[str] = TokenOption,
    base_url: Optional[str] = BaseUrlOption,
) -> None:
    """Export a page of document DOCUMENT_ID as a PNG or JPEG image to FILE
    -> {"documentId", "file", "format", "bytes"}."""
    image_format = format or ("jpeg" if out.suffix.lower() in (".jpg", ".jpeg") else "png")
    if image_format not in ("png", "jpeg"):
        fail(f"--format must be png or jpeg, not {image_format!r}")

    async def export(client: AsyncLucid) -> bytes:
        return await client.documents.export(document_id, format=image_format, dpi=dpi, page=page, crop=crop)

    image = run(token, base_url, export)
    try:
        out.write_bytes(image)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror}")
    emit({"documentId": document_id, "file": str(out), "format": image_format, "bytes": len(image)})
