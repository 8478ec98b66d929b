"""Collection counters: how far filter columns are computed, and the schema version

Revision ID: 0302
Revises: 0301
"""

import sqlalchemy as sa
from alembic import op

revision = "0302"
down_revision = "0301"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing items were written with their filter columns, so every collection starts current.
    with op.batch_alter_table("collections") as batch:
        batch.add_column(sa.Column("filterable_through", sa.BigInteger(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("schema_version", sa.BigInteger(), nullable=False, server_default="0"))
    op.execute("UPDATE collections SET filterable_through = next_seq - 1")


def downgrade() -> None:
    with op.batch_alter_table("collections") as batch:
        batch.drop_column("schema_version")
        batch.drop_column("filterable_through")
