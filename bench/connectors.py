"""Issue 5's server benchmark: 100,000 items x 10 fields pushed through
`DataSourceClient.update` (chunked under 8 MiB, as the SDK sends them) into a `pellucid serve`
subprocess on SQLite, against a raw sqlite3 executemany of the same rows into a plain table.

    push (client serialization + HTTP + token + apply) items/s  vs  raw executemany items/s
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from pathlib import Path

import orjson

from pellucid.protocol import CollectionPatch, ItemsPatchInexhaustive, declare_schema, values
from pellucid.protocol import ScalarFieldType as S
from pellucid.sdk.connector import DataSourceClient, LucidUrls
from pellucid.server import admin
from pellucid.server.auth import update_tokens
from pellucid.server.connectors import bindings, packages
from pellucid.server.store import documents
from pellucid.server.store.db import Store

from .support import Row, pellucid_server, table

ITEMS = int(os.environ.get("BENCH_ITEMS", "100000"))
SCHEMA = declare_schema(["id"], {
    "id": S.NUMBER, "name": S.STRING, "group": S.STRING, "score": S.NUMBER, "ratio": [S.NUMBER, S.NULL],
    "done": S.BOOLEAN, "note": S.STRING, "city": S.STRING, "count": S.NUMBER, "when": S.DATE,
})
CITIES = ["Lyon", "Provo", "Oslo", "Kyoto", "Lima"]


def row(i: int) -> dict:
    return {"id": i, "name": f"item {i}", "group": f"g{i % 100}", "score": i % 1000, "ratio": (i % 97) / 97,
            "done": i % 2 == 0, "note": f"note {i % 13}", "city": CITIES[i % 5], "count": i * 7,
            "when": values.date_value(1_700_000_000_000 + i)}


def update_token(store: Store) -> str:
    """What a connector receives in an Import: a document-scoped documentUpdateToken."""
    account = admin.create_account(store, "bench")
    user = admin.create_user(store, account_id=account["id"], email="bench@example.com", first_name="B", last_name="M")
    packages.register_short(store, "bench", ["bench=http://127.0.0.1:9/"], package_id="bench")
    with store.write() as conn:
        document = documents.create(conn, account_id=account["id"], owner_id=user["userId"], title="bench",
                                    product="lucidchart", parent_id=None)
        connector = packages.find(conn, "bench", "bench")
        binding = bindings.ensure(conn, connector.id, document.id, user["userId"])
        return update_tokens.issue(conn, binding.id, update_tokens.DOCUMENT, 3600_000)


def raw_insert_rate(path: Path, items: dict[str, dict], as_json: bool = False) -> float:
    """The floor: the same rows in a plain table (the key and one column per field; object
    values as JSON text), one executemany in one transaction. `as_json`: (key, row JSON)."""
    names = [f.name for f in SCHEMA.fields]
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    columns = ["data"] if as_json else [f'"{name}"' for name in names]
    db.execute(f"CREATE TABLE raw (item_key TEXT PRIMARY KEY, {', '.join(columns)})")
    insert = f"INSERT INTO raw VALUES ({', '.join(['?'] * (len(columns) + 1))})"
    started = time.perf_counter()
    db.execute("BEGIN")
    if as_json:
        db.executemany(insert, [(key, orjson.dumps(item).decode()) for key, item in items.items()])
    else:
        db.executemany(insert, [(key, *[orjson.dumps(v).decode() if isinstance(v, dict) else v
                                        for v in map(item.get, names)]) for key, item in items.items()])
    db.execute("COMMIT")
    elapsed = time.perf_counter() - started
    db.close()
    return ITEMS / elapsed


def main() -> None:
    print(f"Data connector benchmarks: SQLite, {ITEMS:,} items x {len(SCHEMA.fields)} fields")
    items = SCHEMA.from_items([row(i) for i in range(ITEMS)])
    with tempfile.TemporaryDirectory(prefix="pellucid-bench-") as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        store = Store(url)
        store.migrate()
        token = update_token(store)
        store.dispose()
        with pellucid_server(url) as base:
            client = DataSourceClient(token, urls=LucidUrls.single_origin(base + "/"))
            started = time.perf_counter()
            client.update(data_source_name="Bench", collections={
                "bench": CollectionPatch(ItemsPatchInexhaustive(items), SCHEMA.schema)})
            push_rate = ITEMS / (time.perf_counter() - started)
            client.close()
        raw_rate = raw_insert_rate(Path(tmp) / "raw.db", items)
        json_rate = raw_insert_rate(Path(tmp) / "raw-json.db", items, as_json=True)
    table("Data connectors (issue 5)", [
        Row("DataSourceClient.update, 8 MiB chunks", push_rate, "items/s", "raw executemany", raw_rate,
            push_rate / raw_rate, ">= 0.3"),
    ], notes=[
        f"Against (key, row as JSON) rows instead of one column per field the floor is {json_rate:,.0f} items/s "
        f"(ratio {push_rate / json_rate:.3f}). The push includes the client's serialization and chunking, "
        "HTTP, JSON parsing, and the per-field text/number columns the Data Service filters on.",
    ])


if __name__ == "__main__":
    main()
