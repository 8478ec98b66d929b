"""`Call`: everything one API request needs, built by the resource methods and run by a client.

A call is plain data (method, where, what to send, how to read the answer), so the sync and
async clients run the same calls; only their I/O differs.
"""

from __future__ import annotations

import enum
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

import httpx

from .models.base import Model

T = TypeVar("T")
M = TypeVar("M", bound=Model)


class API(enum.Enum):
    """Which API a call belongs to: decides the origin, the version header and the limiter."""

    REST = "rest"
    DATA = "data"
    OAUTH = "oauth"


@dataclass(frozen=True)
class Call(Generic[T]):
    api: API
    method: str
    path: str  # relative to the API's origin, or an absolute URL (links, next pages)
    parse: Callable[[httpx.Response], T]
    params: Mapping[str, Any] | None = None
    json: Any = None
    data: Mapping[str, Any] | None = None
    files: Mapping[str, Any] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    #: Safe to repeat after a 5xx or a broken connection (GET, PUT, DELETE, searches).
    idempotent: bool | None = None
    #: Send the bearer token (the token endpoints authenticate the client instead).
    auth: bool = True

    @property
    def is_idempotent(self) -> bool:
        if self.idempotent is not None:
            return self.idempotent
        return self.method in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")

    def at(self, url: str) -> Call[T]:
        """The same call sent to another URL (a next page); its query is in the URL."""
        return replace(self, path=url, params=None)


# ---------------------------------------------------------------------------------- parsers


def json_body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    return response.json()


def model(cls: type[M]) -> Callable[[httpx.Response], M]:
    def parse(response: httpx.Response) -> M:
        return cls.from_json(response.json())

    return parse


def models(cls: type[M], key: str | None = None) -> Callable[[httpx.Response], list[M]]:
    """A JSON array of resources (or the array under `key` of an object)."""

    def parse(response: httpx.Response) -> list[M]:
        body = response.json()
        if isinstance(body, dict) and key is not None:
            body = body.get(key) or []
        return [cls.from_json(entry) for entry in body]

    return parse


def nothing(response: httpx.Response) -> None:
    return None


def content(response: httpx.Response) -> bytes:
    return response.content


def saved_to(file: str | os.PathLike[str] | IO[bytes]) -> Callable[[httpx.Response], bytes]:
    """The body's bytes, also written to `file`: a path (created or replaced) or a binary file object."""

    def parse(response: httpx.Response) -> bytes:
        data = response.content
        if isinstance(file, (str, os.PathLike)):
            Path(file).write_bytes(data)
        else:
            file.write(data)
        return data

    return parse


def string(response: httpx.Response) -> str:
    """A body that is a JSON string (e.g. `application/jwt` answered as `"eyJ..."`) or plain text."""
    text = response.text.strip()
    if text.startswith('"'):
        try:
            value = json.loads(text)
        except ValueError:
            return text
        return value if isinstance(value, str) else text
    return text


def header_count(name: str) -> Callable[[httpx.Response], int]:
    """A HEAD count, e.g. `Lucid-DataSets-Total: 123`."""

    def parse(response: httpx.Response) -> int:
        return int(response.headers.get(name, "0"))

    return parse
