"""Random credentials and their hashes. Only hashes reach the database."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

TOKEN_PREFIX = "oauth2-"


def new_token() -> str:
    """An opaque bearer credential in Lucid's `oauth2-...` shape."""
    return TOKEN_PREFIX + secrets.token_urlsafe(48)


def new_client_id() -> str:
    return secrets.token_urlsafe(30)


def new_client_secret() -> str:
    return secrets.token_urlsafe(48)


def digest(secret: str) -> bytes:
    """sha256 is right for high-entropy random secrets (tokens, client secrets)."""
    return hashlib.sha256(secret.encode()).digest()


def matches(secret: str, stored_digest: bytes) -> bool:
    return hmac.compare_digest(digest(secret), stored_digest)


_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def hash_password(password: str) -> str:
    """Passwords are low-entropy: scrypt with a per-password salt."""
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(key).decode()


def check_password(password: str, stored: str | None) -> bool:
    if not stored or not stored.startswith("scrypt$"):
        return False
    _, salt, key = stored.split("$")
    candidate = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), **_SCRYPT)
    return hmac.compare_digest(candidate, base64.b64decode(key))


def new_session_id() -> str:
    """Browser session ids and authorization codes: 256 random bits, url-safe."""
    return secrets.token_urlsafe(33)
