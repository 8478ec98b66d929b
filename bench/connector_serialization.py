"""Serialize one large dataSource/update (100,000 items x 10 fields): pellucid vs the official SDK.

Both sides start from the same rows and stop at the bytes of the request body:
Node runs ``declareSchema(...).fromItems(rows)`` + ``DataSourceClient.update`` with a
capturing fetch that UTF-8 encodes the body (what fetch does before sending); Python runs
``declare_schema(...).from_items(rows)`` + ``encode_update`` (what ``update`` sends). Same
machine, same run, best and median of several rounds; the bodies are checked to be equal.

    python bench/connector_serialization.py [--items N] [--rounds R]

Needs node and ``npm ci`` in tests/interop/node (the official package lives there).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from pellucid.protocol import (
    CollectionPatch,
    DataSourceRequest,
    Field,
    ItemsPatchInexhaustive,
    declare_schema,
)  # noqa: E402
from pellucid.protocol import ScalarFieldType as S  # noqa: E402
from pellucid.sdk.connector.chunking import encode_update  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NODE_DIR = ROOT / "tests" / "interop" / "node"

FIELDS = {
    "id": {"type": 1},
    "name": {"type": 3},
    "score": {"type": {"union": [1, 6]}},
    "done": {"type": 2},
    "note": {"type": 3},
    "when": {"type": 5},
    "price": {"type": 8},
    "ratio": {"type": 1},
    "tag": {"type": 3},
    "city": {"type": 3},
}
PY_FIELDS = {
    "id": S.NUMBER,
    "name": S.STRING,
    "score": Field([S.NUMBER, S.NULL]),
    "done": S.BOOLEAN,
    "note": S.STRING,
    "when": S.DATE,
    "price": S.CURRENCY,
    "ratio": S.NUMBER,
    "tag": S.STRING,
    "city": S.STRING,
}


def rows(n: int) -> list[dict]:
    """Mixed realistic values: ints, strings with quotes and non-ASCII, nulls, bools, dates,
    currencies, floats (some integral, as CSV or database numbers often are)."""
    return [
        {
            "id": i,
            "name": f"name {i}",
            "score": i * 1.5 if i % 7 else None,
            "done": i % 2 == 0,
            "note": f'note "q" é {i}',
            "when": {"ms": 1700000000000 + i * 1000},
            "price": {"a": i / 4, "t": "USD"},
            "ratio": i / 3,
            "tag": f"t{i % 10}",
            "city": "München",
        }
        for i in range(n)
    ]


def python_body(data: list[dict]) -> bytes:
    schema = declare_schema(["id"], PY_FIELDS)
    request = DataSourceRequest(
        "Bench",
        {"items": CollectionPatch(ItemsPatchInexhaustive(schema.from_items(data)), schema.schema)},
    )
    return encode_update(request)


def node(mode: str, cases: list) -> list:
    done = subprocess.run(
        ["node", "oracle.js"],
        cwd=NODE_DIR,
        input=json.dumps({"mode": mode, "cases": cases}).encode(),
        capture_output=True,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    data = rows(args.items)
    spec = {
        "dataSourceName": "Bench",
        "collections": [
            [
                "items",
                {
                    "declare": {"primaryKey": ["id"], "fields": FIELDS},
                    "patch": {"kind": "inexhaustive", "fromItems": data},
                },
            ]
        ],
    }

    [node_runs] = node("time", [{"spec": spec, "repeat": args.rounds + 2}])
    node_runs = node_runs[2:]  # JIT warm-up
    python_body(data)  # warm-up
    py_runs = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        body = python_body(data)
        py_runs.append((time.perf_counter() - t0) * 1000)
    [official] = node("update", [spec])
    same = body == official["body"].encode()

    print(
        f"dataSource/update body, {args.items:,} items x {len(FIELDS)} fields, "
        f"{len(body) / 1e6:.1f} MB, "
        f"{args.rounds} rounds; identical bytes: {'yes' if same else 'NO'}"
    )
    print(f"{'implementation':<36}{'best ms':>10}{'median ms':>12}")
    print(
        f"{'lucid-extension-sdk 1.2.5 (node)':<36}{min(node_runs):>10.1f}"
        f"{statistics.median(node_runs):>12.1f}"
    )
    print(f"{'pellucid (python)':<36}{min(py_runs):>10.1f}{statistics.median(py_runs):>12.1f}")
    print(
        f"{'ratio python/node':<36}{min(py_runs) / min(node_runs):>10.2f}x"
        f"{statistics.median(py_runs) / statistics.median(node_runs):>11.2f}x"
    )
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
