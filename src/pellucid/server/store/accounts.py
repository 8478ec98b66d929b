"""Accounts and their users."""

from __future__ import annotations

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import tables as t
from .db import now_ms

LICENSES = ("enterprise", "team", "free")


class DuplicateUser(Exception):
    """A user with the same email or username exists (REST answers 409)."""


def create_account(conn: Connection, name: str | None, license: str = "enterprise") -> Row:
    """A new account with one of the licenses."""
    if license not in LICENSES:
        raise ValueError(f"license must be one of {', '.join(LICENSES)}")
    account_id = conn.execute(
        sa.insert(t.accounts).values(name=name, license=license, created=now_ms()).returning(t.accounts.c.id)
    ).scalar_one()
    return get_account(conn, account_id)


def get_account(conn: Connection, account_id: int) -> Row | None:
    """The account, None when there is none."""
    return conn.execute(sa.select(t.accounts).where(t.accounts.c.id == account_id)).first()


def create_user(
    conn: Connection, *, account_id: int, email: str, first_name: str, last_name: str,
    username: str | None = None, password_hash: str | None = None, roles: list[str] | None = None,
) -> Row:
    """A new user on the account; the email and username must be unused (DuplicateUser)."""
    username = username or email
    clash = conn.execute(
        sa.select(t.users.c.id).where(
            sa.or_(t.users.c.email_lower == email.lower(), t.users.c.username_lower == username.lower())
        )
    ).first()
    if clash is not None:
        raise DuplicateUser(f"A user with email {email!r} or username {username!r} already exists")
    user_id = conn.execute(
        sa.insert(t.users).values(
            account_id=account_id, email=email, email_lower=email.lower(), username=username,
            username_lower=username.lower(), first_name=first_name, last_name=last_name,
            password_hash=password_hash, roles=orjson.dumps(roles or []).decode(), created=now_ms(),
        ).returning(t.users.c.id)
    ).scalar_one()
    return get_user(conn, user_id)


def get_user(conn: Connection, user_id: int) -> Row | None:
    """The user, None when there is none."""
    return conn.execute(sa.select(t.users).where(t.users.c.id == user_id)).first()


def find_user_by_login(conn: Connection, login: str) -> Row | None:
    """A user by email or username, case-insensitively (the login form accepts either)."""
    key = login.strip().lower()
    return conn.execute(
        sa.select(t.users).where(sa.or_(t.users.c.email_lower == key, t.users.c.username_lower == key))
    ).first()


def user_roles(user: Row) -> list[str]:
    """The user's account roles."""
    return orjson.loads(user.roles)
