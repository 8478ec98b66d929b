"""Alembic environment: always run on the connection the Store hands over."""

from alembic import context

from pellucid.server.store.tables import metadata


def include_object(obj, name, type_, reflected, compare_to):
    """Per-collection item tables are created at run time, never by migrations."""
    return not (type_ == "table" and name.startswith("items_"))


connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic revision --autogenerate` by hand
    raise RuntimeError("run migrations through pellucid.server.store.db.Store.migrate()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    include_object=include_object,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
