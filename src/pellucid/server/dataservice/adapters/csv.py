"""CSV adapter: POST /adapter/csv (new data source) and PUT /adapter/csv (overwrite a collection).

Files are parsed in a worker thread, so a large upload does not stall the event loop.
"""

from __future__ import annotations

import anyio
from sqlalchemy.engine import Row

from ...http.request import Request
from ...store import datasources
from .. import links
from . import common, csvfile, sheets
from .common import FILE_BODY, GRANT_QUERY, MULTIPART, routes
from .model import Sheet
from .upload import file_of

ADAPTER_TYPE = "CSV"


@routes.post("/adapter/csv", summary="Create new data source from CSV file",
             openapi={"query": GRANT_QUERY, "body": FILE_BODY, "body_media": MULTIPART, "response": "DataSource"})
async def create_from_csv(request: Request) -> dict:
    """One collection named after the file, columns A, B, ..., one item per row (row 1 included) and a
    SheetOrder metadata collection mapping each item id to its row number."""
    grant = common.grant(request)
    upload = await file_of(request)
    sheet = await anyio.to_thread.run_sync(csvfile.parse, upload.data, upload.filename)
    return common.render(request, await request.ctx.run(_create, request, sheet, grant))


def _create(request: Request, sheet: Sheet, grant: tuple[str, str]) -> Row:
    with request.ctx.store.write() as conn:
        source = datasources.create(conn, name=sheet.title, creator_id=request.principal.user_id,
                                    adapter_type=ADAPTER_TYPE, grant=grant)
        sheets.create(conn, source.id, sheet)
    return source


@routes.put("/adapter/csv", summary="Overwrite existing data source or collection with new CSV file",
            openapi={"query": {"dataSource": ("string", "Data source link (required)"),
                               "collection": ("string", "Collection link; required when the source has several")},
                     "body": FILE_BODY, "body_media": MULTIPART, "response": "DataSource"})
async def overwrite_from_csv(request: Request) -> dict:
    """Replaces the items of the collection; its id stays, new columns get fields."""
    data_source_id = common.source_id_of(request)
    link = request.query.get("collection")
    collection_id = links.parse_id(link, "collection", "collection") if link else None
    await request.ctx.run(_check, request, data_source_id, collection_id)
    upload = await file_of(request)
    sheet = await anyio.to_thread.run_sync(csvfile.parse, upload.data, upload.filename)
    return common.render(request, await request.ctx.run(_overwrite, request, data_source_id, collection_id, sheet))


def _check(request: Request, data_source_id: int, collection_id: int | None) -> None:
    """Refuse early (403/400) before reading a file the caller may not write."""
    with request.ctx.store.read() as conn:
        common.writable_source(conn, request, data_source_id)
        common.single_collection(conn, request, data_source_id, collection_id)


def _overwrite(request: Request, data_source_id: int, collection_id: int | None, sheet: Sheet) -> Row:
    with request.ctx.store.write() as conn:
        common.writable_source(conn, request, data_source_id)
        target = common.single_collection(conn, request, data_source_id, collection_id)
        sheets.overwrite(conn, target, sheet, exact_schema=False)
        return datasources.get(conn, data_source_id)
