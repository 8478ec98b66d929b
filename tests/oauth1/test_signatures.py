"""Every signature method and every place the protocol parameters may travel (RFC 5849 §3.4,
§3.5), signed by Authlib; HMAC-SHA256, which Authlib lacks, is registered on it here."""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import parse_qsl

import pytest
from authlib.oauth1 import ClientAuth
from authlib.oauth1.rfc5849.signature import generate_signature_base_string
from authlib.oauth1.rfc5849.util import escape
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.oauth.flow import PASSWORD

from .conftest import CALLBACK, Legacy

pytestmark = pytest.mark.wire


def _hmac_sha256(client, request) -> str:
    base = generate_signature_base_string(request)
    key = f"{escape(client.client_secret or '')}&{escape(client.token_secret or '')}"
    return base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha256).digest()).decode()


ClientAuth.register_signature_method("HMAC-SHA256", _hmac_sha256)


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem(key: rsa.RSAPrivateKey) -> tuple[str, str]:
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


@pytest.fixture
def rsa_legacy(server, rsa_key) -> Legacy:
    _, public = _pem(rsa_key)
    return Legacy(server, server.consumer([CALLBACK], rsa_public_key=public), server.user(password=PASSWORD))


METHODS = ["HMAC-SHA1", "HMAC-SHA256", "PLAINTEXT"]
PLACES = ["HEADER", "QUERY"]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("method", METHODS)
def test_signed_data_service_requests(legacy, method, place):
    token = legacy.server.oauth1_token(legacy.consumer, legacy.user["userId"])
    auth = legacy.auth(token, signature_method=method, signature_type=place)
    response = legacy.get("/dataSets", auth, params={"start": "1"})
    assert response.status_code == 200, response.text
    wrong = legacy.auth({**token, "oauth_token_secret": "wrong"}, signature_method=method, signature_type=place)
    assert legacy.get("/dataSets", wrong).status_code == 401


@pytest.mark.parametrize("method", METHODS)
def test_the_whole_flow_with_each_method_and_form_body_parameters(legacy, method):
    """The token endpoints with the oauth_ parameters in a form body (signature type BODY)."""
    token = legacy.credentials(signature_method=method, signature_type="BODY")
    assert legacy.get("/dataSets", legacy.auth(token, signature_method=method)).status_code == 200


def test_rsa_sha1_with_the_consumers_registered_public_key(rsa_legacy, rsa_key):
    private, _ = _pem(rsa_key)
    token = rsa_legacy.credentials(signature_method="RSA-SHA1", rsa_key=private)
    auth = rsa_legacy.auth(token, signature_method="RSA-SHA1", rsa_key=private)
    assert rsa_legacy.get("/dataSets", auth).status_code == 200
    created = rsa_legacy.server.client.post("/dataSets", auth=auth, headers={"Accept": "application/json;v=1"},
                                            json={"name": "rsa", "properties": {}})
    assert created.status_code == 200, created.text


def test_rsa_sha1_with_another_key_is_a_bad_signature(rsa_legacy):
    stranger, _ = _pem(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    token = rsa_legacy.server.oauth1_token(rsa_legacy.consumer, rsa_legacy.user["userId"])
    response = rsa_legacy.get("/dataSets", rsa_legacy.auth(token, signature_method="RSA-SHA1", rsa_key=stranger))
    assert response.status_code == 401 and response.json()["message"].startswith("Invalid OAuth signature")


def test_rsa_sha1_without_a_registered_key_says_so(legacy, rsa_key):
    private, _ = _pem(rsa_key)
    token = legacy.server.oauth1_token(legacy.consumer, legacy.user["userId"])
    response = legacy.get("/dataSets", legacy.auth(token, signature_method="RSA-SHA1", rsa_key=private))
    assert response.status_code == 401 and "no RSA public key registered" in response.json()["message"]


def test_unsupported_signature_methods_are_400(legacy):
    client = legacy.client(signature_method="HMAC-SHA256")
    ClientAuth.register_signature_method("HMAC-SHA512", _hmac_sha256)  # any name the server does not offer
    response = legacy.client(signature_method="HMAC-SHA512").post(legacy.url("/oauth/requestToken"))
    assert response.status_code == 400
    assert "HMAC-SHA512" in dict(parse_qsl(response.text))["error_description"]
    assert client.post(legacy.url("/oauth/requestToken")).status_code == 200
