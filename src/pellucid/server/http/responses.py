"""Responses are plain data; the dispatcher writes them to the ASGI `send` channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

JSON = "application/json"
HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


@dataclass(slots=True)
class Response:
    status: int = 200
    body: bytes = b""
    media_type: str | None = JSON
    headers: dict[str, str | list[str]] = field(default_factory=dict)  # a list repeats the header


def json_response(content: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A JSON body."""
    return Response(status, orjson.dumps(content), JSON, headers or {})


def empty(status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """No body."""
    return Response(status, b"", None, headers or {})


def html(content: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """An HTML page."""
    return Response(status, content.encode(), HTML, headers or {})


def redirect(location: str, status: int = 302, headers: dict[str, str] | None = None) -> Response:
    """A redirect to `location` (302 unless told otherwise)."""
    return Response(status, b"", None, {"Location": location, **(headers or {})})


class ResponseRaised(Exception):
    """A response answered from deep inside a handler (a page's redirect to sign in, an error
    page): the app sends `response` as the request's answer."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response
