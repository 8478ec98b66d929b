"""`pellucid data ...`: data sources from CSV and Excel files, and the items of a collection."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from pellucid import csvdata
from pellucid.sdk import AsyncLucid

from .connection import BaseUrlOption, TokenOption, run
from .output import emit, fail
from .progress import counting, reading

data_app = typer.Typer(
    help="The Data Service: data sources from CSV and Excel files, and the items of collections.",
    no_args_is_help=True,
)

# Typer would print <path>/<int> placeholders for arguments: each command's docstring names them.
FileArgument = typer.Argument(..., metavar="FILE", hidden=True, exists=True, dir_okay=False, readable=True)


@data_app.command("import-csv")
def import_csv(
    file: Path = FileArgument,
    name: str = typer.Option(..., metavar="NAME", help="Name of the data source and of its collection."),
    token: Optional[str] = TokenOption,
    base_url: Optional[str] = BaseUrlOption,
) -> None:
    """Create a data source with one collection from FILE, a UTF-8 CSV whose row 1 names the fields
    -> {"dataSourceId", "collectionId", "name", "fields", "primaryKey", "items"}.

    Numeric and true/false columns become NUMBER and BOOLEAN fields, the others STRING; the first
    column is the primary key when its values are present and unique. Items are sent 500 at a
    time, with a progress bar on stderr; if one batch is refused, the data source is deleted again.
    """
    table = read_csv(file)

    async def create(client: AsyncLucid) -> dict:
        with counting() as bars:
            advance = bars.add(f"importing {file.name}", len(table.items))
            source, collection = await csvdata.create_data_source(client, name, table, on_items=advance)
        return {"dataSourceId": source.id, "collectionId": collection.id, "name": name,
                "fields": [field for field, _ in table.fields], "primaryKey": table.primary_key,
                "items": len(table.items)}

    emit(run(token, base_url, create))


def read_csv(file: Path) -> csvdata.Table:
    """The table of a CSV file of any size, or exit 2 saying what is wrong with it."""
    try:
        text = file.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(f"{file} is not UTF-8 text (byte {exc.start}); save it as CSV UTF-8")
    try:
        return csvdata.read(text, max_bytes=None, max_rows=None)
    except csvdata.CsvError as exc:
        fail(f"{file}: {exc} Nothing was sent.")


@data_app.command("import-excel")
def import_excel(
    file: Path = FileArgument,
    name: Optional[str] = typer.Option(None, metavar="NAME", help="Rename the data source (default: the file's name)."),
    token: Optional[str] = TokenOption,
    base_url: Optional[str] = BaseUrlOption,
) -> None:
    """Create a data source from FILE, an .xlsx workbook, through Lucid's Excel adapter: a
    collection per sheet -> {"dataSourceId", "name", "collections": [{"id", "name"}]}.

    The progress bar on stderr shows the bytes sent.
    """

    async def create(client: AsyncLucid) -> dict:
        with reading(file, f"uploading {file.name}") as stream:
            source = await client.data.adapters.upload_excel((file.name, stream))
        if name is not None:
            source = await client.data.data_sources.update(source, name=name)
        sheets = [{"id": c.id, "name": c.name} async for c in client.data.collections.list(data_source=source)
                  if c.parent is None]  # the metadata collections (formats, colors, ...) aside
        return {"dataSourceId": source.id, "name": source.name, "collections": sheets}

    emit(run(token, base_url, create))


@data_app.command("items")
def items(
    collection_id: int = typer.Argument(..., metavar="COLLECTION_ID", hidden=True, min=1),
    filter: Optional[str] = typer.Option(
        None, metavar="FILTER", help="Only the items that match, e.g. 'Age > 21' or "
                                     "'Team IN (\"Sales\", \"Ops\")' (the Data Service's filter language)."),
    limit: Optional[int] = typer.Option(None, metavar="N", min=1, help="At most N items (default: all)."),
    table: bool = typer.Option(False, "--table", help="A table for people, instead of JSON lines."),
    token: Optional[str] = TokenOption,
    base_url: Optional[str] = BaseUrlOption,
) -> None:
    """Print the items of collection COLLECTION_ID in creation order: one JSON object a line
    ({"id", "fields"}), printed as the pages arrive, or with --table a table."""

    async def listing(client: AsyncLucid) -> list[dict]:
        found: list[dict] = []  # kept for the table only: JSON lines go out as they come
        count = 0
        page_size = min(limit, 1000) if limit else None
        async for item in client.data.items.list(collection_id, filter=filter, page_size=page_size):
            if count == limit:
                break
            count += 1
            row = {"id": item.id, "fields": item.fields or {}}
            if table:
                found.append(row)
            else:
                emit(row)
        return found

    found = run(token, base_url, listing)
    if table:
        _print_table(found)


def _print_table(found: list[dict]) -> None:
    """The items under a header of every field name, in the order they first appear; values as in
    the JSON (true, 3.5), strings without quotes, missing ones blank."""
    from rich.console import Console
    from rich.table import Table

    names = list(dict.fromkeys(name for item in found for name in item["fields"]))
    grid = Table("id", *names)
    for item in found:
        grid.add_row(str(item["id"]), *(_cell(item["fields"].get(name)) for name in names))
    Console().print(grid)


def _cell(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value)
