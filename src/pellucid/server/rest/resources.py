"""JSON resources of seed 002 built from store rows."""

from __future__ import annotations

from sqlalchemy.engine import Row

from ..store.accounts import user_roles


def user_resource(user: Row) -> dict:
    """The "User" resource."""
    return {
        "accountId": user.account_id,
        "email": user.email,
        "name": f"{user.first_name} {user.last_name}".strip(),
        "userId": user.id,
        "username": user.username,
        "roles": user_roles(user),
    }


def profile_resource(user: Row) -> dict:
    """The "Profile" resource."""
    return {
        "accountId": user.account_id,
        "username": user.username,
        "email": user.email,
        "fullName": f"{user.first_name} {user.last_name}".strip(),
        "id": user.id,
    }


def account_resource(account: Row) -> dict:
    """The "Account Information" resource."""
    return {"id": account.id, "name": account.name}
