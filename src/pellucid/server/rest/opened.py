"""Documents opened by a user (Get Document, Get Document Contents), told to whoever listens
after the read; data connectors listen to send HardRefresh when a document comes back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # pragma: no cover
    from ..http.request import Request

Listener = Callable[["Request", str], None]
_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def opened(request: "Request", document_id: str) -> None:
    if request.principal is None or request.principal.user_id is None:
        return
    for listener in _listeners:
        listener(request, document_id)
