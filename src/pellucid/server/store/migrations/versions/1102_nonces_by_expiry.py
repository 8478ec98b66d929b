"""OAuth 1.0 nonces keyed by (expires, nonce_hash), without a rowid on SQLite: one b-tree

Revision ID: 1102
Revises: 1101

The nonces of the window are kept across the change, so no request signed before it can be
replayed after it.
"""

import sqlalchemy as sa
from alembic import op

revision = "1102"
down_revision = "1101"
branch_labels = None
depends_on = None


def _rebuild(*, by_expiry: bool) -> None:
    rows = [dict(row._mapping) for row in op.get_bind().execute(sa.text("SELECT nonce_hash, expires FROM oauth1_nonces"))]
    if by_expiry:
        op.drop_index(op.f("ix_oauth1_nonces_expires"), table_name="oauth1_nonces")
    op.drop_table("oauth1_nonces")
    if by_expiry:
        table = op.create_table(
            "oauth1_nonces",
            sa.Column("expires", sa.BigInteger(), nullable=False),
            sa.Column("nonce_hash", sa.LargeBinary(length=32), nullable=False),
            sa.PrimaryKeyConstraint("expires", "nonce_hash", name=op.f("pk_oauth1_nonces")),
            sqlite_with_rowid=False,
        )
    else:
        table = op.create_table(
            "oauth1_nonces",
            sa.Column("nonce_hash", sa.LargeBinary(length=32), nullable=False),
            sa.Column("expires", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("nonce_hash", name=op.f("pk_oauth1_nonces")),
        )
        op.create_index(op.f("ix_oauth1_nonces_expires"), "oauth1_nonces", ["expires"], unique=False)
    if rows:
        op.bulk_insert(table, rows)


def upgrade() -> None:
    _rebuild(by_expiry=True)


def downgrade() -> None:
    _rebuild(by_expiry=False)
