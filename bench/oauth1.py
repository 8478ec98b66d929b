"""OAuth 1.0 signed Data Service requests (issue 10):

    GET one item, HMAC-SHA1 signed (32 conns)   vs  the same GET with an OAuth 2.0 bearer token
                                                (and the server's CPU time per request of each)

Every signed request needs a fresh nonce, which wrk cannot sign, so the requests are signed
beforehand (one Authorization header each, timestamps within the window) and a wrk script
sends each once. The bearer run goes through the same script with one header repeated. Nonces
are checked in the database (SQLite) and, in a second run, in Redis (`--redis-url`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx

from pellucid.sdk.oauth1 import OAuth1Credentials

from .support import Row, data_service_user, pellucid_server, table, wrk_with_cpu

SECONDS = 5
SIGNED = 60_000  # more than the server answers in SECONDS on this machine: no header is sent twice
REDIS = "redis://127.0.0.1:6379/0"

SCRIPT = """
local headers = {}
for line in io.lines("%s") do headers[#headers + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "%s", {["Accept"] = "application/json;v=1", ["Authorization"] = headers[i]})
end
"""


def signed_headers(url: str, credentials: OAuth1Credentials, count: int) -> list[str]:
    request = httpx.Request("GET", url)
    return [credentials.sign(request).headers["Authorization"] for _ in range(count)]


def requests_per_second(tmp: Path, name: str, url: str, path: str, headers: list[str]) -> tuple[float, float]:
    """(req/s, server CPU µs per request)."""
    lines, script = tmp / f"{name}.headers", tmp / f"{name}.lua"
    lines.write_text("\n".join(headers) + "\n")
    script.write_text(SCRIPT % (lines, path))
    return wrk_with_cpu(url, seconds=SECONDS, script=str(script))


def main() -> None:
    print(f"OAuth 1.0 benchmarks: SQLite, GET one item, {SECONDS} s of load per figure")
    rows = []
    with tempfile.TemporaryDirectory(prefix="pellucid-bench-") as tmp_name:
        tmp = Path(tmp_name)
        url = f"sqlite:///{tmp}/bench.db"
        store, bearer_headers = data_service_user(url)
        from pellucid.server import admin
        from pellucid.server.store import accounts

        with store.read() as conn:
            user_id = accounts.find_user_by_login(conn, "bench@example.com").id
        consumer = admin.create_consumer(store, name="bench", callback_uris=["http://127.0.0.1/cb"])
        token = admin.issue_oauth1_token(store, consumer_key=consumer["consumer_key"], user_id=user_id)
        store.dispose()
        credentials = OAuth1Credentials(consumer["consumer_key"], consumer["consumer_secret"], token["oauth_token"],
                                        token["oauth_token_secret"])

        for label, extra in (("database nonces", []), ("Redis nonces", ["--redis-url", REDIS])):
            with pellucid_server(url, extra) as base:
                http = httpx.Client(base_url=base, headers=bearer_headers, timeout=60)
                source = http.post("/dataSources", json={"name": "bench"}).json()
                schema = [{"name": "A", "fieldType": "STRING"}, {"name": "B", "fieldType": "NUMBER"}]
                collection = http.post("/collections", json={"dataSource": source["uri"], "name": "c",
                                                             "schema": schema}).json()
                items = "/collections/" + collection["uri"].rsplit("/", 1)[1] + "/items"
                http.post(items, json=[{"A": str(n), "B": n} for n in range(100)]).raise_for_status()
                path = f"{items}/50"
                signed = signed_headers(base + path, credentials, SIGNED)
                assert http.get(path, headers={"Authorization": signed.pop()}).status_code == 200
                bearer = [bearer_headers["Authorization"]] * SIGNED
                oauth2_rps, oauth2_cpu = requests_per_second(tmp, "bearer", base + path, path, bearer)
                oauth1_rps, oauth1_cpu = requests_per_second(tmp, "signed", base + path, path, signed)
            rows.append(Row(f"GET one item, OAuth 1.0 HMAC-SHA1, {label}", oauth1_rps, "req/s",
                            "OAuth 2.0 bearer", oauth2_rps, oauth1_rps / oauth2_rps, ">= 0.7"))
            rows.append(Row("same, server CPU per request (floor / it)", oauth1_cpu, "µs", "OAuth 2.0 bearer",
                            oauth2_cpu, oauth2_cpu / oauth1_cpu if oauth1_cpu else 0, "report"))
    table("OAuth 1.0 (issue 10)", rows, notes=[
        "Each signed request carries its own nonce: the header's parameters, the timestamp window, one lookup "
        "of token and consumer by digest, HMAC-SHA1 over oauthlib's base string (secrets decrypted once per "
        "process), then the nonce written to the database or Redis (oauth1/header_signed.py).",
    ])


if __name__ == "__main__":
    main()
