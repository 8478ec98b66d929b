"""Who is looking at a page: the signed-in user behind the browser session, or a redirect to
the sign-in page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Row

from ..auth.principal import Principal
from ..http.request import Request
from ..http.responses import ResponseRaised, redirect
from ..rest.scope_branches import route_scopes
from ..store import accounts
from ..store.db import Store
from ..store.web_sessions import WebSession
from . import session, urls

# A person in the browser reaches what their collaborator roles reach, like a token holding
# every product's full document scope: access is decided by `rest/access.py` as for the API.
BROWSER_SCOPES = frozenset(route_scopes("content"))


@dataclass(frozen=True, slots=True)
class Visitor:
    """A signed-in person: their user and account rows and the session (its CSRF token)."""

    user: Row
    account: Row
    session: WebSession

    @property
    def name(self) -> str:
        """The user's full name, or their email when they have none."""
        full = f"{self.user.first_name or ''} {self.user.last_name or ''}".strip()
        return full or self.user.email

    @property
    def csrf(self) -> str:
        """The session's CSRF token, for forms."""
        return self.session.csrf

    @property
    def principal(self) -> Principal:
        """The person as `rest/access.py` sees a caller: their own roles, no client's limits."""
        return Principal("user", self.user.account_id, self.user.id, BROWSER_SCOPES, client_id=0, grant_id=0,
                         protocol="browser")


def user_and_account(store: Store, user_id: int) -> tuple[Row, Row]:
    """A signed-in user's row and their account's, read together."""
    with store.read() as conn:
        user = accounts.get_user(conn, user_id)
        return user, accounts.get_account(conn, user.account_id)


def visitor(request: Request) -> Visitor | None:
    """The signed-in person behind this request, None for anyone else (blocking database work)."""
    with request.ctx.store.read() as conn:
        current = session.load(conn, request)
        if current is None or current.user_id is None:
            return None
        user = accounts.get_user(conn, current.user_id)
        if user is None:
            return None
        return Visitor(user, accounts.get_account(conn, user.account_id), current)


def require_user(request: Request) -> Visitor:
    """The signed-in person; anyone else is sent to the sign-in page, which brings them back
    here (blocking database work: from an async handler, `await request.ctx.run(require_user, request)`)."""
    found = visitor(request)
    if found is None:
        raise ResponseRaised(redirect(urls.login_url(request), 303))
    return found
