"""Import Document (seed 002): `POST /documents` with a multipart/form-data body.

The form's `file` part is read within the import limits, its type taken from the `type` field
(which wins) or the part's own content type (415 `invalidImportType` for any other), the file
parsed in a worker thread by the format's importer, and then everything it makes — the
document, its content, its images and the data of its CSVs (a data source granted to the
document, as data connectors do) — is stored in the caller's one transaction.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

import anyio
from sqlalchemy.engine import Connection
from starlette.datastructures import UploadFile

from ..auth.principal import Principal
from ..documents.importers import FORMATS, Format, Imported, InvalidFile, parse
from ..documents.model import Content
from ..http import validation
from ..http.errors import ApiError, bad_request, forbidden
from ..http.request import Request
from ..settings import Settings
from ..store import accounts, collections, datasources, document_contents, fields, items
from .limits import IMPORT
from .scope_branches import PRODUCTS, admitted, route_scopes

SCOPES = route_scopes("content", "app.folder", products=("lucidchart", "lucidspark"))  # as Create Document
FIELD_LIMIT = 64 * 1024  # the form's text fields (type, product, title, parent)
MAX_TITLE = 255
UNTITLED = "Untitled"
ADAPTER_TYPE = "STANDARD_IMPORT"  # the data source an import's CSVs make
SI_PRODUCTS = ("lucidchart", "lucidspark")
BOARD_LICENSE = "enterprise"  # board import: "Lucidspark Enterprise license" (our accounts have one license)


def body_limit(settings: Settings) -> int:
    """POST /documents takes an import file of up to the import limit, plus its form fields."""
    return max(settings.max_body_bytes, settings.imports.max_file_bytes + FIELD_LIMIT)


def is_import(request: Request) -> bool:
    """Whether a document POST is a file import (multipart) rather than a JSON create."""
    return request.headers.get("content-type", "").lower().startswith("multipart/form-data")


@dataclass
class Upload:
    """An import, parsed and checked: what the write transaction stores."""

    product: str
    title: str
    parent: int | None
    imported: Imported


def _invalid_type(given: str | None) -> ApiError:
    what = f"File type {given!r} is not supported" if given else "The file type is missing"
    return ApiError(415, "invalidImportType", f"{what}; send one of {', '.join(FORMATS)} in the type field "
                    "or as the file part's content type")


def _format(form, part: UploadFile) -> Format:
    given = form.get("type")
    if not isinstance(given, str) or not given.strip():
        given = (part.content_type or "").split(";")[0]
    given = given.strip()
    file_format = FORMATS.get(given) or {k.lower(): v for k, v in FORMATS.items()}.get(given.lower())
    if file_format is None:
        raise _invalid_type(given or None)
    return file_format


def _product(form, file_format: Format) -> str:
    given = form.get("product")
    given = given.strip() if isinstance(given, str) and given.strip() else None
    if file_format.product is None:
        if given not in SI_PRODUCTS:
            raise bad_request("product is required for a Standard Import: lucidchart or lucidspark"
                              + (f"; got {given!r}" if given else ""))
        return given
    if given is not None and given != file_format.product:
        if given not in PRODUCTS:
            raise bad_request(f"product must be one of: {', '.join(PRODUCTS)}; got {given!r}")
        raise bad_request(f"A {file_format.vendor} import makes a {file_format.product} document; product {given!r} "
                          "does not fit it")
    return file_format.product


def _title(form, part: UploadFile) -> str:
    given = form.get("title")
    if isinstance(given, str) and given.strip():
        if len(given) > MAX_TITLE:
            raise bad_request(f"title must be at most {MAX_TITLE} characters")
        return given
    name = posixpath.basename((part.filename or "").replace("\\", "/"))
    stem = posixpath.splitext(name)[0] if "." in name.lstrip(".") else name
    return stem.strip()[:MAX_TITLE] or UNTITLED


def _parent(form) -> int | None:
    given = form.get("parent")
    if not isinstance(given, str) or not given.strip():
        return None
    if not validation.is_digits(given.strip()):
        raise bad_request(f"parent must be a folder id (a number); got {given!r}")
    return int(given)


def _licensed_for_boards(request: Request) -> bool:
    with request.ctx.store.read() as conn:
        return accounts.get_account(conn, request.principal.account_id).license == BOARD_LICENSE


def _parse_handed_over(*args) -> list[Imported]:
    """`parse`, its result in a list the caller empties: anyio's worker thread keeps its last
    result referenced until its next job, and with it the whole model the import made."""
    return [parse(*args)]


async def read(request: Request) -> Upload:
    """The checked import of this request: 429, 400, 415 and 403 in that order of checks, then
    the file's own problems (400) from its importer."""
    principal = request.principal
    request.ctx.limiter.check(f"account:{principal.account_id}", IMPORT.count, IMPORT.seconds, IMPORT.name)
    limits = request.ctx.settings.imports
    form = await request.multipart(FIELD_LIMIT)
    try:
        part = form.get("file")
        if not isinstance(part, UploadFile):
            raise bad_request("No file to import: send it in a multipart/form-data part named `file`, with a filename")
        file_format = _format(form, part)
        product = _product(form, file_format)
        title, parent = _title(form, part), _parent(form)
        if not admitted(principal.scopes, SCOPES, product):
            raise forbidden(f"The access token's scopes do not allow creating {product} documents, which a "
                            f"{file_format.vendor} import makes")
        if file_format.vendor == "board" and not await request.ctx.run(_licensed_for_boards, request):
            raise forbidden("Board import needs a Lucidspark Enterprise license")
        data = await part.read(limits.max_file_bytes + 1)
    finally:
        await form.close()
    if len(data) > limits.max_file_bytes:
        raise bad_request(f"The file is larger than the import limit of {limits.max_file_bytes:,} bytes")
    if not data:
        raise bad_request("The file is empty")
    try:
        imported = (await anyio.to_thread.run_sync(_parse_handed_over, file_format, data, limits, product)).pop()
    except InvalidFile as exc:
        raise bad_request(exc.message, {"errors": exc.errors} if exc.errors else None) from None
    return Upload(product, title, parent, imported)


def store(conn: Connection, document_id: str, principal: Principal, upload: Upload) -> Content:
    """Store the import's images and data for the document about to be made; its content, with
    each collection pointing at the Data Service collection that now holds its rows."""
    imported = upload.imported
    for media_type, data in imported.blobs.values():
        document_contents.put_blob(conn, data, media_type)
    content = imported.content
    if imported.tables:
        source = datasources.create(conn, name=upload.title, creator_id=principal.user_id, adapter_type=ADAPTER_TYPE,
                                    grant=("document", document_id))
        by_id = {collection.id: collection for collection in content.collections}
        for table in imported.tables:
            schema = [{"name": name, "fieldType": "STRING", "order": order, "isPrimary": order == 1}
                      for order, name in enumerate(table.columns, 1)]
            row = collections.create(conn, data_source_id=source.id, name=table.name, schema=schema, props={})
            ids = [str(spec.id) for spec in fields.list_for(conn, row.id)]
            if table.rows:
                items.insert(conn, row.id, [{key: value for key, value in zip(ids, cells) if value}
                                            for cells in table.rows])
            by_id[table.collection_id].data_collection_id = row.id
    return content
