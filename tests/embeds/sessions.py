"""Embed sessions over HTTP, as the app and the browser in its <iframe> drive them."""

from __future__ import annotations

import json
import re
from html import unescape

import httpx

from tests.oauth.flow import browser
from tests.rest.conftest import Actor

APP_ORIGIN = "https://yourapp.example"
EMBED_SCOPES = ["lucidchart.document.app.picker.share.embed", "lucidspark.document.app.picker.share.embed",
                "lucidchart.document.content", "lucidspark.document.content"]
_FIELD = re.compile(r'name="(token|csrf)" value="([^"]+)"')
_MESSAGES = re.compile(r'<script type="application/json" id="lucid-embed">(.*?)</script>', re.S)


def session_token(actor: Actor, *, origin: str = APP_ORIGIN, **body) -> str:
    """The embed session token the app gets from POST /embeds/token."""
    response = actor.api.post("/embeds/token", json={"origin": origin, **body})
    assert response.status_code == 200, response.text
    return response.json()


def open_embed(actor: Actor, **body) -> httpx.Response:
    """The browser loads /embeds?token=... in the app's frame."""
    return browser(actor.server).get("/embeds", params={"token": session_token(actor, **body)})


def fields(page: httpx.Response) -> dict[str, str]:
    """The session fields (token, csrf) the page's forms carry."""
    found = dict(_FIELD.findall(page.text))
    assert set(found) == {"token", "csrf"}, page.text[:800]
    return {key: unescape(value) for key, value in found.items()}


def submit(actor: Actor, page: httpx.Response, **form: str) -> httpx.Response:
    """One of the page's forms, posted as the browser would."""
    return browser(actor.server).post("/embeds", data={**fields(page), **form})


def messages(page: httpx.Response) -> list[dict]:
    """The messages the page posts to its parent on load, and the origin it posts them to."""
    match = _MESSAGES.search(page.text)
    assert match, page.text[:800]
    data = json.loads(match.group(1))
    return [{**message, "_to": data["origin"]} for message in data["messages"]]


def frame_ancestors(response: httpx.Response) -> str:
    policy = response.headers["content-security-policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("frame-ancestors"))
