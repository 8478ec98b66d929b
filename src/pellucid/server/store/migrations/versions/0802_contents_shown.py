"""document contents: each version also holds its contents as shown (the pages' JSON, its linked items)

Revision ID: 0802
Revises: 0801
"""

import sqlalchemy as sa
from alembic import op

revision = "0802"
down_revision = "0801"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Versions stored before have neither; they are shown from their model when read.
    with op.batch_alter_table("document_contents") as batch:
        batch.add_column(sa.Column("shown_pages", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("shown_links", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("document_contents") as batch:
        batch.drop_column("shown_links")
        batch.drop_column("shown_pages")
