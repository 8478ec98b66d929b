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
    return {"$ref": f"#/components/schemas/{name}"}


def _schema(value: Any) -> dict:
    return ref(value) if isinstance(value, str) else value


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
    for name, spec in meta.get("query", {}).items():
        kind, description = spec if isinstance(spec, tuple) else (spec, "")
        parameters.append({"name": name, "in": "query", "required": False,
                           "schema": {"type": kind}, "description": description})
    for name, description in meta.get("headers", {}).items():
        parameters.append({"name": name, "in": "header", "required": False,
                           "schema": {"type": "string"}, "description": description})
    if parameters:
        op["parameters"] = parameters
    bodies = meta.get("bodies") or ({meta.get("body_media", "application/json"): meta["body"]} if "body" in meta else {})
    if bodies:  # `bodies`: media type -> schema, for routes that take several (Create / Import Document)
        op["requestBody"] = {"required": True,
                             "content": {media: {"schema": _schema(body)} for media, body in bodies.items()}}
    status = str(meta.get("status", 200))
    success: dict[str, Any] = {"description": meta.get("response_description", "Success")}
    if "response" in meta:
        success["content"] = {meta.get("response_media", "application/json"): {"schema": _schema(meta["response"])}}
    for media, schema in meta.get("response_media_also", {}).items():  # the same route answering other types
        success.setdefault("content", {})[media] = {"schema": schema}
    if "response_headers" in meta:
        success["headers"] = {name: {"schema": {"type": "integer"}, "description": text}
                              for name, text in meta["response_headers"].items()}
    error = {"description": "Error object", "content": {"application/json": {"schema": ref("Error")}}}
    op["responses"] = {status: success, "4XX": error, "5XX": error}
    security = route.api.openapi_security(route)
    if security:
        op["security"] = security
    return op


def openapi_path(path: str) -> str:
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
                "dataUpdateToken": {
                    "type": "apiKey", "in": "header", "name": "data-update-token",
                    "description": "The documentUpdateToken (or webhookToken) of a data connector action",
                },
            },
        },
    }
