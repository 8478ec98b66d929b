"""Benchmark: walk 10,000 users with `GET /users?pageSize=200`, following `Link: rel="next"`,
against a raw SQL read of the same rows (the floor). Both in one run, same database.

    python bench/rest_users_walk.py [--users 10000] [--database sqlite|postgresql] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from bench.rest_common import database, free_port, pellucid_serve, serve, table  # noqa: E402


def _populate(url: str, users: int) -> tuple[int, str]:
    """An account with `users` users (bulk insert) and an account token able to list them."""
    from pellucid.server import admin
    from pellucid.server.store import tables as t
    from pellucid.server.store.db import Store, now_ms

    store = Store(url)
    store.migrate()
    account = admin.create_account(store, "Walk")["id"]
    rows = [{"account_id": account, "email": f"walker{n}@example.com", "email_lower": f"walker{n}@example.com",
             "username": f"walker{n}", "username_lower": f"walker{n}", "first_name": "Walker", "last_name": str(n),
             "roles": "[]", "created": now_ms()} for n in range(users)]
    with store.write() as conn:
        conn.execute(sa.insert(t.users), rows)
    client = admin.create_client(store, "walk", ["http://127.0.0.1/cb"])["client_id"]
    token = admin.issue_token(store, client_id=client, account_id=account, scope_list=["account.user:readonly"])
    store.dispose()
    return account, token["access_token"]


def _walk(base: str, token: str) -> tuple[float, int, int]:
    headers = {"Authorization": f"Bearer {token}", "Lucid-Api-Version": "1"}
    url, count, pages = f"{base}/users?pageSize=200", 0, 0
    started = time.perf_counter()
    with httpx.Client(headers=headers, timeout=30) as client:
        while url:
            response = client.get(url)
            response.raise_for_status()
            count += len(response.json())
            pages += 1
            link = response.headers.get("link")
            url = link[1:link.index(">")] if link else None
    return time.perf_counter() - started, count, pages


def _raw(url: str, account: int) -> tuple[float, int]:
    """The floor: one SELECT of the same rows, turned into the same dicts."""
    from pellucid.server.store.db import Store

    store = Store(url)
    started = time.perf_counter()
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, account_id, email, first_name, last_name, username, roles FROM users "
            f"WHERE account_id = {int(account)} ORDER BY id").all()
        users = [{"accountId": r[1], "email": r[2], "name": f"{r[3]} {r[4]}", "userId": r[0], "username": r[5],
                  "roles": r[6]} for r in rows]
    elapsed = time.perf_counter() - started
    store.dispose()
    return elapsed, len(users)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, database(args.database, Path(tmp)) as url:
        account, token = _populate(url, args.users)
        port = free_port()
        with serve(pellucid_serve(url, port, "--rate-limits", "off"), "/healthz", port) as base:
            walks = [_walk(base, token) for _ in range(args.repeat)]
        raws = [_raw(url, account) for _ in range(args.repeat)]
    walk_s, count, pages = min(walks)
    raw_s, raw_count = min(raws)
    assert count == raw_count == args.users, (count, raw_count)
    table(f"Paginated walk of {args.users} users on {args.database} (best of {args.repeat})",
          ["read", "pages", "total ms", "users/s", "x floor"],
          [["raw SQL SELECT (floor)", 1, f"{raw_s * 1000:.1f}", f"{raw_count / raw_s:.0f}", "1.0"],
           ["GET /users?pageSize=200 + Link", pages, f"{walk_s * 1000:.1f}", f"{count / walk_s:.0f}",
            f"{walk_s / raw_s:.1f}"]])


if __name__ == "__main__":
    main()
