"""OAuth 2.0 authorization server: codes, browser sessions, spent refresh tokens

Revision ID: 0101
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0101"
down_revision = "0002"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("id_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("user_id", ID, nullable=True),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sa.Column("expires", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_web_sessions_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_web_sessions")),
    )
    op.create_index(op.f("ix_web_sessions_expires"), "web_sessions", ["expires"], unique=False)
    op.create_table(
        "oauth_codes",
        sa.Column("code_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("client_id", ID, nullable=False),
        sa.Column("token_type", sa.String(length=8), nullable=False),
        sa.Column("user_id", ID, nullable=True),
        sa.Column("account_id", ID, nullable=False),
        sa.Column("scopes", sa.Text(), nullable=False),
        sa.Column("redirect_uri", sa.Text(), nullable=False),
        sa.Column("code_challenge", sa.String(length=128), nullable=True),
        sa.Column("code_challenge_method", sa.String(length=8), nullable=True),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sa.Column("expires", sa.BigInteger(), nullable=False),
        sa.Column("used", sa.BigInteger(), nullable=True),
        sa.Column("grant_id", ID, nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_oauth_codes_account_id_accounts"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["client_id"], ["oauth_clients.id"], name=op.f("fk_oauth_codes_client_id_oauth_clients"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["grant_id"], ["oauth_grants.id"], name=op.f("fk_oauth_codes_grant_id_oauth_grants"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_oauth_codes_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_oauth_codes")),
    )
    op.create_index(op.f("ix_oauth_codes_expires"), "oauth_codes", ["expires"], unique=False)
    op.create_table(
        "oauth_spent_tokens",
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("grant_id", ID, nullable=False),
        sa.Column("expires", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["grant_id"], ["oauth_grants.id"], name=op.f("fk_oauth_spent_tokens_grant_id_oauth_grants"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_oauth_spent_tokens")),
    )
    op.create_index(op.f("ix_oauth_spent_tokens_expires"), "oauth_spent_tokens", ["expires"], unique=False)
    op.create_index(op.f("ix_oauth_spent_tokens_grant_id"), "oauth_spent_tokens", ["grant_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_oauth_spent_tokens_grant_id"), table_name="oauth_spent_tokens")
    op.drop_index(op.f("ix_oauth_spent_tokens_expires"), table_name="oauth_spent_tokens")
    op.drop_table("oauth_spent_tokens")
    op.drop_index(op.f("ix_oauth_codes_expires"), table_name="oauth_codes")
    op.drop_table("oauth_codes")
    op.drop_index(op.f("ix_web_sessions_expires"), table_name="web_sessions")
    op.drop_table("web_sessions")
