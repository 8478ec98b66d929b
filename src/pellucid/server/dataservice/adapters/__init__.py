"""The Data Service adapters of seed 001: CSV, Excel (.xlsx) and Google Sheets."""

from . import csv, excel, google_sheets  # each registers its routes
from .common import routes

ROUTE_TABLES = [routes, google_sheets.browser]
# Bootstrap document: adapter name -> endpoint.
ENDPOINTS = {"csv": "/adapter/csv", "excel": "/adapter/excel", "googleSheets": "/adapter/googleSheets"}
# GET /rateLimits `adapterTypes`: the adapterType of the data sources each adapter makes.
ADAPTER_TYPES = [csv.ADAPTER_TYPE, excel.ADAPTER_TYPE, google_sheets.ADAPTER_TYPE]
