"""The site's sign-in page (`/login?next=...`) and sign-out (`POST /logout`).

Signing in here, or in an OAuth dialogue, signs the browser in on every page (`session.py`);
the form is checked by `signin.py`, the same code as the dialogues'. `next` returns the person
to the page that sent them, and only ever to a page of this site (`urls.local_next`).
"""

from __future__ import annotations

from ..auth.policies import PUBLIC
from ..http.request import Request
from ..http.responses import Response, redirect
from ..http.routing import OpenApi, RouteTable
from ..store import web_sessions
from ..store.web_sessions import WebSession
from . import pages, session, signin, urls

routes = RouteTable(PUBLIC, tags=("Web pages",))

HTML_PAGE = OpenApi(response_media="text/html", query={"next": ("string", "A path on this site to return to")})
EXPIRED = "The form was sent without a valid security token (it may have expired, or come from another site)."


def _form(request: Request, current: WebSession | None, next_url: str, refused: signin.SignInRefused | None = None,
          ) -> Response:
    """The form (again, saying why when `refused`), in a session of its own for its CSRF token."""
    headers: dict[str, str] = {}
    if current is None:
        current = session.start(request.ctx.store, None)
        headers = session.set_cookie(request, current, web_sessions.ANONYMOUS_TTL_MS)
    return pages.render(
        "login.html", refused.status if refused else 200, headers, root=request.root_path,
        action_url=urls.here(request), csrf_token=current.csrf, next_url=next_url,
        error=refused.message if refused else None, login=refused.login if refused else "",
    )


@routes.get("/login", summary="Sign-in page", openapi=HTML_PAGE)
def login_page(request: Request) -> Response:
    """The sign-in form; a signed-in browser goes straight on to `next`."""
    next_url = urls.local_next(request, request.query.get("next"))
    current = session.current(request.ctx.store, request)
    if current is not None and current.user_id is not None:
        return redirect(next_url, 303)
    return _form(request, current, next_url)


@routes.post("/login", summary="Sign in (the sign-in form's post)", openapi=HTML_PAGE)
async def login_submit(request: Request) -> Response:
    """Sign in from the form; an expired form (CSRF) is a 403 page offering to retry."""
    form = request.form()
    next_url = urls.local_next(request, form.get("next") or request.query.get("next"))
    current = await request.ctx.run(session.current, request.ctx.store, request)
    if not session.csrf_ok(current, form.get("csrf_token")):
        return pages.error_page(403, "This form has expired", EXPIRED, retry_url=urls.login_url(request, next_url),
                                root=request.root_path)
    try:
        cookies = await signin.sign_in(request, current, form)
    except signin.SignInRefused as refused:
        return await request.ctx.run(_form, request, current, next_url, refused)
    return redirect(next_url, 303, {"Set-Cookie": cookies})


@routes.post("/logout", summary="Sign out (ends the browser session everywhere on the site)", openapi=HTML_PAGE)
def logout(request: Request) -> Response:
    """Needs the session's CSRF token, so that no other site can sign the person out."""
    current = session.current(request.ctx.store, request)
    if current is None or current.user_id is None:
        return redirect(f"{request.root_path}/login", 303)  # nobody to sign out
    if not session.csrf_ok(current, request.form().get("csrf_token")):
        return pages.error_page(403, "This form has expired", EXPIRED, root=request.root_path)
    session.end(request.ctx.store, current)
    return redirect(f"{request.root_path}/login", 303, session.clear_cookie())
