"""The apps a user authorised (OAuth 2.0 grants, OAuth 1.0 tokens), each with a revoke button.

Revoking here is what `POST /oauth2/token/revoke` does to a grant (every token of it dies) and
what an operator's `pellucid admin revoke-oauth1-token` does to an OAuth 1.0 token; a team admin
also sees, and may revoke, their account's account-token grants.
"""

from __future__ import annotations

from ...auth import tokens
from ...auth.policies import PUBLIC
from ...http.errors import bad_request, not_found
from ...http.request import Request
from ...http.responses import Response, redirect
from ...http.routing import RouteTable
from ...store import oauth1
from ..visitors import Visitor
from .page import HTML_PAGE, Page, console_form, console_page, is_admin, posted_form

routes = RouteTable(PUBLIC, tags=("Console",))

OAUTH2, OAUTH1 = "oauth2", "oauth1"


def _admin_of(visitor: Visitor) -> int | None:
    return visitor.user.account_id if is_admin(visitor) else None


@routes.get("/console/apps", summary="Console: the apps the signed-in user authorised", openapi=HTML_PAGE)
@console_page
def apps(request: Request, visitor: Visitor) -> Page:
    """The apps the user authorized (OAuth 2.0 grants and legacy OAuth 1.0 tokens)."""
    with request.ctx.store.read() as conn:
        grants = tokens.authorizations(conn, visitor.user.id, _admin_of(visitor))
        legacy = oauth1.user_tokens(conn, visitor.user.id)
    return Page("console/apps.html", "apps", grants=grants, legacy=legacy,
                revoked=request.query.get("revoked") == "1")


@routes.post("/console/apps/revoke", summary="Console: revoke an app's access (form post)", openapi=HTML_PAGE)
@console_form(shown_on="/console/apps")
def revoke(request: Request, visitor: Visitor) -> Response:
    """One transaction; the app's tokens are refused from the next request on."""
    form = posted_form(request, visitor)
    protocol, number = form.get("protocol"), form.get("id", "")
    if protocol not in (OAUTH2, OAUTH1) or not number.isdigit():
        raise bad_request("protocol must be oauth2 or oauth1, and id a number")
    with request.ctx.store.write() as conn:
        if protocol == OAUTH2:
            done = tokens.revoke_authorization(conn, int(number), visitor.user.id, _admin_of(visitor))
        else:
            done = oauth1.revoke_user_token(conn, visitor.user.id, int(number))
    if not done:
        raise not_found("You have no such authorization (it may have been revoked already)")
    return redirect(f"{request.root_path}/console/apps?revoked=1", 303)
