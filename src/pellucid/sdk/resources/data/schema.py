"""`client.data.schema`: a collection's field definitions."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import Any

from ..._call import Call, models, nothing
from ..._resource import Mode, Resource, endpoint
from ..._types import NOT_GIVEN, NotGiven, given
from ...models.data import FieldDefinition, Outcome
from ._common import (
    CollectionRef,
    FieldRef,
    data_call,
    data_model,
    names,
    outcome,
    ref_id,
    ref_link,
)
from .collections import FieldParam, schema_body


class Schema(Resource[Mode]):
    @endpoint
    def list(self, collection: CollectionRef) -> Call[list[FieldDefinition]]:
        """Every field definition of a collection."""
        return data_call("GET", f"{_path(collection)}", models(FieldDefinition))

    @endpoint
    def get(self, collection: CollectionRef, field: FieldRef) -> Call[FieldDefinition]:
        """One field definition of a collection."""
        return data_model("GET", f"{_path(collection)}/{ref_id(field, 'field')}", FieldDefinition)

    @endpoint
    def update(self, collection: CollectionRef,
               fields: Iterable[FieldDefinition | FieldParam]) -> Call[builtins.list[FieldDefinition]]:
        """Update fields (entries with a `uri`) and add fields (entries without one) at once.
        Modify the models `list()` returned and pass them back. Answers with those fields."""
        return data_call("PATCH", _path(collection), models(FieldDefinition), json=schema_body(fields))

    @endpoint
    def update_field(self, collection: CollectionRef, field: FieldRef, *, name: str | NotGiven = NOT_GIVEN,
                     field_type: str | NotGiven = NOT_GIVEN, is_primary: bool | NotGiven = NOT_GIVEN,
                     order: int | NotGiven = NOT_GIVEN, default: Any = NOT_GIVEN,
                     label: str | None | NotGiven = NOT_GIVEN) -> Call[FieldDefinition]:
        """Change one field definition; what is left out stays as it is."""
        body = given(name=name, fieldType=field_type, isPrimary=is_primary, order=order, default=default, label=label)
        return data_model("PATCH", f"{_path(collection)}/{ref_id(field, 'field')}", FieldDefinition, json=body,
                          idempotent=True)

    @endpoint
    def delete(self, collection: CollectionRef, field: FieldRef) -> Call[None]:
        """Delete a field definition and every item's value of it."""
        return data_call("DELETE", f"{_path(collection)}/{ref_id(field, 'field')}", nothing)

    @endpoint
    def delete_many(self, collection: CollectionRef, fields: Iterable[FieldRef]) -> Call[Outcome]:
        """Delete several field definitions of the collection (and their values)."""
        collection_id = ref_id(collection, "collection")
        links = [ref_link(self._urls.data, f, f"collections/{collection_id}/schema", "field") for f in fields]
        return data_call("DELETE", _path(collection), outcome, params={"fields": names(links)})


def _path(collection: CollectionRef) -> str:
    return f"/collections/{ref_id(collection, 'collection')}/schema"
