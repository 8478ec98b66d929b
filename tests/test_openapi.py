"""GET /openapi.json documents exactly the endpoints the server implements."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.wire


def implemented(server) -> set[tuple[str, str]]:
    from pellucid.server.app import route_tables

    return {
        (route.method.lower(), re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path))
        for table in route_tables() for route in table.routes
    }


def test_openapi_document_is_valid_3_1(server):
    document = server.client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_route_is_documented_and_nothing_else(server):
    document = server.client.get("/openapi.json").json()
    documented = {(method, url) for url, operations in document["paths"].items() for method in operations}
    assert documented == implemented(server)


def test_every_schema_reference_resolves(server):
    document = server.client.get("/openapi.json").json()
    names = set(document["components"]["schemas"])
    refs = set(re.findall(r'"#/components/schemas/(\w+)"', server.client.get("/openapi.json").text))
    assert refs <= names
