"""``DataConnectorClient``: the connector's link to Lucid (public key, clients, webhook calls)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

import httpx

from pellucid.protocol.jsjson import dumps, parse
from pellucid.protocol.signature import (
    NONCE_HEADER,
    PUBLIC_KEY_PATH,
    SIGNATURE_HEADER,
    load_public_key,
    query_of,
    verify,
)
from pellucid.sdk.connector.chunking import DEFAULT_MAX_BODY_BYTES
from pellucid.sdk.connector.datasource import (
    AsyncDataSourceClient,
    DataSourceClient,
    raise_unsuccessful,
)
from pellucid.sdk.connector.errors import DataConnectorRequestError, PublicKeyUnavailable
from pellucid.sdk.connector.transport import Call, Flow, RetryPolicy, drive_async
from pellucid.sdk.connector.urls import LUCID_URLS, LucidUrls

__all__ = ["DataConnectorClient", "SignatureValidator"]

log = logging.getLogger("pellucid.connector")


class SignatureValidator:
    """Checks that an action request was signed by Lucid's key (``SignatureValidator``)."""

    def __init__(self, public_key_pem: str) -> None:
        self.public_key = load_public_key(public_key_pem)

    def validate(self, body: str | bytes, headers: Mapping[str, str], url: str) -> bool:
        """``body`` as received; ``headers`` with lower-case names; ``url`` path plus raw query."""
        nonce = headers[NONCE_HEADER.lower()]
        return verify(
            self.public_key, body, nonce, query_of(url), headers[SIGNATURE_HEADER.lower()]
        )


class DataConnectorClient:
    """Lucid's URLs, the cached public key, and factories for data source clients.

    The public key is fetched from ``{main}.well-known/pem/TPCP`` on the first action request
    and kept for the life of this object (a failed fetch is not kept: the next request tries
    again). ``skip_signature_validation`` is for tests only: every request is accepted.
    """

    def __init__(
        self,
        urls: LucidUrls = LUCID_URLS,
        *,
        retry: RetryPolicy = RetryPolicy(),
        max_body_bytes: int | None = DEFAULT_MAX_BODY_BYTES,
        skip_signature_validation: bool = False,
        http_client: httpx.AsyncClient | None = None,
        sync_http_client: httpx.Client | None = None,
    ) -> None:
        self.urls = urls
        self.retry = retry
        self.max_body_bytes = max_body_bytes
        self.skip_signature_validation = skip_signature_validation
        if skip_signature_validation:
            log.warning("signature validation is off: any request is accepted (tests only)")
        self._http = http_client
        self._own_http = http_client is None
        self._sync_http = sync_http_client
        self._public_key: str | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._key_lock: asyncio.Lock | None = None

    def _bind_loop(self) -> asyncio.Lock:
        """Async resources belong to one event loop; make fresh ones when the loop changes
        (a module-level connector used by several test loops, say). Returns the key lock."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop or self._key_lock is None:
            self._loop = loop
            self._key_lock = asyncio.Lock()
            if self._own_http:
                self._http = None
        return self._key_lock

    @property
    def http(self) -> httpx.AsyncClient:
        """The async HTTP client of the running event loop."""
        self._bind_loop()
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=60.0)
        return self._http

    @property
    def sync_http(self) -> httpx.Client:
        if self._sync_http is None:
            self._sync_http = httpx.Client(timeout=60.0)
        return self._sync_http

    def _run(self, flow: Flow) -> Any:
        return drive_async(flow, self.http, self.retry)

    async def get_public_key(self) -> str:
        """Lucid's public key PEM, fetched once (single-flight) and cached.

        Raises ``PublicKeyUnavailable`` naming the URL tried and why it failed."""
        async with self._bind_loop():
            if self._public_key is None:
                url = f"{self.urls.main}{PUBLIC_KEY_PATH}"
                try:
                    self._public_key = await self._run(self._public_key_flow(url))
                except httpx.HTTPError as exc:
                    raise PublicKeyUnavailable(url, f"{type(exc).__name__}: {exc}") from exc
                except DataConnectorRequestError as exc:
                    raise PublicKeyUnavailable(url, f"it answered {exc.status}") from exc
            return self._public_key

    def _public_key_flow(self, url: str) -> Flow[str]:
        [response] = yield [Call("GET", url, retry=False)]
        raise_unsuccessful(response, "getting public key")
        return response.text

    async def get_signature_validator(self) -> SignatureValidator | None:
        """The validator, or None when validation is skipped (tests)."""
        if self.skip_signature_validation:
            return None
        return SignatureValidator(await self.get_public_key())

    def get_data_source_client(self, update_token: str) -> AsyncDataSourceClient:
        """An async client for ``update_token`` sharing this client's connection pool."""
        return AsyncDataSourceClient(
            update_token,
            urls=self.urls,
            http_client=self.http,
            retry=self.retry,
            max_body_bytes=self.max_body_bytes,
        )

    def get_sync_data_source_client(self, update_token: str) -> DataSourceClient:
        """A blocking client for ``update_token`` (what plain ``def`` handlers get)."""
        return DataSourceClient(
            update_token,
            urls=self.urls,
            http_client=self.sync_http,
            retry=self.retry,
            max_body_bytes=self.max_body_bytes,
        )

    # -- webhook helpers (data-sync endpoints; need urls.data_sync) ----------------------------

    def _sync_url(self, path: str) -> str:
        return f"{self.urls.data_sync}{path}"  # like the SDK: "None..." when unset fails loudly

    async def get_secret_from_webhook(
        self, webhook_token: str, validation_secret: Any
    ) -> str | None:
        """The webhook's shared secret (a JSON string reply), else None."""
        return await self._run(self._secret_flow(webhook_token, validation_secret))

    def _secret_flow(self, token: str, secret: Any) -> Flow[str | None]:
        headers = {"data-update-token": token, "webhook-validation-secret": dumps(secret).decode()}
        [response] = yield [Call("GET", self._sync_url("webhookAuthorization"), headers)]
        raise_unsuccessful(response, "getting secret from webhook")
        body = parse(response.content)
        return body if isinstance(body, str) else None

    async def get_custom_webhook_data(self, webhook_token: str) -> Any:
        return await self._run(self._custom_data_flow(webhook_token, None))

    async def patch_custom_webhook_data(self, webhook_token: str, patch: Any) -> Any:
        return await self._run(self._custom_data_flow(webhook_token, patch))

    def _custom_data_flow(self, token: str, patch: Any) -> Flow[Any]:
        if patch is None:
            call = Call("GET", self._sync_url("customWebhookData"), {"data-update-token": token})
        else:
            call = Call(
                "PATCH",
                self._sync_url("customWebhookData"),
                {
                    "Content-Type": "application/json",
                    "data-update-token": token,
                    "Lucid-Api-Version": "1",
                },
                dumps(patch),
            )
        [response] = yield [call]
        raise_unsuccessful(
            response,
            "patching custom webhook data" if patch is not None else "getting custom webhook data",
        )
        return parse(response.content)

    async def aclose(self) -> None:
        if self._http is not None and self._loop is asyncio.get_running_loop():
            await self._http.aclose()
        if self._sync_http is not None:
            self._sync_http.close()
