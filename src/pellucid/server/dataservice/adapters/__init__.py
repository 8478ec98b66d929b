"""The Data Service adapters of seed 001: CSV, Excel (.xlsx) and Google Sheets."""

from . import csv, excel
from .common import routes

ROUTE_TABLES = [routes]
# Bootstrap document: adapter name -> endpoint.
ENDPOINTS = {"csv": "/adapter/csv", "excel": "/adapter/excel"}
