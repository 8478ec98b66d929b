"""A client-side token bucket, so an integration stays under Lucid's per-token rate limits.

Lucid allows 15 requests per second per user token and 50 per account token on the REST API,
and 750 per minute per user on the Data Service. One bucket per token principal: share a bucket
between clients that use the same token.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class TokenBucket:
    """`rate` requests per second on average, bursts of up to `capacity`.

    `reserve()` takes one token and answers how long the caller must wait before sending; the
    clients sleep (or await) that long. Reservations queue fairly across threads and tasks.
    """

    def __init__(self, rate: float, capacity: float | None = None, *, clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = float(rate)
        self.capacity = float(capacity if capacity is not None else max(1.0, rate))
        self._clock = clock
        self._tokens = self.capacity
        self._stamp = clock()
        self._lock = threading.Lock()

    @classmethod
    def user_token(cls) -> TokenBucket:
        """Lucid's REST limit for user tokens: 15 requests per second."""
        return cls(15)

    @classmethod
    def account_token(cls) -> TokenBucket:
        """Lucid's REST limit for account tokens: 50 requests per second."""
        return cls(50)

    @classmethod
    def data_service(cls) -> TokenBucket:
        """Lucid's Data Service limit: 750 requests per minute per user."""
        return cls(750 / 60, capacity=12)

    def reserve(self) -> float:
        """Take a token; the seconds to wait before it is yours (0 when one was available)."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            self._tokens -= 1
            return 0.0 if self._tokens >= 0 else -self._tokens / self.rate
