"""What one area of the server tells another. `build_app` makes one `Events` per app and each
area's `install(ctx)` connects its listeners to it, so no behaviour depends on import order.

    ctx.events.item_writes.connect(listener)      # listener(conn, principal, ItemWrites)
    ctx.events.document_opened.connect(listener)  # listener(request, document_id)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Generic, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.engine import Connection

    from .auth.principal import Principal
    from .http.request import Request

L = TypeVar("L", bound=Callable[..., None])


class Signal(Generic[L]):
    """Listeners called in the order they connected; one raising stops the rest (and the sender)."""

    __slots__ = ("_listeners",)

    def __init__(self) -> None:
        self._listeners: list[L] = []

    def connect(self, listener: L) -> None:
        """Call `listener` with every `send`; connecting twice is connecting once."""
        if listener not in self._listeners:
            self._listeners.append(listener)

    def send(self, *args: Any) -> None:
        """Tell every listener."""
        for listener in self._listeners:
            listener(*args)


@dataclass(frozen=True)
class ItemWrites:
    """Item writes made through the Data Service API, in one collection."""

    collection_id: int
    added: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (item id, values by field id)
    changed: list[tuple[int, Any]] = field(default_factory=list)  # (item id, the request's patch by field name)
    deleted: list[int] = field(default_factory=list)  # item ids, told before they are deleted


ItemWritesListener = Callable[["Connection", "Principal", ItemWrites], None]
DocumentOpenedListener = Callable[["Request", str], None]


class Events:
    """The app's signals.

    * `item_writes`: sent inside the writing transaction (a listener that raises an ApiError
      refuses the write). Data connectors listen: edits to items a connector wrote go back to it
      as a Patch action.
    * `document_opened`: sent after Get Document and Get Document Contents. Data connectors
      listen to send HardRefresh when a document comes back.
    """

    __slots__ = ("item_writes", "document_opened")

    def __init__(self) -> None:
        self.item_writes: Signal[ItemWritesListener] = Signal()
        self.document_opened: Signal[DocumentOpenedListener] = Signal()
