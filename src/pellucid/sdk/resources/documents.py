"""`client.documents` (seed 002, "Documents", "Document Contents" and "Unfurling")."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path, PurePath
from typing import IO, Any, Literal, TypedDict

from .._call import Call, content, nothing, saved_to
from .._resource import Mode, Resource, endpoint, paged
from .._types import FileInput, Product, present
from ..models.contents import DocumentContent
from ..models.documents import Document, LinkDescription
from ..pagination import PageData
from ._common import file_part, rest, rest_list, rest_model, seg, when
from .collaborators import DocumentCollaborators

#: Import types of "Import Document", by vendor.
IMPORT_TYPES = {
    "lucid": "x-application/vnd.lucid.standardImport",
    "drawio": "x-application/vnd.lucid.drawio",
    "visio": "x-application/vnd.lucid.visio",
    "gliffy": "x-application/vnd.lucid.gliffy",
    "board": "x-application/vnd.lucid.board",
}
#: The import type of each file extension Lucid lists.
IMPORT_EXTENSIONS = {
    ".lucid": "lucid", ".drawio": "drawio", ".xml": "drawio", ".vsdx": "visio", ".vdx": "visio",
    ".gliffy": "gliffy", ".gon": "gliffy", ".gxml": "gliffy", ".pdf": "board",
}


def import_type(name: str | None, given: str | None) -> str:
    """The import media type: `given` (a key of IMPORT_TYPES or a media type), else from the file name."""
    if given is not None:
        return IMPORT_TYPES.get(given, given)
    extension = PurePath(name or "").suffix.lower()
    if extension not in IMPORT_EXTENSIONS:
        raise ValueError(f"Cannot tell the import type of {name or 'the file'!r} from its extension; pass type= "
                         f"(one of {', '.join(IMPORT_TYPES)})")
    return IMPORT_TYPES[IMPORT_EXTENSIONS[extension]]


class BootstrapData(TypedDict):
    """Data for an editor extension of a package, attached to a created document."""

    packageId: str
    extensionName: str
    minimumVersion: str
    data: Mapping[str, Any]


class Documents(Resource[Mode]):
    def __init__(self, core: Any) -> None:
        super().__init__(core)
        self.collaborators: DocumentCollaborators[Mode] = DocumentCollaborators(core)

    @endpoint
    def get(self, document_id: str) -> Call[Document]:
        """A document's information (and its owner, when the caller may see it)."""
        return rest_model("GET", f"/documents/{seg(document_id)}", Document)

    @endpoint
    def create(self, *, title: str | None = None, product: Product | None = None, parent: int | None = None,
               template: str | None = None, extension_bootstrap_data: BootstrapData | None = None) -> Call[Document]:
        """Create a document; with `template` (a document or template id) it is a copy of that."""
        body = present({"title": title, "product": product, "parent": parent, "template": template,
                        "extensionBootstrapData": extension_bootstrap_data})
        return rest_model("POST", "/documents", Document, json=body)

    @endpoint
    def import_file(self, file: FileInput | str | os.PathLike[str], *, type: str | None = None,
                    title: str | None = None, parent: int | None = None,
                    product: Product | None = None) -> Call[Document]:
        """Import a file as a new document: a path, bytes, a binary file object or a (filename,
        content) pair. `type` is a key of `IMPORT_TYPES` ("lucid", "drawio", "visio", "gliffy",
        "board") or an import media type; without it the file name's extension decides.
        `product` is required for Standard Import (.lucid) files: "lucidchart" or "lucidspark"."""
        if isinstance(file, (str, os.PathLike)):
            path = Path(file)
            file = (path.name, path.read_bytes())
        name = file[0] if isinstance(file, tuple) else getattr(file, "name", None)
        media_type = import_type(str(name) if name is not None else None, type)
        form = present({"type": media_type, "title": title, "parent": parent, "product": product})
        return rest_model("POST", "/documents", Document, files={"file": file_part(file, "import", media_type)},
                          data={k: str(v) for k, v in form.items()})

    @endpoint
    def export(self, document_id: str, *, format: Literal["png", "jpeg"] = "png", dpi: int | None = None,
               page: int | None = None, page_id: str | None = None,
               crop: Literal["content"] | Sequence[float] | None = None,
               file: str | os.PathLike[str] | IO[bytes] | None = None) -> Call[bytes]:
        """A page of a document as a PNG or JPEG image (default 160 dpi), as bytes; with `file`
        (a path, or a binary file object) also written there. `page` is 1-based, `page_id` picks
        a page by id (give one of them at most; default the first page); `crop` is "content" or
        (x, y, width, height) in page pixels."""
        accept = f"image/{format}" + (f";dpi={dpi}" if dpi is not None else "")
        if crop is not None and not isinstance(crop, str):
            crop = ",".join(_number(n) for n in crop)
        return rest("GET", f"/documents/{seg(document_id)}", content if file is None else saved_to(file),
                    headers={"Accept": accept}, params={"page": page, "pageId": page_id, "crop": crop})

    @endpoint
    def trash(self, document_id: str) -> Call[None]:
        """Move a document to the caller's trash (no error if it is there already)."""
        return rest("POST", f"/documents/{seg(document_id)}/trash", nothing, idempotent=True)

    @paged
    def search(self, *, product: Sequence[Product] | None = None, created_start_time: datetime | str | None = None,
               created_end_time: datetime | str | None = None, last_modified_after: datetime | str | None = None,
               keywords: str | None = None, page_size: int | None = None,
               page_token: str | None = None) -> Call[PageData[Document]]:
        """Documents the user can view, filtered, auto-paging (ranked by relevance with `keywords`)."""
        body = present({"product": list(product) if product is not None else None,
                        "createdStartTime": when(created_start_time), "createdEndTime": when(created_end_time),
                        "lastModifiedAfter": when(last_modified_after), "keywords": keywords})
        return rest_list("POST", "/documents/search", Document, page_size, page_token, json=body, idempotent=True)

    @endpoint
    def contents(self, document_id: str) -> Call[DocumentContent]:
        """The pages, shapes, lines, groups, layers and data of a Lucidchart document."""
        return rest_model("GET", f"/documents/{seg(document_id)}/contents", DocumentContent)

    @endpoint
    def describe_link(self, url: str) -> Call[LinkDescription]:
        """What a Lucid link points at (document, page, invitation); existence is not checked."""
        return rest_model("POST", "/describeLink", LinkDescription, json={"url": url}, idempotent=True)


def _number(value: float) -> str:
    """A crop value as the server reads it: whole numbers without a decimal point."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)
