"""Migration 0901 on a database that already holds clients and snapshot embeds: clients get no
embed domains, and a snapshot shows the document version it was taken at."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from pellucid.server import admin
from pellucid.server.store import documents, embeds
from pellucid.server.store import tables as t
from pellucid.server.store.db import MIGRATIONS, Store
from tests.support.harness import Database, database_kind


def _migrate_to(store: Store, revision: str, step=command.downgrade) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.connect() as conn:
        config.attributes["connection"] = conn
        step(config, revision)
        conn.commit()


@pytest.fixture
def store(tmp_path):
    database = Database(database_kind(), tmp_path)
    store = Store(database.url, pool_size=1)
    store.migrate()
    yield store
    store.dispose()
    database.drop()


def test_0901_keeps_clients_and_snapshots(store):
    account = admin.create_account(store, "Acme")
    user = admin.create_user(store, account_id=account["id"], email="ann@acme.test", first_name="Ann",
                             last_name="Lee")
    client = admin.create_client(store, "app", ["https://app.example/cb"], embed_domains=["https://app.example"])
    with store.write() as conn:
        document = documents.create(conn, account_id=account["id"], owner_id=user["userId"], title="Plan",
                                    product="lucidchart", parent_id=None)
        conn.execute(sa.update(t.documents).where(t.documents.c.id == document.id).values(version=7))
        document = documents.get(conn, document.id)
        snapshot = embeds.create(conn, document, embeds.SNAPSHOT, account_id=account["id"], user_id=user["userId"])
        latest = embeds.create(conn, document, embeds.LATEST, account_id=account["id"], user_id=user["userId"])

    _migrate_to(store, "0801")
    _migrate_to(store, "head", command.upgrade)

    with store.read() as conn:
        assert embeds.get(conn, snapshot.id).snapshot_version == 7
        assert embeds.get(conn, latest.id).snapshot_version is None
        assert embeds.get(conn, snapshot.id).viewer_type is None
        migrated = conn.execute(sa.select(t.oauth_clients.c.embed_domains)
                                .where(t.oauth_clients.c.client_id == client["client_id"])).scalar_one()
    assert migrated == "[]"  # registered again with --embed-domain to allow direct embeds
