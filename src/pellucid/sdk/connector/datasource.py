"""``DataSourceClient``: write collections into Lucid with a document update token.

``update`` posts to ``{api}data/dataSource/update`` with the official SDK's headers and
body (split under ``max_body_bytes`` when larger, see ``chunking``). Calls go through the API
client's core (`pellucid.sdk._core`), so retries follow the SDK's one ``RetryPolicy``: an
update is idempotent (the same body leaves the same data), a metadata patch is not.
``DataSourceClient`` blocks (for plain ``def`` handlers and scripts), ``AsyncDataSourceClient``
is awaited (``async def`` handlers); both send the same calls.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from pellucid.protocol.jsjson import dumps
from pellucid.protocol.jsjson import parse as parse_json
from pellucid.protocol.update import DataSourceRequest
from pellucid.sdk._call import API, Call
from pellucid.sdk._core import AsyncCore, SyncCore
from pellucid.sdk.config import BaseURLs
from pellucid.sdk.connector.chunking import DEFAULT_MAX_BODY_BYTES, plan_update_bodies
from pellucid.sdk.connector.errors import DataConnectorRequestError, DataConnectorResponseError
from pellucid.sdk.connector.urls import LUCID_URLS, LucidUrls
from pellucid.sdk.retries import RetryPolicy

__all__ = [
    "AsyncDataSourceClient",
    "DataSourceClient",
    "MetadataPatch",
    "MetadataPatchResponse",
    "MetadataRecord",
    "CONNECTOR_RETRY",
    "connector_call",
    "raise_unsuccessful",
]

#: The connector clients' default: three retries (the 5xx ones for idempotent calls only).
CONNECTOR_RETRY = RetryPolicy(max_retries=3)
CONNECTOR_TIMEOUT = 60.0

T = TypeVar("T")
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
            response.status_code, message, response.text, response.reason_phrase,
            request=response.request,
        )


def connector_call(method: str, url: str, what: str, parse: Callable[[httpx.Response], T], *,
                   headers: Mapping[str, str] | None = None, content: bytes | None = None,
                   idempotent: bool | None = None, retry: bool = True,
                   accept: frozenset[int] = frozenset()) -> Call[T]:
    """A call to Lucid as the official SDK makes it: a non-2xx answer (other than the `accept`ed
    statuses, which `parse` reads) raises DataConnectorRequestError naming `what` was done."""

    def unsuccessful(response: httpx.Response) -> None:
        if response.status_code not in accept:
            raise_unsuccessful(response, what)

    return Call(API.CONNECTOR, method, url, parse, content=content, headers=dict(headers or {}),
                idempotent=idempotent, auth=False, retry=retry, on_unsuccessful=unsuccessful)


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


def _nothing(response: httpx.Response) -> None:
    return None


def _records_at(url: str) -> Callable[[httpx.Response], tuple[str, Any, list[MetadataRecord] | None]]:
    def parse(response: httpx.Response) -> tuple[str, Any, list[MetadataRecord] | None]:
        body = response.json()
        return url, body, _records(body)

    return parse


def _all_records(answers: list[tuple[str, Any, list[MetadataRecord] | None]]) -> list[MetadataRecord]:
    """The records of every chunk's answer; one error naming every URL that answered otherwise."""
    errors = [(url, body) for url, body, records in answers if records is None]
    if errors:
        raise DataConnectorResponseError(
            f"Error(s) received accessing URL(s): {','.join(u for u, _ in errors)}",
            dumps([b for _, b in errors]).decode(),
        )
    return [record for _, _, records in answers for record in records or ()]


def _patch_answer(url: str) -> Callable[[httpx.Response], MetadataPatchResponse]:
    def parse(response: httpx.Response) -> MetadataPatchResponse:
        if response.status_code != 409:
            return MetadataPatchResponse("NoContent")
        records = _records(parse_json(response.content))
        if records is None:
            raise DataConnectorResponseError(
                f"Invalid conflict response to query at '{url}'! "
                "Expected an array of serialized metadata records",
                response.text,
            )
        return MetadataPatchResponse("Conflict", tuple(records))

    return parse


class _Calls:
    """The data source endpoints as calls, built once for both clients."""

    def __init__(self, update_token: str, urls: LucidUrls, max_body_bytes: int | None) -> None:
        self.update_token = update_token
        self.urls = urls
        self.max_body_bytes = max_body_bytes

    def update(self, request: DataSourceRequest) -> list[Call[None]]:
        """One call per body, sent in order."""
        url = f"{self.urls.api}data/dataSource/update"
        return [connector_call("POST", url, "updating data source", _nothing, headers=_headers(self.update_token),
                               content=body, idempotent=True)
                for body in plan_update_bodies(request, self.max_body_bytes)]

    def _metadata_url(self) -> str:
        if self.urls.data_sync is None:
            raise RuntimeError(
                "Attempted to access data sync service metadata endpoints in "
                "environment where the URL does not exist!"
            )
        return f"{self.urls.data_sync}dataSource/metadata"

    def get_metadata(self, keys: Sequence[str], prefixes: Sequence[str] = ()) -> list[Call[Any]]:
        """One call per length-limited query, sent at once."""
        base = self._metadata_url()
        urls = [base + query for query in _metadata_queries(keys, prefixes)]
        return [connector_call("GET", url, "getting data source`s metadata", _records_at(url),
                               headers=_headers(self.update_token)) for url in urls]

    def patch_metadata(self, patches: Sequence[MetadataPatch]) -> Call[MetadataPatchResponse]:
        url = self._metadata_url()
        body = dumps(
            [{"key": p.key, "oldValue": p.old_value, "newValue": p.new_value} for p in patches]
        )
        return connector_call("PATCH", url, "patching data source`s metadata", _patch_answer(url),
                              headers=_headers(self.update_token), content=body, accept=frozenset({409}))


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
        retry: RetryPolicy = CONNECTOR_RETRY,
        max_body_bytes: int | None = DEFAULT_MAX_BODY_BYTES,
    ) -> None:
        self._calls = _Calls(update_token, urls, max_body_bytes)
        # A shared pool is its owner's to close; the core closes only one it made.
        self._core = SyncCore(http_client=http_client, timeout=CONNECTOR_TIMEOUT, urls=BaseURLs(),
                              tokens=None, retry=retry)

    @property
    def update_token(self) -> str:
        """The document update token every call sends."""
        return self._calls.update_token

    def update(self, request: DataSourceRequest | None = None, /, **fields: Any) -> None:
        """Create or update the data source: ``update(DataSourceRequest(...))`` or
        ``update(data_source_name=..., collections=...)``."""
        for call in self._calls.update(_request_of(request, fields)):
            self._core.request(call)

    def get_metadata(
        self, keys: Sequence[str], prefixes: Sequence[str] = ()
    ) -> list[MetadataRecord]:
        """The data source's metadata records for these keys and key prefixes."""
        return _all_records(self._core.request_all(self._calls.get_metadata(keys, prefixes)))

    def patch_metadata(self, patches: Sequence[MetadataPatch]) -> MetadataPatchResponse:
        """Compare-and-set metadata records: all are applied, or none (a Conflict)."""
        return self._core.request(self._calls.patch_metadata(patches))

    def close(self) -> None:
        """Close the connections this client opened (not a shared pool's)."""
        self._core.close()

    def __enter__(self) -> DataSourceClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncDataSourceClient:
    """Awaitable twin of ``DataSourceClient`` (the same calls, sent by the async core)."""

    def __init__(
        self,
        update_token: str,
        *,
        urls: LucidUrls = LUCID_URLS,
        http_client: httpx.AsyncClient | None = None,
        retry: RetryPolicy = CONNECTOR_RETRY,
        max_body_bytes: int | None = DEFAULT_MAX_BODY_BYTES,
    ) -> None:
        self._calls = _Calls(update_token, urls, max_body_bytes)
        self._core = AsyncCore(http_client=http_client, timeout=CONNECTOR_TIMEOUT, urls=BaseURLs(),
                               tokens=None, retry=retry)

    @property
    def update_token(self) -> str:
        """The document update token every call sends."""
        return self._calls.update_token

    async def update(self, request: DataSourceRequest | None = None, /, **fields: Any) -> None:
        """Create or update the data source: ``await update(DataSourceRequest(...))``."""
        for call in self._calls.update(_request_of(request, fields)):
            await self._core.request(call)

    async def get_metadata(
        self, keys: Sequence[str], prefixes: Sequence[str] = ()
    ) -> list[MetadataRecord]:
        """The data source's metadata records; the chunks of a long query are read at once."""
        return _all_records(await self._core.request_all(self._calls.get_metadata(keys, prefixes)))

    async def patch_metadata(self, patches: Sequence[MetadataPatch]) -> MetadataPatchResponse:
        """Compare-and-set metadata records: all are applied, or none (a Conflict)."""
        return await self._core.request(self._calls.patch_metadata(patches))

    async def aclose(self) -> None:
        """Close the connections this client opened (not a shared pool's)."""
        await self._core.aclose()

    async def __aenter__(self) -> AsyncDataSourceClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
