"""OAuth for MCP clients: public, registered and metadata-document clients; tokens bound to a resource

Revision ID: 0801
Revises: 0601
"""

import sqlalchemy as sa
from alembic import op

revision = "0801"
down_revision = "0601"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("oauth_clients") as batch:
        batch.add_column(sa.Column("auth_method", sa.String(32), nullable=False, server_default="client_secret_basic"))
        batch.add_column(sa.Column("application_type", sa.String(8), nullable=False, server_default="web"))
        batch.add_column(sa.Column("registration", sa.String(8), nullable=False, server_default="admin"))
        batch.add_column(sa.Column("metadata", sa.Text(), nullable=True))
        batch.add_column(sa.Column("document_expires", sa.BigInteger(), nullable=True))
    if op.get_bind().dialect.name != "sqlite":  # SQLite does not enforce VARCHAR lengths
        op.alter_column("oauth_clients", "client_id", type_=sa.String(2048), existing_nullable=False)
    for table in ("oauth_codes", "oauth_grants", "oauth_tokens"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("resource", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in ("oauth_tokens", "oauth_grants", "oauth_codes"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("resource")
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("oauth_clients", "client_id", type_=sa.String(64), existing_nullable=False)
    with op.batch_alter_table("oauth_clients") as batch:
        for column in ("document_expires", "metadata", "registration", "application_type", "auth_method"):
            batch.drop_column(column)
