"""A small connector module for the CLI test (``pellucid connector run``)."""

from pellucid.protocol import CollectionPatch, ItemsPatchInexhaustive, declare_schema
from pellucid.protocol import ScalarFieldType as S
from pellucid.sdk.connector import DataConnector

schema = declare_schema(["id"], {"id": S.NUMBER, "label": S.STRING})
connector = DataConnector()


@connector.asynchronous_action("Import")
async def import_(action):
    await action.client.update(
        data_source_name="CLI",
        collections={
            "rows": CollectionPatch(
                ItemsPatchInexhaustive(schema.from_items([{"id": 1, "label": "one"}])),
                schema.schema,
            )
        },
    )
    return {"ok": True}
