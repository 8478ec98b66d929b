"""Issue 4's REST benchmarks.

    token check + rate limit + GET /users/me/profile under load (wrk, 32 conns)  vs  a bare ASGI route
    the paginated walk of 10,000 users (pageSize 200, Link rel=next)           vs  a raw SQL read

BENCH_DATABASE=postgresql runs them on PostgreSQL instead of SQLite.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import httpx
import sqlalchemy as sa

from pellucid.server import admin
from pellucid.server.store import tables as t
from pellucid.server.store.db import Store, now_ms

from .support import Row, bare_server, database, pellucid_server, table, wrk

KIND = os.environ.get("BENCH_DATABASE", "sqlite")
USERS = 10_000
ROTATED = 2000  # tokens the limits-on run rotates through, so no principal passes 15 req/s


def populate(url: str) -> tuple[int, list[str], str]:
    """An account with USERS users (bulk insert), profile tokens for some, an account token."""
    store = Store(url)
    store.migrate()
    account = admin.create_account(store, "Bench")["id"]
    rows = [{"account_id": account, "email": f"walker{n}@example.com", "email_lower": f"walker{n}@example.com",
             "username": f"walker{n}", "username_lower": f"walker{n}", "first_name": "Walker", "last_name": str(n),
             "roles": "[]", "created": now_ms()} for n in range(USERS)]
    with store.write() as conn:
        conn.execute(sa.insert(t.users), rows)
        user_ids = conn.execute(sa.select(t.users.c.id).where(t.users.c.account_id == account)
                                .order_by(t.users.c.id).limit(ROTATED)).scalars().all()
    client = admin.create_client(store, "bench", ["http://127.0.0.1/cb"])["client_id"]
    profile_tokens = [admin.issue_token(store, client_id=client, user_id=uid, scope_list=["user.profile"],
                                        expires_in=24 * 3600)["access_token"] for uid in user_ids]
    account_token = admin.issue_token(store, client_id=client, account_id=account,
                                      scope_list=["account.user:readonly"], expires_in=24 * 3600)["access_token"]
    store.dispose()
    return account, profile_tokens, account_token


def rotation_script(tokens: list[str], directory: Path) -> str:
    path = directory / "rotate.lua"
    quoted = ",".join(f'"{token}"' for token in tokens)
    path.write_text(
        f"local tokens = {{{quoted}}}\nlocal i = 0\n"
        "request = function()\n  i = i + 1\n"
        '  wrk.headers["Authorization"] = "Bearer " .. tokens[(i % #tokens) + 1]\n'
        '  return wrk.format("GET")\nend\n'
    )
    return str(path)


def walk(base: str, token: str) -> float:
    """Seconds to read every user through the paginated list, following Link rel=next."""
    url, count = f"{base}/users?pageSize=200", 0
    started = time.perf_counter()
    with httpx.Client(headers={"Authorization": f"Bearer {token}", "Lucid-Api-Version": "1"}, timeout=30) as client:
        while url:
            response = client.get(url)
            response.raise_for_status()
            count += len(response.json())
            link = response.headers.get("link")
            url = link[1:link.index(">")] if link else None
    assert count == USERS, count
    return time.perf_counter() - started


def raw_read(url: str, account: int) -> float:
    """The floor: one SELECT of the same users, turned into the same dicts."""
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
    assert len(users) == USERS
    return elapsed


def main() -> None:
    print(f"REST benchmarks on {KIND}")
    with tempfile.TemporaryDirectory(prefix="pellucid-bench-") as tmp, database(KIND, Path(tmp)) as url:
        account, profile_tokens, account_token = populate(url)
        profile = {"Authorization": f"Bearer {profile_tokens[0]}", "Lucid-Api-Version": "1"}
        with pellucid_server(url) as base:
            limits_off = wrk(f"{base}/users/me/profile", profile)
            walk_s = min(walk(base, account_token) for _ in range(3))
        with pellucid_server(url, ["--rate-limits", "on"]) as base:
            limits_on = wrk(f"{base}/users/me/profile", {"Lucid-Api-Version": "1"},
                            script=rotation_script(profile_tokens, Path(tmp)))
        raw_s = min(raw_read(url, account) for _ in range(3))
        with bare_server() as bare:
            floor = wrk(f"{bare}/", {})
    table(f"REST API (issue 4), {KIND}", [
        Row("GET /users/me/profile, 32 conns, limits off", limits_off, "req/s", "bare ASGI route", floor, limits_off / floor, ">= 0.3"),
        Row(f"same, limits on ({ROTATED} users' tokens)", limits_on, "req/s", "bare ASGI route", floor, limits_on / floor, ">= 0.3"),
        Row(f"walk {USERS:,} users, pageSize 200", walk_s * 1000, "ms", "raw SQL read", raw_s * 1000, walk_s / raw_s, "<= 10"),
    ], notes=["The user walk has no target in the issue (\"report it\"); 10x is a yardstick, not a goal."])


if __name__ == "__main__":
    main()
