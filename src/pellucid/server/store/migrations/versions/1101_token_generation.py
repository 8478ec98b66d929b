"""The token generation: a number every update or delete of OAuth tokens and grants moves

Revision ID: 1101
Revises: 0902

Server processes cache token lookups and trust them only while the number is the one they read
with them (auth/tokens.py), so a revocation anywhere refuses the token on the next request in
every process. On SQLite a table rebuilt by a later batch migration loses its triggers: such a
migration must create them again (tests/oauth/test_revocation_across_processes.py fails if not).
"""

import sqlalchemy as sa
from alembic import op

revision = "1101"
down_revision = "0902"
branch_labels = None
depends_on = None

TABLES = ("oauth_tokens", "oauth_grants")
BUMP = "UPDATE oauth_token_generation SET value = value + 1 WHERE id = 1"


def upgrade() -> None:
    op.create_table(
        "oauth_token_generation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.execute("INSERT INTO oauth_token_generation (id, value) VALUES (1, 0)")
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for event in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_{event.lower()}_generation AFTER {event} ON {table} "
                           f"BEGIN {BUMP}; END")
        return
    op.execute(f"CREATE FUNCTION oauth_token_generation_bump() RETURNS trigger LANGUAGE plpgsql AS "
               f"$$ BEGIN {BUMP}; RETURN NULL; END $$")
    for table in TABLES:
        op.execute(f"CREATE TRIGGER {table}_generation AFTER UPDATE OR DELETE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION oauth_token_generation_bump()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for event in ("update", "delete"):
                op.execute(f"DROP TRIGGER {table}_{event}_generation")
    else:
        for table in TABLES:
            op.execute(f"DROP TRIGGER {table}_generation ON {table}")
        op.execute("DROP FUNCTION oauth_token_generation_bump()")
    op.drop_table("oauth_token_generation")
