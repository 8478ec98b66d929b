"""The HTTP/1.1 protocol `pellucid serve` runs: uvicorn's httptools protocol with deadlines on
reading a request, so that clients who send slowly, or not at all, cannot hold connections open.

uvicorn closes a kept-alive connection that stays idle between requests (`timeout_keep_alive`)
but puts no bound on a connection that never finishes its request line and headers, nor on a
body that trickles in. Here, per connection:

* the request line and headers must arrive within `header_timeout` of the connection's opening
  (or of a later request's first byte), and be at most `max_header_bytes` long (431 beyond);
* the body must arrive within `body_timeout` of the last header.

A connection past a deadline gets 408 (nothing, when it never sent a byte) and is closed; the
request's handler, if it was waiting for the body, sees the client gone and writes nothing.

Deadlines move with every request, so each connection keeps one timer that is re-armed only
when it fires early (the deadline having moved later) or when a deadline comes before it: a
kept-alive connection's request costs no timer of its own (issue 11, point 8). The callbacks
each request goes through call uvicorn's by name (`super()` cost ~4k instructions a request).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import cache

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ..settings import ConnectionLimits

HEAD, BODY, HANDLING = "head", "body", "handling"


@cache
def limits() -> ConnectionLimits:
    """This process's limits, set by `pellucid serve` through the environment (read once)."""
    return ConnectionLimits.from_env()


@dataclass(frozen=True, slots=True)
class Refusal:
    status: str  # status line after "HTTP/1.1 "
    code: str
    message: str

    def response(self) -> bytes:
        """The error object, with a fresh request id, and `connection: close`."""
        from ..app import new_request_id

        body = orjson.dumps({"code": self.code, "message": self.message, "requestId": new_request_id()})
        return (
            f"HTTP/1.1 {self.status}\r\ncontent-type: application/json\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
        ).encode() + body


HEADER_TIMEOUT = Refusal("408 Request Timeout", "requestTimeout", "The request line and headers did not arrive in time")
BODY_TIMEOUT = Refusal("408 Request Timeout", "requestTimeout", "The request body did not arrive in time")
HEADERS_TOO_LARGE = Refusal("431 Request Header Fields Too Large", "requestHeaderFieldsTooLarge",
                            "The request line and headers are too long")


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol plus header and body deadlines and a header size cap."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits()
        self.phase = HEAD
        self.head_bytes = 0
        self.tail = b""  # the last bytes of the head so far: its end may straddle two reads
        self.answered_early = False  # the response went out before the request's body was all in
        self.deadline: float | None = None  # loop time of the current deadline, None: none
        self.answer = HEADER_TIMEOUT  # what a connection past it is told
        self.timer: asyncio.TimerHandle | None = None
        self.timer_at = 0.0  # loop time the timer fires at

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the header timer as soon as the connection opens."""
        super().connection_made(transport)
        self._arm(self.limits.header_timeout, HEADER_TIMEOUT)

    def connection_lost(self, exc: Exception | None) -> None:
        """Drop the timers with the connection."""
        self.deadline = None
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        """Count header bytes up to the blank line and refuse oversized heads before parsing; start
        the body timer when the headers ended in this read and the body did not."""
        if self.phase == HEAD:  # count up to the blank line that ends the headers, if it is here
            seen = self.tail + data
            end = seen.find(b"\r\n\r\n")
            self.head_bytes += len(data) if end < 0 else end + 4 - len(self.tail)
            self.tail = seen[-3:]
            if self.head_bytes > self.limits.max_header_bytes:
                self._refuse(HEADERS_TOO_LARGE)
                return
        HttpToolsProtocol.data_received(self, data)
        if self.phase == BODY and self.deadline is None:  # timed from the last header, which is in this read
            self._arm(self.limits.body_timeout, BODY_TIMEOUT)

    def on_message_begin(self) -> None:
        """A new request on a kept-alive connection starts its header timer at its first byte."""
        HttpToolsProtocol.on_message_begin(self)
        self.phase = HEAD
        if self.deadline is None:  # a later request on a kept-alive connection: its first byte
            self._arm(self.limits.header_timeout, HEADER_TIMEOUT)

    def on_headers_complete(self) -> None:
        """Headers done: no header timer. The body timer starts once the read is parsed
        (`data_received`), if the body has not come with it, as a GET's has."""
        self.phase = BODY
        self.deadline = None
        HttpToolsProtocol.on_headers_complete(self)

    def on_message_complete(self) -> None:
        """The request is in: no timer while the app handles it (a running timer finds nothing to do)."""
        self.deadline = None
        self.phase = HANDLING
        HttpToolsProtocol.on_message_complete(self)
        if self.answered_early:
            self._next_request()

    def on_response_complete(self) -> None:
        """Count the next request's head afresh, once this request's body is in as well: an answer
        sent before the body ended (a 413 on Content-Length) leaves the rest of it to arrive as body."""
        if self.phase == BODY:
            self.answered_early = True
        else:
            self._next_request()
        HttpToolsProtocol.on_response_complete(self)  # arms uvicorn's keep-alive timeout until the next request

    def _next_request(self) -> None:
        self.phase = HEAD
        self.head_bytes = 0
        self.tail = b""
        self.answered_early = False

    def _arm(self, seconds: float, answer: Refusal) -> None:
        self.deadline = self.loop.time() + seconds
        self.answer = answer
        if self.timer is None or self.deadline < self.timer_at:
            if self.timer is not None:
                self.timer.cancel()
            self._start_timer()

    def _start_timer(self) -> None:
        self.timer_at = self.deadline
        self.timer = self.loop.call_at(self.deadline, self._on_timer)

    def _on_timer(self) -> None:
        self.timer = None
        if self.deadline is None:
            return
        if self.loop.time() < self.deadline:  # moved later since the timer was set
            self._start_timer()
            return
        self.deadline = None
        self._expire(self.answer)

    def _expire(self, answer: Refusal) -> None:
        if self.phase == HEAD and self.head_bytes == 0:
            self.transport.close()  # never said a word: nothing to answer
        else:
            self._refuse(answer)

    def _refuse(self, answer: Refusal) -> None:
        if self.transport.is_closing():
            return
        if self.phase == HEAD or not self.cycle.response_started:
            self.transport.write(answer.response())
        self.transport.close()
