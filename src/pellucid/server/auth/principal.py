"""The caller behind a bearer token (or an OAuth 1.0 signature)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Principal:
    token_type: str  # "user" | "account"
    account_id: int
    user_id: int | None  # None for account tokens
    scopes: frozenset[str]
    client_id: int  # oauth_clients.id; oauth1_consumers.id for OAuth 1.0
    grant_id: int  # oauth_grants.id; oauth1_access_tokens.id for OAuth 1.0
    protocol: str = "oauth2"  # "oauth1": a signed request of the legacy Data Service credentials
    expires: int = 0  # epoch ms when the access token expires (0: never, OAuth 1.0)

    @property
    def rate_key(self) -> str:
        """The "token principal" rate limits are counted against (user and account apart)."""
        if self.token_type == "user":
            return f"user:{self.user_id}"
        return f"account:{self.account_id}"
