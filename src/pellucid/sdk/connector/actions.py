"""The action objects handlers receive (same classes and fields as lucid-extension-sdk).

``deserialize_actions`` turns a validated envelope into them with the SDK's rules: Patch
batches become one ``DataConnectorPatchAction`` each (context from the batch), a truthy
``documentUpdateToken`` makes an action asynchronous, every non-Patch action needs a
non-empty ``packageVersion`` and ``userCredential``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pellucid.protocol.actions import (
    ActionEnvelope,
    InvalidActionRequest,
    ItemPatchData,
    ManageWebhookData,
    PatchBatch,
    SchemaPatchData,
    WebhookData,
    parse_patch,
)
from pellucid.protocol.enums import ActionKeys
from pellucid.protocol.replies import PatchChange, PatchCollectionChange
from pellucid.protocol.update import UNSET

__all__ = [
    "DataConnectorAction",
    "DataConnectorActionContext",
    "DataConnectorAsynchronousAction",
    "DataConnectorManageWebhookAction",
    "DataConnectorPatchAction",
    "DataConnectorSynchronousAction",
    "ItemPatch",
    "SchemaPatch",
    "Webhook",
    "deserialize_actions",
]

Webhook = WebhookData  # a webhook Lucid tracks, and the ManageWebhook reply


@dataclass
class DataConnectorActionContext:
    """Who and where the action comes from.

    As in the official SDK, ``installation_id`` holds the data connector name (the SDK puts
    ``dataConnectorName`` in that slot); the envelope's real value is
    ``action.envelope.installation_id``.
    """

    package_id: str
    package_version: str | None
    user_credential: str | None
    use_outbound_proxy: bool | None
    data_connector_name: str
    installation_id: str
    document_collections: dict[str, list[str]]
    update_filter_type: str
    user_id: int | float | None = None
    account_id: int | float | None = None
    document_id: str | None = None
    collection_properties: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The context as the official SDK's object serialises (absent members left out)."""
        pairs = (
            ("packageId", self.package_id),
            ("packageVersion", self.package_version),
            ("userCredential", self.user_credential),
            ("useOutboundProxy", self.use_outbound_proxy),
            ("dataConnectorName", self.data_connector_name),
            ("installationId", self.installation_id),
            ("documentCollections", self.document_collections),
            ("updateFilterType", self.update_filter_type),
            ("userId", self.user_id),
            ("accountId", self.account_id),
            ("documentId", self.document_id),
            ("collectionProperties", self.collection_properties),
        )
        return {k: v for k, v in pairs if v is not None}


class DataConnectorAction:
    def __init__(
        self, name: str, context: DataConnectorActionContext, envelope: ActionEnvelope
    ) -> None:
        self.name = name
        self.context = context
        self.envelope = envelope  # the request as received, for members the SDK does not surface


class DataConnectorSynchronousAction(DataConnectorAction):
    """An action without an update token: answer with a value."""

    def __init__(
        self, name: str, context: DataConnectorActionContext, envelope: ActionEnvelope, data: Any
    ) -> None:
        super().__init__(name, context, envelope)
        self.data = data


class DataConnectorAsynchronousAction(DataConnectorAction):
    """An action with an update token: push data with ``self.client`` (set before the call)."""

    def __init__(
        self,
        name: str,
        context: DataConnectorActionContext,
        envelope: ActionEnvelope,
        data: Any,
        update_token: str,
    ) -> None:
        super().__init__(name, context, envelope)
        self.data = data
        self.update_token = update_token
        self.client: Any = None


@dataclass
class ItemPatch(ItemPatchData):
    """Item changes made in Lucid, to apply upstream."""

    id: str = ""

    def get_change(
        self,
        collections: Sequence[PatchCollectionChange] = (),
        creation_permission: str | None = None,
    ) -> PatchChange:
        """The reply entry for this patch, with the collection changes it made."""
        return PatchChange(self.id, self.sync_source_id, list(collections), creation_permission)


@dataclass
class SchemaPatch(SchemaPatchData):
    """Column changes made in Lucid (with ``DataConnector(patch_parser="schema"|"generic")``)."""

    id: str = ""

    def get_change(
        self,
        collections: Sequence[PatchCollectionChange] = (),
        creation_permission: str | None = None,
    ) -> PatchChange:
        """The reply entry for this patch, with the collection changes it made."""
        return PatchChange(self.id, self.sync_source_id, list(collections), creation_permission)


class DataConnectorPatchAction(DataConnectorAction):
    """Edits made in Lucid; return one ``PatchChange`` per patch (``patch.get_change(...)``)."""

    def __init__(
        self,
        context: DataConnectorActionContext,
        envelope: ActionEnvelope,
        patches: list[ItemPatch | SchemaPatch],
        update_token: str,
        name: str = ActionKeys.PATCH,
    ) -> None:
        super().__init__(str(name), context, envelope)
        self.patches = patches
        self.update_token = update_token
        self.client: Any = None


class DataConnectorManageWebhookAction(DataConnectorAction):
    """Lucid asks for webhooks; return a ``Webhook`` describing every webhook to keep."""

    def __init__(
        self,
        context: DataConnectorActionContext,
        envelope: ActionEnvelope,
        webhook_token: str,
        webhooks: list[Webhook],
    ) -> None:
        super().__init__(ActionKeys.MANAGE_WEBHOOK, context, envelope)
        self.webhook_token = webhook_token
        self.webhooks = webhooks


def _context(e: ActionEnvelope, batch: PatchBatch | None = None) -> DataConnectorActionContext:
    return DataConnectorActionContext(
        e.package_id,
        batch.package_version if batch else e.package_version,
        batch.user_credential if batch else e.user_credential,
        batch.use_outbound_proxy if batch else e.use_outbound_proxy,
        e.data_connector_name,
        e.data_connector_name,
        e.document_collections,
        e.update_filter_type,
        e.user_id,
        e.account_id,
        e.document_id,
        e.collection_properties or {},
    )


def _patches(batch: PatchBatch, kinds: str) -> list[ItemPatch | SchemaPatch]:
    out: list[ItemPatch | SchemaPatch] = []
    for entry in batch.patches:
        data = parse_patch(entry.patch, kinds)
        cls = ItemPatch if isinstance(data, ItemPatchData) else SchemaPatch
        out.append(cls(**vars(data), id=entry.id))
    return out


def deserialize_actions(e: ActionEnvelope, patch_kinds: str = "item") -> list[DataConnectorAction]:
    """The actions of a validated envelope; InvalidActionRequest where the SDK rejects it."""
    data = None if e.action_data is UNSET else e.action_data
    if e.action_name == ActionKeys.PATCH:
        if not isinstance(data, list):
            raise InvalidActionRequest("Patch data is not an array")
        batches = [PatchBatch.from_json(b) for b in data]
        return [
            DataConnectorPatchAction(
                _context(e, b), e, _patches(b, patch_kinds), b.document_update_token
            )
            for b in batches
        ]
    if not e.package_version or not e.user_credential:
        raise InvalidActionRequest("packageVersion and userCredential are required")
    if e.action_name == ActionKeys.UNBATCHED_PATCH:
        batch = PatchBatch.from_json(data)
        return [
            DataConnectorPatchAction(
                _context(e),
                e,
                _patches(batch, patch_kinds),
                batch.document_update_token,
                ActionKeys.UNBATCHED_PATCH,
            )
        ]
    if e.action_name == ActionKeys.MANAGE_WEBHOOK:
        hooks = ManageWebhookData.from_json(data)
        return [
            DataConnectorManageWebhookAction(_context(e), e, hooks.webhook_token, hooks.webhooks)
        ]
    if e.document_update_token:
        return [
            DataConnectorAsynchronousAction(
                e.action_name, _context(e), e, data, e.document_update_token
            )
        ]
    return [DataConnectorSynchronousAction(e.action_name, _context(e), e, data)]
