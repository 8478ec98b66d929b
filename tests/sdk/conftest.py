"""Fixtures that point the SDK at the real server: in-process through the app's transport, or
over the network when the session runs against a `pellucid serve` subprocess."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import pytest

from pellucid.sdk import AsyncLucid, Lucid
from pellucid.server.inprocess import PortalTransport
from tests.support.harness import Server

T = TypeVar("T")
ALL_DOCS = ["lucidchart.document.content", "lucidspark.document.content", "lucidscale.document.content"]


def sync_http(server: Server, **kwargs: Any) -> httpx.Client:
    """An httpx.Client on the server's transport (never closed: the server fixture owns it)."""
    return httpx.Client(transport=server.client._transport, **kwargs)


def async_http(server: Server, **kwargs: Any) -> httpx.AsyncClient:
    """An httpx.AsyncClient: the ASGI app in this event loop, or the network for a subprocess."""
    transport = server.client._transport
    if isinstance(transport, PortalTransport):
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=transport.app), **kwargs)
    return httpx.AsyncClient(**kwargs)


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


@dataclass
class Env:
    """Makes users, tokens and SDK clients on the test server."""

    server: Server

    def user_token(self, scopes: list[str], **kw: Any) -> dict:
        user = self.server.user(**kw)
        token = self.server.token(user_id=user["userId"], scopes=scopes)
        return {**token, "user": user}

    def lucid(self, access_token: str | None = None, **kwargs: Any) -> Lucid:
        kwargs.setdefault("http_client", sync_http(self.server))
        return Lucid(access_token, base_url=self.server.base_url, **kwargs)

    def async_lucid(self, access_token: str | None = None, **kwargs: Any) -> AsyncLucid:
        kwargs.setdefault("http_client", async_http(self.server))
        return AsyncLucid(access_token, base_url=self.server.base_url, **kwargs)

    def data_client(self) -> Lucid:
        return self.lucid(self.user_token(["data-service.admin"])["access_token"])


@pytest.fixture
def env(server: Server) -> Env:
    return Env(server)


@pytest.fixture
def data(env: Env) -> Lucid:
    """A client whose user holds a data-service.admin token."""
    return env.data_client()


