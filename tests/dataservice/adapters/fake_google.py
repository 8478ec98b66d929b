"""A small stand-in for Google's OAuth 2.0 endpoints and the Sheets API v4, on 127.0.0.1.

Google cannot be reached from the test machines, so the adapter's real HTTP client talks to this
server instead. It answers with Google's published shapes: the authorization endpoint redirects
with `code` and `state` (consent is automatic, as the user `consenting` chose), the token
endpoint takes form bodies (authorization_code with PKCE S256, refresh_token) and answers
`{"access_token", "expires_in", "refresh_token"?, "scope", "token_type": "Bearer"}` or
`{"error", "error_description"}`, and `GET /v4/spreadsheets/{id}` answers a Spreadsheet (tab
properties, or with includeGridData the GridData of the requested ranges) or Google's error
object `{"error": {"code", "message", "status"}}`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

AUTH_PATH = "/o/oauth2/v2/auth"
TOKEN_PATH = "/token"


class FakeGoogle:
    def __init__(self, client_id: str = "pellucid-test.apps.googleusercontent.com", client_secret: str = "s3cret") -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.consenting = "ann@gmail.test"  # the Google user who clicks "Allow" next
        self.codes: dict[str, dict] = {}
        self.access: dict[str, tuple[str, float]] = {}  # token -> (google user, expiry)
        self.refresh: dict[str, str] = {}  # token -> google user
        self.spreadsheets: dict[str, dict] = {}  # id -> {"readers": set, "spreadsheet": dict}
        self.requests: list[tuple[str, str, dict]] = []
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> "FakeGoogle":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # --------------------------------------------------------------------- test controls

    def add_spreadsheet(self, doc_id: str, title: str, tabs: list[dict], readers: set[str]) -> None:
        self.spreadsheets[doc_id] = {"readers": readers, "spreadsheet": {
            "spreadsheetId": doc_id,
            "properties": {"title": title, "defaultFormat": {
                "backgroundColor": {"red": 1, "green": 1, "blue": 1},
                "textFormat": {"foregroundColor": {}},
            }},
            "sheets": tabs,
        }}

    def expire_access_tokens(self) -> None:
        with self.lock:
            self.access.clear()

    def revoke_refresh_tokens(self) -> None:
        with self.lock:
            self.refresh.clear()

    def grants(self, grant_type: str) -> int:
        return sum(1 for method, path, form in self.requests if path == TOKEN_PATH and form.get("grant_type") == grant_type)

    # ------------------------------------------------------------------------ endpoints

    def authorize(self, query: dict[str, str]) -> tuple[int, dict, dict | None]:
        if query.get("client_id") != self.client_id:
            return 400, {}, {"error": "invalid_client"}
        if query.get("response_type") != "code" or query.get("code_challenge_method") != "S256":
            return 400, {}, {"error": "invalid_request"}
        code = "4/" + secrets.token_urlsafe(24)
        self.codes[code] = {"redirect_uri": query["redirect_uri"], "challenge": query["code_challenge"],
                            "scope": query["scope"], "user": self.consenting}
        location = query["redirect_uri"] + "?" + urlencode({"state": query["state"], "code": code, "scope": query["scope"]})
        return 302, {"Location": location}, None

    def token(self, form: dict[str, str]) -> tuple[int, dict, dict]:
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return 401, {}, {"error": "invalid_client", "error_description": "The OAuth client was not found."}
        if form.get("grant_type") == "authorization_code":
            grant = self.codes.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if grant is None or grant["redirect_uri"] != form.get("redirect_uri") or grant["challenge"] != challenge:
                return 400, {}, {"error": "invalid_grant", "error_description": "Bad Request"}
            refresh = "1//" + secrets.token_urlsafe(32)
            self.refresh[refresh] = grant["user"]
            return 200, {}, {**self._access(grant["user"]), "refresh_token": refresh, "scope": grant["scope"]}
        if form.get("grant_type") == "refresh_token":
            user = self.refresh.get(form.get("refresh_token", ""))
            if user is None:
                return 400, {}, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}
            return 200, {}, {**self._access(user), "scope": "https://www.googleapis.com/auth/spreadsheets.readonly"}
        return 400, {}, {"error": "unsupported_grant_type", "error_description": "Invalid grant_type"}

    def _access(self, user: str) -> dict:
        token = "ya29." + secrets.token_urlsafe(32)
        self.access[token] = (user, time.monotonic() + 3599)
        return {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}

    def spreadsheet(self, doc_id: str, query: dict[str, list[str]], authorization: str) -> tuple[int, dict, dict]:
        user, expires = self.access.get(authorization.removeprefix("Bearer "), (None, 0))
        if user is None or expires < time.monotonic():
            return 401, {}, _error(401, "Request had invalid authentication credentials. Expected OAuth 2 access "
                                        "token, login cookie or other valid authentication credential.", "UNAUTHENTICATED")
        entry = self.spreadsheets.get(doc_id)
        if entry is None:
            return 404, {}, _error(404, "Requested entity was not found.", "NOT_FOUND")
        if user not in entry["readers"]:
            return 403, {}, _error(403, "The caller does not have permission", "PERMISSION_DENIED")
        full = entry["spreadsheet"]
        if query.get("includeGridData") != ["true"]:
            tabs = [{"properties": tab["properties"]} for tab in full["sheets"]]
            return 200, {}, {"spreadsheetId": doc_id, "properties": full["properties"], "sheets": tabs}
        titles = {tab["properties"]["title"]: tab for tab in full["sheets"]}
        chosen = []
        for a1 in query.get("ranges", []):
            title = a1[1:-1].replace("''", "'") if a1.startswith("'") else a1
            if title not in titles:
                return 400, {}, _error(400, f"Unable to parse range: {a1}", "INVALID_ARGUMENT")
            chosen.append(titles[title])
        return 200, {}, {"spreadsheetId": doc_id, "properties": full["properties"], "sheets": chosen}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _answer(self, status: int, headers: dict, body: dict | None) -> None:
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = parse_qs(url.query)
                with fake.lock:
                    fake.requests.append(("GET", url.path, {k: v[-1] for k, v in query.items()}))
                    if url.path == AUTH_PATH:
                        self._answer(*fake.authorize({k: v[-1] for k, v in query.items()}))
                    elif url.path.startswith("/v4/spreadsheets/"):
                        doc_id = url.path.removeprefix("/v4/spreadsheets/")
                        self._answer(*fake.spreadsheet(doc_id, query, self.headers.get("Authorization", "")))
                    else:
                        self._answer(404, {}, _error(404, "Not Found", "NOT_FOUND"))

            def do_POST(self) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                with fake.lock:
                    fake.requests.append(("POST", url.path, form))
                    if url.path == TOKEN_PATH:
                        self._answer(*fake.token(form))
                    else:
                        self._answer(404, {}, _error(404, "Not Found", "NOT_FOUND"))

        return Handler


def _error(code: int, message: str, status: str) -> dict:
    return {"error": {"code": code, "message": message, "status": status}}


# ------------------------------------------------------------------ spreadsheet builders


def rgb(red: float = 0, green: float = 0, blue: float = 0) -> dict:
    """A Color as Google sends it: zero components are omitted."""
    return {name: value for name, value in (("red", red), ("green", green), ("blue", blue)) if value}


def cell(shown: str | None = None, *, value: object = None, formula: str | None = None, note: str | None = None,
         number_format: tuple[str, str] | None = None, background: dict | None = None, text: dict | None = None) -> dict:
    """A CellData: `shown` its formattedValue, `value` its effectiveValue (default: the text shown)."""
    data: dict = {}
    if shown is not None:
        data["formattedValue"] = shown
        value = shown if value is None else value
    if isinstance(value, bool):
        data["effectiveValue"] = {"boolValue": value}
    elif isinstance(value, (int, float)):
        data["effectiveValue"] = {"numberValue": value}
    elif isinstance(value, str):
        data["effectiveValue"] = {"stringValue": value}
    if formula is not None:
        data["userEnteredValue"] = {"formulaValue": formula}
    if note is not None:
        data["note"] = note
    effective: dict = {"backgroundColor": background or rgb(1, 1, 1), "textFormat": {"foregroundColor": text or {}}}
    if number_format is not None:
        effective["numberFormat"] = {"type": number_format[0], "pattern": number_format[1]}
    data["effectiveFormat"] = effective
    return data


def tab(title: str, index: int, rows: list[list[dict]], sheet_id: int | None = None) -> dict:
    return {
        "properties": {"sheetId": index if sheet_id is None else sheet_id, "title": title, "index": index,
                       "sheetType": "GRID", "gridProperties": {"rowCount": 1000, "columnCount": 26}},
        "data": [{"rowData": [{"values": row} if row else {} for row in rows]}],
    }
