"""The sign-in and consent dialogue of the authorization pages, shared by OAuth 2.0
(`/oauth2/authorize...`) and the legacy OAuth 1.0 authorization page (`/oauth/authorize`).

One URL serves the whole dialogue: GET shows the login form or the consent screen; the forms
post back to the same URL (query included), so every step re-reads and re-validates the
authorization request. What is being asked for, and what approving or denying does, comes from
a `Consent` the protocol's own module builds.
"""

from __future__ import annotations

from typing import Callable, Protocol

from sqlalchemy.engine import Connection, Row

from ..auth import scopes
from ..http.request import Request
from ..http.responses import Response, redirect
from ..store import web_sessions
from ..store.db import Store
from ..store.web_sessions import WebSession
from ..web import pages, session, signin, urls, visitors


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


# ---------------------------------------------------------------- database steps (run via ctx.run)

def _read(store: Store, request: Request, load: Loader) -> tuple[Consent, WebSession | None]:
    with store.read() as conn:
        return load(conn, request), session.load(conn, request)


# ---------------------------------------------------------------- the dialogue

async def authorization_dialogue(request: Request, load: Loader) -> Response:
    """The whole dialogue of one authorization page, in the site's browser session."""
    store = request.ctx.store
    run = request.ctx.run
    try:
        consent, current = await run(_read, store, request, load)
    except PageError as error:
        return pages.error_page(error.status, error.title, error.message, hint=pages.APPLICATION_HINT)
    except RedirectError as error:
        return redirect(error.location)
    dialogue = _Dialogue(request, consent)
    if request.method == "GET":
        return await dialogue.show(current)
    form = request.form()
    if not session.csrf_ok(current, form.get("csrf_token")):
        return pages.error_page(
            403, "This form has expired",
            "The form was sent without a valid security token (it may have expired, or come from another site).",
            retry_url=urls.here(request), hint=pages.APPLICATION_HINT,
        )
    action = form.get("action")
    if action == "deny":
        return redirect(consent.denied())
    if action == "login":
        return await dialogue.login(current, form)
    if action == "logout":
        await run(session.end, store, current)
        return redirect(urls.here(request), 303, session.clear_cookie())
    if action == "approve" and current.user_id is not None:
        user, _ = await run(visitors.user_and_account, store, current.user_id)
        if not consent.may_grant(user):
            return await dialogue.show(current)
        return redirect(await run(consent.approve, store, user))
    return await dialogue.show(current)


class _Dialogue:
    def __init__(self, request: Request, consent: Consent) -> None:
        self.request, self.consent = request, consent

    def _context(self, current: WebSession) -> dict:
        return {
            "action_url": urls.here(self.request),
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
            current = await run(session.start, store, None)
            headers = session.set_cookie(request, current, web_sessions.ANONYMOUS_TTL_MS)
        context = self._context(current)
        if current.user_id is None:
            return pages.render("oauth/login.html", status, headers, error=login_error, login=login, **context)
        user, account = await run(visitors.user_and_account, store, current.user_id)
        context.update(user=user, account_name=account.name or f"Account {account.id}")
        if not consent.may_grant(user):
            return pages.render("oauth/not_admin.html", 403, headers, **context)
        scope_list = [(name, scopes.description(name, consent.token_type)) for name in consent.scopes]
        return pages.render("oauth/consent.html", status, headers, scopes=scope_list, **context)

    async def login(self, current: WebSession, form: dict) -> Response:
        try:
            cookies = await signin.sign_in(self.request, current, form)
        except signin.SignInRefused as refused:
            return await self.show(current, status=refused.status, login=refused.login, login_error=refused.message)
        return redirect(urls.here(self.request), 303, {"Set-Cookie": cookies})
