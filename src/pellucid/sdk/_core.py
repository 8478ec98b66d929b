"""The engine under `Lucid` and `AsyncLucid`: builds requests from calls and runs the call flow.

`BaseCore` holds everything both share (origins, headers, token provider, retry policy, rate
limiters, request building); `SyncCore` and `AsyncCore` differ only in how they carry out the
flow's actions: `httpx.Client.send` and `time.sleep`, or their awaitable twins.
"""

from __future__ import annotations

import asyncio
import platform
import time
from collections.abc import Mapping
from typing import Any, TypeVar

import httpx

from .. import __version__
from ._call import API, Call
from ._flow import Send, Sleep, Token, request_flow
from .auth import TokenProvider
from .config import DEFAULT_TIMEOUT, BaseURLs
from .oauth1 import OAuth1Credentials
from .pagination import AsyncPager, PageData, SyncPage
from .ratelimit import TokenBucket
from .retries import RetryPolicy

T = TypeVar("T")

# Indirections so tests can replace waiting without touching the time module everyone shares.
sleep = time.sleep
async_sleep = asyncio.sleep

USER_AGENT = f"pellucid-sdk/{__version__} python/{platform.python_version()}"

_API_HEADERS: dict[API, dict[str, str]] = {
    # "Include a Lucid-Api-Version header with a valid version number."
    API.REST: {"Lucid-Api-Version": "1", "Accept": "application/json"},
    # "the HTTP request should have an Accept Header in the following format: application/json;v=1"
    API.DATA: {"Accept": "application/json;v=1"},
    API.OAUTH: {"Accept": "application/json"},
    # Connector calls carry the official SDK's headers themselves.
    API.CONNECTOR: {},
}


class BaseCore:
    def __init__(
        self,
        *,
        urls: BaseURLs,
        tokens: TokenProvider | None,
        retry: RetryPolicy,
        rate_limiter: TokenBucket | None = None,
        data_rate_limiter: TokenBucket | None = None,
        default_headers: Mapping[str, str] | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        oauth1: OAuth1Credentials | None = None,
    ) -> None:
        self.urls = urls
        self.oauth1 = oauth1
        self.client_id = client_id
        self.client_secret = client_secret
        self.tokens = tokens
        self.retry = retry
        self._limiters = {API.REST: rate_limiter, API.DATA: data_rate_limiter}
        self._headers = {"User-Agent": USER_AGENT, **(default_headers or {})}
        self._http: httpx.Client | httpx.AsyncClient
        self._owns_http = False

    def shares_http(self) -> None:
        """This core is a copy (`with_options`): closing is the original's job."""
        self._owns_http = False

    def limiter_for(self, api: API) -> TokenBucket | None:
        """The client-side rate limiter of an API, None when unthrottled."""
        return self._limiters.get(api)

    def origin(self, api: API) -> str:
        """The configured origin of an API."""
        return self.urls.data if api is API.DATA else self.urls.api

    def url_of(self, call: Call[Any]) -> str:
        """The absolute URL of a call. Links to another origin keep their path and query but go
        to the configured one, so a bearer token never leaves for a host the caller did not pick."""
        if call.api is API.CONNECTOR:
            return call.path  # built from the connector's own configured LucidUrls
        base = self.origin(call.api)
        if "://" not in call.path:
            url = httpx.URL(base + call.path)
        else:
            url = httpx.URL(call.path)
            home = httpx.URL(base)
            if (url.scheme, url.host, url.port) != (home.scheme, home.host, home.port):
                url = httpx.URL(base + url.raw_path.decode("ascii"))
        if call.params:
            url = url.copy_merge_params({k: v for k, v in call.params.items() if v is not None})
        return str(url)

    def signs(self, call: Call[Any]) -> bool:
        """Whether the call is signed with OAuth 1.0 credentials (Data Service calls only) instead
        of carrying a bearer token."""
        return self.oauth1 is not None and call.auth and call.api is API.DATA

    def build_request(self, call: Call[Any], token: str | None) -> httpx.Request:
        """The HTTP request of a call: default, API and call headers, the token when given."""
        headers = {**self._headers, **_API_HEADERS[call.api], **call.headers}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        request = self._http.build_request(
            call.method, self.url_of(call), json=call.json, data=call.data, files=call.files,
            content=call.content, headers=headers,
        )
        return self.oauth1.sign(request) if self.signs(call) else request


class SyncCore(BaseCore):
    def __init__(self, *, http_client: httpx.Client | None, timeout: Any = DEFAULT_TIMEOUT, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.Client(timeout=timeout)

    def request(self, call: Call[T]) -> T:
        """Run a call to completion: token, rate limit, send, retry, parse."""
        flow = request_flow(self, call)
        outcome: Any = None
        failure: BaseException | None = None
        while True:
            try:
                action = flow.throw(failure) if failure is not None else flow.send(outcome)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            outcome, failure = None, None
            if isinstance(action, Send):
                try:
                    outcome = self._http.send(action.request)
                except httpx.TransportError as exc:
                    failure = exc
            elif isinstance(action, Sleep):
                sleep(action.seconds)
            elif isinstance(action, Token):
                assert self.tokens is not None
                outcome = self.tokens.token(self.request, force=action.force, stale=action.stale)

    def request_all(self, calls: list[Call[T]]) -> list[T]:
        """Several calls, one after another."""
        return [self.request(call) for call in calls]

    def paginate(self, call: Call[PageData[T]]) -> SyncPage[T]:
        """The first page of a list call; later pages are fetched as it is iterated."""
        return SyncPage(self, call, self.request(call), frozenset({self.url_of(call)}))

    def close(self) -> None:
        """Close the HTTP client if this core made it."""
        if self._owns_http:
            assert isinstance(self._http, httpx.Client)
            self._http.close()


class AsyncCore(BaseCore):
    def __init__(self, *, http_client: httpx.AsyncClient | None, timeout: Any = DEFAULT_TIMEOUT, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.AsyncClient(timeout=timeout)

    async def request(self, call: Call[T]) -> T:
        """Run a call to completion: token, rate limit, send, retry, parse."""
        flow = request_flow(self, call)
        outcome: Any = None
        failure: BaseException | None = None
        while True:
            try:
                action = flow.throw(failure) if failure is not None else flow.send(outcome)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            outcome, failure = None, None
            if isinstance(action, Send):
                try:
                    outcome = await self._http.send(action.request)  # type: ignore[misc]
                except httpx.TransportError as exc:
                    failure = exc
            elif isinstance(action, Sleep):
                await async_sleep(action.seconds)
            elif isinstance(action, Token):
                assert self.tokens is not None
                outcome = await self.tokens.atoken(self.request, force=action.force, stale=action.stale)

    async def request_all(self, calls: list[Call[T]]) -> list[T]:
        """Several calls at once (the chunks of one metadata read, say)."""
        return list(await asyncio.gather(*(self.request(call) for call in calls)))

    def paginate(self, call: Call[PageData[T]]) -> AsyncPager[T]:
        """An async pager over a list call."""
        return AsyncPager(self, call)

    async def aclose(self) -> None:
        """Close the HTTP client if this core made it."""
        if self._owns_http:
            assert isinstance(self._http, httpx.AsyncClient)
            await self._http.aclose()
