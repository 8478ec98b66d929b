"""What every console page shares: the signed-in visitor acting as the API's principal, the
page's template and navigation, errors as pages, and the CSRF check of its forms."""

from __future__ import annotations

import functools
from datetime import datetime, timezone
from typing import Any, Callable

from ...http.errors import ApiError
from ...http.request import Request
from ...http.responses import Response, redirect
from ...http.routing import OpenApi
from ...oauth.authorize import ACCOUNT_ADMIN_ROLES
from ...store import accounts
from .. import pages, session, urls, visitors
from ..visitors import Visitor, require_user

HTML_PAGE = OpenApi(response_media="text/html")
EXPIRED = "The form was sent without a valid security token (it may have expired, or come from another site)."
# The API's 403 and 404 both become one page: it says what the API said, nothing more.
_TITLES = {400: "That request cannot be answered", 403: "You do not have access",
           404: "Not found", 423: "Being refreshed"}


class Page:
    """A console page to render: its template (under web/templates/), the navigation section it
    belongs to, its status and what the template shows."""

    def __init__(self, template: str, section: str, status: int = 200, **context: Any) -> None:
        self.template, self.section, self.status, self.context = template, section, status, context


Handler = Callable[..., "Page | Response"]


def console_page(handler: Handler) -> Callable[..., Response]:
    """Make `handler(request, visitor, **params)` a page: only for a signed-in visitor (anyone
    else goes to /login?next=), who reads as `request.principal` through the API's own access
    rules; an ApiError becomes an error page with its status and message."""
    return _page(handler, None)


def console_form(shown_on: str) -> Callable[[Handler], Callable[..., Response]]:
    """`console_page` for the target of a form shown on the page `shown_on` (a path): a browser
    whose session ended meanwhile signs in and comes back to that page, not to the form's URL."""
    return lambda handler: _page(handler, shown_on)


def _page(handler: Handler, shown_on: str | None) -> Callable[..., Response]:
    @functools.wraps(handler)
    def page(request: Request, **params: Any) -> Response:
        if shown_on is None:
            visitor = require_user(request)
        elif (visitor := visitors.visitor(request)) is None:
            return redirect(urls.login_url(request, request.root_path + shown_on), 303)
        request.principal = visitor.principal
        try:
            result = handler(request, visitor, **params)
        except ApiError as error:
            return pages.error_page(error.status, _TITLES.get(error.status, "Something went wrong"), error.message,
                                    visitor=visitor, root=request.root_path)
        if isinstance(result, Response):
            return result
        return pages.render(result.template, result.status, root=request.root_path, visitor=visitor,
                            section=result.section, is_admin=is_admin(visitor), when=when, **result.context)

    return page


def when(millis: int | None) -> str:
    """A stored time (epoch milliseconds) as the tables show it, in UTC to the minute."""
    if millis is None:
        return ""
    return datetime.fromtimestamp(millis / 1000, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def is_admin(visitor: Visitor) -> bool:
    """Team admins also see the users and groups of their account."""
    return bool(ACCOUNT_ADMIN_ROLES & set(accounts.user_roles(visitor.user)))


def posted_form(request: Request, visitor: Visitor) -> dict[str, str]:
    """A form this visitor's console page sent, or a 403 page: its CSRF token must match the session's."""
    form = request.form()
    if not session.csrf_ok(visitor.session, form.get("csrf_token")):
        raise ApiError(403, "accessForbidden", EXPIRED)
    return form
