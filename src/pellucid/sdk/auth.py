"""Token providers: where a client gets the bearer token it sends.

* `StaticToken`: a fixed access token (from `pellucid admin issue-token`, a vault, ...).
* `RefreshingToken`: an OAuth 2.0 grant with `offline_access`. It refreshes ahead of expiry and
  once more when the API answers 401, and hands every new pair to `on_token_refreshed` so the
  caller can persist it.

Lucid rotates refresh tokens: a refresh invalidates the old pair, and presenting a used refresh
token again revokes the whole grant. So refreshes are single-flight: one thread (or task) refreshes
while the others wait for its result, and anyone who asked because the token was stale or
rejected gets the new token instead of refreshing a second time.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
import time
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from . import _oauth_calls
from ._call import Call
from .config import DEFAULT_REFRESH_SKEW
from .models.oauth import OAuthToken

SyncRun = Callable[[Call[OAuthToken]], OAuthToken]
AsyncRun = Callable[[Call[OAuthToken]], Awaitable[OAuthToken]]
TokenCallback = Callable[[OAuthToken], Any]


class TokenProvider:
    """The interface the clients use; subclass it to plug in another source of tokens."""

    #: Whether a 401 may be answered by `token(force=True)`.
    can_refresh: bool = False

    def token(self, run: SyncRun, *, force: bool = False, stale: str | None = None) -> str:
        """The access token to send. `force` asks for a new one because `stale` was rejected."""
        raise NotImplementedError

    async def atoken(self, run: AsyncRun, *, force: bool = False, stale: str | None = None) -> str:
        """The async twin of `token`; by default the sync one, without I/O."""
        return self.token(_no_sync_io, force=force, stale=stale)


def _no_sync_io(call: Call[OAuthToken]) -> OAuthToken:
    raise RuntimeError("this token provider cannot refresh from an async client")


class StaticToken(TokenProvider):
    """A fixed access token; a 401 is final."""

    def __init__(self, access_token: str) -> None:
        if not access_token:
            raise ValueError("access_token is empty")
        self.access_token = access_token

    def token(self, run: SyncRun, *, force: bool = False, stale: str | None = None) -> str:
        """The fixed access token; a static token is never refreshed."""
        return self.access_token

    async def atoken(self, run: AsyncRun, *, force: bool = False, stale: str | None = None) -> str:
        """The fixed access token; a static token is never refreshed."""
        return self.access_token


class RefreshingToken(TokenProvider):
    """An OAuth 2.0 token pair that refreshes itself (see the module docstring).

    Give it the pair you stored (`OAuthToken`, or just a `refresh_token` to start with a refresh)
    and the client's credentials. `refresh_skew` seconds before expiry the next request
    refreshes first. `on_token_refreshed(new_pair)` runs once per refresh, inside the single-flight
    section, before any request uses the new token; it may be a coroutine function on an async client.
    """

    can_refresh = True

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        token: OAuthToken | None = None,
        refresh_token: str | None = None,
        on_token_refreshed: TokenCallback | None = None,
        refresh_skew: float = DEFAULT_REFRESH_SKEW,
    ) -> None:
        if token is None and refresh_token is None:
            raise ValueError("give the stored token pair or at least a refresh_token")
        self.client_id = client_id
        self.client_secret = client_secret
        self.current = token if token is not None else OAuthToken(access_token="", refresh_token=refresh_token)
        if refresh_token is not None:
            self.current.refresh_token = refresh_token
        self.on_token_refreshed = on_token_refreshed
        self.refresh_skew = refresh_skew
        self._lock = threading.Lock()
        self._async_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()

    # ------------------------------------------------------------------ decisions (no I/O)

    def _usable(self, force: bool, stale: str | None) -> str | None:
        """The current access token if it may be sent as it is, else None (refresh first)."""
        access = self.current.access_token
        if not access:
            return None
        if force:
            # Someone else already replaced the rejected token: use theirs.
            return access if stale is not None and access != stale else None
        expires = self.current.expires
        if expires is not None and time.time() + self.refresh_skew >= expires / 1000:
            return None
        return access

    def _refresh_call(self) -> Call[OAuthToken]:
        if not self.current.refresh_token:
            raise RuntimeError("the token pair has no refresh_token (was offline_access granted?)")
        return _oauth_calls.refresh(self.client_id, self.client_secret, self.current.refresh_token)

    # ------------------------------------------------------------------ sync

    def token(self, run: SyncRun, *, force: bool = False, stale: str | None = None) -> str:
        """A usable access token, refreshed first (once, across threads) when due or `force`d."""
        usable = self._usable(force, stale)
        if usable is not None:
            return usable
        with self._lock:
            usable = self._usable(force, stale)
            if usable is not None:
                return usable
            self.current = run(self._refresh_call())
            if self.on_token_refreshed is not None:
                result = self.on_token_refreshed(self.current)
                if inspect.isawaitable(result):
                    raise TypeError("on_token_refreshed returned an awaitable on a sync client")
            return self.current.access_token

    # ------------------------------------------------------------------ async

    async def atoken(self, run: AsyncRun, *, force: bool = False, stale: str | None = None) -> str:
        """A usable access token, refreshed once across tasks and threads when due or forced."""
        usable = self._usable(force, stale)
        if usable is not None:
            return usable
        loop = asyncio.get_running_loop()
        task_lock = self._async_locks.setdefault(loop, asyncio.Lock())
        async with task_lock:  # tasks of this loop queue here, without blocking the loop
            await self._acquire_thread_lock()  # other threads and loops sharing the provider
            try:
                usable = self._usable(force, stale)
                if usable is not None:
                    return usable
                self.current = await run(self._refresh_call())
                if self.on_token_refreshed is not None:
                    result = self.on_token_refreshed(self.current)
                    if inspect.isawaitable(result):
                        await result
                return self.current.access_token
            finally:
                self._lock.release()

    async def _acquire_thread_lock(self) -> None:
        while not self._lock.acquire(blocking=False):
            await asyncio.sleep(0.005)
