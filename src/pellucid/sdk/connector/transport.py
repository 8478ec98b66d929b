"""HTTP calls written once, run sync or async: flows yield calls, drivers send them.

A *flow* is a generator that yields a list of ``Call`` (sent concurrently when async) and
receives the list of ``httpx.Response`` back; its return value is the method's result. The
sync and async clients differ only in the driver, so every endpoint is written once.
Retries (429, 5xx, connection errors; exponential backoff; ``Retry-After`` honoured up to a
cap) live in the drivers.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

__all__ = ["Call", "Flow", "RetryPolicy", "drive_async", "drive_sync"]

log = logging.getLogger("pellucid.connector")
T = TypeVar("T")


@dataclass(frozen=True)
class Call:
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    retry: bool = True


Flow = Generator[list[Call], list[httpx.Response], T]


@dataclass(frozen=True)
class RetryPolicy:
    """When and how long to wait before sending a call again.

    ``max_retries`` extra attempts on 429, 5xx and connection errors; the wait is
    ``Retry-After`` when the server sends one (seconds or HTTP date) and it is at most
    ``max_retry_after``, otherwise exponential backoff with jitter, capped at ``max_backoff``.
    A ``Retry-After`` above the cap is not waited for: the error is raised at once.
    """

    max_retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0

    def delay(self, attempt: int, response: httpx.Response | None) -> float | None:
        """Seconds to wait before attempt ``attempt + 1``, or None to give up."""
        if attempt >= self.max_retries:
            return None
        if response is not None:
            if response.status_code != 429 and response.status_code < 500:
                return None
            after = _retry_after(response.headers.get("retry-after"))
            if after is not None:
                return after if after <= self.max_retry_after else None
        return min(self.max_backoff, self.backoff * 2**attempt) * random.uniform(0.5, 1.0)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _request(client: httpx.Client | httpx.AsyncClient, call: Call) -> Any:
    return client.request(call.method, call.url, headers=call.headers, content=call.body)


def _outcome(
    policy: RetryPolicy,
    call: Call,
    attempt: int,
    response: httpx.Response | None,
    error: Exception | None,
) -> httpx.Response | float:
    """The final response (raising ``error`` if the call failed for good), or the wait
    before the next attempt."""
    wait = policy.delay(attempt, response) if call.retry else None
    if response is not None and (wait is None or response.status_code < 400):
        return response
    if wait is None:
        assert error is not None
        raise error
    log.info(
        "retrying %s %s in %.2fs (%s)",
        call.method,
        call.url,
        wait,
        response.status_code if response is not None else type(error).__name__,
    )
    return wait


def _send_sync(client: httpx.Client, call: Call, policy: RetryPolicy, sleep) -> httpx.Response:
    attempt = 0
    while True:
        response, error = None, None
        try:
            response = _request(client, call)
        except httpx.TransportError as exc:
            error = exc
        outcome = _outcome(policy, call, attempt, response, error)
        if isinstance(outcome, httpx.Response):
            return outcome
        sleep(outcome)
        attempt += 1


async def _send_async(
    client: httpx.AsyncClient, call: Call, policy: RetryPolicy, sleep
) -> httpx.Response:
    attempt = 0
    while True:
        response, error = None, None
        try:
            response = await _request(client, call)
        except httpx.TransportError as exc:
            error = exc
        outcome = _outcome(policy, call, attempt, response, error)
        if isinstance(outcome, httpx.Response):
            return outcome
        await sleep(outcome)
        attempt += 1


def drive_sync(flow: Flow[T], client: httpx.Client, policy: RetryPolicy, sleep=time.sleep) -> T:
    """Run a flow with a blocking client."""
    try:
        calls = next(flow)
        while True:
            calls = flow.send([_send_sync(client, c, policy, sleep) for c in calls])
    except StopIteration as done:
        return done.value


async def drive_async(
    flow: Flow[T], client: httpx.AsyncClient, policy: RetryPolicy, sleep=asyncio.sleep
) -> T:
    """Run a flow with an async client; the calls of one step go out concurrently."""
    try:
        calls = next(flow)
        while True:
            responses = await asyncio.gather(
                *(_send_async(client, c, policy, sleep) for c in calls)
            )
            calls = flow.send(list(responses))
    except StopIteration as done:
        return done.value
