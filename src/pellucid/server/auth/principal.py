"""The caller behind a bearer token."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Principal:
    token_type: str  # "user" | "account"
    account_id: int
    user_id: int | None  # None for account tokens
    scopes: frozenset[str]
    client_id: int  # oauth_clients.id
    grant_id: int
    expires: int = 0  # epoch ms when the access token expires

    @property
    def rate_key(self) -> str:
        """The "token principal" rate limits are counted against (user and account apart)."""
        if self.token_type == "user":
            return f"user:{self.user_id}"
        return f"account:{self.account_id}"
