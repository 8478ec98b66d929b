"""The Lucid Data Service API (seed 001, and the Data section of seed 002)."""

ROUTE_TABLES: list = []
