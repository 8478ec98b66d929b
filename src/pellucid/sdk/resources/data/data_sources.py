"""`client.data.data_sources` and `client.data.source_grants`."""

from __future__ import annotations

from collections.abc import Mapping

from ..._call import Call, nothing
from ..._resource import Mode, Resource, endpoint, paged
from ..._types import NOT_GIVEN, NotGiven, given, present
from ...models.data import DataSource, SourceGrant
from ...pagination import PageData
from . import _shared
from ._common import (
    DataSetRef,
    DataSourceRef,
    count,
    data_call,
    data_list,
    data_model,
    ref_id,
    ref_link,
)


class DataSources(Resource[Mode]):
    """Data sources: think of a spreadsheet file, holding collections (sheets)."""

    @endpoint
    def count(self, *, data_set: DataSetRef | None = None) -> Call[int]:
        """How many data sources the user can access (`Lucid-DataSources-Total`)."""
        return count("/dataSources", "Lucid-DataSources-Total", {"dataSet": self._set_link(data_set)})

    @paged
    def list(self, *, data_set: DataSetRef | None = None, start: int | None = None, end: int | None = None,
             page_size: int | None = None) -> Call[PageData[DataSource]]:
        """The user's data sources (of one data set, if given), auto-paging."""
        return data_list("/dataSources", "dataSources", DataSource, start, end, page_size,
                         params={"dataSet": self._set_link(data_set)})

    @endpoint
    def get(self, data_source: DataSourceRef) -> Call[DataSource]:
        """A data source; `link_parameters` are shown to its creator only."""
        return data_model("GET", f"/dataSources/{ref_id(data_source, 'data source')}", DataSource)

    @endpoint
    def create(self, name: str, *, adapter_type: str | None = None, data_set: DataSetRef | None = None,
               pending: bool | None = None) -> Call[DataSource]:
        """Create a data source (and an edit grant for the caller). `adapter_type` defaults to UNKNOWN;
        use "DATA_API" for sources an integration keeps up to date."""
        body = present({"name": name, "adapterType": adapter_type, "dataSet": self._set_link(data_set),
                        "pending": pending})
        return data_model("POST", "/dataSources", DataSource, json=body)

    @endpoint
    def update(self, data_source: DataSourceRef, *, name: str | NotGiven = NOT_GIVEN,
               adapter_type: str | NotGiven = NOT_GIVEN, link_parameters: Mapping[str, str] | NotGiven = NOT_GIVEN,
               data_set: DataSetRef | None | NotGiven = NOT_GIVEN) -> Call[DataSource]:
        """Change a data source; `data_set=None` takes it out of its data set."""
        link = NOT_GIVEN if data_set is NOT_GIVEN else self._set_link(data_set)
        body = given(name=name, adapterType=adapter_type, linkParameters=link_parameters, dataSet=link)
        return data_model("PATCH", f"/dataSources/{ref_id(data_source, 'data source')}", DataSource, json=body,
                          idempotent=True)

    @endpoint
    def delete(self, data_source: DataSourceRef) -> Call[None]:
        """Delete a data source with its collections, schemas and items."""
        return data_call("DELETE", f"/dataSources/{ref_id(data_source, 'data source')}", nothing)

    def _set_link(self, data_set: DataSetRef | None) -> str | None:
        return None if data_set is None else ref_link(self._urls.data, data_set, "dataSets", "data set")


class SourceGrants(Resource[Mode]):
    """Who may view or edit a data source: users, accounts, or everyone with access to a document."""

    @endpoint
    def list(self, data_source: DataSourceRef) -> Call[list[SourceGrant]]:
        """Every grant of a data source (not paginated)."""
        return _shared.list_grants("/sourceGrants", "dataSource", self._link(data_source), SourceGrant)

    @endpoint
    def get(self, grant: int | str | SourceGrant) -> Call[SourceGrant]:
        """One grant, by its id or link (not the `identifier`)."""
        return _shared.get_grant("/sourceGrants", ref_id(grant, "source grant"), SourceGrant)

    @endpoint
    def create(self, data_source: DataSourceRef, *, permission_type: _shared.PermissionType, identifier: str | int,
               role: _shared.GrantRole) -> Call[SourceGrant]:
        """Grant `role` to a user id, an account id or a document id (`permission_type`)."""
        return _shared.create_grant("/sourceGrants", "dataSource", self._link(data_source), permission_type,
                                    identifier, role, SourceGrant)

    @endpoint
    def delete(self, grant: int | str | SourceGrant) -> Call[None]:
        """Delete a grant (never the last one of a data source: 400)."""
        return _shared.delete_grant("/sourceGrants", ref_id(grant, "source grant"))

    def _link(self, data_source: DataSourceRef) -> str:
        return ref_link(self._urls.data, data_source, "dataSources", "data source")
