"""The life of one API call as a sans-I/O generator, shared by the sync and async clients.

The flow yields what it needs done (`Send` a request, `Sleep`, get a `Token`) and receives the
outcome; `SyncCore` and `AsyncCore` only carry those actions out, blocking or awaiting. So token
handling, rate limiting, the retry decisions and error mapping exist once.
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from . import errors
from ._call import Call

if TYPE_CHECKING:
    from ._core import BaseCore

T = TypeVar("T")
log = logging.getLogger("pellucid.sdk")


@dataclass(frozen=True)
class Send:
    """Send this request; the response comes back (or an httpx.TransportError is thrown in)."""

    request: httpx.Request


@dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclass(frozen=True)
class Token:
    """Get the access token to send; `force` means `stale` was rejected with a 401."""

    force: bool = False
    stale: str | None = None


Action = Send | Sleep | Token


def request_flow(core: BaseCore, call: Call[T]) -> Generator[Action, Any, T]:
    """One call from token to parsed result, yielding the I/O it needs."""
    token: str | None = None
    if call.auth and not core.signs(call):  # OAuth 1.0 signs each attempt in build_request
        if core.tokens is None:
            raise errors.LucidError("no access token: pass access_token=, or a refresh token and client credentials"
                                    + (" (OAuth 1.0 credentials reach the Data Service only)" if core.oauth1 else ""))
        token = yield Token()
    refreshed = False
    retries = 0
    limiter = core.limiter_for(call.api)
    while True:
        if limiter is not None:
            wait = limiter.reserve()
            if wait > 0:
                yield Sleep(wait)
        request = core.build_request(call, token)
        try:
            response: httpx.Response = yield Send(request)
        except httpx.TransportError as exc:
            delay = core.retry.after_transport_error(exc, retries, call.is_idempotent) if call.retry else None
            if delay is None:
                raise errors.from_transport_error(exc, request) from exc
            log.info("retrying %s %s in %.2fs after %r", request.method, request.url, delay, exc)
            retries += 1
            yield Sleep(delay)
            continue
        if response.is_success:
            return call.parse(response)
        if response.status_code == 401 and token is not None and core.tokens is not None \
                and core.tokens.can_refresh and not refreshed:
            # One forced refresh per call: the token may have been revoked or expired early.
            refreshed = True
            token = yield Token(force=True, stale=token)
            continue
        error = errors.from_response(response)
        delay = core.retry.after_status(error, retries, call.is_idempotent) if call.retry else None
        if delay is None:
            if call.on_unsuccessful is None:
                raise error
            call.on_unsuccessful(response)
            return call.parse(response)
        log.info("retrying %s %s in %.2fs after HTTP %d", request.method, request.url, delay, response.status_code)
        retries += 1
        yield Sleep(delay)
