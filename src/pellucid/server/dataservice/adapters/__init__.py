"""The Data Service adapters of seed 001: CSV, Excel (.xlsx) and Google Sheets."""

from . import csv, excel, google_sheets  # noqa: F401  (each registers its routes)
from .common import routes

ROUTE_TABLES = [routes, google_sheets.browser]
# Bootstrap document: adapter name -> endpoint.
ENDPOINTS = {"csv": "/adapter/csv", "excel": "/adapter/excel", "googleSheets": "/adapter/googleSheets"}
