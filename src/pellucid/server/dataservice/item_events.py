"""Item writes made through the Data Service API, told to whoever listens, inside the
writing transaction (a listener that raises an ApiError refuses the write). Data connectors
listen: edits to items a connector wrote are sent back to it as a Patch action."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from sqlalchemy.engine import Connection

from ..auth.principal import Principal


@dataclass(frozen=True)
class ItemWrites:
    collection_id: int
    added: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (item id, values by field id)
    changed: list[tuple[int, Any]] = field(default_factory=list)  # (item id, the request's patch by field name)
    deleted: list[int] = field(default_factory=list)  # item ids, told before they are deleted


Listener = Callable[[Connection, Principal, ItemWrites], None]
_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def tell(conn: Connection, principal: Principal, writes: ItemWrites) -> None:
    for listener in _listeners:
        listener(conn, principal, writes)
