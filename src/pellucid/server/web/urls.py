"""Where a page's links and redirects go: its own URL, and a `next=` that is safe to follow."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from ..http.request import Request


def here(request: Request) -> str:
    """This page's own URL (path and query, below the mount point), where its forms post and
    its redirects return."""
    path = request.root_path + request.path
    return f"{path}?{request.query_string}" if request.query_string else path


def local_next(request: Request, value: object) -> str:
    """`value` when it is a path on this site, else the site's home: a `next=` parameter must
    never send the browser to another origin (no open redirect)."""
    home = (request.root_path or "") + "/"
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return home
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or any(ord(c) < 0x20 or c == "\x7f" for c in value):
        return home
    return value


def login_url(request: Request, next_url: str | None = None) -> str:
    """The sign-in page, returning to `next_url` (this page by default) once signed in."""
    return f"{request.root_path}/login?{urlencode({'next': next_url or here(request)})}"
