"""The Python connector the end-to-end tests run against a real server: every reserved action,
a few custom ones, and failure modes. `seen` records what arrived, for assertions."""

from __future__ import annotations

import asyncio
import threading
from collections import defaultdict

from pellucid.protocol import (
    CollectionPatch,
    Field,
    FieldConstraint,
    ItemsPatchExhaustive,
    ItemsPatchInexhaustive,
    PatchCollectionChange,
    declare_schema,
    values,
)
from pellucid.protocol import ScalarFieldType as S
from pellucid.sdk.connector import (
    DataConnector,
    DataConnectorClient,
    DataConnectorRunError,
    LucidUrls,
    MetadataPatch,
    RetryPolicy,
    Webhook,
)

PEOPLE = declare_schema(
    ["id"],
    {"id": S.STRING, "name": S.STRING, "age": Field([S.NUMBER, S.NULL], constraints=[FieldConstraint.min_value(0)]),
     "born": S.DATE},
    {"name": "Full name"},
)
ROWS = [
    {"id": "p1", "name": "Ann", "age": 31, "born": values.date_value(0)},
    {"id": "p2", "name": "Bob", "age": 45, "born": None},
    {"id": "p3", "name": "Cy", "age": None, "born": None},
]


def people(rows=ROWS, exhaustive: bool = False, **props) -> CollectionPatch:
    patch = ItemsPatchExhaustive(PEOPLE.from_items(rows)) if exhaustive else ItemsPatchInexhaustive(PEOPLE.from_items(rows))
    return CollectionPatch(patch, PEOPLE.schema, **props)


def make_connector(base_url: str) -> tuple[DataConnector, dict]:
    urls = LucidUrls.single_origin(base_url + "/", data_sync=base_url + "/dataSync/")
    connector = DataConnector(DataConnectorClient(urls, retry=RetryPolicy(max_retries=1, initial_backoff=0.05)))
    seen: dict = defaultdict(list)
    gate = threading.Event()
    seen["gate"] = gate

    @connector.asynchronous_action("Import")
    async def import_(action):
        seen["Import"].append(action.envelope.to_json())
        await action.client.update(data_source_name="People source",
                                   collections={"people": people(represents=["Items"], name="People")})
        if isinstance(action.data, dict) and action.data.get("wait"):  # the test looks at the locked collection
            seen["waiting"].append(1)
            for _ in range(200):
                if gate.is_set():
                    break
                await asyncio.sleep(0.05)
            return {"done": True}
        await action.client.patch_metadata([MetadataPatch("cursor", None, 1)])
        return {"imported": len(ROWS), "metadata": [r.value for r in await action.client.get_metadata(["cursor"])]}

    @connector.action("Capture")
    async def capture(action):
        """Hands its update token to the test, which then calls the server with it directly."""
        seen["Capture"].append(action.envelope.to_json())
        return {"token": action.client.update_token if hasattr(action, "client") else None}

    @connector.asynchronous_action("HardRefresh")
    async def hard_refresh(action):
        seen["HardRefresh"].append(action.envelope.to_json())
        await action.client.update(data_source_name="People source",
                                   collections={"people": people(ROWS[:2], exhaustive=True)})

    @connector.asynchronous_action("Poll")
    async def poll(action):
        seen["Poll"].append(action.client.update_token)
        await action.client.update(data_source_name="People source", collections={"people": CollectionPatch(
            ItemsPatchInexhaustive({'"p1"': {"age": 30 + len(seen["Poll"])}}))})

    @connector.action("Patch")
    async def patch(action):
        changes = []
        for item_patch in action.patches:
            seen["Patch"].append({"id": item_patch.id, "added": item_patch.items_added,
                                  "changed": item_patch.items_changed, "deleted": item_patch.items_deleted,
                                  "token": action.update_token})
            change = item_patch.get_change([PatchCollectionChange(item_patch.sync_collection_id, ItemsPatchInexhaustive(
                {key: {"name": str(fields["name"]).upper()} for key, fields in item_patch.items_changed.items()
                 if fields.get("name") not in (None, "bad")}))])
            for key, fields in item_patch.items_changed.items():
                if fields.get("name") == "bad":
                    change.set_field_error_or_default_to_tooltip(key, "names cannot be bad", "name")
            changes.append(change)
        return changes

    @connector.action("ManageWebhook")
    async def manage_webhook(action):
        seen["ManageWebhook"].append({"token": action.webhook_token, "webhooks": len(action.webhooks)})
        secret = await connector.client.get_secret_from_webhook(action.webhook_token, {"oauth2": {"clientId": "c"}})
        await connector.client.patch_custom_webhook_data(action.webhook_token, {"cursor": 7})
        return Webhook({"people": []}, {"hook": "h-1", "secret": secret})

    @connector.action("Slow")
    async def slow(action):
        await asyncio.sleep(30)

    @connector.action("Fail")
    async def fail(action):
        seen["Fail"].append(1)
        raise RuntimeError("upstream exploded")

    @connector.action("Reject")
    async def reject(action):
        seen["Reject"].append(1)
        raise DataConnectorRunError.with_message(409, "conflict upstream")

    return connector, seen
