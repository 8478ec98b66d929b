"""Key/value state of the server itself, e.g. signing secrets made on first use."""

from __future__ import annotations

import secrets
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from . import tables as t
from .db import Store


def get_or_create(store: Store, key: str, make: Callable[[], str] = lambda: secrets.token_urlsafe(48)) -> str:
    """The value under `key`, created once; concurrent first uses agree on one value."""
    query = sa.select(t.server_state.c.value).where(t.server_state.c.key == key)
    with store.read() as conn:
        value = conn.execute(query).scalar()
    if value is not None:
        return value
    try:
        with store.write() as conn:
            conn.execute(sa.insert(t.server_state).values(key=key, value=make()))
    except IntegrityError:
        pass  # another process or thread stored it first
    with store.read() as conn:
        return conn.execute(query).scalar_one()
