"""HTML pages of the whole site: one Jinja2 environment, strict security headers, error pages.

Every page gets a fresh CSP nonce (`nonce` in templates) for its inline `<style>` and
`<script>`; nothing else runs. `frame_ancestors` says who may frame a page: nobody by default
(then X-Frame-Options: DENY too, for browsers without CSP 3); embed viewers name the origins
of the sites that embed them.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Iterable

import jinja2

from ..http.responses import Response, html

TEMPLATES = Path(__file__).resolve().parent / "templates"
# What an error page adds when an application sent the browser there (OAuth, Google linking).
APPLICATION_HINT = "If you followed a link from an application, let its developer know."
NOBODY = ("'none'",)  # the default frame-ancestors: no page is framed unless it says so

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # templates ship with the package: no stat of every template file per page
)


def security_headers(nonce: str, frame_ancestors: Iterable[str] = NOBODY) -> dict[str, str]:
    """The headers of every page. `frame_ancestors`: CSP sources ("'self'", "https://a.example")."""
    ancestors = " ".join(frame_ancestors)
    # No `form-action`: Chrome applies it to the redirect that follows a form post, and the
    # consent form must redirect to the client's (registered) redirect URI.
    policy = (
        f"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; "
        f"img-src 'self' data:; base-uri 'none'; frame-ancestors {ancestors}"
    )
    headers = {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",  # URLs here carry codes, state and document ids
        "Cache-Control": "no-store",
    }
    if ancestors == "'none'":
        headers["X-Frame-Options"] = "DENY"  # pages that are never framed (clickjacking)
    return headers


def render(template: str, status: int = 200, headers: dict[str, str] | None = None, *,
           frame_ancestors: Iterable[str] = NOBODY, **context) -> Response:
    """The page `template` (a path under web/templates/, e.g. "login.html") as a response.
    Pages extending "layout.html" take `visitor` (the header's signed-in person) and `root`
    (`request.root_path`), both optional."""
    nonce = secrets.token_urlsafe(16)
    body = _env.get_template(template).render(nonce=nonce, **context)
    return html(body, status, {**security_headers(nonce, frame_ancestors), **(headers or {})})


def error_page(status: int, title: str, message: str, *, retry_url: str | None = None,
               hint: str | None = None, visitor: object = None, root: str = "",
               frame_ancestors: Iterable[str] = NOBODY) -> Response:
    """An error shown to the person in the browser, never a stack trace. `visitor`: the
    signed-in `visitors.Visitor`, whose name and sign-out the header shows; `root`: the
    app's mount point (`request.root_path`), which the header's links start with;
    `frame_ancestors`: as `render`'s, for errors of a page meant for a frame (then no header)."""
    return render("error.html", status, title=title, message=message, retry_url=retry_url, hint=hint,
                  visitor=visitor, root=root, frame_ancestors=frame_ancestors,
                  framed=tuple(frame_ancestors) != NOBODY)
