"""GET /openapi.json documents exactly the endpoints the server implements."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.wire


def implemented(tmp_path) -> set[tuple[str, str]]:
    """Every route an app built with every area serves."""
    from pellucid.server.app import build_app
    from pellucid.server.settings import Settings

    app = build_app(Settings(database_url=f"sqlite:///{tmp_path}/routes.db", access_log=False), migrate=False)
    app.ctx.store.dispose()
    return {
        (route.method.lower(), re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path))
        for route in app.ctx.router.routes
    }


def test_openapi_document_is_valid_3_1(server):
    document = server.client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_route_is_documented_and_nothing_else(server, tmp_path):
    document = server.client.get("/openapi.json").json()
    documented = {(method, url) for url, operations in document["paths"].items() for method in operations}
    assert documented == implemented(tmp_path)


def test_every_schema_reference_resolves(server):
    document = server.client.get("/openapi.json").json()
    names = set(document["components"]["schemas"])
    refs = set(re.findall(r'"#/components/schemas/(\w+)"', server.client.get("/openapi.json").text))
    assert refs <= names
