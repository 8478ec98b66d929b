"""Excel adapter (.xlsx files only): POST /adapter/excel (new source) and PUT (overwrite by tab name)."""

from __future__ import annotations

from sqlalchemy.engine import Row

from ...http.request import Request
from ...http.routing import OpenApi
from ...store import datasources
from . import common, sheets, xlsx
from .common import FILE_BODY, GRANT_QUERY, MULTIPART, routes
from .model import Sheet
from .upload import file_of

ADAPTER_TYPE = "EXCEL"


@routes.post("/adapter/excel", summary="Create new data source from *.xlsx file",
             openapi=OpenApi(query=GRANT_QUERY, body=FILE_BODY, body_media=MULTIPART, response="DataSource"))
async def create_from_excel(request: Request) -> dict:
    """A collection per tab, named after it, with FillColor, TextColor, Format, Formula, Comment and
    SheetOrder metadata collections and DefaultColor / DefaultTextColor properties."""
    grant = common.grant(request)
    upload = await file_of(request)
    tabs = await request.ctx.threads.parse_apart(xlsx.parse, upload.data)
    return common.render(request, await request.ctx.run(_create, request, upload.filename, tabs, grant))


def _create(request: Request, name: str, tabs: list[Sheet], grant: tuple[str, str]) -> Row:
    with request.ctx.store.write() as conn:
        source = datasources.create(conn, name=name, creator_id=request.principal.user_id, adapter_type=ADAPTER_TYPE, grant=grant)
        for sheet in tabs:
            sheets.create(conn, source.id, sheet)
    return source


@routes.put("/adapter/excel", summary="Overwrite existing data source with *.xlsx file",
            openapi=OpenApi(query={"dataSource": ("string", "Data source link (required)")},
                            body=FILE_BODY, body_media=MULTIPART, response="DataSource"))
async def overwrite_from_excel(request: Request) -> dict:
    """Collections whose name matches a tab are overwritten (ids stay), new tabs get collections,
    collections without a tab are deleted; metadata collections are created afresh."""
    data_source_id = common.source_id_of(request)
    await request.ctx.run(_check, request, data_source_id)
    upload = await file_of(request)
    tabs = await request.ctx.threads.parse_apart(xlsx.parse, upload.data)
    return common.render(request, await request.ctx.run(_overwrite, request, data_source_id, tabs))


def _check(request: Request, data_source_id: int) -> None:
    with request.ctx.store.read() as conn:
        common.writable_source(conn, request, data_source_id)


def _overwrite(request: Request, data_source_id: int, tabs: list[Sheet]) -> Row:
    with request.ctx.store.write() as conn:
        common.writable_source(conn, request, data_source_id)
        sheets.sync(conn, data_source_id, tabs)
        return datasources.get(conn, data_source_id)
