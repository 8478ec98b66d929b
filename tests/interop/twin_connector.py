"""The connector of node/connector-harness.js, written with pellucid's SDK (line for line)."""

from __future__ import annotations

from pellucid.protocol import (
    CollectionPatch,
    ItemsPatchInexhaustive,
    PatchCollectionChange,
    declare_schema,
)
from pellucid.protocol import ScalarFieldType as S
from pellucid.sdk.connector import (
    DataConnector,
    DataConnectorClient,
    DataConnectorRunError,
    RouteResponse,
    Webhook,
)

schema = declare_schema(["id"], {"id": S.STRING, "score": [S.NUMBER, S.NULL]})


def make_connector(client: DataConnectorClient) -> DataConnector:
    connector = DataConnector(client)

    @connector.asynchronous_action("Import")
    async def import_(action):
        await action.client.update(
            data_source_name="Harness",
            collections={
                "items": CollectionPatch(
                    ItemsPatchInexhaustive(
                        schema.from_items([{"id": "a", "score": 1}, {"id": "b", "score": None}])
                    ),
                    schema=schema.schema,
                )
            },
        )
        metadata = await action.client.get_metadata(["k"])
        return {"success": True, "metadata": [{"key": m.key, "value": m.value} for m in metadata]}

    @connector.action("Describe")
    async def describe(action):
        return {
            "kind": type(action).__name__,
            "data": action.data,
            "context": action.context.to_json(),
        }

    @connector.action("Patch")
    def patch(action):  # a plain def handler: runs in a thread with a blocking client
        changes = []
        for p in action.patches:
            change = p.get_change(
                [
                    PatchCollectionChange(
                        p.sync_collection_id, ItemsPatchInexhaustive({'"a"': {"score": 2}})
                    )
                ]
            )
            change.set_field_error_or_default_to_tooltip('"b"', "rejected upstream", "score")
            changes.append(change)
        return changes

    @connector.action("UnbatchedPatch")
    async def unbatched(action):
        return [p.get_change() for p in action.patches]

    @connector.action("ManageWebhook")
    async def manage_webhook(action):
        secret = await client.get_secret_from_webhook(
            action.webhook_token, {"oauth2": {"clientId": "cid", "clientSecret": "cs"}}
        )
        data = await client.get_custom_webhook_data(action.webhook_token)
        return Webhook(
            {"items": ['"a"']}, {"secretSeen": secret, "custom": data, "had": len(action.webhooks)}
        )

    @connector.action("Fail")
    async def fail(action):
        raise DataConnectorRunError.with_message(409, "conflict upstream")

    @connector.action("Crash")
    async def crash(action):
        raise RuntimeError("boom")

    @connector.route("hook")
    async def hook(request):
        return RouteResponse(
            202, f"route got {request.body} q={request.query.get('x')}", {"x-route": "1"}
        )

    return connector
