"""Update inputs in a neutral JSON form, built by both SDKs (node/oracle.js and ``build``).

The table covers every field type, composite and numeric keys, both patch kinds and the
plain-object form, errors, per-item constraints, properties, foreign keys and options.
"""

from __future__ import annotations

from typing import Any

from pellucid.protocol import (
    UNSET,
    CollectionEnumFieldType,
    CollectionPatch,
    DataSourceConfiguration,
    DataSourceRequest,
    DisplayOption,
    EnumEntry,
    Field,
    FieldConstraint,
    FieldDefinition,
    FieldTypeArray,
    FormattedPrimaryKey,
    HierarchicalFilterConfig,
    ItemsPatchExhaustive,
    ItemsPatchInexhaustive,
    LiteralFieldType,
    MapEnumFieldType,
    NDimensionalFieldTypeArray,
    SchemaDefinition,
    SourceForeignKey,
    declare_schema,
    schema_ok_status,
)
from pellucid.protocol import ScalarFieldType as S


def field_type(t: Any) -> Any:
    if isinstance(t, int):
        return S(t)
    if "union" in t:
        return [field_type(x) for x in t["union"]]
    if "literal" in t:
        return LiteralFieldType(t["literal"])
    if "array" in t:
        return FieldTypeArray([field_type(x) for x in t["array"]])
    if "nd" in t:
        return NDimensionalFieldTypeArray([field_type(x) for x in t["nd"]])
    if "collectionEnum" in t:
        return CollectionEnumFieldType(t["collectionEnum"])
    return MapEnumFieldType(
        {
            i: EnumEntry(
                e.get("name"),
                e.get("description"),
                e.get("color"),
                e.get("iconUrl"),
                e.get("category"),
            )
            for i, e in t["mapEnum"]
        }
    )


def _constraints(cs: list[dict] | None) -> list[FieldConstraint] | None:
    return (
        None
        if cs is None
        else [FieldConstraint(c["type"], c.get("value"), c.get("reason")) for c in cs]
    )


def _field(f: dict, name: str | None = None) -> Any:
    options = f.get("displayOptions")
    args = dict(
        type=field_type(f["type"]),
        constraints=_constraints(f.get("constraints")),
        mapping=f.get("mapping"),
        sync_schema=f.get("syncSchema"),
        display_options=None
        if options is None
        else [DisplayOption(o["type"], o.get("value")) for o in options],
    )
    return Field(**args) if name is None else FieldDefinition(name, **args)


def _collection(c: dict) -> CollectionPatch:
    schema, declared = None, None
    if "declare" in c:
        declared = declare_schema(
            c["declare"]["primaryKey"],
            {n: _field(f) for n, f in c["declare"]["fields"].items()},
            c["declare"].get("fieldLabels"),
        )
        schema = declared.schema
    elif "schema" in c:
        s = c["schema"]
        schema = SchemaDefinition(
            [_field(f, f["name"]) for f in s["fields"]], s["primaryKey"], s.get("fieldLabels")
        )
    p = c["patch"]
    if "items" in p:
        items = dict(p["items"])
    elif declared is not None:
        items = declared.from_items(p["fromItems"])
    else:
        key = FormattedPrimaryKey(*p["keyFields"])
        items = {key.for_item(i): i for i in p["fromItems"]}
    errors = dict(p.get("errors") or [])
    if p.get("schemaOK"):
        errors.update([schema_ok_status()])
    errors = errors if (p.get("errors") or p.get("schemaOK")) else None
    cpi = p.get("fieldConstraintsPerItem")
    cpi = None if cpi is None else {k: {f: _constraints(cs) for f, cs in fs} for k, fs in cpi}
    if p["kind"] == "exhaustive":
        rk, fn = p.get("rekeyingMap"), p.get("fieldNamesChanged")
        patch = ItemsPatchExhaustive(
            items,
            dict(rk) if rk is not None else None,
            dict(fn) if fn is not None else None,
            errors,
            cpi,
        )
    else:
        patch = ItemsPatchInexhaustive(items, p.get("itemsDeleted"), errors, cpi)
    return CollectionPatch(
        patch,
        schema,
        c.get("represents"),
        c.get("name"),
        c.get("hideFromDataPanel"),
        c["queryError"] if "queryError" in c else UNSET,
        c.get("queryLastExecutionTimestamp"),
    )


def build(spec: dict) -> DataSourceRequest:
    """Our SDK's DataSourceRequest for a neutral spec."""
    fks = spec.get("sourceForeignKeys")
    return DataSourceRequest(
        data_source_name=spec["dataSourceName"],
        collections={cid: _collection(c) for cid, c in spec["collections"]},
        update_filter_type=spec.get("updateFilterType"),
        data_source_configuration=DataSourceConfiguration(spec["patchType"])
        if "patchType" in spec
        else None,
        source_foreign_keys=None
        if fks is None
        else [
            SourceForeignKey(
                fk["id"],
                fk["sourceFields"],
                fk["outwardLabel"],
                fk["inwardLabel"],
                fk.get("relationshipType"),
                fk.get("represents"),
                fk.get("targetFields"),
                fk.get("isBidirectional"),
                HierarchicalFilterConfig(
                    **{
                        k: v
                        for k, v in zip(
                            (
                                "show_only_if_has_inward",
                                "skip_outward_relationships",
                                "show_only_if_has_outward",
                                "suppress_linked_items",
                            ),
                            (
                                fk["hierarchicalFilterConfig"].get(w)
                                for w in (
                                    "showOnlyIfHasInward",
                                    "skipOutwardRelationships",
                                    "showOnlyIfHasOutward",
                                    "suppressLinkedItems",
                                )
                            ),
                        )
                    }
                )
                if "hierarchicalFilterConfig" in fk
                else None,
            )
            for fk in fks
        ],
        creation_permission=spec.get("creationPermission"),
    )


WHEN_TYPES = [5, 9, 10, 11, 4, 8, 7, 0]

CASES: dict[str, dict] = {
    "A declareSchema import": {
        "dataSourceName": "Demo",
        "collections": [
            [
                "people",
                {
                    "declare": {
                        "primaryKey": ["id"],
                        "fieldLabels": {"id": "ID"},
                        "fields": {
                            "id": {"type": 3},
                            "name": {"type": 3, "mapping": ["title"]},
                            "age": {
                                "type": {"union": [1, 6]},
                                "constraints": [{"type": "minValue", "value": 0}],
                            },
                            "done": {
                                "type": 2,
                                "constraints": [{"type": "locked", "reason": "read only"}],
                            },
                        },
                    },
                    "patch": {
                        "kind": "plain",
                        "fromItems": [
                            {"id": "a1", "name": "Ann", "age": 30, "done": False},
                            {"id": 'b"2', "name": "Bob", "age": None, "done": True},
                        ],
                    },
                    "represents": ["Items"],
                    "name": "People",
                },
            ]
        ],
    },
    "B exhaustive, composite key, rekey, options": {
        "dataSourceName": "Demo",
        "updateFilterType": "CurrentItemUpdates",
        "patchType": 3,
        "creationPermission": "Item",
        "sourceForeignKeys": [
            {
                "id": "fk1",
                "sourceFields": ["parentId"],
                "relationshipType": "parent",
                "outwardLabel": "Parent",
                "inwardLabel": "Children",
                "hierarchicalFilterConfig": {
                    "showOnlyIfHasOutward": True,
                    "suppressLinkedItems": "inward",
                },
            }
        ],
        "collections": [
            [
                "c2",
                {
                    "patch": {
                        "kind": "exhaustive",
                        "keyFields": ["last", "first", "n"],
                        "fromItems": [{"last": "Smith", "first": "John", "n": 7, "note": "x"}],
                        "rekeyingMap": [
                            ['"Jon","Smith",7', '"John","Smith",7'],
                            ['"Old","Gone",1', None],
                        ],
                        "fieldNamesChanged": [["oldField", "note"], ["dropped", None]],
                        "schemaOK": True,
                    },
                    "hideFromDataPanel": True,
                },
            ]
        ],
    },
    "C every type encoding": {
        "dataSourceName": "Demo",
        "collections": [
            [
                "c3",
                {
                    "schema": {
                        "primaryKey": ["id"],
                        "fields": [
                            {"name": "id", "type": 1},
                            {"name": "tags", "type": {"array": [3, 1]}},
                            {"name": "matrix", "type": {"nd": [1, {"literal": "x"}]}},
                            {
                                "name": "state",
                                "type": {
                                    "union": [
                                        {"literal": "open"},
                                        {"literal": "closed"},
                                        {"literal": 3},
                                        {"literal": True},
                                        6,
                                    ]
                                },
                            },
                            {"name": "owner", "type": {"collectionEnum": "users-coll"}},
                            {
                                "name": "prio",
                                "type": {
                                    "mapEnum": [
                                        ["hi", {"name": "High", "color": "#f00"}],
                                        [2, {"name": "Low"}],
                                    ]
                                },
                            },
                            {
                                "name": "when",
                                "type": {"union": WHEN_TYPES},
                                "syncSchema": "S1",
                                "displayOptions": [{"type": "helperText", "value": "hint"}],
                            },
                        ],
                    },
                    "patch": {
                        "kind": "inexhaustive",
                        "keyFields": ["id"],
                        "fromItems": [
                            {
                                "id": 15,
                                "tags": ["a", 1],
                                "matrix": [[1, 2], [3]],
                                "state": "open",
                                "owner": '"u1"',
                                "prio": "hi",
                                "when": {"ms": 1700000000000},
                            },
                            {
                                "id": 16,
                                "when": {
                                    "isoDate": "2024-05-01T10:00:00Z",
                                    "displayTimezone": "America/Denver",
                                },
                            },
                            {"id": 17, "when": {"ms": 1700000000000, "isDateOnly": True}},
                            {
                                "id": 18,
                                "when": {
                                    "startDate": {"isoDate": "2024-01-01"},
                                    "endDate": {"isoDate": "2024-01-31"},
                                },
                            },
                            {"id": 19, "when": {"color": {"r": 255, "g": 0, "b": 0, "a": 1}}},
                            {"id": 20, "when": {"a": 12.5, "t": "USD"}},
                            {
                                "id": 21,
                                "when": {
                                    "dict": {"k": 1, "nested": {"js": {"any": [1, {"x": 2}]}}}
                                },
                            },
                            {"id": 22, "when": {"hours": 13, "minutes": 5}},
                        ],
                        "itemsDeleted": ["99", "100"],
                        "fieldConstraintsPerItem": [["15", [["tags", [{"type": "locked"}]]]]],
                    },
                    "queryError": None,
                    "queryLastExecutionTimestamp": 1700000000000,
                },
            ]
        ],
    },
    "D minimal plain patch": {
        "dataSourceName": "Demo",
        "collections": [["c4", {"patch": {"kind": "plain", "items": [["true", {"flag": True}]]}}]],
    },
    "numbers, unsorted numeric keys, unicode": {
        "dataSourceName": "Zahlen ✓",
        "updateFilterType": "AllUpdates",
        "patchType": 0,
        "creationPermission": "DataSource",
        "collections": [
            [
                "10",
                {
                    "patch": {
                        "kind": "inexhaustive",
                        "keyFields": ["id"],
                        "fromItems": [
                            {
                                "id": 20,
                                "v": 100.0,
                                "w": 1e16,
                                "x": 1e21,
                                "y": 1e-7,
                                "z": 0.000001,
                                "s": 'é\u2028\x7f\x01"\\',
                            },
                            {
                                "id": 3,
                                "v": -0.0,
                                "w": 0.1,
                                "x": 123456789.125,
                                "y": -1.5e-300,
                                "z": 5e-324,
                                "s": "😀",
                            },
                            {"id": 1.5, "v": 9007199254740993, "w": 2.5, "s": "a.0,b"},
                        ],
                    }
                },
            ],
            [
                "2",
                {
                    "patch": {
                        "kind": "inexhaustive",
                        "items": [["b", {}], ["1", {}], ["0", {}]],
                        "errors": [["1", {"dict": {"e": "bad"}}]],
                    },
                    "represents": [],
                },
            ],
        ],
    },
    "composite keys with mixed values": {
        "dataSourceName": "Demo",
        "updateFilterType": "CurrentCollectionUpdates",
        "creationPermission": "None",
        "sourceForeignKeys": [
            {
                "id": "a",
                "sourceFields": ["x"],
                "outwardLabel": "o",
                "inwardLabel": "i",
                "represents": "r",
                "targetFields": ["y"],
                "isBidirectional": False,
            }
        ],
        "collections": [
            [
                "k",
                {
                    "schema": {
                        "primaryKey": ["b", "a", "B"],
                        "fields": [
                            {"name": "B", "type": 2},
                            {"name": "a", "type": 0},
                            {
                                "name": "b",
                                "type": {"union": [3, 6]},
                                "constraints": [{"type": "maxLength", "value": 5, "reason": "r"}],
                                "displayOptions": [{"type": "displayMultiUserSelect"}],
                            },
                        ],
                        "fieldLabels": {},
                    },
                    "patch": {
                        "kind": "exhaustive",
                        "keyFields": ["b", "a", "B"],
                        "fromItems": [
                            {"B": True, "a": None, "b": "x"},
                            {"B": False, "a": {"k": [1, 2.0]}, "b": None},
                            {"B": False},
                        ],
                        "fieldConstraintsPerItem": [
                            [
                                "2",
                                [["b", [{"type": "required"}, {"type": "maxValue", "value": 1.0}]]],
                            ]
                        ],
                    },
                    "name": "Keys",
                    "hideFromDataPanel": False,
                    "queryError": "boom",
                },
            ]
        ],
    },
    "map enum entries, nested arrays, metadata collection": {
        "dataSourceName": "Meta",
        "creationPermission": "Collection",
        "patchType": 2,
        "sourceForeignKeys": [
            {
                "id": "fk",
                "sourceFields": ["a", "b"],
                "outwardLabel": "",
                "inwardLabel": "",
                "hierarchicalFilterConfig": {
                    "showOnlyIfHasInward": False,
                    "skipOutwardRelationships": True,
                    "suppressLinkedItems": "both",
                },
            }
        ],
        "collections": [
            [
                "meta",
                {
                    "declare": {
                        "primaryKey": ["id"],
                        "fieldLabels": {"id": "Ident", "0": "zero"},
                        "fields": {
                            "id": {"type": 3, "mapping": ["user.reporter", "time.endtime"]},
                            "0": {"type": {"union": [9, 10, 11]}, "syncSchema": ""},
                            "e": {
                                "type": {
                                    "mapEnum": [
                                        [
                                            "x",
                                            {
                                                "name": "X",
                                                "description": "d",
                                                "color": "#000",
                                                "iconUrl": "https://i",
                                                "category": "c",
                                            },
                                        ],
                                        [1.5, {}],
                                    ]
                                }
                            },
                            "arr": {
                                "type": {
                                    "array": [
                                        {"array": [1]},
                                        {"collectionEnum": "meta"},
                                        {"literal": "q"},
                                        {"mapEnum": [["a", {"name": "A"}]]},
                                    ]
                                },
                                "constraints": [
                                    {"type": "maxDecimalPlaces", "value": 2},
                                    {"type": "singleLineOnly"},
                                    {"type": "noWhitespace", "reason": ""},
                                    {"type": "uniqueEditType"},
                                ],
                            },
                        },
                    },
                    "patch": {
                        "kind": "exhaustive",
                        "fromItems": [
                            {
                                "id": "m1",
                                "0": {"ms": 86400000, "isDateOnly": True},
                                "e": "x",
                                "arr": [[1], "q"],
                            },
                            {"id": "m2", "0": {"hours": 0}, "e": 1.5, "arr": []},
                        ],
                        "errors": [['"m2"', {"js": {"why": ["a", None]}}]],
                        "rekeyingMap": [],
                        "fieldConstraintsPerItem": [
                            ['"m1"', [["e", [{"type": "locked", "reason": "r"}]]]]
                        ],
                    },
                    "represents": ["Metadata", "Query"],
                    "queryLastExecutionTimestamp": 0,
                },
            ]
        ],
    },
}

CASES["integer-like field names"] = {
    "dataSourceName": "Years",
    "collections": [
        [
            "y",
            {
                "patch": {
                    "kind": "inexhaustive",
                    "items": [
                        [
                            '"a"',
                            {"name": "a", "2024": 1.0, "2023": 2, "01": 3, "js": {"js": {"9": 1}}},
                        ]
                    ],
                }
            },
        ]
    ],
}
