"""Signatures made by our signer pass the official SignatureValidator; our verifier agrees."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization

from pellucid.protocol import ActionEnvelope, ActionRequestSigner
from pellucid.protocol.jsjson import stringify
from pellucid.protocol.signature import (
    generate_private_key,
    load_public_key,
    public_key_pem,
    query_of,
    sign,
    verify,
)
from tests.interop.oracle import oracle

KEY = generate_private_key()
PEM = public_key_pem(KEY)
PKCS1_PEM = (
    KEY.public_key()
    .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.PKCS1)
    .decode()
)


def _envelope() -> ActionEnvelope:
    return ActionEnvelope(
        "Import",
        "pkg",
        "conn",
        action_data={"t": "é ✓ 😀 \u2028", "n": [1.0, 1e21]},
        package_version="1.0.0",
        user_credential="tok",
        document_update_token="doc",
        document_collections={"items": ['"a"']},
        user_id=5,
    )


def test_official_validator_accepts_our_signatures_and_rejects_tampering() -> None:
    url = "http://127.0.0.1:3001/?kind=action&name=Import"
    signed = ActionRequestSigner(KEY).sign_request(url, _envelope(), nonce="n0nce")
    body = signed.body.decode()
    sig = signed.headers["X-Lucid-Signature"]
    cases = [
        {"pem": PEM, "url": url, "body": body, "nonce": "n0nce", "signature": sig},
        {
            "pem": PKCS1_PEM,
            "url": "/?kind=action&name=Import",
            "body": body,
            "nonce": "n0nce",
            "signature": sig,
        },
        {"pem": PEM, "url": url, "body": body + " ", "nonce": "n0nce", "signature": sig},
        {"pem": PEM, "url": url, "body": body, "nonce": "n0nce!", "signature": sig},
        {"pem": PEM, "url": url + "x", "body": body, "nonce": "n0nce", "signature": sig},
        {"pem": PEM, "url": "/", "body": "{}", "nonce": "z", "signature": sign(KEY, "{}", "z", "")},
        {
            "pem": PEM,
            "url": "/?a=b?c",
            "body": "{}",
            "nonce": "z",
            "signature": sign(KEY, "{}", "z", "a=b"),
        },
        {
            "pem": PEM,
            "url": "/?q",
            "body": "{}",
            "nonce": "z",
            "signature": sign(KEY, "{}", "z", "q").rstrip("="),
        },
    ]
    expected = [True, True, False, False, False, True, True, True]
    assert oracle("verify", cases) == expected
    public = load_public_key(PEM)
    ours = [
        verify(load_public_key(c["pem"]), c["body"], c["nonce"], query_of(c["url"]), c["signature"])
        for c in cases
    ]
    assert ours == expected
    assert public is not None


def test_signed_body_is_json_stringify_and_headers_are_complete() -> None:
    envelope = _envelope()
    signed = ActionRequestSigner(KEY).sign_request("https://svc.test/lucid/import", envelope)
    assert signed.body == stringify(envelope.to_json()).encode()
    assert ActionEnvelope.from_json(envelope.to_json()) == envelope
    assert set(signed.headers) == {
        "Content-Type",
        "X-Lucid-Signature",
        "X-Lucid-RSA-Nonce",
        "Authorization",
    }
    assert signed.headers["Authorization"] == "Bearer tok"
    assert verify(
        KEY.public_key(),
        signed.body,
        signed.headers["X-Lucid-RSA-Nonce"],
        "",
        signed.headers["X-Lucid-Signature"],
    )
    assert not verify(
        KEY.public_key(), signed.body, "other", "", signed.headers["X-Lucid-Signature"]
    )
    assert not verify(
        KEY.public_key(),
        signed.body,
        signed.headers["X-Lucid-RSA-Nonce"],
        "q",
        signed.headers["X-Lucid-Signature"],
    )
    assert not verify(KEY.public_key(), signed.body, "n", "", base64.b64encode(b"junk").decode())
