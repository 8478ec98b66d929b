"""Embeds in the browser: a client's registered embed domains; an embed's viewer type and snapshot version

Revision ID: 0901
Revises: 0801
"""

import sqlalchemy as sa
from alembic import op

revision = "0901"
down_revision = "0801"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("oauth_clients") as batch:
        batch.add_column(sa.Column("embed_domains", sa.Text(), nullable=False, server_default="[]"))
    with op.batch_alter_table("embeds") as batch:
        batch.add_column(sa.Column("viewer_type", sa.String(8), nullable=True))
        batch.add_column(sa.Column("snapshot_version", sa.BigInteger(), nullable=True))
    # A snapshot made before this revision shows the document version it was taken at.
    op.execute(
        "UPDATE embeds SET snapshot_version = (SELECT documents.version FROM documents "
        "WHERE documents.id = embeds.document_id) WHERE version = 'snapshot-version'"
    )


def downgrade() -> None:
    with op.batch_alter_table("embeds") as batch:
        batch.drop_column("snapshot_version")
        batch.drop_column("viewer_type")
    with op.batch_alter_table("oauth_clients") as batch:
        batch.drop_column("embed_domains")
