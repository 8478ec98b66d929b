"""HTML pages of the authorization server: Jinja2 templates, served with strict headers."""

from __future__ import annotations

import secrets
from pathlib import Path

import jinja2

from ..http.responses import Response, html

TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "templates"

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _security_headers(nonce: str) -> dict[str, str]:
    # No `form-action`: Chrome applies it to the redirect that follows a form post, and the
    # consent form must redirect to the client's (registered) redirect URI.
    policy = (
        f"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; "
        "img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'"
    )
    return {
        "Content-Security-Policy": policy,
        "X-Frame-Options": "DENY",  # the consent page must never be framed (clickjacking)
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",  # URLs here carry codes and state
        "Cache-Control": "no-store",
    }


def render(template: str, status: int = 200, headers: dict[str, str] | None = None, **context) -> Response:
    nonce = secrets.token_urlsafe(16)
    body = _env.get_template(f"oauth/{template}").render(nonce=nonce, **context)
    return html(body, status, {**_security_headers(nonce), **(headers or {})})


def error_page(status: int, title: str, message: str, *, retry_url: str | None = None) -> Response:
    """An error shown to the person in the browser; used where redirecting would be unsafe."""
    return render("error.html", status, title=title, message=message, retry_url=retry_url)
