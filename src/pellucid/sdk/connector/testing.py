"""Test helpers: run handlers without HTTP or signatures (``MockDataConnectorClient`` twins).

client = MockDataConnectorClient()
connector = DataConnector(client)            # ... define actions ...
response = await run_action(connector, ActionEnvelope("Import", "pkg", "conn", action_data={...},
                                                      package_version="1", user_credential="t",
                                                      document_update_token="tok"))
client.updates[0].collections["items"]       # the DataSourceRequest the handler sent
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pellucid.protocol.actions import ActionEnvelope
from pellucid.protocol.update import DataSourceRequest
from pellucid.sdk.connector.client import DataConnectorClient
from pellucid.sdk.connector.connector import ActionResponse, DataConnector
from pellucid.sdk.connector.datasource import MetadataPatch, MetadataPatchResponse, MetadataRecord

__all__ = [
    "MockAsyncDataSourceClient",
    "MockDataConnectorClient",
    "MockDataSourceClient",
    "run_action",
]


class _MockRecorder:
    """Records updates instead of sending them; metadata calls go to overridable hooks."""

    def __init__(
        self, update_token: str = "", recorder: list[DataSourceRequest] | None = None
    ) -> None:
        self.update_token = update_token
        self.updates: list[DataSourceRequest] = recorder if recorder is not None else []
        self.got_update: Callable[[DataSourceRequest], Any] = lambda request: None
        self.got_metadata: Callable[[Sequence[str], Sequence[str]], list[MetadataRecord]] = (
            _unmocked
        )
        self.patched_metadata: Callable[[Sequence[MetadataPatch]], MetadataPatchResponse] = (
            _unmocked
        )

    def _record(self, request: DataSourceRequest | None, fields: dict[str, Any]) -> None:
        request = request if request is not None else DataSourceRequest(**fields)
        self.updates.append(request)
        self.got_update(request)


class MockDataSourceClient(_MockRecorder):
    """Stands in for ``DataSourceClient`` (what plain ``def`` handlers get)."""

    def update(self, request: DataSourceRequest | None = None, /, **fields: Any) -> None:
        """Record the update instead of sending it."""
        self._record(request, fields)

    def get_metadata(
        self, keys: Sequence[str], prefixes: Sequence[str] = ()
    ) -> list[MetadataRecord]:
        """The metadata the test set up in `got_metadata`."""
        return self.got_metadata(keys, prefixes)

    def patch_metadata(self, patches: Sequence[MetadataPatch]) -> MetadataPatchResponse:
        """The answer the test set up in `patched_metadata`."""
        return self.patched_metadata(patches)


class MockAsyncDataSourceClient(_MockRecorder):
    """Stands in for ``AsyncDataSourceClient`` (what ``async def`` handlers get)."""

    async def update(self, request: DataSourceRequest | None = None, /, **fields: Any) -> None:
        """Record the update instead of sending it."""
        self._record(request, fields)

    async def get_metadata(
        self, keys: Sequence[str], prefixes: Sequence[str] = ()
    ) -> list[MetadataRecord]:
        """The metadata the test set up in `got_metadata`."""
        return self.got_metadata(keys, prefixes)

    async def patch_metadata(self, patches: Sequence[MetadataPatch]) -> MetadataPatchResponse:
        """The answer the test set up in `patched_metadata`."""
        return self.patched_metadata(patches)


_Mock = TypeVar("_Mock", MockDataSourceClient, MockAsyncDataSourceClient)


def _unmocked(*args: Any) -> Any:
    raise AssertionError(f"Didn't mock request: {args!r}")


class MockDataConnectorClient(DataConnectorClient):
    """Accepts every request unsigned and hands handlers recording data source clients."""

    def __init__(self) -> None:
        super().__init__()
        self.skip_signature_validation = True
        self.updates: list[DataSourceRequest] = []
        self.data_source_clients: list[MockDataSourceClient | MockAsyncDataSourceClient] = []

    def get_data_source_client(self, update_token: str) -> MockAsyncDataSourceClient:  # type: ignore[override]
        """A recording client whose updates land in `updates`."""
        return self._track(MockAsyncDataSourceClient(update_token, self.updates))

    def get_sync_data_source_client(self, update_token: str) -> MockDataSourceClient:  # type: ignore[override]
        """A recording synchronous client whose updates land in `updates`."""
        return self._track(MockDataSourceClient(update_token, self.updates))

    def _track(self, client: _Mock) -> _Mock:
        self.data_source_clients.append(client)
        return client

    async def get_public_key(self) -> str:
        """No key: the mock client verifies no signatures."""
        return ""


async def run_action(
    connector: DataConnector, envelope: ActionEnvelope | dict[str, Any], url: str = "/?kind=action"
) -> ActionResponse:
    """Run one action through ``connector.run_action`` with placeholder signature headers."""
    body = envelope.to_json() if isinstance(envelope, ActionEnvelope) else envelope
    return await connector.run_action(url, {"x-lucid-signature": "", "x-lucid-rsa-nonce": ""}, body)
