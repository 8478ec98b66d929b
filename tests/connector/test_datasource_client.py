"""DataSourceClient over real HTTP against a local stand-in for Lucid: wire, retries, chunking."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from pellucid.protocol import (
    CollectionPatch,
    DataSourceRequest,
    ItemsPatchExhaustive,
    ItemsPatchInexhaustive,
    declare_schema,
)
from pellucid.protocol import ScalarFieldType as S
from pellucid.sdk import APIConnectionError, LucidError
from pellucid.sdk.connector import (
    AsyncDataSourceClient,
    DataConnectorRequestError,
    DataSourceClient,
    LucidUrls,
    MetadataPatch,
    RetryPolicy,
)
from pellucid.sdk.connector.chunking import encode_update
from pellucid.sdk.errors import from_response
from tests.support.lucid_stub import free_port, json_body, running_stub

FAST = RetryPolicy(max_retries=3, initial_backoff=0.001, max_backoff=0.01, max_retry_after=1)
SCHEMA = declare_schema(["id"], {"id": S.NUMBER, "name": S.STRING})


def _request(n: int = 3, exhaustive: bool = False, deleted: tuple = ()) -> DataSourceRequest:
    items = SCHEMA.from_items({"id": i, "name": f"name {i} " + "x" * 50} for i in range(n))
    patch = (
        ItemsPatchExhaustive(items) if exhaustive else ItemsPatchInexhaustive(items, list(deleted))
    )
    return DataSourceRequest(
        "Demo", {"c": CollectionPatch(patch, SCHEMA.schema, represents=["Items"], name="C")}
    )


def test_update_posts_the_official_request() -> None:
    with running_stub() as stub:
        client = DataSourceClient("tok", urls=LucidUrls.single_origin(stub.base))
        client.update(_request())
        [sent] = stub.received
        assert (sent.method, sent.path) == ("POST", "/data/dataSource/update")
        assert {
            k: sent.headers[k] for k in ("content-type", "data-update-token", "lucid-api-version")
        } == {
            "content-type": "application/json",
            "data-update-token": "tok",
            "lucid-api-version": "1",
        }
        assert "authorization" not in sent.headers
        assert sent.body == encode_update(_request())


def test_async_client_and_keyword_form_send_the_same_bytes() -> None:
    with running_stub() as stub:

        async def go() -> None:
            client = AsyncDataSourceClient("tok", urls=LucidUrls.single_origin(stub.base))
            req = _request()
            await client.update(data_source_name=req.data_source_name, collections=req.collections)
            await client.aclose()

        asyncio.run(go())
        assert stub.received[0].body == encode_update(_request())


def test_retries_on_5xx_and_429_honouring_retry_after() -> None:
    with running_stub() as stub:
        stub.script["/data/dataSource/update"] = [
            (503, {}, b""),
            (429, {"Retry-After": "0"}, b""),
            (502, {}, b""),
        ]
        DataSourceClient("tok", urls=LucidUrls.single_origin(stub.base), retry=FAST).update(
            _request()
        )
        assert len(stub.updates()) == 4


def test_retry_after_beyond_the_cap_fails_at_once() -> None:
    with running_stub() as stub:
        stub.script["/data/dataSource/update"] = [(429, {"Retry-After": "3600"}, b"slow down")]
        with pytest.raises(DataConnectorRequestError) as err:
            DataSourceClient("tok", urls=LucidUrls.single_origin(stub.base), retry=FAST).update(
                _request()
            )
        assert err.value.status == 429 and err.value.response == "slow down"
        assert len(stub.updates()) == 1


def test_client_errors_are_not_retried_and_give_up_after_max_retries() -> None:
    with running_stub() as stub:
        stub.script["/data/dataSource/update"] = [(400, {}, b"bad")] + [(500, {}, b"")] * 10
        client = DataSourceClient("tok", urls=LucidUrls.single_origin(stub.base), retry=FAST)
        with pytest.raises(DataConnectorRequestError):
            client.update(_request())
        assert len(stub.updates()) == 1
        with pytest.raises(DataConnectorRequestError) as err:
            client.update(_request())
        assert err.value.status == 500 and len(stub.updates()) == 1 + 4


def test_connection_errors_are_retried_then_raised() -> None:
    client = DataSourceClient(
        "tok", urls=LucidUrls.single_origin(f"http://127.0.0.1:{free_port()}/"), retry=FAST
    )
    with pytest.raises(APIConnectionError):
        client.update(_request())


def test_errors_are_part_of_the_sdks_tree_and_501_is_an_answer() -> None:
    with running_stub() as stub:
        stub.script["/data/dataSource/update"] = [(501, {}, b"not here")] + [(200, {}, b"")] * 3
        with pytest.raises(LucidError) as err:
            DataSourceClient("tok", urls=LucidUrls.single_origin(stub.base), retry=FAST).update(_request())
        assert isinstance(err.value, DataConnectorRequestError) and err.value.status == 501
        assert len(stub.updates()) == 1  # not an accident: never retried


def test_a_metadata_patch_is_not_repeated_after_a_5xx() -> None:
    with running_stub() as stub:
        stub.script["/dataSource/metadata"] = [(503, {}, b"")] + [(204, {}, b"")] * 3
        client = DataSourceClient("tok", urls=LucidUrls.single_origin(stub.base), retry=FAST)
        with pytest.raises(DataConnectorRequestError) as err:
            client.patch_metadata([MetadataPatch("k", None, 1)])
        assert err.value.status == 503
        assert [r.method for r in stub.received] == ["PATCH"]  # it may have been applied


def test_large_inexhaustive_update_is_split_without_changing_its_meaning() -> None:
    request = _request(400, deleted=("1000", "1001"))
    whole = json.loads(encode_update(request))
    with running_stub() as stub:
        DataSourceClient(
            "tok", urls=LucidUrls.single_origin(stub.base), max_body_bytes=8000
        ).update(request)
        bodies = [json_body(r) for r in stub.updates()]
    assert len(bodies) > 3
    assert all(len(r.body) <= 8000 for r in stub.updates())
    patches = [b["updateData"]["c"] for b in bodies]
    assert "schema" in patches[0] and "properties" in patches[0]
    assert all("schema" not in p and "properties" not in p for p in patches[1:])
    merged = {k: v for p in patches for k, v in p["itemsPatch"]["items"].items()}
    assert merged == whole["updateData"]["c"]["itemsPatch"]["items"]
    assert [k for p in patches for k in p["itemsPatch"]["itemsDeleted"]] == ["1000", "1001"]
    assert all(
        {k: b[k] for k in ("name", "upstreamConfig", "sourceForeignKeys")}
        == {k: whole[k] for k in ("name", "upstreamConfig", "sourceForeignKeys")}
        for b in bodies
    )


def test_exhaustive_update_is_never_split() -> None:
    request = _request(400, exhaustive=True)
    with running_stub() as stub:
        DataSourceClient(
            "tok", urls=LucidUrls.single_origin(stub.base), max_body_bytes=8000
        ).update(request)
        [sent] = stub.updates()
    assert sent.body == encode_update(request)


def test_metadata_calls() -> None:
    with running_stub() as stub:
        client = DataSourceClient("tok", urls=LucidUrls.single_origin(stub.base))
        assert [(r.key, r.value) for r in client.get_metadata(["k", "a b/é"], ["p!"])] == [("k", 1)]
        assert client.patch_metadata([MetadataPatch("k", 1, 2)]).status == "NoContent"
        stub.script["/dataSource/metadata"] = [(409, {}, b'[{"key":"k","value":3}]')]
        conflict = client.patch_metadata([MetadataPatch("k", 1, 2)])
        assert conflict.status == "Conflict" and conflict.records[0].value == 3
        get, patch, _ = stub.received
        assert (
            get.path
            == "/dataSource/metadata?metadataKeys=k&metadataKeys=a%20b%2F%C3%A9&metadataPrefixes=p!"
        )
        assert json.loads(patch.body) == [{"key": "k", "oldValue": 1, "newValue": 2}]


def test_collections_go_in_separate_requests_once_the_whole_does_not_fit() -> None:
    small = _request(20)
    request = DataSourceRequest("Demo", {"a": small.collections["c"], "b": small.collections["c"]})
    limit = len(encode_update(request)) - 1
    with running_stub() as stub:
        DataSourceClient(
            "tok", urls=LucidUrls.single_origin(stub.base), max_body_bytes=limit
        ).update(request)
        bodies = [json_body(r) for r in stub.updates()]
    assert [list(b["updateData"]) for b in bodies] == [["a"], ["b"]]
    assert all("schema" in b["updateData"][c] for b in bodies for c in b["updateData"])


def test_retry_policy_reads_retry_after_dates_and_caps() -> None:
    from datetime import datetime, timedelta, timezone
    from email.utils import format_datetime

    def error(status: int, **headers: str):
        return from_response(httpx.Response(status, headers=headers, request=httpx.Request("GET", "http://x/")))

    policy = RetryPolicy(max_retries=2, initial_backoff=1, max_backoff=4, max_retry_after=30)
    when = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=20), usegmt=True)
    assert 15 < policy.after_status(error(503, **{"Retry-After": when}), 0, idempotent=True) <= 20
    assert policy.after_status(error(429, **{"Retry-After": "31"}), 0, idempotent=True) is None
    assert 1 <= policy.after_status(error(500), 1, idempotent=True) <= 2
    assert policy.after_status(error(500), 2, idempotent=True) is None
    assert policy.after_status(error(500), 0, idempotent=False) is None
    assert policy.after_status(error(404), 0, idempotent=True) is None
    refused = httpx.ConnectError("refused")
    assert 0.5 <= policy.after_transport_error(refused, 0, idempotent=False) <= 1  # never sent
