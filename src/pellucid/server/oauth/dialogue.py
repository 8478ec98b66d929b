"""The sign-in and consent dialogue of the authorization pages, shared by OAuth 2.0
(`/oauth2/authorize...`) and the legacy OAuth 1.0 authorization page (`/oauth/authorize`).

One URL serves the whole dialogue: GET shows the login form or the consent screen; the forms
post back to the same URL (query included), so every step re-reads and re-validates the
authorization request. What is being asked for, and what approving or denying does, comes from
a `Consent` the protocol's own module builds.
"""

from __future__ import annotations

from functools import cache
from typing import Callable, Protocol

import anyio.to_thread
from sqlalchemy.engine import Connection, Row

from ..auth import scopes
from ..http.errors import ApiError
from ..http.request import Request
from ..http.responses import Response, redirect
from ..store import accounts, credentials, web_sessions
from ..store.db import Store
from ..store.web_sessions import WebSession
from . import devices, login_limits, pages, session


class Consent(Protocol):
    """An authorization request that has been validated and may be shown to a person."""

    client_name: str
    token_type: str  # "user" | "account": the wording of the pages
    scopes: list[str]

    def may_grant(self, user: Row) -> bool:
        """Whether this user may approve (account tokens: account admins only)."""

    def denied(self) -> str:
        """Where the browser goes when the person denies the request."""

    def approve(self, store: Store, user: Row) -> str:
        """Record the approval (blocking database work); where the browser goes next."""

    def page_details(self) -> dict:
        """What else the consent page shows of this request (e.g. an unverified client's origin)."""


Loader = Callable[[Connection, Request], Consent]


class PageError(Exception):
    """Shown as an error page: the client or its redirect URI cannot be trusted."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status, self.title, self.message = status, title, message


class RedirectError(Exception):
    """Sent back to the client's redirect URI (RFC 6749 §4.1.2.1)."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


@cache
def _decoy_password_hash() -> str:
    """Checked against when the login names nobody, so that both cases cost one scrypt."""
    return credentials.hash_password(credentials.new_session_id())


# ---------------------------------------------------------------- database steps (run via ctx.run)

def _new_session(store: Store, user_id: int | None, replaces: WebSession | None = None) -> WebSession:
    with store.write() as conn:
        if replaces is not None:
            web_sessions.delete(conn, replaces.id)
        return web_sessions.create(conn, user_id)


def _end_session(store: Store, ended: WebSession) -> None:
    with store.write() as conn:
        web_sessions.delete(conn, ended.id)


def _user_and_account(store: Store, user_id: int) -> tuple[Row, Row]:
    with store.read() as conn:
        user = accounts.get_user(conn, user_id)
        return user, accounts.get_account(conn, user.account_id)


def _find_user(store: Store, login: str) -> Row | None:
    with store.read() as conn:
        return accounts.find_user_by_login(conn, login)


def _read(store: Store, request: Request, load: Loader) -> tuple[Consent, WebSession | None]:
    with store.read() as conn:
        return load(conn, request), session.load(conn, request)


# ---------------------------------------------------------------- the dialogue

def _here(request: Request) -> str:
    """This page's own URL (path and query), where its forms post and its redirects return."""
    path = request.root_path + request.path
    return f"{path}?{request.query_string}" if request.query_string else path


async def authorization_dialogue(request: Request, load: Loader, cookie_path: str) -> Response:
    """The whole dialogue of one authorization page; its session cookie lives under `cookie_path`."""
    store = request.ctx.store
    run = request.ctx.run
    try:
        consent, current = await run(_read, store, request, load)
    except PageError as error:
        return pages.error_page(error.status, error.title, error.message)
    except RedirectError as error:
        return redirect(error.location)
    dialogue = _Dialogue(request, consent, cookie_path)
    if request.method == "GET":
        return await dialogue.show(current)
    form = request.form()
    if not session.csrf_ok(current, form.get("csrf_token")):
        return pages.error_page(
            403, "This form has expired",
            "The form was sent without a valid security token (it may have expired, or come from another site).",
            retry_url=_here(request),
        )
    action = form.get("action")
    if action == "deny":
        return redirect(consent.denied())
    if action == "login":
        return await dialogue.login(current, form)
    if action == "logout":
        await run(_end_session, store, current)
        return redirect(_here(request), 303, session.clear_cookie(cookie_path))
    if action == "approve" and current.user_id is not None:
        user, _ = await run(_user_and_account, store, current.user_id)
        if not consent.may_grant(user):
            return await dialogue.show(current)
        return redirect(await run(consent.approve, store, user))
    return await dialogue.show(current)


class _Dialogue:
    def __init__(self, request: Request, consent: Consent, cookie_path: str) -> None:
        self.request, self.consent, self.cookie_path = request, consent, cookie_path

    def _context(self, current: WebSession) -> dict:
        return {
            "action_url": _here(self.request),
            "client_name": self.consent.client_name,
            "token_type": self.consent.token_type,
            "csrf_token": current.csrf,
            "self_registered": False, "client_host": None, "resource": None,  # unless the request says
            **self.consent.page_details(),
        }

    async def show(self, current: WebSession | None, *, login_error: str | None = None, status: int = 200,
                   login: str = "") -> Response:
        """The login form for visitors, the consent screen for users who may grant the request."""
        request, consent = self.request, self.consent
        store, run = request.ctx.store, request.ctx.run
        headers: dict[str, str] = {}
        if current is None:
            current = await run(_new_session, store, None)
            headers = session.set_cookie(request, current, web_sessions.ANONYMOUS_TTL_MS, self.cookie_path)
        context = self._context(current)
        if current.user_id is None:
            return pages.render("login.html", status, headers, error=login_error, login=login, **context)
        user, account = await run(_user_and_account, store, current.user_id)
        context.update(user=user, account_name=account.name or f"Account {account.id}")
        if not consent.may_grant(user):
            return pages.render("not_admin.html", 403, headers, **context)
        scope_list = [(name, scopes.description(name, consent.token_type)) for name in consent.scopes]
        return pages.render("consent.html", status, headers, scopes=scope_list, **context)

    async def login(self, current: WebSession, form: dict) -> Response:
        request = self.request
        login = form.get("login")
        password = form.get("password")
        if not isinstance(login, str) or not isinstance(password, str) or not login.strip() or not password:
            return await self.show(current, login_error="Enter your email or username and your password.",
                                   status=400, login=login if isinstance(login, str) else "")
        login = login.strip()
        user = await request.ctx.run(_find_user, request.ctx.store, login)
        try:
            await login_limits.admit(request, login, user)
        except ApiError as exc:
            retry = exc.headers.get("Retry-After", "60")
            return await self.show(current, status=429, login=login,
                                   login_error=f"Too many sign-in attempts. Try again in {retry} seconds.")
        stored = user.password_hash if user is not None and user.password_hash else _decoy_password_hash()
        valid = await anyio.to_thread.run_sync(credentials.check_password, password, stored)
        if user is None or not user.password_hash or not valid:
            return await self.show(current, status=401, login=login,
                                   login_error="Incorrect email, username or password.")
        # A new session id at login, so that a session planted before it is worth nothing.
        signed_in = await request.ctx.run(_new_session, request.ctx.store, user.id, current)
        device = await request.ctx.run(devices.set_cookie, request, user.id)
        cookies = [session.set_cookie(request, signed_in, web_sessions.USER_TTL_MS, self.cookie_path)["Set-Cookie"], device]
        return redirect(_here(request), 303, {"Set-Cookie": cookies})
