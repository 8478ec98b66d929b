"""`pellucid connector push FILE`: write a CSV into a document's data source the way a data
connector does, with a documentUpdateToken: the data-source update endpoint, in batches."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from pellucid.protocol import (
    CollectionPatch,
    ItemsPatchInexhaustive,
    ScalarFieldType,
    declare_schema,
)
from pellucid.sdk.connector import (
    LUCID_URLS,
    DataConnectorRequestError,
    DataSourceClient,
    LucidUrls,
)
from pellucid.sdk.connector.cli import LucidUrlOption
from pellucid.sdk.errors import APIConnectionError

from .data import FileArgument, read_csv
from .output import REFUSED, emit, fail
from .progress import counting

FIELD_TYPES = {"NUMBER": ScalarFieldType.NUMBER, "BOOLEAN": ScalarFieldType.BOOLEAN, "STRING": ScalarFieldType.STRING}


def push(
    file: Path = FileArgument,
    data_source: str = typer.Option(..., "--data-source", metavar="NAME",
                                    help="The data source's name (the connector's data_source_name)."),
    collection: str = typer.Option(..., metavar="ID", help="The collection's id within the data source; "
                                   "made with the first batch when new (the token must come from Import or HardRefresh)."),
    primary_key: list[str] = typer.Option(
        [], "--primary-key", metavar="FIELD",
        help="A key field; repeatable. Default: the first column, when its values are present and unique."),
    update_token: Optional[str] = typer.Option(
        None, "--update-token", envvar="LUCID_DATA_UPDATE_TOKEN", metavar="TOKEN",
        help="The documentUpdateToken of a connector action."),
    lucid_url: Optional[str] = LucidUrlOption,
    batch: int = typer.Option(1000, metavar="N", min=1, help="Items per update request."),
) -> None:
    """Push FILE, a UTF-8 CSV whose row 1 names the fields, into a collection of a document's
    data source, as items added or changed (nothing is deleted) -> {"dataSource", "collection",
    "items", "requests"}.

    Numeric and true/false columns become NUMBER and BOOLEAN fields, the others STRING (empty
    cells are null). Each batch is a request of its own, applied on its own; a progress bar on
    stderr counts the items sent.
    """
    token = (update_token or "").strip()
    if not token:
        fail("set LUCID_DATA_UPDATE_TOKEN (or --update-token) to the documentUpdateToken of a connector action")
    table = read_csv(file)
    names = [name for name, _ in table.fields]
    key = primary_key or table.primary_key
    if not key:
        fail(f"{file}: the first column's values are not all present and unique; name the key with --primary-key")
    if set(key) - set(names):
        fail(f"--primary-key {', '.join(sorted(set(key) - set(names)))} is not a column of {file} ({', '.join(names)})")
    schema = declare_schema(key, {name: FIELD_TYPES[kind] if name in key else [FIELD_TYPES[kind], ScalarFieldType.NULL]
                                  for name, kind in table.fields})
    if len(schema.from_items(table.items)) != len(table.items):
        fail(f"{file}: two rows have the same key ({', '.join(key)})")
    urls = LucidUrls.single_origin(lucid_url) if lucid_url else LUCID_URLS
    requests = 0
    try:
        with DataSourceClient(token, urls=urls) as client, counting() as bars:
            advance = bars.add(f"pushing {file.name}", len(table.items))
            for start in range(0, len(table.items), batch):
                chunk = table.items[start:start + batch]
                patch = CollectionPatch(ItemsPatchInexhaustive(schema.from_items(chunk)), schema.schema)
                client.update(data_source_name=data_source, collections={collection: patch})
                requests += 1
                advance(len(chunk))
    except DataConnectorRequestError as exc:
        fail(f"{exc.args[0]}: Lucid answered {exc.status} {_said(exc.response)}".rstrip(),
             f"the {requests * batch} items sent before stay applied" if requests else "nothing was applied",
             code=REFUSED)
    except APIConnectionError as exc:
        fail(f"could not reach {urls.api}: {exc.message}", code=REFUSED)
    emit({"dataSource": data_source, "collection": collection, "items": len(table.items), "requests": requests})


def _said(body: str) -> str:
    """Lucid's error object as "code: message (request id ...)"; any other body as it came."""
    try:
        said = json.loads(body)
    except ValueError:
        return body.strip()
    if not isinstance(said, dict) or "message" not in said:
        return body.strip()
    text = f"{said.get('code')}: {said['message']}" if said.get("code") else str(said["message"])
    return f"{text} (request id {said['requestId']})" if said.get("requestId") else text
