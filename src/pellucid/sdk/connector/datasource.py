"""``DataSourceClient``: write collections into Lucid with a document update token.

``update`` posts to ``{api}data/dataSource/update`` with the official SDK's headers and
body (split under ``max_body_bytes`` when larger, see ``chunking``), retrying 429/5xx and
connection errors. ``DataSourceClient`` blocks (for plain ``def`` handlers and scripts),
``AsyncDataSourceClient`` is awaited (``async def`` handlers); both run the same flows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from pellucid.protocol.jsjson import dumps, parse
from pellucid.protocol.update import DataSourceRequest
from pellucid.sdk.connector.chunking import DEFAULT_MAX_BODY_BYTES, plan_update_bodies
from pellucid.sdk.connector.errors import DataConnectorRequestError, DataConnectorResponseError
from pellucid.sdk.connector.transport import Call, Flow, RetryPolicy, drive_async, drive_sync
from pellucid.sdk.connector.urls import LUCID_URLS, LucidUrls

__all__ = [
    "AsyncDataSourceClient",
    "DataSourceClient",
    "MetadataPatch",
    "MetadataPatchResponse",
    "MetadataRecord",
    "raise_unsuccessful",
]

_QUERY_PARAM_LENGTH_LIMIT = 2000
_URI_SAFE = "!~*'()"  # what encodeURIComponent leaves alone, besides [A-Za-z0-9_.-]


@dataclass(frozen=True)
class MetadataRecord:
    key: str
    value: Any


@dataclass(frozen=True)
class MetadataPatch:
    key: str
    old_value: Any
    new_value: Any


@dataclass(frozen=True)
class MetadataPatchResponse:
    status: str  # "NoContent" | "Conflict"
    records: tuple[MetadataRecord, ...] = ()


def raise_unsuccessful(response: httpx.Response, message: str) -> None:
    """``throwUnsuccessful``: any non-2xx becomes a DataConnectorRequestError."""
    if response.status_code // 100 != 2:
        raise DataConnectorRequestError(
            response.status_code, message, response.text, response.reason_phrase
        )


def _headers(token: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "data-update-token": token,
        "Lucid-Api-Version": "1",
    }


def _records(body: Any) -> list[MetadataRecord] | None:
    if isinstance(body, list) and all(
        isinstance(r, dict) and isinstance(r.get("key"), str) for r in body
    ):
        return [MetadataRecord(r["key"], r.get("value")) for r in body]
    return None


def _metadata_queries(keys: Sequence[str], prefixes: Sequence[str]) -> list[str]:
    """``getLengthLimitedQueryParams``: query strings short enough for any URL limit."""
    params = [f"metadataKeys={quote(k, safe=_URI_SAFE)}" for k in keys] + [
        f"metadataPrefixes={quote(p, safe=_URI_SAFE)}" for p in prefixes
    ]
    out, current, delimiter = [], "", "?"
    for param in params:
        current += delimiter + param
        if len(current) > _QUERY_PARAM_LENGTH_LIMIT:
            out.append(current)
            current, delimiter = "", "?"
        else:
            delimiter = "&"
    if current:
        out.append(current)
    return out


class _Flows:
    """The data source endpoints, written once as flows (see ``transport``)."""

    def __init__(self, update_token: str, urls: LucidUrls, max_body_bytes: int | None) -> None:
        self.update_token = update_token
        self.urls = urls
        self.max_body_bytes = max_body_bytes

    def update(self, request: DataSourceRequest) -> Flow[None]:
        url = f"{self.urls.api}data/dataSource/update"
        for body in plan_update_bodies(request, self.max_body_bytes):
            [response] = yield [Call("POST", url, _headers(self.update_token), body)]
            raise_unsuccessful(response, "updating data source")

    def _metadata_url(self) -> str:
        if self.urls.data_sync is None:
            raise RuntimeError(
                "Attempted to access data sync service metadata endpoints in "
                "environment where the URL does not exist!"
            )
        return f"{self.urls.data_sync}dataSource/metadata"

    def get_metadata(
        self, keys: Sequence[str], prefixes: Sequence[str] = ()
    ) -> Flow[list[MetadataRecord]]:
        base = self._metadata_url()
        urls = [base + q for q in _metadata_queries(keys, prefixes)]
        responses = yield [Call("GET", u, _headers(self.update_token)) for u in urls]
        records, errors = [], []
        for u, r in zip(urls, responses):
            raise_unsuccessful(r, "getting data source`s metadata")
            parsed = _records(r.json())
            if parsed is None:
                errors.append((u, r.json()))
            else:
                records.extend(parsed)
        if errors:
            raise DataConnectorResponseError(
                f"Error(s) received accessing URL(s): {','.join(u for u, _ in errors)}",
                dumps([b for _, b in errors]).decode(),
            )
        return records

    def patch_metadata(self, patches: Sequence[MetadataPatch]) -> Flow[MetadataPatchResponse]:
        url = self._metadata_url()
        body = dumps(
            [{"key": p.key, "oldValue": p.old_value, "newValue": p.new_value} for p in patches]
        )
        [response] = yield [Call("PATCH", url, _headers(self.update_token), body)]
        if response.status_code == 409:
            records = _records(parse(response.content))
            if records is None:
                raise DataConnectorResponseError(
                    f"Invalid conflict response to query at '{url}'! "
                    "Expected an array of serialized metadata records",
                    response.text,
                )
            return MetadataPatchResponse("Conflict", tuple(records))
        raise_unsuccessful(response, "patching data source`s metadata")
        return MetadataPatchResponse("NoContent")


def _request_of(request: DataSourceRequest | None, fields: dict[str, Any]) -> DataSourceRequest:
    if request is not None and fields:
        raise TypeError("pass a DataSourceRequest or keyword arguments, not both")
    return request if request is not None else DataSourceRequest(**fields)


class DataSourceClient:
    """Blocking client bound to one update token (``DataSourceClient`` of the official SDK)."""

    def __init__(
        self,
        update_token: str,
        *,
        urls: LucidUrls = LUCID_URLS,
        http_client: httpx.Client | None = None,
        retry: RetryPolicy = RetryPolicy(),
        max_body_bytes: int | None = DEFAULT_MAX_BODY_BYTES,
    ) -> None:
        self._flows = _Flows(update_token, urls, max_body_bytes)
        self._own_http = http_client is None  # a shared pool is its owner's to close
        self._http = http_client or httpx.Client(timeout=60.0)
        self._retry = retry

    @property
    def update_token(self) -> str:
        return self._flows.update_token

    def update(self, request: DataSourceRequest | None = None, /, **fields: Any) -> None:
        """Create or update the data source: ``update(DataSourceRequest(...))`` or
        ``update(data_source_name=..., collections=...)``."""
        drive_sync(self._flows.update(_request_of(request, fields)), self._http, self._retry)

    def get_metadata(
        self, keys: Sequence[str], prefixes: Sequence[str] = ()
    ) -> list[MetadataRecord]:
        return drive_sync(self._flows.get_metadata(keys, prefixes), self._http, self._retry)

    def patch_metadata(self, patches: Sequence[MetadataPatch]) -> MetadataPatchResponse:
        return drive_sync(self._flows.patch_metadata(patches), self._http, self._retry)

    def close(self) -> None:
        if self._own_http:
            self._http.close()

    def __enter__(self) -> DataSourceClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncDataSourceClient:
    """Awaitable twin of ``DataSourceClient`` (same flows, async driver)."""

    def __init__(
        self,
        update_token: str,
        *,
        urls: LucidUrls = LUCID_URLS,
        http_client: httpx.AsyncClient | None = None,
        retry: RetryPolicy = RetryPolicy(),
        max_body_bytes: int | None = DEFAULT_MAX_BODY_BYTES,
    ) -> None:
        self._flows = _Flows(update_token, urls, max_body_bytes)
        self._own_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=60.0)
        self._retry = retry

    @property
    def update_token(self) -> str:
        return self._flows.update_token

    async def update(self, request: DataSourceRequest | None = None, /, **fields: Any) -> None:
        """Create or update the data source: ``await update(DataSourceRequest(...))``."""
        await drive_async(self._flows.update(_request_of(request, fields)), self._http, self._retry)

    async def get_metadata(
        self, keys: Sequence[str], prefixes: Sequence[str] = ()
    ) -> list[MetadataRecord]:
        return await drive_async(self._flows.get_metadata(keys, prefixes), self._http, self._retry)

    async def patch_metadata(self, patches: Sequence[MetadataPatch]) -> MetadataPatchResponse:
        return await drive_async(self._flows.patch_metadata(patches), self._http, self._retry)

    async def aclose(self) -> None:
        if self._own_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncDataSourceClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
