"""Slow and half-open connections against a real `pellucid serve` on 127.0.0.1: every deadline of
`http/connections.py` closes them, and the server keeps answering everyone else meanwhile."""

from __future__ import annotations

import selectors
import socket
import time

import httpx
import pytest

from tests.dataservice.conftest import make_user
from tests.support.harness import start_subprocess

pytestmark = [pytest.mark.subprocess, pytest.mark.sqlite_only]

HEADER_TIMEOUT = 1
BODY_TIMEOUT = 1
PATIENCE = 30  # seconds a test waits for closes: a bound on the test, not a performance goal


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('connections') / 'p.db'}"
    server = start_subprocess(url, ["--header-timeout", str(HEADER_TIMEOUT), "--body-timeout", str(BODY_TIMEOUT),
                                    "--keep-alive-timeout", "1", "--max-header-bytes", "8192"])
    yield server
    server.stop()


def _open(server, first_bytes: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", httpx.URL(server.base_url).port))
    if first_bytes:
        sock.sendall(first_bytes)
    return sock


def _read_until_closed(socks: list[socket.socket]) -> dict[socket.socket, bytes]:
    """What each socket received before the server closed it; fails if any stays open."""
    received = {sock: b"" for sock in socks}
    selector = selectors.DefaultSelector()
    for sock in socks:
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
    deadline = time.monotonic() + PATIENCE
    open_count = len(socks)
    while open_count and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=1):
            try:
                chunk = key.fileobj.recv(65536)
            except ConnectionResetError:
                chunk = b""
            if chunk:
                received[key.fileobj] += chunk
            else:
                selector.unregister(key.fileobj)
                open_count -= 1
    selector.close()
    for sock in socks:
        sock.close()
    assert open_count == 0, f"{open_count} of {len(socks)} connections still open after {PATIENCE} s"
    return received


HALF_HEAD = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
HALF_BODY = b"POST /dataSets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"


def test_two_hundred_half_open_connections_are_all_closed_and_the_server_keeps_answering(server):
    silent = [_open(server, b"") for _ in range(70)]
    half_head = [_open(server, HALF_HEAD) for _ in range(70)]
    half_body = [_open(server, HALF_BODY) for _ in range(60)]
    assert httpx.get(f"{server.base_url}/healthz", timeout=PATIENCE).status_code == 200
    received = _read_until_closed(silent + half_head + half_body)
    assert all(received[sock] == b"" for sock in silent)  # never said a word: closed without a word
    for sock in half_head:
        assert received[sock].startswith(b"HTTP/1.1 408 ")
        assert b'"code":"requestTimeout"' in received[sock] and b"connection: close" in received[sock]
    for sock in half_body:
        assert received[sock].startswith(b"HTTP/1.1 408 ") and b"request body did not arrive" in received[sock]


def test_headers_sent_a_byte_at_a_time_are_cut_off_at_the_deadline(server):
    sock = _open(server, b"G")
    sent = 1
    try:
        for byte in HALF_HEAD[1:] + b"x" * 1000:
            time.sleep(0.05)
            sock.sendall(bytes([byte]))
            sent += 1
    except (BrokenPipeError, ConnectionResetError):
        pass
    received = _read_until_closed([sock])[sock]
    assert received.startswith(b"HTTP/1.1 408 ")
    assert sent < len(HALF_HEAD) + 1000  # the trickle was stopped, not waited out


def test_oversized_headers_get_431(server):
    sock = _open(server, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n")
    received = _read_until_closed([sock])[sock]
    assert received.startswith(b"HTTP/1.1 431 ") and b"requestHeaderFieldsTooLarge" in received


def test_a_body_arriving_with_its_headers_is_not_counted_as_headers(server):
    alice = make_user(server)
    body = b'{"name": "' + b"x" * 100 + b'", "properties": {}}' + b" " * 30000  # past the header cap
    head = (f"POST /dataSets HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {alice.token}\r\n"
            f"Accept: application/json;v=1\r\nContent-Type: application/json\r\nConnection: close\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    sock = _open(server, head + body)  # one send: the first segments carry both
    assert _read_until_closed([sock])[sock].startswith(b"HTTP/1.1 200 ")


def test_the_rest_of_a_body_answered_early_is_not_counted_as_headers(server):
    """A 413 goes out on Content-Length alone, before the body: what the client still sends of
    that body is body, not the next request's head (it was counted as one: a 431)."""
    head = (b"POST /dataSets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 40000000\r\n\r\n")  # over the default --max-body-bytes (32 MiB)
    sock = _open(server, head)
    sock.settimeout(PATIENCE)
    answered = sock.recv(65536)
    assert answered.startswith(b"HTTP/1.1 413 ")
    sock.sendall(b" " * 20000)  # past the 8 KiB header cap
    assert b" 431 " not in _read_until_closed([sock])[sock]


def test_a_body_cut_short_is_never_handled(server):
    """A JSON body whose first bytes already parse: a client gone before the rest must not get a write."""
    alice = make_user(server)
    complete_prefix = b'{"name": "cut short", "properties": {}}'
    head = (f"POST /dataSets HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {alice.token}\r\n"
            f"Accept: application/json;v=1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(complete_prefix) + 100}\r\n\r\n").encode()
    sock = _open(server, head + complete_prefix)
    sock.close()  # gone with 100 bytes of whitespace still owed
    timed_out = _open(server, head + complete_prefix)  # still connected when the body deadline passes
    assert _read_until_closed([timed_out])[timed_out].startswith(b"HTTP/1.1 408 ")
    names = [data_set["name"] for data_set in alice.ok(alice.http.get("/dataSets"))["dataSets"]]
    assert "cut short" not in names


def test_the_header_deadline_is_per_request_on_a_kept_alive_connection(server):
    """Three requests on one connection over more than the header timeout: each is served."""
    sock = _open(server, b"")
    sock.settimeout(PATIENCE)
    for _ in range(3):
        time.sleep(HEADER_TIMEOUT * 0.6)  # inside the keep-alive timeout, past the first deadline in sum
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = b""
        while not answer.endswith(b'{"status":"ok"}'):  # the head and the body may come apart
            chunk = sock.recv(65536)
            assert chunk, f"closed after {answer!r}"
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 200 ")
    sock.close()
