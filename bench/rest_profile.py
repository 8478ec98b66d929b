"""Benchmark: token check + rate limit + `GET /users/me/profile` under concurrent load.

wrk (a second process) drives `pellucid serve` (one worker) and, as the floor, a bare ASGI JSON
route served by the same uvicorn the same way. Rows:
  * pellucid, rate limits off: the figure of issue 4 (target >= 0.3 of the floor);
  * pellucid, rate limits on: the same, with the per-principal limiter counting, tokens of
    enough users rotated that none is throttled (non-2xx responses are reported).

    python bench/rest_profile.py [--seconds 5] [--connections 32] [--database sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.rest_common import (  # noqa: E402
    database,
    ensure_wrk,
    free_port,
    pellucid_serve,
    serve,
    table,
    wrk,
)

PATH = "/users/me/profile"


def _tokens(database_url: str, users: int) -> list[str]:
    from pellucid.server import admin
    from pellucid.server.store.db import Store

    store = Store(database_url)
    store.migrate()
    account = admin.create_account(store, "Bench")["id"]
    client = admin.create_client(store, "bench", ["http://127.0.0.1/cb"])["client_id"]
    tokens = []
    for n in range(users):
        user = admin.create_user(store, account_id=account, email=f"bench{n}@example.com", first_name="B", last_name=str(n))
        tokens.append(admin.issue_token(store, client_id=client, user_id=user["userId"], scope_list=["user.profile"])["access_token"])
    store.dispose()
    return tokens


def _rotation_script(tokens: list[str], directory: Path) -> str:
    path = directory / "rotate.lua"
    quoted = ",".join(f'"{t}"' for t in tokens)
    path.write_text(
        f"local tokens = {{{quoted}}}\nlocal i = 0\n"
        "request = function()\n  i = i + 1\n"
        "  wrk.headers[\"Authorization\"] = \"Bearer \" .. tokens[(i % #tokens) + 1]\n"
        "  return wrk.format(\"GET\")\nend\n"
    )
    return str(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--users", type=int, default=400, help="users whose tokens rotate in the limits-on row")
    args = parser.parse_args()
    ensure_wrk()
    with tempfile.TemporaryDirectory() as tmp, database(args.database, Path(tmp)) as url:
        tokens = _tokens(url, args.users)
        run = dict(seconds=args.seconds, connections=args.connections)
        port = free_port()
        bare_cmd = [sys.executable, "-m", "uvicorn", "bench.bare_asgi:app", "--port", str(port),
                    "--no-access-log", "--log-level", "warning", "--lifespan", "off"]
        with serve(bare_cmd, "/", port) as base:
            floor = wrk(base + PATH, headers={}, **run)
        port = free_port()
        headers = {"Authorization": f"Bearer {tokens[0]}", "Lucid-Api-Version": "1"}
        with serve(pellucid_serve(url, port, "--rate-limits", "off"), "/healthz", port) as base:
            off = wrk(base + PATH, headers=headers, **run)
        port = free_port()
        with serve(pellucid_serve(url, port), "/healthz", port) as base:
            on = wrk(base + PATH, headers={"Lucid-Api-Version": "1"},
                     script=_rotation_script(tokens, Path(tmp)), **run)
    rows = [
        ["bare ASGI JSON route (floor)", f"{floor['rps']:.0f}", floor["p50"], floor["p99"], floor["errors"], "1.00"],
        ["pellucid, rate limits off", f"{off['rps']:.0f}", off["p50"], off["p99"], off["errors"], f"{off['rps'] / floor['rps']:.2f}"],
        [f"pellucid, rate limits on ({args.users} users)", f"{on['rps']:.0f}", on["p50"], on["p99"], on["errors"],
         f"{on['rps'] / floor['rps']:.2f}"],
    ]
    table(f"GET {PATH} on {args.database}: wrk -t2 -c{args.connections} -d{args.seconds}s, one uvicorn worker",
          ["server", "req/s", "p50", "p99", "non-2xx", "ratio"], rows)
    print(f"\ntarget: ratio >= 0.30 with rate limits off -> {'met' if off['rps'] / floor['rps'] >= 0.3 else 'NOT met'}")


if __name__ == "__main__":
    main()
