"""Accounts, users and profiles (seed 002, "Accounts" and "Users")."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Model


@dataclass
class Account(Model):
    """The "Account Information" resource."""

    id: int | None = None
    name: str | None = None


@dataclass
class User(Model):
    """The "User" resource."""

    user_id: int | None = None
    account_id: int | None = None
    email: str | None = None
    name: str | None = None
    username: str | None = None
    roles: list[str] | None = None


@dataclass
class Profile(Model):
    """The "Profile" resource (`/users/me/profile`, search by email)."""

    id: int | None = None
    account_id: int | None = None
    username: str | None = None
    email: str | None = None
    full_name: str | None = None
