"""PKCE (RFC 7636) for the authorization code flow: a secret verifier and its challenge."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from typing import Literal

Method = Literal["S256", "plain"]
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def generate_verifier(length: int = 64) -> str:
    """A random code verifier of `length` (43 to 128) unreserved characters."""
    if not 43 <= length <= 128:
        raise ValueError("a code verifier is 43 to 128 characters long")
    return secrets.token_urlsafe(length)[:length]


def challenge(verifier: str, method: Method = "S256") -> str:
    """The code challenge for a verifier: BASE64URL(SHA256(verifier)) without padding, or itself."""
    if not 43 <= len(verifier) <= 128 or not set(verifier) <= _UNRESERVED:
        raise ValueError("a code verifier is 43 to 128 characters of A-Z a-z 0-9 - . _ ~")
    if method == "plain":
        return verifier
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


@dataclass(frozen=True)
class PKCE:
    """A verifier (kept secret until the token request) and the challenge sent to the browser."""

    verifier: str
    challenge: str
    method: Method = "S256"

    @classmethod
    def generate(cls, method: Method = "S256") -> PKCE:
        """A fresh random verifier and its challenge."""
        verifier = generate_verifier()
        return cls(verifier, challenge(verifier, method), method)
