"""``DataConnector``: define action handlers, run action requests exactly as the official SDK.

``run_action`` reproduces ``DataConnector.runAction``: bad signature headers, a bad
signature or an invalid envelope -> ``404 {"error":"Bad request"}``; an unknown action ->
``404 {"error":"Action X is not implemented"}``; an asynchronous handler without an update
token -> 400; a ``DataConnectorRunError`` (or any exception with numeric ``status`` and a
JSON ``body``) -> that status and body; anything else -> ``500 {"error":"error running X
action"}``. Patch replies are aggregated over batches; ManageWebhook answers with the first
handler result. Failures outside the handlers (public key fetch, body that is not JSON)
raise, and the HTTP layer answers 500 with an empty body, as the SDK's debug server does.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pellucid.protocol.actions import ActionEnvelope, InvalidActionRequest
from pellucid.protocol.enums import ActionKeys
from pellucid.protocol.jsjson import parse, stringify
from pellucid.protocol.replies import ManageWebhookReply, PatchReply
from pellucid.protocol.signature import NONCE_HEADER, SIGNATURE_HEADER
from pellucid.protocol.update import UNSET
from pellucid.sdk.connector.actions import (
    DataConnectorAction,
    DataConnectorAsynchronousAction,
    DataConnectorPatchAction,
    deserialize_actions,
)
from pellucid.sdk.connector.client import DataConnectorClient
from pellucid.sdk.connector.errors import DataConnectorRequestError, DataConnectorRunError

__all__ = ["NO_BODY", "ActionResponse", "DataConnector", "RouteRequest", "RouteResponse"]

log = logging.getLogger("pellucid.connector")
H = TypeVar("H", bound=Callable[..., Any])


class _NoBody:
    """A response without a body (a JS handler returning ``undefined``)."""

    def __repr__(self) -> str:
        return "NO_BODY"


NO_BODY: Any = _NoBody()


@dataclass(frozen=True)
class ActionResponse:
    status: int
    body: Any = NO_BODY  # JSON value, or NO_BODY

    def json_text(self) -> str:
        """The body as ``res.json(body)`` writes it ("" for no body)."""
        return "" if self.body is NO_BODY else stringify(self.body)


@dataclass(frozen=True)
class RouteRequest:
    """What a route handler gets (``defineRoute``): raw body text, query, lower-case headers."""

    body: str
    query: Mapping[str, str | None]
    headers: dict[str, str]


@dataclass(frozen=True)
class RouteResponse:
    status: int
    body: Any = None  # str -> text/html, bytes -> octet-stream, other JSON values -> JSON
    headers: Mapping[str, str] | None = None


@dataclass(frozen=True)
class _Handler:
    fn: Callable[[Any], Any]
    asynchronous: bool
    is_coroutine: bool


def _is_json_serializable(x: Any) -> bool:
    if x is None or isinstance(x, (str, bool, int, float)):
        return True
    if isinstance(x, (list, tuple)):
        return all(_is_json_serializable(v) for v in x)
    return isinstance(x, dict) and all(_is_json_serializable(v) for v in x.values())


def _run_error(e: BaseException) -> ActionResponse | None:
    """Duck-typed ``DataConnectorRunError``: numeric ``status`` and a JSON ``body``."""
    status, body = getattr(e, "status", None), getattr(e, "body", UNSET)
    if (
        isinstance(status, (int, float))
        and not isinstance(status, bool)
        and body is not UNSET
        and _is_json_serializable(body)
    ):
        return ActionResponse(int(status), body)
    return None


def _webhook_reply(result: Any) -> dict[str, Any]:
    if isinstance(result, Mapping):
        result = ManageWebhookReply(
            result.get("documentCollections"), result.get("webhookData", UNSET)
        )
    if not hasattr(result, "document_collections"):
        raise TypeError("a ManageWebhook handler must return a Webhook")
    return ManageWebhookReply(
        result.document_collections, getattr(result, "webhook_data", UNSET)
    ).to_json()


class DataConnector:
    """A set of action handlers served as one data connector.

    ``patch_parser`` is ``"item"`` (default, like the SDK), ``"schema"`` or ``"generic"``.
    """

    def __init__(
        self, client: DataConnectorClient | None = None, *, patch_parser: str = "item"
    ) -> None:
        self.client = client or DataConnectorClient()
        self.patch_parser = patch_parser
        self.actions: dict[str, _Handler] = {}
        self.routes: dict[str, Callable[[RouteRequest], Any]] = {}

    # -- definition -------------------------------------------------------------------------

    def define_action(
        self, name: str, handler: Callable[[Any], Any], asynchronous: bool = False
    ) -> DataConnector:
        """Handle action ``name`` (token or not); chainable like ``defineAction``."""
        self.actions[name] = _Handler(handler, asynchronous, inspect.iscoroutinefunction(handler))
        return self

    def define_asynchronous_action(self, name: str, handler: Callable[[Any], Any]) -> DataConnector:
        """Handle action ``name``, which must carry an update token (``action.client`` is set)."""
        return self.define_action(name, handler, asynchronous=True)

    def define_route(self, name: str, handler: Callable[[RouteRequest], Any]) -> DataConnector:
        """Serve ``?kind=route&name=<name>`` (not signature-checked, like the SDK's routes)."""
        self.routes[name] = handler
        return self

    def action(self, name: str) -> Callable[[H], H]:
        """Decorator form of ``define_action``."""

        def register(fn: H) -> H:
            self.define_action(name, fn)
            return fn

        return register

    def asynchronous_action(self, name: str) -> Callable[[H], H]:
        """Decorator form of ``define_asynchronous_action``."""

        def register(fn: H) -> H:
            self.define_asynchronous_action(name, fn)
            return fn

        return register

    def route(self, name: str) -> Callable[[H], H]:
        """Decorator form of ``define_route``."""

        def register(fn: H) -> H:
            self.define_route(name, fn)
            return fn

        return register

    # -- running ------------------------------------------------------------------------------

    async def parse_actions(
        self, url: str, headers: Mapping[str, Any], body: str | bytes | Any
    ) -> list[DataConnectorAction] | None:
        """Validate headers, signature and envelope; None where the SDK answers "Bad request"."""
        headers = {k.lower(): v for k, v in headers.items()}
        if not isinstance(headers.get(NONCE_HEADER.lower()), str) or not isinstance(
            headers.get(SIGNATURE_HEADER.lower()), str
        ):
            return None
        text = body if isinstance(body, (str, bytes)) else stringify(body)
        validator = await self.client.get_signature_validator()
        if validator is not None and not validator.validate(text, headers, url):
            return None
        obj = parse(text) if isinstance(body, (str, bytes)) else body  # not JSON: raises (-> 500)
        try:
            return deserialize_actions(ActionEnvelope.from_json(obj), self.patch_parser)
        except InvalidActionRequest as e:
            log.info("bad action request: %s", e)
            return None

    async def run_action(
        self, url: str, headers: Mapping[str, Any], body: str | bytes | Any
    ) -> ActionResponse:
        """Run one action request (``runAction``). ``url`` is path plus raw query string."""
        actions = await self.parse_actions(url, headers, body)
        if actions is None:
            log.warning("Received bad request %s", url)
            return ActionResponse(404, {"error": "Bad request"})
        if not actions:
            raise ValueError("no actions in request")  # the SDK crashes here too (-> 500, no body)
        name = actions[0].name
        try:
            responses = [await self._run_one(a) for a in actions]
            if name == ActionKeys.MANAGE_WEBHOOK:
                return ActionResponse(200, _webhook_reply(responses[0]))
            if name in (ActionKeys.PATCH, ActionKeys.UNBATCHED_PATCH):
                return ActionResponse(200, PatchReply.from_changes(responses).to_json())
            result = responses[0] if len(responses) == 1 else responses
            return ActionResponse(200, NO_BODY if result is None else _to_json(result))
        except Exception as e:  # noqa: BLE001 - the SDK turns every handler failure into a response
            if isinstance(e, DataConnectorRequestError):
                log.error("Error running %s action: %s", name, e)
            else:
                log.error("Error running %s action", name, exc_info=e)
            return _run_error(e) or ActionResponse(500, {"error": f"error running {name} action"})

    async def _run_one(self, action: DataConnectorAction) -> Any:
        handler = self.actions.get(action.name)
        if handler is None:
            raise DataConnectorRunError.with_message(
                404, f"Action {action.name} is not implemented"
            )
        if handler.asynchronous and not isinstance(action, DataConnectorAsynchronousAction):
            raise DataConnectorRunError.with_message(
                400,
                f"Passing uncredentialed action to {action.name} "
                "which is defined to be asynchronous",
            )
        if isinstance(action, (DataConnectorAsynchronousAction, DataConnectorPatchAction)):
            action.client = (
                self.client.get_data_source_client(action.update_token)
                if handler.is_coroutine
                else self.client.get_sync_data_source_client(action.update_token)
            )
        if handler.is_coroutine:
            return await handler.fn(action)
        result = await asyncio.to_thread(handler.fn, action)
        return await result if inspect.isawaitable(result) else result

    async def run_route(self, name: str, request: RouteRequest) -> RouteResponse | None:
        """Run route ``name``; None when there is no such route."""
        handler = self.routes.get(name)
        if handler is None:
            return None
        result = handler(request)
        result = await result if inspect.isawaitable(result) else result
        if isinstance(result, Mapping):
            return RouteResponse(result["status"], result.get("body"), result.get("headers"))
        return result

    def asgi_app(self, *, max_body_bytes: int = 100 * 1024 * 1024) -> Any:
        """This connector as an ASGI app (serve with uvicorn, or mount in FastAPI/Starlette)."""
        from pellucid.sdk.connector.asgi import ConnectorApp

        return ConnectorApp(self, max_body_bytes=max_body_bytes)


def _to_json(value: Any) -> Any:
    return value.to_json() if hasattr(value, "to_json") else value
