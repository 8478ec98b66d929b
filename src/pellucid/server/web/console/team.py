"""Team admins' page: the users and groups of their account (what `GET /users` answers an
account token of that account, and the groups folders can be shared with)."""

from __future__ import annotations

from ...auth.policies import PUBLIC
from ...http.errors import forbidden
from ...http.request import Request
from ...http.routing import RouteTable
from ...store import accounts, groups, users
from ..visitors import Visitor
from .page import HTML_PAGE, Page, console_page, is_admin

routes = RouteTable(PUBLIC, tags=("Console",))

USERS_SHOWN = 100  # per page, in id order, as `GET /users` pages them


@routes.get("/console/team", summary="Console: the users and groups of a team admin's account (after: user id)",
            openapi=HTML_PAGE)
@console_page
def team(request: Request, visitor: Visitor) -> Page:
    """Team admins only (403 for others); users are listed a page at a time by id."""
    if not is_admin(visitor):
        raise forbidden("Only team admins see the users and groups of their account")
    after = request.query.get("after", "")
    with request.ctx.store.read() as conn:
        rows = users.page(conn, visitor.user.account_id, int(after) if after.isdigit() else None, USERS_SHOWN + 1)
        account_groups = groups.of_account(conn, visitor.user.account_id)
    more = len(rows) > USERS_SHOWN
    rows = rows[:USERS_SHOWN]
    people = [(row, accounts.user_roles(row)) for row in rows]
    return Page("console/team.html", "team", people=people, groups=account_groups,
                next_after=rows[-1].id if more else None)
