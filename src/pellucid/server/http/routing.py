"""Route declarations and a segment-trie router.

Routes are declared next to their handlers with `RouteTable`; `Router` indexes every table once
at start-up so that a request costs a few dict lookups whatever the number of routes.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping, Protocol

from .errors import not_found, unknown_operation
from .validation import is_digits

Converter = Callable[[str], Any]


def _int(segment: str) -> int:
    if not is_digits(segment):
        raise ValueError(segment)
    return int(segment)


CONVERTERS: dict[str, Converter] = {"int": _int, "str": str}


class Api(Protocol):
    """An API family (REST, Data Service, ...): how its requests are versioned and authorised."""

    name: str

    def admit(self, request: Any, route: "Route") -> None:
        """Let the request through to the handler, or raise the ApiError that refuses it."""

    def openapi_security(self, route: "Route") -> list[dict[str, list[str]]]:
        """The route's security requirement in the OpenAPI document."""


@dataclass(frozen=True, slots=True)
class EndpointLimit:
    """A per-account limit on one endpoint group, e.g. search: 300 requests per 5 seconds."""

    name: str
    count: int
    seconds: int


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenApi:
    """What the OpenAPI document says of a route beyond its path, method and status. A schema is
    a component name ("Folder") or an inline JSON schema; `query` maps a parameter to its type,
    or to (type, description)."""

    body: str | Mapping[str, Any] | None = None
    body_media: str = "application/json"
    bodies: Mapping[str, str | Mapping[str, Any]] = field(default_factory=dict)  # media type -> schema, for several
    response: str | Mapping[str, Any] | None = None
    response_media: str = "application/json"
    response_media_also: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # other media -> schema
    response_description: str = "Success"
    response_headers: Mapping[str, str] = field(default_factory=dict)  # name -> description
    query: Mapping[str, str | tuple[str, str]] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)  # request header -> description
    error: str | Mapping[str, Any] = "Error"  # the 4XX answers' schema, where they are not Lucid's error object
    error_media: str = "application/json"


@dataclass(slots=True)
class Route:
    """One endpoint. A handler returning a Response sends it as is; anything else is sent as JSON
    with `status` (a 204 route's handler returns None and sends no body)."""

    method: str
    path: str
    handler: Callable[..., Any]
    api: Api
    summary: str = ""
    tags: tuple[str, ...] = ()
    scopes: tuple[str, ...] = ()  # any one of them admits the token
    token_types: frozenset[str] = frozenset({"user"})
    limits: tuple[EndpointLimit, ...] = ()
    status: int = 200
    openapi: OpenApi = OpenApi()
    body_limit: Callable[[Any], int] | None = None  # settings -> largest body, when not --max-body-bytes
    prefix: str = ""  # the alias prefix this copy is served under ("/v1"), "" at its own path
    is_async: bool = False
    page: "Route | None" = None  # a page for browsers at the same method and path (`Router.include_pages`)

    def __post_init__(self) -> None:
        if not isinstance(self.openapi, OpenApi):  # a plain dict would hide a misspelt key
            raise TypeError(f"{self.method} {self.path}: openapi= takes an OpenApi(...), not {type(self.openapi).__name__}")
        self.is_async = inspect.iscoroutinefunction(self.handler)


class RouteTable:
    """Collects the routes of one module: `routes = RouteTable(DATA_SERVICE, tags=("Data sets",))`."""

    def __init__(self, api: Api, *, tags: tuple[str, ...] = (), **defaults: Any) -> None:
        self.api = api
        self.tags = tags
        self.defaults = defaults
        self.routes: list[Route] = []

    def route(self, method: str, path: str, **meta: Any) -> Callable[[Callable], Callable]:
        """Decorator: add the handler as `method path`; `meta` overrides the table's defaults."""
        def register(handler: Callable) -> Callable:
            options = {"tags": self.tags, **self.defaults, **meta}
            if "token_types" in options:
                options["token_types"] = frozenset(options["token_types"])
            self.routes.append(Route(method, path, handler, self.api, **options))
            return handler

        return register

    def get(self, path: str, **meta: Any):
        """Decorator for a GET route."""
        return self.route("GET", path, **meta)

    def head(self, path: str, **meta: Any):
        """Decorator for a HEAD route (GET routes answer HEAD already)."""
        return self.route("HEAD", path, **meta)

    def post(self, path: str, **meta: Any):
        """Decorator for a POST route."""
        return self.route("POST", path, **meta)

    def put(self, path: str, **meta: Any):
        """Decorator for a PUT route."""
        return self.route("PUT", path, **meta)

    def patch(self, path: str, **meta: Any):
        """Decorator for a PATCH route."""
        return self.route("PATCH", path, **meta)

    def delete(self, path: str, **meta: Any):
        """Decorator for a DELETE route."""
        return self.route("DELETE", path, **meta)


@dataclass(slots=True)
class _Node:
    literals: dict[str, "_Node"] = field(default_factory=dict)
    param: tuple[str, Converter, "_Node"] | None = None
    routes: dict[str, Route] = field(default_factory=dict)


def _split(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment]


class Router:
    """Every route of an app, indexed by path segment; each area adds its tables with `include`."""

    def __init__(self) -> None:
        self.root = _Node()
        self.routes: list[Route] = []

    def include(self, *tables: RouteTable, aliases: tuple[str, ...] = ()) -> None:
        """Serve the routes of `tables` at their paths, and again under each alias prefix (such as
        the REST API's "/v1"); `routes` lists each once. A route already served raises ValueError."""
        for table in tables:
            for route in table.routes:
                self._add(route)
                self.routes.append(route)
                for prefix in aliases:
                    self._add(replace(route, path=prefix + route.path, prefix=prefix))

    def include_pages(self, *tables: RouteTable) -> None:
        """Serve pages for people in a browser, also where an API route answers the same method
        and path (the console's home at `/`, which is also the Data Service's bootstrap): there
        the page is the route's `page`, which the app picks for a request that asks for HTML and
        carries no API credentials. Elsewhere a page is a route like any other."""
        for table in tables:
            for route in table.routes:
                node = self._node(route.path)
                api = node.routes.get(route.method) if node is not None else None
                if api is None:
                    self._add(route)
                    self.routes.append(route)
                elif api.page is not None:
                    raise ValueError(f"duplicate page {route.method} {route.path}")
                else:  # a copy: route tables, and their routes, are shared by every app built
                    node.routes[route.method] = replace(api, page=route)

    def _node(self, path: str) -> _Node | None:
        """The node of a declared path (parameters by name), None when nothing is declared there."""
        node = self.root
        for segment in _split(path):
            if segment.startswith("{") and segment.endswith("}"):
                if node.param is None or node.param[0] != segment[1:-1].partition(":")[0]:
                    return None
                node = node.param[2]
            elif segment in node.literals:
                node = node.literals[segment]
            else:
                return None
        return node

    def _add(self, route: Route) -> None:
        node = self.root
        for segment in _split(route.path):
            if segment.startswith("{") and segment.endswith("}"):
                name, _, kind = segment[1:-1].partition(":")
                converter = CONVERTERS[kind or "str"]
                if node.param is None:
                    node.param = (name, converter, _Node())
                elif node.param[0] != name or node.param[1] is not converter:
                    raise ValueError(f"conflicting parameter {segment} in {route.path}")
                node = node.param[2]
            else:
                node = node.literals.setdefault(segment, _Node())
        if route.method in node.routes:
            raise ValueError(f"duplicate route {route.method} {route.path}")
        node.routes[route.method] = route

    def match(self, method: str, path: str) -> tuple[Route, dict[str, Any]]:
        """The route and its path parameters; 404 or 405 when there is none."""
        segments = _split(path)
        params: dict[str, Any] = {}
        node = self._straight(segments, params)
        if node is None:
            params.clear()
            node = self._walk(self.root, segments, 0, params)
        if node is None or not node.routes:
            raise not_found(f"No resource at {path}")
        route = node.routes.get(method)
        if route is None and method == "HEAD":
            route = node.routes.get("GET")
        if route is None:
            allowed = ", ".join(sorted(node.routes))
            raise unknown_operation(
                f"{method} is not supported on {path}; allowed: {allowed}", status=405,
                headers={"Allow": allowed},
            )
        return route, params

    def _straight(self, segments: list[str], params: dict[str, Any]) -> _Node | None:
        """`_walk`'s first path, without recursion: a literal segment where there is one, else the
        parameter. Where it ends at routes, `_walk` ends there too; None: `_walk` must search."""
        node = self.root
        for segment in segments:
            child = node.literals.get(segment)
            if child is None:
                if node.param is None:
                    return None
                name, converter, child = node.param
                try:
                    params[name] = converter(segment)
                except ValueError:
                    return None
            node = child
        return node if node.routes else None

    def _walk(self, node: _Node, segments: list[str], index: int, params: dict[str, Any]) -> _Node | None:
        if index == len(segments):
            return node
        segment = segments[index]
        child = node.literals.get(segment)
        if child is not None:
            found = self._walk(child, segments, index + 1, params)
            if found is not None and found.routes:
                return found
        if node.param is not None:
            name, converter, child = node.param
            try:
                params[name] = converter(segment)
            except ValueError:
                return None
            return self._walk(child, segments, index + 1, params)
        return None


