"""`client.data.adapters`: data sources from CSV files, Excel workbooks and Google Sheets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from ..._call import Call
from ..._resource import Mode, Resource, endpoint
from ..._types import FileInput, present
from ...models.data import DataSource
from .._common import file_part
from ._common import CollectionRef, DataSetRef, DataSourceRef, data_model, ref_link

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GrantType = Literal["user", "account", "document"]


class Adapters(Resource[Mode]):
    @endpoint
    def upload_csv(self, file: FileInput, *, permission_type: GrantType | None = None) -> Call[DataSource]:
        """A new data source named after the file, with one collection: a row per item, columns
        A, B, C, ... (and a metadata collection mapping items to row numbers)."""
        return data_model("POST", "/adapter/csv", DataSource, files={"file": file_part(file, "data.csv", CSV)},
                          params={"permissionType": permission_type})

    @endpoint
    def replace_csv(self, file: FileInput, *, data_source: DataSourceRef,
                    collection: CollectionRef | None = None) -> Call[DataSource]:
        """Overwrite the items of a data source's collection (name it when there are several)."""
        return data_model("PUT", "/adapter/csv", DataSource, files={"file": file_part(file, "data.csv", CSV)},
                          params=self._target(data_source, collection))

    @endpoint
    def upload_excel(self, file: FileInput, *, permission_type: GrantType | None = None) -> Call[DataSource]:
        """A new data source from an .xlsx workbook: a collection per sheet, with the six metadata
        collections (order, format, fill color, formula, text color, comments)."""
        return data_model("POST", "/adapter/excel", DataSource, files={"file": file_part(file, "data.xlsx", XLSX)},
                          params={"permissionType": permission_type})

    @endpoint
    def replace_excel(self, file: FileInput, *, data_source: DataSourceRef) -> Call[DataSource]:
        """Make a data source match a workbook: sheets matched by name keep their collections."""
        return data_model("PUT", "/adapter/excel", DataSource, files={"file": file_part(file, "data.xlsx", XLSX)},
                          params=self._target(data_source, None))

    @endpoint
    def google_sheets(self, doc_id: str, *, sheets: Sequence[str] | None = None, name: str | None = None,
                      data_set: DataSetRef | None = None,
                      permission_type: GrantType | None = None) -> Call[DataSource]:
        """Create or refresh a data source linked to a Google Sheet (the user must have linked Google)."""
        body = present({"docId": doc_id, "sheets": list(sheets) if sheets is not None else None, "name": name,
                        "dataSet": ref_link(self._urls.data, data_set, "dataSets", "data set") if data_set else None})
        return data_model("POST", "/adapter/googleSheets", DataSource, json=body,
                          params={"permissionType": permission_type})

    def _target(self, data_source: DataSourceRef, collection: CollectionRef | None) -> dict[str, str | None]:
        data = self._urls.data
        return {"dataSource": ref_link(data, data_source, "dataSources", "data source"),
                "collection": ref_link(data, collection, "collections", "collection") if collection is not None else None}
