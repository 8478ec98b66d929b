"""`Lucid` and `AsyncLucid`: one client for the REST API, OAuth 2.0 and the Data Service.

Both are the same class with a different core: every namespace and method is defined once and
runs blocking on `Lucid`, awaitable on `AsyncLucid`.

    client = Lucid(access_token="oauth2-...")                       # Lucid's cloud
    client = Lucid(access_token=..., base_url="http://127.0.0.1:8080")  # a pellucid server
    client = Lucid(client_id=..., client_secret=..., refresh_token=...,
                   on_token_refreshed=save)                          # refreshes by itself
    client = Lucid(oauth1=OAuth1Credentials(...))                    # legacy Data Service credentials
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from types import TracebackType
from typing import Generic, Self

import httpx

from ._core import AsyncCore, BaseCore, SyncCore
from ._resource import Async, Mode, Sync
from .auth import RefreshingToken, StaticToken, TokenCallback, TokenProvider
from .config import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_AFTER,
    DEFAULT_REFRESH_SKEW,
    DEFAULT_TIMEOUT,
    BaseURLs,
)
from .models.oauth import OAuthToken
from .oauth1 import OAuth1Credentials
from .ratelimit import TokenBucket
from .resources.data import DataService
from .resources.documents import Documents
from .resources.folders import Folders
from .resources.oauth import OAuth
from .resources.sharing import Embeds, ShareLinks
from .resources.users import Accounts, Users
from .retries import RetryPolicy


def _tokens(access_token: str | None, token: OAuthToken | None, refresh_token: str | None,
            token_provider: TokenProvider | None, client_id: str | None, client_secret: str | None,
            on_token_refreshed: TokenCallback | None, refresh_skew: float) -> TokenProvider | None:
    if token_provider is not None:
        return token_provider
    refreshable = refresh_token or (token is not None and token.refresh_token)
    if refreshable:
        if not client_id or not client_secret:
            raise ValueError("refreshing tokens needs client_id and client_secret")
        if token is None and access_token:
            token = OAuthToken(access_token=access_token, refresh_token=refresh_token)
        return RefreshingToken(client_id=client_id, client_secret=client_secret, token=token,
                               refresh_token=refresh_token, on_token_refreshed=on_token_refreshed,
                               refresh_skew=refresh_skew)
    access = access_token or (token.access_token if token is not None else None)
    return StaticToken(access) if access else None


def _bucket(limit: TokenBucket | float | None) -> TokenBucket | None:
    return limit if isinstance(limit, TokenBucket) or limit is None else TokenBucket(limit)


class _Client(Generic[Mode]):
    """What `Lucid` and `AsyncLucid` share: options, the token provider and the namespaces."""

    _core_class: type[BaseCore]
    _http_class: type[httpx.Client | httpx.AsyncClient]

    def __init__(
        self,
        access_token: str | None = None,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        refresh_token: str | None = None,
        token: OAuthToken | None = None,
        token_provider: TokenProvider | None = None,
        on_token_refreshed: TokenCallback | None = None,
        refresh_skew: float = DEFAULT_REFRESH_SKEW,
        base_url: str | None = None,
        api_url: str | None = None,
        data_url: str | None = None,
        web_url: str | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        rate_limit: TokenBucket | float | None = None,
        data_rate_limit: TokenBucket | float | None = None,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
        default_headers: Mapping[str, str] | None = None,
        oauth1: OAuth1Credentials | None = None,
    ) -> None:
        """
        Credentials: `access_token` alone (a fixed token); or `client_id`, `client_secret` and a
        `refresh_token` (or a stored `token` pair) to refresh automatically, with
        `on_token_refreshed(pair)` to persist every new pair; or any `token_provider`.
        `client_id`/`client_secret` also serve `client.oauth`. `oauth1` (`OAuth1Credentials` with a
        user's token) signs Data Service calls with OAuth 1.0 instead (see `pellucid.sdk.oauth1`).

        Origins: Lucid's by default; `base_url` points every API at one pellucid server;
        `api_url`, `data_url` and `web_url` override one each (REST + OAuth token endpoints,
        Data Service, browser pages).

        Resilience: `max_retries` retries on 429, 5xx (idempotent calls) and connection errors
        with exponential backoff; a `Retry-After` up to `max_retry_after` seconds is waited out,
        a longer one raises `RateLimitError`. `rate_limit` / `data_rate_limit` (requests per
        second, or a shared `TokenBucket`) throttle REST / Data Service calls client-side.

        `http_client`: an `httpx.Client` (`Lucid`) or `httpx.AsyncClient` (`AsyncLucid`) to send
        through (proxies, mounts, an ASGI app in tests); the client does not close it.
        """
        if http_client is not None and not isinstance(http_client, self._http_class):
            raise TypeError(f"{type(self).__name__} needs an {self._http_class.__name__} as http_client")
        self._core = self._core_class(
            http_client=http_client,  # type: ignore[call-arg]
            timeout=timeout,
            urls=BaseURLs.resolve(base_url, api_url=api_url, data_url=data_url, web_url=web_url),
            tokens=_tokens(access_token, token, refresh_token, token_provider, client_id, client_secret,
                           on_token_refreshed, refresh_skew),
            retry=RetryPolicy(max_retries=max_retries, max_retry_after=max_retry_after),
            rate_limiter=_bucket(rate_limit),
            data_rate_limiter=_bucket(data_rate_limit),
            default_headers=default_headers,
            client_id=client_id,
            client_secret=client_secret,
            oauth1=oauth1,
        )
        self._mount(self._core)

    def _mount(self, core: BaseCore) -> None:
        self._core = core
        self.accounts: Accounts[Mode] = Accounts(core)
        self.users: Users[Mode] = Users(core)
        self.documents: Documents[Mode] = Documents(core)
        self.folders: Folders[Mode] = Folders(core)
        self.share_links: ShareLinks[Mode] = ShareLinks(core)
        self.embeds: Embeds[Mode] = Embeds(core)
        self.oauth: OAuth[Mode] = OAuth(core)
        self.data: DataService[Mode] = DataService(core)

    def with_options(self, *, max_retries: int | None = None, max_retry_after: float | None = None) -> Self:
        """A client sharing this one's connections, token and limiters, with other retry settings,
        e.g. `lucid.with_options(max_retry_after=0).users.list()` to fail fast on any 429."""
        retry = self._core.retry
        core = copy.copy(self._core)
        core.retry = dataclasses.replace(
            retry,
            max_retries=retry.max_retries if max_retries is None else max_retries,
            max_retry_after=retry.max_retry_after if max_retry_after is None else max_retry_after,
        )
        core.shares_http()
        clone = copy.copy(self)
        clone._mount(core)
        return clone

    @property
    def urls(self) -> BaseURLs:
        """The origins this client talks to."""
        return self._core.urls

    @property
    def oauth1(self) -> OAuth1Credentials | None:
        """The OAuth 1.0 credentials that sign Data Service calls, if any."""
        return self._core.oauth1

    @property
    def token_provider(self) -> TokenProvider | None:
        """Where the bearer token comes from (e.g. a `RefreshingToken` holding the current pair)."""
        return self._core.tokens


class Lucid(_Client[Sync]):
    """The blocking client. Use it as a context manager, or call `close()`."""

    _core_class = SyncCore
    _http_class = httpx.Client
    _core: SyncCore

    def close(self) -> None:
        """Close the HTTP connections (not those of an injected `http_client`)."""
        self._core.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class AsyncLucid(_Client[Async]):
    """The asyncio client: every method returns an awaitable; lists return async pagers."""

    _core_class = AsyncCore
    _http_class = httpx.AsyncClient
    _core: AsyncCore

    async def aclose(self) -> None:
        """Close the HTTP connections (not those of an injected `http_client`)."""
        await self._core.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()
