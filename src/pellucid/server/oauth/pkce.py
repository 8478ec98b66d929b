"""Proof Key for Code Exchange (RFC 7636), S256 and plain."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

METHODS = ("S256", "plain")
# RFC 7636 §4.1: 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~".
_SHAPE = re.compile(r"[A-Za-z0-9\-._~]{43,128}")


def well_formed(value: str) -> bool:
    """Challenges and verifiers share one shape (an S256 challenge is 43 characters)."""
    return _SHAPE.fullmatch(value) is not None


def challenge_of(verifier: str, method: str) -> str:
    """The challenge a verifier yields: itself for `plain`, else unpadded base64url SHA-256."""
    if method == "plain":
        return verifier
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def verify(verifier: str, challenge: str, method: str) -> bool:
    """Whether the verifier is well formed and yields the challenge, compared in constant time."""
    if not well_formed(verifier):
        return False
    return hmac.compare_digest(challenge_of(verifier, method), challenge)
