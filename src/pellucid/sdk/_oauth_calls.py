"""The OAuth 2.0 token endpoint calls, shared by `client.oauth` and the refreshing token provider."""

from __future__ import annotations

from ._call import API, Call, model, nothing
from .models.oauth import OAuthToken, TokenIntrospection

TOKEN_PATH = "/oauth2/token"


def _token_call(body: dict[str, str]) -> Call[OAuthToken]:
    # JSON, as Lucid's examples send it. Not idempotent: a code works once and a refresh token
    # rotates, so only "never sent" failures and 429s are retried (see retries.py).
    return Call(API.OAUTH, "POST", TOKEN_PATH, model(OAuthToken), json=body, auth=False, idempotent=False)


def exchange_code(client_id: str, client_secret: str, code: str, redirect_uri: str,
                  code_verifier: str | None = None) -> Call[OAuthToken]:
    body = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "client_id": client_id, "client_secret": client_secret}
    if code_verifier is not None:
        body["code_verifier"] = code_verifier
    return _token_call(body)


def refresh(client_id: str, client_secret: str, refresh_token: str) -> Call[OAuthToken]:
    return _token_call({"grant_type": "refresh_token", "refresh_token": refresh_token,
                        "client_id": client_id, "client_secret": client_secret})


def introspect(client_id: str, client_secret: str, token: str) -> Call[TokenIntrospection]:
    # Form bodies, as documented for introspect and revoke.
    return Call(API.OAUTH, "POST", TOKEN_PATH + "/introspect", model(TokenIntrospection),
                data={"token": token, "client_id": client_id, "client_secret": client_secret},
                auth=False, idempotent=True)


def revoke(client_id: str, client_secret: str, token: str) -> Call[None]:
    return Call(API.OAUTH, "POST", TOKEN_PATH + "/revoke", nothing,
                data={"token": token, "client_id": client_id, "client_secret": client_secret},
                auth=False, idempotent=True)
