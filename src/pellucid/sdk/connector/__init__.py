"""Data connectors in Python: the twin of lucid-extension-sdk's ``DataConnector``.

    connector = DataConnector()

    @connector.asynchronous_action("Import")
    async def import_(action: DataConnectorAsynchronousAction):
        await action.client.update(data_source_name="Demo", collections={...})
        return {"success": True}

    app.mount("/lucid", connector.asgi_app())     # FastAPI / Starlette, or uvicorn directly

See docs/connector-sdk.md.
"""

from pellucid.protocol.replies import PatchChange, PatchCollectionChange
from pellucid.sdk.connector.actions import (
    DataConnectorAction,
    DataConnectorActionContext,
    DataConnectorAsynchronousAction,
    DataConnectorManageWebhookAction,
    DataConnectorPatchAction,
    DataConnectorSynchronousAction,
    ItemPatch,
    SchemaPatch,
    Webhook,
)
from pellucid.sdk.connector.asgi import ConnectorApp
from pellucid.sdk.connector.client import DataConnectorClient, SignatureValidator
from pellucid.sdk.connector.connector import (
    NO_BODY,
    ActionResponse,
    DataConnector,
    RouteRequest,
    RouteResponse,
)
from pellucid.sdk.connector.datasource import (
    AsyncDataSourceClient,
    DataSourceClient,
    MetadataPatch,
    MetadataPatchResponse,
    MetadataRecord,
)
from pellucid.sdk.connector.errors import (
    DataConnectorRequestError,
    DataConnectorResponseError,
    DataConnectorRunError,
    PublicKeyUnavailable,
)
from pellucid.sdk.connector.transport import RetryPolicy
from pellucid.sdk.connector.urls import LUCID_URLS, LucidUrls

__all__ = [
    "LUCID_URLS",
    "NO_BODY",
    "ActionResponse",
    "AsyncDataSourceClient",
    "ConnectorApp",
    "DataConnector",
    "DataConnectorAction",
    "DataConnectorActionContext",
    "DataConnectorAsynchronousAction",
    "DataConnectorClient",
    "DataConnectorManageWebhookAction",
    "DataConnectorPatchAction",
    "DataConnectorRequestError",
    "DataConnectorResponseError",
    "DataConnectorRunError",
    "DataConnectorSynchronousAction",
    "DataSourceClient",
    "ItemPatch",
    "LucidUrls",
    "PublicKeyUnavailable",
    "MetadataPatch",
    "MetadataPatchResponse",
    "MetadataRecord",
    "PatchChange",
    "PatchCollectionChange",
    "RetryPolicy",
    "RouteRequest",
    "RouteResponse",
    "SchemaPatch",
    "SignatureValidator",
    "Webhook",
]
