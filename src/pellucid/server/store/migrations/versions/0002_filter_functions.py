"""filter functions: the PostgreSQL twins of the SQLite functions of store.sqlfunctions

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from pellucid.server.store import sqlfunctions

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite registers these functions on every connection instead.
    if op.get_bind().dialect.name == "postgresql":
        for statement in sqlfunctions.POSTGRES_DDL:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in sqlfunctions.POSTGRES_DROP:
            op.execute(statement)
