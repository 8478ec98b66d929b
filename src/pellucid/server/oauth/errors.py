"""OAuth 2.0 error responses (RFC 6749 §4.1.2.1 and §5.2)."""

from __future__ import annotations

from typing import Any

from ..http.errors import ApiError

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class OAuthError(ApiError):
    """An RFC 6749 §5.2 error: `{"error", "error_description"}`, rendered by the dispatcher.

    The token endpoints speak RFC 6749 rather than Lucid's `{"code", "message"}` object, since
    every OAuth client library reads `error`. Status 400, except bad client credentials, which
    seed 002 documents as 403 (RFC 6749 would say 401).
    """

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(status, error, description, headers=dict(NO_STORE))

    def body(self, request_id: str) -> dict[str, Any]:
        """The RFC 6749 error object, not Lucid's `{code, message}`."""
        return {"error": self.code, "error_description": self.message}


def invalid_client() -> OAuthError:
    """403, as seed 002 documents (RFC 6749 says 401), for an unknown client or wrong secret."""
    return OAuthError("invalid_client", "Client authentication failed: unknown client_id or wrong client_secret", 403)


def invalid_request(description: str) -> OAuthError:
    """400 `invalid_request`: a parameter is missing, repeated or malformed."""
    return OAuthError("invalid_request", description)


def invalid_grant(description: str) -> OAuthError:
    """400 `invalid_grant`: the code or refresh token is unknown, used, expired or another's."""
    return OAuthError("invalid_grant", description)
