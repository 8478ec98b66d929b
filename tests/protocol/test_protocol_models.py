"""Protocol models read back what they write; the Data Service type mapping; literal quirks."""

from __future__ import annotations

import pytest

from pellucid.protocol import (
    ActionEnvelope,
    CollectionEnumFieldType,
    DataSourceRequest,
    EnumEntry,
    FieldTypeArray,
    InvalidActionRequest,
    InvalidUpdateBody,
    ItemPatchData,
    LiteralFieldType,
    MapEnumFieldType,
    NDimensionalFieldTypeArray,
    PatchChange,
    PatchCollectionChange,
    PatchReply,
    SchemaPatchData,
    data_service_field_type,
    field_type_from_data_service,
)
from pellucid.protocol import ScalarFieldType as S
from pellucid.protocol.fieldtypes import (
    deserialize_field_type,
    is_serialized_field_type,
    serialize_field_type,
)
from pellucid.protocol.update import ItemsPatchInexhaustive
from tests.interop.update_specs import CASES, build


@pytest.mark.parametrize(
    ("field_type", "expected"),
    [
        (S.NUMBER, "NUMBER"),
        (S.BOOLEAN, "BOOLEAN"),
        (S.STRING, "STRING"),
        (S.ANY, "ANY"),
        ([S.NUMBER, S.NULL], "NUMBER"),
        ([S.STRING, S.NUMBER], "ANY"),
        (S.NULL, "ANY"),
        ([S.NULL], "ANY"),
        (S.DATE, "ANY"),
        (S.DATEONLY, "ANY"),
        (S.TIMEONLY, "ANY"),
        (S.DATERANGE, "ANY"),
        (S.COLOR, "ANY"),
        (S.CURRENCY, "ANY"),
        (S.DICTIONARY, "ANY"),
        (LiteralFieldType("open"), "STRING"),
        ([LiteralFieldType("a"), LiteralFieldType("b"), S.NULL], "STRING"),
        (LiteralFieldType(3), "NUMBER"),
        (LiteralFieldType(True), "BOOLEAN"),
        ([LiteralFieldType(1), S.STRING], "ANY"),
        (CollectionEnumFieldType("users"), "STRING"),
        (MapEnumFieldType({"a": EnumEntry("A")}), "STRING"),
        (MapEnumFieldType({1: EnumEntry()}), "NUMBER"),
        (MapEnumFieldType({1: EnumEntry(), "b": EnumEntry()}), "ANY"),
        (FieldTypeArray([S.STRING]), "ANY"),
        (NDimensionalFieldTypeArray([S.NUMBER]), "ANY"),
    ],
)
def test_data_service_field_type(field_type, expected) -> None:
    assert data_service_field_type(field_type) == expected


def test_field_type_from_data_service() -> None:
    assert [
        field_type_from_data_service(s)
        for s in ("BOOLEAN", "STRING", "NUMBER", "ANY", "DATE", "number")
    ] == [S.BOOLEAN, S.STRING, S.NUMBER, S.ANY, S.ANY, S.NUMBER]


def test_literal_decoding_quirks() -> None:
    assert LiteralFieldType.from_json("%open") == LiteralFieldType("open")
    assert LiteralFieldType.from_json("3") == LiteralFieldType(3)
    assert LiteralFieldType.from_json("1.5") == LiteralFieldType(1.5)
    assert LiteralFieldType.from_json("true") == LiteralFieldType(True)
    assert LiteralFieldType.from_json("abc") == LiteralFieldType(False)  # the SDK's reading
    assert LiteralFieldType(1e21).to_json() == "1e+21"


def test_field_types_round_trip() -> None:
    t = [
        S.NUMBER,
        LiteralFieldType("x"),
        FieldTypeArray([S.STRING, FieldTypeArray([S.NUMBER])]),
        NDimensionalFieldTypeArray([S.NUMBER, LiteralFieldType(2)]),
        CollectionEnumFieldType("c"),
        MapEnumFieldType({"a": EnumEntry("A", color="#fff"), 2: EnumEntry()}),
    ]
    j = serialize_field_type(t)
    assert is_serialized_field_type(j)
    assert serialize_field_type(deserialize_field_type(j)) == j
    assert not is_serialized_field_type(99) and not is_serialized_field_type(
        {"ND": True, "validTypes": [{}]}
    )


@pytest.mark.parametrize("name", list(CASES))
def test_update_bodies_read_back(name: str) -> None:
    body = build(CASES[name]).to_json()
    assert DataSourceRequest.from_json(body).to_json() == body


def test_envelope_rules() -> None:
    e = ActionEnvelope(
        "A", "p", "c", action_data=[1], user_id=1.5, extra={"syncDataSourceIdNonce": "n"}
    )
    assert ActionEnvelope.from_json(e.to_json()) == e
    for bad in (
        {"useOutboundProxy": None},
        {"userId": True},
        {"documentCollections": []},
        {"updateFilterType": "Some"},
        {"action": {"data": 1}},
        {"collectionProperties": None},
    ):
        with pytest.raises(InvalidActionRequest):
            ActionEnvelope.from_json({**e.to_json(), **bad})


def test_patch_reply_aggregates_errors_per_patch_id() -> None:
    a = PatchChange(
        "p1", "s", [PatchCollectionChange("c", ItemsPatchInexhaustive({'"x"': {"v": 1}}))], "Item"
    )
    a.set_field_error_or_default_to_tooltip('"x"', "no", "v")
    b = PatchChange("p2", "s")
    b.set_field_error_or_default_to_tooltip("10", "tooltip")
    b.set_field_error_or_default_to_tooltip("9", "perm", type="permissions")
    reply = PatchReply.from_changes([[a], [b]]).to_json()
    assert reply["changes"][0] == {
        "syncId": "s",
        "collections": [
            {"collectionId": "c", "itemsPatch": {"items": {'"x"': {"v": 1}}, "itemsDeleted": []}}
        ],
        "creationPermission": "Item",
    }
    assert list(reply["errors"]["p2"]) == ["9", "10"]  # JS object order
    assert reply["errors"]["p2"]["10"] == {
        "__canvasTooltipDataSyncError__": {"message": "tooltip", "type": "default"}
    }


def test_data_service_field_type_reads_wire_json() -> None:
    assert data_service_field_type([1, 6]) == "NUMBER"
    assert data_service_field_type(["%a", "%b"]) == "STRING"
    assert data_service_field_type({"COLLECTION_ENUM": "c"}) == "STRING"
    assert data_service_field_type({"ND": False, "validTypes": [3]}) == "ANY"


@pytest.mark.parametrize(
    "bad",
    [
        [],
        {"name": 1, "updateData": {}},
        {"name": "n"},
        {"name": "n", "updateData": {"c": {}}},
        {"name": "n", "updateData": {"c": {"itemsPatch": {"items": {"k": 1}}}}},
        {"name": "n", "updateData": {"c": {"itemsPatch": {"items": {}, "itemsDeleted": [1]}}}},
        {
            "name": "n",
            "updateData": {
                "c": {
                    "itemsPatch": {"items": {}},
                    "schema": {"fields": [{"name": "a", "type": 99}], "primaryKey": ["a"]},
                }
            },
        },
        {"name": "n", "updateData": {}, "creationPermission": "All"},
        {"name": "n", "updateData": {}, "sourceForeignKeys": [{"Id": "x"}]},
    ],
)
def test_malformed_update_bodies_are_rejected(bad) -> None:
    with pytest.raises(InvalidUpdateBody):
        DataSourceRequest.from_json(bad)


def test_patch_data_round_trip() -> None:
    from pellucid.protocol.actions import ThirdPartyColumn, ThirdPartyColumnPatch, parse_patch

    schema_patch = SchemaPatchData(
        "s",
        "c",
        [ThirdPartyColumn("n", S.NUMBER)],
        {"old": ThirdPartyColumnPatch("new", [S.STRING, S.NULL])},
        ["gone"],
        None,
    )
    assert parse_patch(schema_patch.to_json(), "schema") == schema_patch
    item_patch = ItemPatchData("s", "c", {'"a"': {"v": 1}}, {}, ['"b"'], [['"a"', None]])
    assert parse_patch(item_patch.to_json()) == item_patch
    with pytest.raises(InvalidActionRequest):
        parse_patch(schema_patch.to_json())  # the SDK's default parser takes item patches only
