"""OpenAPI component schemas of the Data Service's JSON objects."""

from __future__ import annotations

_URI = {"type": "string", "format": "uri"}
_TIME = {"type": "string", "format": "date-time"}
_NULLABLE_URI = {"type": ["string", "null"], "format": "uri"}
_NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
_VALUE = {"type": ["string", "number", "boolean", "null"]}


def _object(properties: dict, required: list[str] | None = None) -> dict:
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def _page(key: str, item: str) -> dict:
    return _object({
        key: {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        "total": {"type": "integer"},
        "prev": _NULLABLE_URI,
        "next": _NULLABLE_URI,
    }, [key, "total"])


def _grant(owner: str) -> dict:
    return _object({
        "uri": _URI, owner: _URI,
        "permissionType": {"enum": ["account", "document", "user"]},
        "identifier": {"type": "string"},
        "role": {"enum": ["edit", "view"]},
    })


_FIELD = _object({
    "uri": _URI, "name": {"type": "string"},
    "fieldType": {"type": "string", "examples": ["STRING", "NUMBER", "BOOLEAN", "ANY"]},
    "collection": _URI, "isPrimary": {"type": "boolean"}, "order": {"type": "integer"},
    "default": _VALUE, "label": {"type": ["string", "null"]},
})
_NEW_FIELD = _object({
    "name": {"type": "string"}, "fieldType": {"type": "string"}, "default": _VALUE,
    "order": {"type": "integer"}, "isPrimary": {"type": "boolean"}, "label": {"type": "string"},
}, ["name", "fieldType"])
_PROPERTIES = {"type": "object", "additionalProperties": True}
_TARGETS = {"type": "array", "items": _object({"fieldValues": {"type": "array", "items": {"type": "string"}}})}

SCHEMAS = {
    "Bootstrap": _object({
        "dataSets": _URI, "dataSources": _URI, "collections": _URI, "sourceGrants": _URI,
        "dataSetGrants": _URI, "adapters": {"type": "object", "additionalProperties": _URI},
    }),
    "RateLimits": _object({
        "userHardRefreshInterval": {"type": "integer"}, "userSoftRefreshInterval": {"type": "integer"},
        "userApiCallRate": {"type": "integer"}, "fileSizeLimit": {"type": "integer"},
    }),
    "Message": {"type": "string", "examples": ["Deleted 1 item(s)"]},
    "Properties": _PROPERTIES,
    "DataSet": _object({
        "uri": _URI, "name": {"type": "string"}, "properties": _URI, "created": _TIME, "modified": _TIME,
        "creatorId": {"type": "integer"}, "dataSetGrants": _URI, "dataSources": _URI,
    }),
    "DataSetList": _page("dataSets", "DataSet"),
    "DataSetCreate": _object({"name": {"type": "string"}, "properties": _PROPERTIES}, ["name"]),
    "DataSetUpdate": _object({"name": {"type": "string"}}, ["name"]),
    "DataSetGrant": _grant("dataSet"),
    "DataSetGrantCreate": _grant("dataSet"),
    "SourceGrant": _grant("dataSource"),
    "SourceGrantCreate": _grant("dataSource"),
    "DataSource": _object({
        "uri": _URI, "name": {"type": "string"}, "product": {"type": "string"}, "sourceGrants": _URI,
        "adapterType": {"type": "string"}, "collections": _URI,
        "linkParameters": {"type": "object", "additionalProperties": {"type": "string"}},
        "created": _TIME, "lastModified": _TIME, "deleted": _NULLABLE_TIME, "pending": {"type": "boolean"},
        "dataSet": _NULLABLE_URI,
    }),
    "DataSourceList": _page("dataSources", "DataSource"),
    "DataSourceCreate": _object({
        "name": {"type": "string"}, "adapterType": {"type": "string"}, "pending": {"type": "boolean"},
        "dataSet": _URI,
    }, ["name"]),
    "DataSourceUpdate": _object({
        "name": {"type": "string"}, "Name": {"type": "string"}, "adapterType": {"type": "string"},
        "linkParameters": {"type": "object", "additionalProperties": {"type": "string"}},
        "pending": {"type": "boolean"}, "dataSet": _NULLABLE_URI,
    }),
    "Collection": _object({
        "uri": _URI, "dataSource": _URI, "name": {"type": "string"}, "lastSync": _TIME,
        "versionTimestamp": _TIME, "parent": _NULLABLE_URI, "metadataType": {"type": ["string", "null"]},
        "created": _TIME, "deleted": _NULLABLE_TIME, "lastModified": _TIME, "items": _URI, "schema": _URI,
        "properties": _URI, "metadata": _URI, "syncStarted": _NULLABLE_TIME,
    }),
    "CollectionList": _page("collections", "Collection"),
    "CollectionCreate": _object({
        "dataSource": _URI, "name": {"type": "string"},
        "schema": {"type": "array", "items": _NEW_FIELD}, "properties": _PROPERTIES,
    }, ["dataSource", "name"]),
    "CollectionUpdate": _object({"name": {"type": "string"}, "dataSource": _URI}),
    "MetadataCollectionCreate": _object({
        "name": {"type": "string"}, "metadataType": {"type": "string"},
        "schema": {"type": "array", "items": _NEW_FIELD}, "properties": _PROPERTIES,
    }, ["metadataType"]),
    "FieldDefinition": _FIELD,
    "DataItem": _object({
        "uri": _URI, "collection": _URI, "fields": {"type": "object", "additionalProperties": _VALUE},
    }),
    "DataItemList": _page("items", "DataItem"),
    "ItemsByKeyFind": _object({
        "keySchemaFields": {"type": "array", "items": {"type": "string"}}, "targetValues": _TARGETS,
    }, ["targetValues"]),
    "ItemsByKeyPatch": _object({
        "keySchemaFields": {"type": "array", "items": {"type": "string"}},
        "patches": {"type": "array", "items": _object({
            "fieldValues": {"type": "array", "items": {"type": "string"}},
            "patch": {"type": "object", "additionalProperties": _VALUE},
        })},
    }, ["patches"]),
}
