"""The one `metadata` every table joins, and the column types they share.

Timestamps are integer milliseconds since the epoch (UTC) on both backends.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # INTEGER PRIMARY KEY is SQLite's rowid
MILLIS = sa.BigInteger


def id_column() -> sa.Column:
    """An autoincrementing `id` primary key."""
    return sa.Column("id", ID, primary_key=True, autoincrement=True)
