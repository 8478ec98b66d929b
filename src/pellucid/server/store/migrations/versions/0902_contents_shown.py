"""document contents: each version also holds its contents as shown (the pages' JSON, its linked items)

Revision ID: 0902
Revises: 0901
"""

import sqlalchemy as sa
from alembic import op

revision = "0902"
down_revision = "0901"
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
