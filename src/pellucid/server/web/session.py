"""The one browser session of the whole site (sign-in page, OAuth dialogues, viewer, console)
and its CSRF token.

The cookie holds a random 256-bit session id; the server keeps only its digest (`web_sessions`),
so a cookie cannot be forged and a session ends server-side. It is scoped `Path=/`: signing in
once, on any page, signs the browser in everywhere. Every form echoes the session's CSRF token,
compared in constant time.
"""

from __future__ import annotations

import hmac

from sqlalchemy.engine import Connection

from ..http.request import Request
from ..store import web_sessions
from ..store.db import Store
from ..store.web_sessions import WebSession

COOKIE = "pellucid_session"
PATH = "/"


def read_cookies(request: Request, wanted: str) -> list[str]:
    """Every value sent for the cookie `wanted` (browsers send one per path it was set under)."""
    values = []
    for part in request.headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == wanted and value:
            values.append(value)
    return values


def read_cookie(request: Request, wanted: str) -> str | None:
    """The first value of the cookie `wanted`, or None."""
    values = read_cookies(request, wanted)
    return values[0] if values else None


def cookie_attributes(request: Request, path: str = PATH) -> str:
    """What every cookie of the site's pages carries after its value."""
    secure = "; Secure" if request.ctx.base_url.startswith("https://") else ""
    return f"Path={path}; HttpOnly; SameSite=Lax{secure}"


def load(conn: Connection, request: Request) -> WebSession | None:
    """The browser's live session. Every value sent is tried: a cookie left from before the
    session moved to `Path=/` (it was `/oauth2`) comes first on those pages and may be dead."""
    for value in read_cookies(request, COOKIE):
        found = web_sessions.get(conn, value)
        if found is not None:
            return found
    return None


def set_cookie(request: Request, session: WebSession, max_age_ms: int) -> dict[str, str]:
    """The header that sets the session cookie for `max_age_ms`."""
    return {"Set-Cookie": f"{COOKIE}={session.id}; Max-Age={max_age_ms // 1000}; {cookie_attributes(request)}"}


def clear_cookie() -> dict[str, str]:
    """The header that deletes the session cookie in the browser."""
    return {"Set-Cookie": f"{COOKIE}=; Path={PATH}; Max-Age=0; HttpOnly; SameSite=Lax"}


def csrf_ok(session: WebSession | None, supplied: object) -> bool:
    """Whether a form carries the session's CSRF token; no session means no."""
    if session is None or not isinstance(supplied, str) or not supplied:
        return False
    return hmac.compare_digest(session.csrf.encode(), supplied.encode())


# ---------------------------------------------------------------- database steps (run via ctx.run)

def current(store: Store, request: Request) -> WebSession | None:
    """The browser's live session, None without one."""
    with store.read() as conn:
        return load(conn, request)


def start(store: Store, user_id: int | None, replaces: WebSession | None = None) -> WebSession:
    """A new session (signed in when `user_id` is given), ending the one it replaces."""
    with store.write() as conn:
        if replaces is not None:
            web_sessions.delete(conn, replaces.id)
        return web_sessions.create(conn, user_id)


def end(store: Store, ended: WebSession) -> None:
    """Delete the session server-side, so its cookie is worthless even if kept."""
    with store.write() as conn:
        web_sessions.delete(conn, ended.id)
