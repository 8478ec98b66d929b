"""Action request signatures: RSA PKCS#1 v1.5 + SHA-384 over UTF-8(body + nonce + raw query).

The verifier side is ``SignatureValidator.validate`` of the official SDK; the signer side is
what Lucid (and pellucid's server) does. Only the body, the ``X-Lucid-RSA-Nonce`` value and
the URL's raw query string (between the first ``?`` and the next ``?``, not decoded) are
signed; scheme, host, path and other headers are not.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from pellucid.protocol.jsjson import stringify

__all__ = [
    "NONCE_HEADER",
    "SIGNATURE_HEADER",
    "ActionRequestSigner",
    "SignedActionRequest",
    "generate_private_key",
    "load_private_key",
    "load_public_key",
    "new_nonce",
    "public_key_pem",
    "query_of",
    "sign",
    "signed_message",
    "verify",
]

SIGNATURE_HEADER = "X-Lucid-Signature"
NONCE_HEADER = "X-Lucid-RSA-Nonce"
PUBLIC_KEY_PATH = ".well-known/pem/TPCP"  # appended to the main URL


def query_of(url: str) -> str:
    """The signed part of a URL: JS ``url.split('?')[1] ?? ''``."""
    parts = url.split("?")
    return parts[1] if len(parts) > 1 else ""


def signed_message(body: str | bytes, nonce: str, query: str) -> bytes:
    """The exact bytes that are signed. A bytes body is read as Node reads it (UTF-8, lenient)."""
    text = (body.decode("utf-8", "replace") if isinstance(body, bytes) else body) + nonce + query
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: Node writes U+FFFD for them, joins pairs
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").encode("utf-8")


def sign(private_key: rsa.RSAPrivateKey, body: str | bytes, nonce: str, query: str) -> str:
    """The ``X-Lucid-Signature`` value (standard base64)."""
    sig = private_key.sign(signed_message(body, nonce, query), padding.PKCS1v15(), hashes.SHA384())
    return base64.b64encode(sig).decode("ascii")


def _lenient_b64decode(s: str) -> bytes:
    """Decode base64 like Node's ``Buffer.from(s, 'base64')`` (url-safe chars, no padding)."""
    cleaned = re.sub(r"[^A-Za-z0-9+/]", "", s.replace("-", "+").replace("_", "/").split("=")[0])
    cleaned = cleaned[: len(cleaned) - (len(cleaned) % 4 == 1)]
    try:
        return base64.b64decode(cleaned + "=" * (-len(cleaned) % 4))
    except (binascii.Error, ValueError):
        return b""


def verify(public_key: Any, body: str | bytes, nonce: str, query: str, signature: str) -> bool:
    """``SignatureValidator.validate``: does ``signature`` sign this body, nonce and query?"""
    try:
        public_key.verify(
            _lenient_b64decode(signature),
            signed_message(body, nonce, query),
            padding.PKCS1v15(),
            hashes.SHA384(),
        )
        return True
    except (InvalidSignature, ValueError, TypeError):
        return False


def new_nonce() -> str:
    """A fresh nonce (random hex; the format is unspecified, nothing checks it)."""
    return secrets.token_hex(16)


def generate_private_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    """A fresh RSA key for signing action requests (2048 bits unless asked otherwise)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def load_private_key(pem: str | bytes) -> rsa.RSAPrivateKey:
    """An RSA private key from unencrypted PEM; other key types are refused."""
    key = serialization.load_pem_private_key(
        pem.encode() if isinstance(pem, str) else pem, password=None
    )
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("an RSA private key is required")
    return key


def load_public_key(pem: str | bytes) -> rsa.RSAPublicKey:
    """Load SPKI (``BEGIN PUBLIC KEY``) or PKCS#1 (``BEGIN RSA PUBLIC KEY``) PEM, as Node does."""
    key = serialization.load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("an RSA public key is required")
    return key


def public_key_pem(key: rsa.RSAPrivateKey | rsa.RSAPublicKey) -> str:
    """The SPKI PEM to serve at ``{main}.well-known/pem/TPCP``."""
    pub = key.public_key() if isinstance(key, rsa.RSAPrivateKey) else key
    return pub.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


@dataclass(frozen=True)
class SignedActionRequest:
    """An action request ready to POST: send ``body`` byte for byte with ``headers`` to ``url``."""

    url: str
    body: bytes
    headers: dict[str, str]


class ActionRequestSigner:
    """Signs action requests the way Lucid does (the server side of the protocol)."""

    def __init__(self, private_key: rsa.RSAPrivateKey) -> None:
        self.private_key = private_key

    def sign_request(
        self, url: str, envelope: Any, *, nonce: str | None = None
    ) -> SignedActionRequest:
        """Serialize ``envelope`` (ActionEnvelope or JSON-able mapping) once, sign, build headers.

        The body is ``JSON.stringify``-identical so connectors that re-stringify a parsed body
        still verify. ``Authorization: Bearer <userCredential>`` is added when there is one.
        """
        obj = envelope.to_json() if hasattr(envelope, "to_json") else envelope
        text = stringify(obj)
        nonce = nonce or new_nonce()
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(self.private_key, text, nonce, query_of(url)),
            NONCE_HEADER: nonce,
        }
        credential = obj.get("userCredential") if isinstance(obj, Mapping) else None
        if isinstance(credential, str) and credential:
            headers["Authorization"] = f"Bearer {credential}"
        return SignedActionRequest(url, text.encode("utf-8"), headers)
