"""Serving a connector in FastAPI (mount and router), key handling, handlers, test mocks."""

from __future__ import annotations

import asyncio
import json

import httpx
from fastapi import FastAPI

from pellucid.protocol import (
    ActionEnvelope,
    ActionRequestSigner,
    CollectionPatch,
    ItemsPatchInexhaustive,
    declare_schema,
)
from pellucid.protocol import ScalarFieldType as S
from pellucid.sdk.connector import DataConnector, DataConnectorClient, LucidUrls
from pellucid.sdk.connector.fastapi import router
from pellucid.sdk.connector.testing import MockDataConnectorClient, run_action
from tests.support.lucid_stub import LucidStub, running_stub

SCHEMA = declare_schema(["id"], {"id": S.STRING, "n": S.NUMBER})


def _import_envelope(token: str | None = "doc-token") -> ActionEnvelope:
    return ActionEnvelope(
        "Import",
        "pkg",
        "conn",
        action_data={"rows": [["a", 1], ["b", 2]]},
        package_version="1",
        user_credential="oauth",
        document_update_token=token,
        document_collections={},
    )


def _connector(client: DataConnectorClient) -> DataConnector:
    connector = DataConnector(client)

    @connector.asynchronous_action("Import")
    async def import_(action):
        items = SCHEMA.from_items({"id": i, "n": n} for i, n in action.data["rows"])
        await action.client.update(
            data_source_name="Demo",
            collections={"c": CollectionPatch(ItemsPatchInexhaustive(items), SCHEMA.schema)},
        )
        return {"imported": len(items)}

    @connector.action("Blocking")
    def blocking(action):  # plain def: runs in a worker thread, gets the blocking client
        action.client.update(
            data_source_name="Demo", collections={"c": CollectionPatch(ItemsPatchInexhaustive({}))}
        )
        return {"client": type(action.client).__name__}

    return connector


def _post(app, stub: LucidStub, path: str, envelope: ActionEnvelope) -> httpx.Response:
    signed = ActionRequestSigner(stub.private_key).sign_request(f"http://svc{path}", envelope)

    async def go() -> httpx.Response:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://svc"
        ) as c:
            return await c.post(path, content=signed.body, headers=signed.headers)

    return asyncio.run(go())


def test_mounted_in_fastapi_with_per_action_urls_and_query_routing() -> None:
    with running_stub() as stub:
        app = FastAPI()
        app.mount(
            "/lucid", _connector(DataConnectorClient(LucidUrls.single_origin(stub.base))).asgi_app()
        )
        for path in ("/lucid/import", "/lucid/?kind=action&name=Import"):
            r = _post(app, stub, path, _import_envelope())
            assert (r.status_code, r.json()) == (200, {"imported": 2})
        assert r.headers["content-type"] == "application/json; charset=utf-8"
        bodies = [json.loads(u.body) for u in stub.updates()]
        assert list(bodies[0]["updateData"]["c"]["itemsPatch"]["items"]) == ['"a"', '"b"']
        assert stub.updates()[0].headers["data-update-token"] == "doc-token"


def test_fastapi_router_and_blocking_handler() -> None:
    with running_stub() as stub:
        app = FastAPI()
        app.include_router(
            router(
                _connector(DataConnectorClient(LucidUrls.single_origin(stub.base))), "/hooks/lucid"
            )
        )
        r = _post(
            app,
            stub,
            "/hooks/lucid?kind=action&name=Blocking",
            ActionEnvelope(
                "Blocking",
                "pkg",
                "conn",
                package_version="1",
                user_credential="u",
                document_update_token="t2",
            ),
        )
        assert (r.status_code, r.json()) == (200, {"client": "DataSourceClient"})
        assert stub.updates()[0].headers["data-update-token"] == "t2"
        assert _post(app, stub, "/hooks/lucid", _import_envelope(None)).status_code == 400


def test_public_key_is_fetched_once_and_a_failed_fetch_is_not_kept() -> None:
    with running_stub() as stub:
        fetches = []
        original = stub.reply

        def counting(method, path, body):
            if path.endswith("TPCP"):
                fetches.append(stub.key_available)
            return original(method, path, body)

        stub.reply = counting
        stub.key_available = False
        app = _connector(DataConnectorClient(LucidUrls.single_origin(stub.base))).asgi_app()
        failed = _post(app, stub, "/", _import_envelope())
        assert failed.status_code == 500
        assert failed.json() == {"error": "the connector could not verify the request: cannot fetch the public "
                                          f"key from {stub.base.rstrip('/')}/.well-known/pem/TPCP: it answered 503"}
        stub.key_available = True
        assert [_post(app, stub, "/", _import_envelope()).status_code for _ in range(3)] == [
            200
        ] * 3
        assert fetches == [False, True]


def test_non_post_and_unknown_kind() -> None:
    with running_stub() as stub:
        app = _connector(DataConnectorClient(LucidUrls.single_origin(stub.base))).asgi_app()

        async def go():
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://svc"
            ) as c:
                return (
                    await c.get("/"),
                    await c.post("/?kind=other", content=b"{}"),
                    await c.post("/", content=b"{}", headers={"origin": "https://x.lucid.app"}),
                )

        get, other, cors = asyncio.run(go())
        assert get.status_code == 405 and get.headers["allow"] == "POST"
        assert (other.status_code, other.json()) == (404, {"error": "Bad request"})
        assert cors.headers["access-control-allow-origin"] == "https://x.lucid.app"


def test_mock_client_records_updates_for_async_and_sync_handlers() -> None:
    client = MockDataConnectorClient()
    connector = _connector(client)
    response = asyncio.run(run_action(connector, _import_envelope()))
    assert (response.status, response.body) == (200, {"imported": 2})
    blocking = asyncio.run(
        run_action(
            connector,
            ActionEnvelope(
                "Blocking",
                "p",
                "c",
                package_version="1",
                user_credential="u",
                document_update_token="t",
            ),
        )
    )
    assert blocking.body == {"client": "MockDataSourceClient"}
    first, second = client.updates
    assert list(first.collections["c"].patch.items) == ['"a"', '"b"']
    assert second.collections["c"].patch.items == {}
    assert [c.update_token for c in client.data_source_clients] == ["doc-token", "t"]
    missing = asyncio.run(run_action(connector, _import_envelope(None)))
    assert missing.status == 400
