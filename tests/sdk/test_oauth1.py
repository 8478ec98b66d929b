"""The SDK's OAuth 1.0 side against the server: `OAuth1Flow` (the three legs) and clients that
sign Data Service calls with `Lucid(oauth1=...)`."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from pellucid.sdk import (
    AsyncLucid,
    AuthenticationError,
    AuthorizationCallbackError,
    BadRequestError,
    Lucid,
    LucidError,
    OAuth1Credentials,
    OAuth1Flow,
)
from tests.oauth.flow import PASSWORD, browser, csrf

from .conftest import Env, async_http, run, sync_http

CALLBACK = "http://127.0.0.1:9/sdk-callback"


def authorize_in_browser(env: Env, url: str, user: dict, action: str = "approve") -> str:
    """What the user does on the authorization page; the URL the browser is sent back to."""
    person = browser(env.server)
    page = person.get(url)
    person.post(url, data={"csrf_token": csrf(page), "action": "login", "login": user["email"], "password": PASSWORD})
    consent = person.get(url)
    return person.post(url, data={"csrf_token": csrf(consent), "action": action}).headers["location"]


def flow_for(env: Env, consumer: dict, **options) -> OAuth1Flow:
    return OAuth1Flow(consumer["consumer_key"], consumer["consumer_secret"], base_url=env.server.base_url,
                      http_client=sync_http(env.server), **options)


def test_three_legged_flow_then_a_signing_client(env: Env):
    consumer = env.server.consumer([CALLBACK])
    user = env.server.user(password=PASSWORD)
    flow = flow_for(env, consumer)
    temporary = flow.request_token(CALLBACK)
    url = flow.authorization_url(temporary)
    assert url.startswith(f"{env.server.base_url}/oauth/authorize?oauth_token=")
    callback_url = authorize_in_browser(env, url, user)
    credentials = flow.access_token(temporary, flow.verifier_from(callback_url, temporary))
    assert credentials.token and credentials.token_secret and credentials.consumer_key == consumer["consumer_key"]
    assert "secret" not in repr(credentials).lower().replace("consumer_key", "")

    with env.lucid(oauth1=credentials) as client:
        source = client.data.data_sources.create("Signed")
        collection = client.data.collections.create(source, "C", schema=[{"name": "A", "fieldType": "STRING"}])
        client.data.items.create(collection, [{"A": "x"}, {"A": "y"}])
        assert [item.fields["A"] for item in client.data.items.list(collection, filter='A = "y"')] == ["y"]
        with pytest.raises(LucidError, match="OAuth 1.0 credentials reach the Data Service only"):
            client.users.profile()


def test_a_refused_authorization_raises(env: Env):
    consumer = env.server.consumer([CALLBACK])
    user = env.server.user(password=PASSWORD)
    flow = flow_for(env, consumer)
    temporary = flow.request_token(CALLBACK)
    callback_url = authorize_in_browser(env, flow.authorization_url(temporary), user, action="deny")
    with pytest.raises(AuthorizationCallbackError) as refused:
        flow.verifier_from(callback_url, temporary)
    assert refused.value.error == "user_refused"
    with pytest.raises(AuthorizationCallbackError):
        flow.verifier_from(CALLBACK + "?oauth_token=another&oauth_verifier=x", temporary)


def test_token_endpoint_errors_carry_the_servers_message(env: Env):
    consumer = env.server.consumer([CALLBACK])
    with pytest.raises(BadRequestError, match="not supported"):
        flow_for(env, consumer).request_token("oob")
    with pytest.raises(AuthenticationError, match="Unknown OAuth consumer key") as unknown:
        flow_for(env, {"consumer_key": "nobody", "consumer_secret": "x"}).request_token(CALLBACK)
    assert unknown.value.code == "unauthorized"


@pytest.mark.parametrize("method", ["HMAC-SHA1", "HMAC-SHA256", "PLAINTEXT"])
def test_signature_methods(env: Env, method: str):
    credentials = env.oauth1_credentials(env.server.user()["userId"], signature_method=method)
    with env.lucid(oauth1=credentials) as client:
        assert client.data.data_sets.count() == 0
    with env.lucid(oauth1=OAuth1Credentials(credentials.consumer_key, "wrong", credentials.token,
                                            credentials.token_secret, signature_method=method)) as client:
        with pytest.raises(AuthenticationError, match="Invalid OAuth signature"):
            client.data.data_sets.list().items  # a GET: HEAD answers carry no message


def test_rsa_sha1(env: Env):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    consumer = env.server.consumer([CALLBACK], rsa_public_key=public)
    token = env.server.oauth1_token(consumer, env.server.user()["userId"])
    credentials = OAuth1Credentials(consumer["consumer_key"], token=token["oauth_token"],
                                    token_secret=token["oauth_token_secret"], signature_method="RSA-SHA1", rsa_key=private)
    with env.lucid(oauth1=credentials) as client:
        assert client.data.data_sources.create("RSA").name == "RSA"


def test_uploads_are_signed_too(env: Env):
    credentials = env.oauth1_credentials(env.server.user()["userId"])
    with env.lucid(oauth1=credentials) as client:
        source = client.data.adapters.upload_csv(("two.csv", b"a,b\n1,2\n"))
        assert source.name == "two.csv"


def test_the_async_client_signs_each_call(env: Env):
    credentials = env.oauth1_credentials(env.server.user()["userId"])

    async def scenario() -> None:
        async with AsyncLucid(oauth1=credentials, base_url=env.server.base_url,
                              http_client=async_http(env.server)) as client:
            source = await client.data.data_sources.create("Async signed")
            assert (await client.data.data_sources.get(source)).name == "Async signed"

    run(scenario())


def test_a_client_with_both_credentials_signs_data_calls_and_sends_the_token_to_rest(env: Env):
    user = env.user_token(["user.profile"])
    credentials = env.oauth1_credentials(user["user"]["userId"])
    with Lucid(user["access_token"], oauth1=credentials, base_url=env.server.base_url,
               http_client=sync_http(env.server)) as client:
        assert client.users.profile().id == user["user"]["userId"]
        assert client.data.data_sets.count() == 0  # the OAuth 2.0 token lacks data-service.admin: signed
