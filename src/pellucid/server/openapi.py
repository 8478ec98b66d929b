"""The OpenAPI 3.1 document, generated from the route tables so it cannot drift from them."""

from __future__ import annotations

import re
from typing import Any, Iterable

from pellucid import __version__

from .auth import scopes
from .http.routing import Route

_PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")

ERROR = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "examples": ["badRequest"]},
        "message": {"type": "string"},
        "details": {},
        "requestId": {"type": "string"},
    },
}

def ref(name: str) -> dict[str, str]:
    """A reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def _schema(value: Any) -> dict:
    return ref(value) if isinstance(value, str) else dict(value)


def _operation(route: Route) -> dict[str, Any]:
    meta = route.openapi
    op: dict[str, Any] = {
        "operationId": f"{route.handler.__module__.rsplit('.', 1)[-1]}.{route.handler.__name__}",
        "summary": route.summary or route.handler.__name__.replace("_", " "),
        "tags": list(route.tags),
    }
    if route.handler.__doc__:
        op["description"] = route.handler.__doc__.strip()
    parameters = [
        {"name": name, "in": "path", "required": True,
         "schema": {"type": "integer" if kind == "int" else "string"}}
        for name, kind in _PARAM.findall(route.path)
    ]
    for name, spec in meta.query.items():
        kind, description = spec if isinstance(spec, tuple) else (spec, "")
        parameters.append({"name": name, "in": "query", "required": False,
                           "schema": {"type": kind}, "description": description})
    for name, description in meta.headers.items():
        parameters.append({"name": name, "in": "header", "required": False,
                           "schema": {"type": "string"}, "description": description})
    if parameters:
        op["parameters"] = parameters
    bodies = meta.bodies or ({meta.body_media: meta.body} if meta.body is not None else {})
    if bodies:  # `bodies`: media type -> schema, for routes that take several (Create / Import Document)
        op["requestBody"] = {"required": True,
                             "content": {media: {"schema": _schema(body)} for media, body in bodies.items()}}
    success: dict[str, Any] = {"description": meta.response_description}
    if meta.response is not None:
        success["content"] = {meta.response_media: {"schema": _schema(meta.response)}}
    for media, schema in meta.response_media_also.items():  # the same route answering other types
        success.setdefault("content", {})[media] = {"schema": schema}
    if meta.response_headers:
        success["headers"] = {name: {"schema": {"type": "integer"}, "description": text}
                              for name, text in meta.response_headers.items()}
    error = {"description": "Error object", "content": {"application/json": {"schema": ref("Error")}}}
    # Refusals before the handler runs (413, 429) are Lucid's error object whatever the route's own.
    refusal = {"description": "Error object",
               "content": {"application/json": {"schema": ref("Error")}, meta.error_media: {"schema": _schema(meta.error)}}}
    op["responses"] = {str(route.status): success, "4XX": refusal, "5XX": error}
    security = route.api.openapi_security(route)
    if security:
        op["security"] = security
    return op


def openapi_path(path: str) -> str:
    """A route path as OpenAPI writes it: `{id:int}` becomes `{id}`."""
    return _PARAM.sub(lambda m: "{" + m.group(1) + "}", path)


def document(routes: Iterable[Route], base_url: str, schemas: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The OpenAPI document of `routes`, with the component `schemas` the areas installed."""
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        paths.setdefault(openapi_path(route.path), {})[route.method.lower()] = _operation(route)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "pellucid",
            "version": __version__,
            "description": (
                "Lucid's REST API (send `Lucid-Api-Version: 1` or prefix paths with /v1), "
                "the Data Service API (`Accept: application/json;v=1`) and the data connector "
                "protocol, served from one origin."
            ),
        },
        "servers": [{"url": base_url}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": dict(sorted({"Error": ERROR, **schemas}.items())),
            "securitySchemes": {
                "oauth2": {
                    "type": "oauth2",
                    "flows": {"authorizationCode": {
                        "authorizationUrl": f"{base_url}/oauth2/authorize",
                        "tokenUrl": f"{base_url}/oauth2/token",
                        "refreshUrl": f"{base_url}/oauth2/token",
                        "scopes": dict(sorted(scopes.DESCRIPTIONS.items())),
                    }},
                },
                "oauth1": {
                    "type": "apiKey", "in": "header", "name": "Authorization",
                    "description": "OAuth 1.0a signature (RFC 5849) with user token credentials from "
                                   "/oauth/requestToken, /oauth/authorize and /oauth/accessToken",
                },
                "dataUpdateToken": {
                    "type": "apiKey", "in": "header", "name": "data-update-token",
                    "description": "The documentUpdateToken (or webhookToken) of a data connector action",
                },
            },
        },
    }
