"""Accounts: `GET /accounts/me`."""

from __future__ import annotations

from ..auth.policies import REST
from ..http.request import Request
from ..http.routing import OpenApi, RouteTable
from ..store import accounts
from .resources import account_resource

routes = RouteTable(REST, tags=("Accounts",), token_types=("user", "account"))


@routes.get("/accounts/me", summary="Get Account Information", scopes=("account.info",),
            openapi=OpenApi(response="Account"))
def get_account(request: Request) -> dict:
    """Basic information about the authenticated account."""
    with request.ctx.store.read() as conn:
        return account_resource(accounts.get_account(conn, request.principal.account_id))
