"""`client.oauth` against the server's OAuth 2.0 endpoints: authorization URL with PKCE, a code
obtained by driving the consent form over HTTP (no browser), exchange, refresh, introspect, revoke."""

from __future__ import annotations

import httpx
import pytest

from pellucid.sdk import (
    AuthorizationCallbackError,
    BadRequestError,
    Lucid,
    PermissionDeniedError,
    pkce,
)
from pellucid.sdk.models import AuthorizationServerMetadata, OAuthToken, TokenIntrospection
from tests.oauth.flow import REDIRECT_URI, App, make_app

from .conftest import Env

pytestmark = pytest.mark.wire


@pytest.fixture
def app(server) -> App:
    return make_app(server)


def oauth_client(env: Env, app: App) -> Lucid:
    return env.lucid(client_id=app.client_id, client_secret=app.client_secret)


def consent(app: App, url: str, action: str = "approve") -> str:
    """Sign in and answer the consent page the authorization URL leads to; the redirect location."""
    parsed = httpx.URL(url)
    params = dict(parsed.params)
    assert app.sign_in(parsed.path, params).status_code == 303
    answered = app.decide(parsed.path, params, action)
    assert answered.status_code == 302, answered.text
    return answered.headers["location"]


def test_pkce_matches_rfc_7636_appendix_b():
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert pkce.challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    assert pkce.challenge(verifier, "plain") == verifier
    generated = pkce.PKCE.generate()
    assert 43 <= len(generated.verifier) <= 128 and generated.challenge == pkce.challenge(generated.verifier)
    with pytest.raises(ValueError):
        pkce.challenge("too short")


def test_authorization_url_shape():
    client = Lucid(client_id="cid")
    url = httpx.URL(client.oauth.authorization_url(redirect_uri="https://app.example/cb",
                                                   scopes=["user.profile", "offline_access"], state="xyz"))
    assert (url.host, url.path) == ("lucid.app", "/oauth2/authorize")
    assert dict(url.params) == {"client_id": "cid", "redirect_uri": "https://app.example/cb", "response_type": "code",
                                "scope": "user.profile offline_access", "state": "xyz"}
    account = httpx.URL(client.oauth.authorization_url(redirect_uri="https://app.example/cb", scopes=["account.info"],
                                                       account=True))
    assert account.path == "/oauth2/authorizeAccount"


def test_code_flow_with_pkce_end_to_end(env: Env, app: App):
    client = oauth_client(env, app)
    request = client.oauth.start_authorization(redirect_uri=REDIRECT_URI, scopes=["user.profile", "offline_access"])
    assert "code_challenge=" in request.url and "code_challenge_method=S256" in request.url
    code = request.code_from(consent(app, request.url))

    token = client.oauth.exchange_code(code, redirect_uri=REDIRECT_URI, code_verifier=request.code_verifier)
    assert isinstance(token, OAuthToken) and token.user_id == app.user["userId"]
    assert token.refresh_token and set(token.scopes or []) == {"user.profile", "offline_access"}
    assert token.expires_at is not None and token.token_type == "bearer"
    assert env.lucid(token.access_token).users.profile().id == app.user["userId"]

    with pytest.raises(BadRequestError) as replay:  # a code works once
        client.oauth.exchange_code(code, redirect_uri=REDIRECT_URI, code_verifier=request.code_verifier)
    assert replay.value.code == "invalid_grant"


def test_pkce_verifier_is_enforced(env: Env, app: App):
    client = oauth_client(env, app)
    request = client.oauth.start_authorization(redirect_uri=REDIRECT_URI, scopes=["user.profile"])
    code = request.code_from(consent(app, request.url))
    with pytest.raises(BadRequestError) as wrong:
        client.oauth.exchange_code(code, redirect_uri=REDIRECT_URI, code_verifier=pkce.generate_verifier())
    assert wrong.value.code == "invalid_grant"


def test_denied_consent_and_forged_state(env: Env, app: App):
    client = oauth_client(env, app)
    request = client.oauth.start_authorization(redirect_uri=REDIRECT_URI, scopes=["user.profile"], pkce=False)
    assert "code_challenge" not in request.url and request.code_verifier is None
    denied = consent(app, request.url, action="deny")
    with pytest.raises(AuthorizationCallbackError) as error:
        request.code_from(denied)
    assert error.value.error == "access_denied"
    with pytest.raises(AuthorizationCallbackError) as forged:
        request.code_from(f"{REDIRECT_URI}?code=abc&state=not-ours")
    assert forged.value.error == "state_mismatch"


def test_refresh_rotates_introspect_and_revoke(env: Env, app: App):
    client = oauth_client(env, app)
    first = OAuthToken.from_json(app.token())
    second = client.oauth.refresh(first.refresh_token or "")
    assert second.access_token != first.access_token and second.refresh_token != first.refresh_token

    alive = client.oauth.introspect(second.access_token)
    assert isinstance(alive, TokenIntrospection) and alive.active and alive.user_id == app.user["userId"]
    assert set(alive.scopes) == {"user.profile", "offline_access"}
    assert client.oauth.introspect(first.access_token) == TokenIntrospection(active=False)

    assert client.oauth.revoke(second.refresh_token or "") is None
    assert not client.oauth.introspect(second.access_token).active  # the whole grant is gone

    with pytest.raises(PermissionDeniedError) as bad_client:  # Lucid's 403 invalid_client
        client.oauth.introspect(second.access_token, client_secret="wrong")
    assert bad_client.value.code == "invalid_client"


def test_metadata(env: Env):
    metadata = env.lucid().oauth.metadata()
    assert isinstance(metadata, AuthorizationServerMetadata)
    assert metadata.token_endpoint == f"{env.server.base_url}/oauth2/token"
    assert "S256" in (metadata.code_challenge_methods_supported or [])


def test_credentials_are_required(env: Env):
    with pytest.raises(ValueError):
        env.lucid().oauth.refresh("oauth2-x")
