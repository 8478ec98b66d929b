"""OAuth 2.0 resources: the token pair and the introspection answer (snake_case on the wire)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar

from .base import Model


@dataclass
class OAuthToken(Model):
    """The "OAuth2 Token" resource: an access token, and a refresh token with `offline_access`.

    `expires` is Lucid's expiry in milliseconds since the epoch; `expires_in` its lifetime in
    seconds when issued. Account tokens carry `account_id` where user tokens carry `user_id`.
    """

    json_case: ClassVar[str] = "snake"

    access_token: str = ""
    refresh_token: str | None = None
    user_id: int | None = None
    account_id: int | None = None
    client_id: str | None = None
    expires_in: int | None = None
    expires: int | None = None
    scopes: list[str] | None = None
    token_type: str | None = None

    def __post_init__(self) -> None:
        # Keep an absolute expiry even when the server sent only `expires_in`.
        if self.expires is None and self.expires_in is not None:
            self.expires = int((time.time() + self.expires_in) * 1000)

    @property
    def expires_at(self) -> datetime | None:
        """When the access token expires (aware UTC), if known."""
        if self.expires is None:
            return None
        return datetime.fromtimestamp(self.expires / 1000, tz=UTC)

    def __repr__(self) -> str:  # never print secrets in logs or tracebacks
        return (f"OAuthToken(access_token='{self.access_token[:10]}…', refresh_token="
                f"{'present' if self.refresh_token else None}, user_id={self.user_id}, "
                f"account_id={self.account_id}, scopes={self.scopes}, expires={self.expires})")


@dataclass
class TokenIntrospection(Model):
    """The "OAuth2 Introspect Token" resource; only `active` is set for a dead token."""

    json_case: ClassVar[str] = "snake"

    active: bool = False
    user_id: int | None = None
    account_id: int | None = None
    client_id: str | None = None
    token_type: str | None = None
    scope: str | None = None
    expires_in: int | None = None
    expires: int | None = None

    @property
    def scopes(self) -> list[str]:
        """`scope` split into a list."""
        return self.scope.split() if self.scope else []


@dataclass
class AuthorizationServerMetadata(Model):
    """RFC 8414 metadata (`/.well-known/oauth-authorization-server`)."""

    json_case: ClassVar[str] = "snake"

    issuer: str | None = None
    authorization_endpoint: str | None = None
    token_endpoint: str | None = None
    introspection_endpoint: str | None = None
    revocation_endpoint: str | None = None
    scopes_supported: list[str] | None = None
    response_types_supported: list[str] | None = None
    grant_types_supported: list[str] | None = None
    code_challenge_methods_supported: list[str] | None = None
