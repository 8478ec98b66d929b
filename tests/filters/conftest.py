"""Real databases for the SQL translation: SQLite through the project's Store (which registers
the SQL functions) and a scratch PostgreSQL database migrated to head (which creates them)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pellucid.server.store.db import Store
from tests.filters.support import DOC_ITEMS, FIELD_NAMES, ItemTable, make_items
from tests.support.harness import Database

DOC_FIELDS = sorted({name for item in DOC_ITEMS for name in item} - {"id"})
GENERATED_ITEMS = make_items(seed=20240501, count=300)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def store(request, tmp_path_factory) -> Iterator[Store]:
    database = Database(request.param, tmp_path_factory.mktemp(f"filters-{request.param}"))
    store = Store(database.url, pool_size=2)
    try:
        store.migrate()
        yield store
    finally:
        store.dispose()
        database.drop()


@pytest.fixture(scope="session")
def doc_table(store: Store) -> ItemTable:
    return ItemTable.create(store.engine, "filter_doc_items", DOC_FIELDS, DOC_ITEMS)


@pytest.fixture(scope="session")
def generated_table(store: Store) -> ItemTable:
    return ItemTable.create(store.engine, "filter_generated_items", FIELD_NAMES, GENERATED_ITEMS)
