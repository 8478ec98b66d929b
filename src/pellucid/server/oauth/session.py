"""The browser session cookie of the authorization pages and its CSRF token.

The cookie holds a random 256-bit session id; the server keeps only its digest (`web_sessions`),
so a cookie cannot be forged and a session ends server-side. Every form echoes the session's
CSRF token, compared in constant time.
"""

from __future__ import annotations

import hmac

from sqlalchemy.engine import Connection

from ..http.request import Request
from ..store import web_sessions
from ..store.web_sessions import WebSession

COOKIE = "pellucid_session"
PATH = "/oauth2"  # the cookie is only ever sent to the authorization pages (OAuth 1.0's: /oauth)


def read_cookie(request: Request, wanted: str) -> str | None:
    for part in request.headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == wanted and value:
            return value
    return None


def session_id(request: Request) -> str | None:
    return read_cookie(request, COOKIE)


def cookie_attributes(request: Request, path: str = PATH) -> str:
    """What every cookie of the authorization pages carries after its value."""
    secure = "; Secure" if request.ctx.base_url.startswith("https://") else ""
    return f"Path={path}; HttpOnly; SameSite=Lax{secure}"


def load(conn: Connection, request: Request) -> WebSession | None:
    value = session_id(request)
    return web_sessions.get(conn, value) if value else None


def set_cookie(request: Request, session: WebSession, max_age_ms: int, path: str = PATH) -> dict[str, str]:
    return {"Set-Cookie": f"{COOKIE}={session.id}; Max-Age={max_age_ms // 1000}; {cookie_attributes(request, path)}"}


def clear_cookie(path: str = PATH) -> dict[str, str]:
    return {"Set-Cookie": f"{COOKIE}=; Path={path}; Max-Age=0; HttpOnly; SameSite=Lax"}


def csrf_ok(session: WebSession | None, supplied: object) -> bool:
    if session is None or not isinstance(supplied, str) or not supplied:
        return False
    return hmac.compare_digest(session.csrf.encode(), supplied.encode())
