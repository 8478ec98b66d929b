"""`client.data.data_sets` and `client.data.data_set_grants`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..._call import Call, nothing
from ..._resource import Mode, Resource, endpoint, paged
from ..._types import present
from ...models.data import DataSet, DataSetGrant, Outcome
from ...pagination import PageData
from . import _shared
from ._common import DataSetRef, count, data_call, data_list, data_model, ref_id, ref_link


class DataSets(Resource[Mode]):
    """Data sets: named groups of data sources (most integrations need none)."""

    @endpoint
    def count(self) -> Call[int]:
        """How many data sets the user can access (`Lucid-DataSets-Total`)."""
        return count("/dataSets", "Lucid-DataSets-Total")

    @paged
    def list(self, *, start: int | None = None, end: int | None = None,
             page_size: int | None = None) -> Call[PageData[DataSet]]:
        """The user's data sets in creation order, auto-paging over `next` links."""
        return data_list("/dataSets", "dataSets", DataSet, start, end, page_size)

    @endpoint
    def get(self, data_set: DataSetRef) -> Call[DataSet]:
        """A data set the user can access."""
        return data_model("GET", f"/dataSets/{ref_id(data_set, 'data set')}", DataSet)

    @endpoint
    def create(self, name: str, *, properties: Mapping[str, Any] | None = None) -> Call[DataSet]:
        """Create a data set (and an edit grant for the caller)."""
        return data_model("POST", "/dataSets", DataSet, json=present({"name": name, "properties": properties}))

    @endpoint
    def update(self, data_set: DataSetRef, *, name: str) -> Call[DataSet]:
        """Rename a data set (its name is the only field that changes)."""
        return data_model("PATCH", f"/dataSets/{ref_id(data_set, 'data set')}", DataSet, json={"name": name},
                          idempotent=True)

    @endpoint
    def delete(self, data_set: DataSetRef) -> Call[None]:
        """Delete a data set and its properties; its data sources stay, outside any set."""
        return data_call("DELETE", f"/dataSets/{ref_id(data_set, 'data set')}", nothing)

    @endpoint
    def properties(self, data_set: DataSetRef) -> Call[dict[str, Any]]:
        """The data set's properties."""
        return _shared.get_properties(f"/dataSets/{ref_id(data_set, 'data set')}/properties")

    @endpoint
    def update_properties(self, data_set: DataSetRef, properties: Mapping[str, Any]) -> Call[dict[str, Any]]:
        """Add or replace properties; answers with the ones changed."""
        return _shared.update_properties(f"/dataSets/{ref_id(data_set, 'data set')}/properties", properties)

    @endpoint
    def delete_properties(self, data_set: DataSetRef, names: Iterable[str]) -> Call[Outcome]:
        """Delete the named properties; `count` says how many went."""
        return _shared.delete_properties(f"/dataSets/{ref_id(data_set, 'data set')}/properties", names)


class DataSetGrants(Resource[Mode]):
    """Who may view or edit a data set: users, accounts, or everyone with access to a document."""

    @endpoint
    def list(self, data_set: DataSetRef) -> Call[list[DataSetGrant]]:
        """Every grant of a data set (not paginated)."""
        return _shared.list_grants("/dataSetGrants", "dataSet", self._link(data_set), DataSetGrant)

    @endpoint
    def get(self, grant: int | str | DataSetGrant) -> Call[DataSetGrant]:
        """One grant, by its id or link (not the `identifier`)."""
        return _shared.get_grant("/dataSetGrants", ref_id(grant, "data set grant"), DataSetGrant)

    @endpoint
    def create(self, data_set: DataSetRef, *, permission_type: _shared.PermissionType, identifier: str | int,
               role: _shared.GrantRole) -> Call[DataSetGrant]:
        """Grant `role` to a user id, an account id or a document id (`permission_type`)."""
        return _shared.create_grant("/dataSetGrants", "dataSet", self._link(data_set), permission_type, identifier,
                                    role, DataSetGrant)

    @endpoint
    def delete(self, grant: int | str | DataSetGrant) -> Call[None]:
        """Delete a grant (never the last one of a data set: 400)."""
        return _shared.delete_grant("/dataSetGrants", ref_id(grant, "data set grant"))

    def _link(self, data_set: DataSetRef) -> str:
        return ref_link(self._urls.data, data_set, "dataSets", "data set")
