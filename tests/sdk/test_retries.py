"""Retries, Retry-After and client-side rate limiting.

Rate limits come from real servers started with small limits. Failures the real server cannot
produce on demand (a 503, a dropped connection, a timeout) come from small handlers of our own
behind `httpx.MockTransport`; waiting is recorded instead of slept there, to keep the suite fast.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from email.utils import formatdate

import httpx
import pytest

from pellucid.sdk import (
    APIConnectionError,
    APITimeoutError,
    AsyncLucid,
    InternalServerError,
    Lucid,
    RateLimitError,
    TokenBucket,
    _core,
)
from pellucid.sdk.errors import parse_retry_after
from pellucid.server.settings import RateLimits
from tests.support.harness import start_inprocess

from .conftest import run

Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def slept(monkeypatch) -> list[float]:
    waits: list[float] = []

    async def async_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(_core, "sleep", waits.append)
    monkeypatch.setattr(_core, "async_sleep", async_sleep)
    return waits


def scripted(*steps: int | Exception | httpx.Response) -> tuple[Handler, list[httpx.Request]]:
    """A handler answering each request with the next step: a status, a response, or an exception."""
    seen: list[httpx.Request] = []
    queue = list(steps)

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        step = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(step, Exception):
            raise step
        if isinstance(step, httpx.Response):
            return step
        return httpx.Response(step, json={"id": 1, "name": "Acme"} if step < 400 else {"code": "x", "message": "m"})

    return handle, seen


def client(handler: Handler, **kwargs) -> Lucid:
    return Lucid("oauth2-t", http_client=httpx.Client(transport=httpx.MockTransport(handler)), **kwargs)


def test_idempotent_get_is_retried_after_503_honouring_retry_after(slept):
    handler, seen = scripted(httpx.Response(503, headers={"Retry-After": "2"}), 200)
    assert client(handler).accounts.me().name == "Acme"
    assert len(seen) == 2 and slept == [2.0]


def test_dropped_connections_are_retried_with_growing_jittered_backoff(slept):
    handler, seen = scripted(httpx.ReadError("reset"), httpx.RemoteProtocolError("dropped"), 200)
    assert client(handler).accounts.me().id == 1
    assert len(seen) == 3 and 0.25 <= slept[0] <= 0.5 and 0.5 <= slept[1] <= 1.0


def test_retries_stop_at_max_retries(slept):
    handler, seen = scripted(500)
    with pytest.raises(InternalServerError):
        client(handler, max_retries=3).accounts.me()
    assert len(seen) == 4 and len(slept) == 3


def test_a_post_that_may_have_been_applied_is_not_repeated(slept):
    handler, seen = scripted(500)
    with pytest.raises(InternalServerError):
        client(handler).folders.create("x")
    broken, broken_seen = scripted(httpx.ReadError("reset"))
    with pytest.raises(APIConnectionError):
        client(broken).folders.create("x")
    assert len(seen) == len(broken_seen) == 1 and slept == []


def test_a_post_is_retried_when_it_was_never_processed(slept):
    handler, seen = scripted(httpx.ConnectError("refused"), httpx.Response(429, headers={"Retry-After": "1"}),
                             httpx.Response(201, json={"id": 7, "name": "x"}))
    assert client(handler).folders.create("x").id == 7
    assert len(seen) == 3 and slept[1] == 1.0


def test_read_only_searches_are_retried_like_gets(slept):
    handler, seen = scripted(502, httpx.Response(200, json=[]))
    assert list(client(handler).documents.search(keywords="x")) == []
    assert len(seen) == 2


def test_retry_after_beyond_the_cap_raises_at_once(slept):
    handler, seen = scripted(httpx.Response(429, headers={"Retry-After": "3600"},
                                            json={"code": "tooManyRequests", "message": "slow down"}))
    with pytest.raises(RateLimitError) as raised:
        client(handler).accounts.me()
    assert raised.value.retry_after == 3600 and raised.value.code == "tooManyRequests"
    assert len(seen) == 1 and slept == []
    # A caller who will wait an hour says so.
    handler, seen = scripted(httpx.Response(429, headers={"Retry-After": "3600"}), 200)
    assert client(handler, max_retry_after=3600).accounts.me().id == 1 and slept == [3600.0]


def test_retry_after_dates_and_missing_values():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(formatdate(time.time() + 30, usegmt=True)) == pytest.approx(30, abs=2)
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_timeouts_become_api_timeout_errors(slept):
    handler, seen = scripted(httpx.ReadTimeout("slow"))
    with pytest.raises(APITimeoutError):
        client(handler, max_retries=1).accounts.me()
    assert len(seen) == 2


def test_the_async_client_makes_the_same_decisions(slept):
    handler, seen = scripted(httpx.Response(503, headers={"Retry-After": "1.5"}), httpx.ReadError("x"), 200)

    async def scenario() -> int | None:
        async with AsyncLucid("oauth2-t", http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler))) as c:
            return (await c.accounts.me()).id

    assert run(scenario()) == 1 and len(seen) == 3 and slept[0] == 1.5


# ------------------------------------------------------------------ real servers with small limits


@pytest.fixture
def limited(tmp_path):
    server = start_inprocess(f"sqlite:///{tmp_path / 'limited.db'}",
                             rate_limits=RateLimits(rest_user_per_second=4, data_service_per_minute=3))
    yield server
    server.stop()


def counting_client(server, token: str, statuses: list[int], **kwargs) -> Lucid:
    http = httpx.Client(transport=server.client._transport,
                        event_hooks={"response": [lambda r: statuses.append(r.status_code)]})
    return Lucid(token, base_url=server.base_url, http_client=http, **kwargs)


def test_the_sdk_waits_out_a_short_retry_after(limited):
    user = limited.user()
    token = limited.token(user_id=user["userId"], scopes=["user.profile"])["access_token"]
    statuses: list[int] = []
    lucid = counting_client(limited, token, statuses, max_retries=5)
    started = time.monotonic()
    assert [lucid.users.profile().id for _ in range(7)] == [user["userId"]] * 7
    assert 429 in statuses and statuses.count(200) == 7 and time.monotonic() - started >= 0.5


def test_a_data_service_retry_after_beyond_the_cap_raises(limited):
    user = limited.user()
    token = limited.token(user_id=user["userId"], scopes=["data-service.admin"])["access_token"]
    statuses: list[int] = []
    # The server's Retry-After runs to the end of its minute window (1 to 60 s); a cap of 0 means
    # "never wait", so any of them is beyond it.
    lucid = counting_client(limited, token, statuses, max_retry_after=0)
    for _ in range(3):
        lucid.data.rate_limits()
    started = time.monotonic()
    with pytest.raises(RateLimitError) as raised:
        lucid.data.rate_limits()
    assert raised.value.retry_after is not None and 1 <= raised.value.retry_after <= 60
    assert statuses == [200, 200, 200, 429] and time.monotonic() - started < 1 and raised.value.request_id


def test_the_client_side_bucket_keeps_under_the_server_limit(limited):
    user = limited.user()
    token = limited.token(user_id=user["userId"], scopes=["user.profile"])["access_token"]
    statuses: list[int] = []
    # Half the server's 4/s: the server counts a sliding window, so a bucket at 3/s delayed by a
    # loaded machine can meet it; the bucket's job is to keep well under the limit.
    lucid = counting_client(limited, token, statuses, rate_limit=TokenBucket(2, capacity=1), max_retries=0)
    for _ in range(6):
        lucid.users.profile()
    assert statuses == [200] * 6


def test_token_bucket_spacing_with_a_fake_clock():
    now = [0.0]
    bucket = TokenBucket(2, capacity=2, clock=lambda: now[0])
    assert [bucket.reserve() for _ in range(4)] == [0.0, 0.0, 0.5, 1.0]
    now[0] = 10.0
    assert bucket.reserve() == 0.0
    assert TokenBucket.user_token().rate == 15 and TokenBucket.account_token().rate == 50
    assert TokenBucket.data_service().rate == pytest.approx(12.5)


def test_async_waits_for_the_bucket(slept):
    handler, _ = scripted(200)

    async def scenario() -> None:
        async with AsyncLucid("oauth2-t", http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
                              rate_limit=TokenBucket(10, capacity=1)) as c:
            await asyncio.gather(*(c.accounts.me() for _ in range(3)))

    run(scenario())
    assert len(slept) == 2 and max(slept) == pytest.approx(0.2, abs=0.05)


def test_with_options_changes_retries_for_one_use(slept):
    limited = httpx.Response(429, headers={"Retry-After": "2"})
    handler, seen = scripted(limited, limited, 200)
    patient = client(handler)
    with pytest.raises(RateLimitError):
        patient.with_options(max_retry_after=0).accounts.me()
    assert patient.accounts.me().id == 1 and slept == [2.0] and len(seen) == 3  # the original still waits
    impatient = patient.with_options(max_retries=0)
    impatient.close()  # a copy never closes the shared connections
    assert patient.accounts.me().id == 1
