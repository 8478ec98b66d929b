"""When to send a request again, and after how long (I/O-free): the one policy of the API
clients (`Lucid`, `AsyncLucid`) and the data connector's clients alike.

* 429 Too Many Requests: the server did nothing, so any method is retried, after `Retry-After`
  when it gives one. A wait longer than `max_retry_after` is not waited out: the caller gets a
  `RateLimitError` carrying the server's `retry_after` at once (Lucid may send 3600).
* 408, 500, 502, 503 and 504 and broken connections: retried only for idempotent calls (GET,
  HEAD, PUT, DELETE, the read-only POST searches, and a data source update, which leaves the
  same data however often it is applied); a POST or PATCH that may have been applied is never
  repeated silently. Other statuses (501, 4xx) are answers, not accidents: never retried.
* A connection that could not be opened at all never sent the request, so it is retried for
  every call (this is what makes the OAuth refresh safe to retry).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import httpx

from . import errors
from .config import DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_AFTER

RETRYABLE_STATUS = frozenset({408, 500, 502, 503, 504})
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry; a call marks whether it is idempotent (`Call.idempotent`)."""

    max_retries: int = DEFAULT_MAX_RETRIES
    #: Longest Retry-After (seconds) honoured by waiting; beyond it RateLimitError is raised.
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    initial_backoff: float = 0.5
    max_backoff: float = 8.0

    def backoff(self, retries_so_far: int) -> float:
        """Exponential backoff with jitter: half fixed, half random, so clients spread out."""
        delay = min(self.max_backoff, self.initial_backoff * 2.0 ** retries_so_far)
        return delay / 2 + random.uniform(0, delay / 2)

    def after_transport_error(self, exc: httpx.TransportError, retries_so_far: int, idempotent: bool) -> float | None:
        """Seconds to wait before retrying after a broken connection, or None to give up."""
        if retries_so_far >= self.max_retries:
            return None
        if not idempotent and not isinstance(exc, _NOT_SENT):
            return None
        return self.backoff(retries_so_far)

    def after_status(self, error: errors.APIStatusError, retries_so_far: int, idempotent: bool) -> float | None:
        """Seconds to wait before retrying after an error status, or None to raise `error`."""
        if isinstance(error, errors.RateLimitError):
            if error.retry_after is not None and error.retry_after > self.max_retry_after:
                return None
            if retries_so_far >= self.max_retries:
                return None
            return error.retry_after if error.retry_after is not None else self.backoff(retries_so_far)
        if error.status_code not in RETRYABLE_STATUS or not idempotent or retries_so_far >= self.max_retries:
            return None
        retry_after = errors.parse_retry_after(error.response.headers.get("retry-after"))
        if retry_after is not None and retry_after <= self.max_retry_after:
            return retry_after
        return self.backoff(retries_so_far)
