"""Call builders that two Data Service resources share: grants and property bags."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypeVar

from ..._call import Call, json_body, models, nothing
from ...models.base import Model
from ...models.data import Outcome
from ._common import data_call, data_model, names, outcome

G = TypeVar("G", bound=Model)

PermissionType = Literal["user", "account", "document"]
GrantRole = Literal["view", "edit"]


# --------------------------------------------------------------------------------- grants
# /dataSetGrants?dataSet=<link> and /sourceGrants?dataSource=<link>: the same shape.

def list_grants(path: str, owner_key: str, owner_link: str, cls: type[G]) -> Call[list[G]]:
    return data_call("GET", path, models(cls), params={owner_key: owner_link})


def get_grant(path: str, grant_id: int, cls: type[G]) -> Call[G]:
    return data_model("GET", f"{path}/{grant_id}", cls)


def create_grant(path: str, owner_key: str, owner_link: str, permission_type: PermissionType, identifier: str | int,
                 role: GrantRole, cls: type[G]) -> Call[G]:
    body = {owner_key: owner_link, "permissionType": permission_type, "identifier": str(identifier), "role": role}
    return data_model("POST", path, cls, json=body)


def delete_grant(path: str, grant_id: int) -> Call[None]:
    # Lucid refuses to delete the last grant of a data set or data source (400).
    return data_call("DELETE", f"{path}/{grant_id}", nothing)


# ----------------------------------------------------------------------------- properties
# /dataSets/{id}/properties and /collections/{id}/properties: a map of name -> JSON value.

def _bag(response: Any) -> dict[str, Any]:
    body = json_body(response)
    return body if isinstance(body, dict) else {}


def get_properties(path: str) -> Call[dict[str, Any]]:
    return data_call("GET", path, _bag)


def update_properties(path: str, properties: Mapping[str, Any]) -> Call[dict[str, Any]]:
    return data_call("PATCH", path, _bag, json=dict(properties), idempotent=True)


def delete_properties(path: str, property_names: Iterable[str]) -> Call[Outcome]:
    return data_call("DELETE", path, outcome, params={"properties": names(property_names)})
