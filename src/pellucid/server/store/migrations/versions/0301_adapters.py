"""Google Sheets adapter: linked Google accounts and pending link requests

Revision ID: 0301
Revises: 0201
"""

import sqlalchemy as sa
from alembic import op

revision = "0301"
down_revision = "0201"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "google_credentials",
        sa.Column("user_id", ID, nullable=False),
        sa.Column("access_token", sa.LargeBinary(), nullable=False),
        sa.Column("access_expires", sa.BigInteger(), nullable=False),
        sa.Column("refresh_token", sa.LargeBinary(), nullable=True),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sa.Column("updated", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_google_credentials_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_google_credentials")),
    )
    op.create_table(
        "google_link_requests",
        sa.Column("state_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("verifier", sa.LargeBinary(), nullable=False),
        sa.Column("browser_hash", sa.LargeBinary(length=32), nullable=True),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sa.Column("expires", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_google_link_requests_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("state_hash", name=op.f("pk_google_link_requests")),
    )
    op.create_index(op.f("ix_google_link_requests_expires"), "google_link_requests", ["expires"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_google_link_requests_expires"), table_name="google_link_requests")
    op.drop_table("google_link_requests")
    op.drop_table("google_credentials")
