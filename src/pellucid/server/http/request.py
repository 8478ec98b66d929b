"""The request object handed to every handler."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

import orjson
from starlette.datastructures import Headers, QueryParams

from .errors import bad_request

if TYPE_CHECKING:  # pragma: no cover
    from ..app import AppContext
    from ..auth.principal import Principal
    from .routing import Route


class Request:
    """A parsed HTTP request whose body has already been read (within the size limit)."""

    __slots__ = (
        "scope", "method", "path", "body", "ctx", "request_id", "route", "principal",
        "_headers", "_header_values", "_query", "_json",
    )

    def __init__(self, scope: dict, path: str, body: bytes, ctx: "AppContext", request_id: str) -> None:
        self.scope = scope
        self.method: str = scope["method"]
        self.path = path  # within the app: without the `root_path` it is mounted under
        self.body = body
        self.ctx = ctx
        self.request_id = request_id
        self.route: Route | None = None
        self.principal: Principal | None = None
        self._headers: Headers | None = None
        self._header_values: dict[str, str] | None = None
        self._query: QueryParams | None = None
        self._json: Any = _UNSET

    @property
    def root_path(self) -> str:
        """The prefix the app is mounted under ("" at the root): links a browser follows need it."""
        return self.scope.get("root_path", "")

    @property
    def headers(self) -> Headers:
        """The request headers, case-insensitive (parsed on first use)."""
        if self._headers is None:
            self._headers = Headers(scope=self.scope)
        return self._headers

    def header(self, name: str) -> str | None:
        """One header by its lower-case name (the first, when repeated), as `headers.get` gives
        it: each lookup is a dict's, for the headers every request is admitted by."""
        values = self._header_values
        if values is None:
            values = self._header_values = {
                key.decode("latin-1"): value.decode("latin-1") for key, value in reversed(self.scope["headers"])}
        return values.get(name)

    @property
    def query(self) -> QueryParams:
        """The query parameters (parsed on first use)."""
        if self._query is None:
            self._query = QueryParams(self.scope.get("query_string", b""))
        return self._query

    @property
    def query_string(self) -> str:
        """The raw query string, decoded as Latin-1 like the ASGI scope gives it."""
        return self.scope.get("query_string", b"").decode("latin-1")

    def query_list(self, name: str) -> list[str]:
        """All values of a repeated parameter, blank values dropped."""
        return [value for key, value in parse_qsl(self.query_string, keep_blank_values=False) if key == name]

    def json(self) -> Any:
        """The body parsed as JSON; a 400 that says why when it is not."""
        if self._json is _UNSET:
            if not self.body:
                raise bad_request("The request body is empty; a JSON document was expected")
            try:
                self._json = orjson.loads(self.body)
            except orjson.JSONDecodeError as exc:
                raise bad_request(f"The request body is not valid JSON: {exc}") from None
        return self._json

    def form(self) -> dict[str, str]:
        """An application/x-www-form-urlencoded body, or a JSON object body, as a flat dict."""
        content_type = self.headers.get("content-type", "")
        if content_type.startswith("application/json"):
            data = self.json()
            if not isinstance(data, dict):
                raise bad_request("The request body must be a JSON object")
            return {key: value for key, value in data.items() if value is not None}
        try:
            text = self.body.decode("utf-8")
        except UnicodeDecodeError:
            raise bad_request("The form body is not valid UTF-8") from None
        return dict(parse_qsl(text, keep_blank_values=True))

    async def multipart(self, max_part_size: int):
        """A multipart/form-data body, parsed by Starlette (python-multipart); a 400 that says why
        when it cannot be parsed. `max_part_size` bounds the text fields."""
        from starlette.exceptions import HTTPException
        from starlette.formparsers import MultiPartException
        from starlette.requests import Request as StarletteRequest

        body = self.body

        async def receive() -> dict:
            return {"type": "http.request", "body": body, "more_body": False}

        try:
            return await StarletteRequest(self.scope, receive).form(max_part_size=max_part_size)
        except (MultiPartException, HTTPException) as exc:
            reason = getattr(exc, "message", None) or getattr(exc, "detail", None) or exc
            raise bad_request(f"The multipart body cannot be parsed: {reason}") from None

    @property
    def client_host(self) -> str | None:
        """The peer's address, None when the server does not say."""
        client = self.scope.get("client")
        return client[0] if client else None


class _Unset:
    pass


_UNSET = _Unset()
