"""`client.oauth`: the OAuth 2.0 authorization code flow, PKCE, refresh, introspect and revoke.

The authorization page is a browser URL (`lucid.app`); the token endpoints live on the API origin
(`api.lucid.co`). Client credentials come from the client (`Lucid(client_id=..., client_secret=...)`)
unless a method is given others.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from .. import _oauth_calls
from .._call import API, Call, model
from .._resource import Mode, Resource, endpoint
from ..errors import AuthorizationCallbackError
from ..models.oauth import AuthorizationServerMetadata, OAuthToken, TokenIntrospection
from ..pkce import PKCE


@dataclass(frozen=True)
class AuthorizationRequest:
    """An authorization in progress: send the user to `url`, keep `state` and `code_verifier`."""

    url: str
    state: str
    redirect_uri: str
    code_verifier: str | None = None

    def code_from(self, callback_url: str) -> str:
        """The code in the redirect back to `redirect_uri`, after checking its `state`.

        Raises AuthorizationCallbackError when the user denied access (`access_denied`), the
        server reported another error, or the state is not ours (a forged redirect)."""
        params = httpx.URL(callback_url).params
        if params.get("state") != self.state:
            raise AuthorizationCallbackError("state_mismatch", "the redirect's state is not this request's")
        if "error" in params:
            raise AuthorizationCallbackError(params["error"], params.get("error_description"))
        code = params.get("code")
        if not code:
            raise AuthorizationCallbackError("invalid_request", "the redirect carries no code")
        return str(code)


class OAuth(Resource[Mode]):
    def _credentials(self, client_id: str | None, client_secret: str | None) -> tuple[str, str]:
        client_id = client_id or self._core.client_id
        client_secret = client_secret or self._core.client_secret
        if not client_id or not client_secret:
            raise ValueError("client_id and client_secret are needed: pass them to the client or the method")
        return client_id, client_secret

    def authorization_url(self, *, redirect_uri: str, scopes: Iterable[str], state: str | None = None,
                          client_id: str | None = None, account: bool = False, code_challenge: str | None = None,
                          code_challenge_method: str | None = None) -> str:
        """The authorization page to send the user to (`/oauth2/authorizeAccount` for account tokens)."""
        client_id = client_id or self._core.client_id
        if not client_id:
            raise ValueError("client_id is needed: pass it to the client or to this method")
        params = {"client_id": client_id, "redirect_uri": redirect_uri, "response_type": "code",
                  "scope": " ".join(scopes)}
        if state is not None:
            params["state"] = state
        if code_challenge is not None:
            params["code_challenge"] = code_challenge
            params["code_challenge_method"] = code_challenge_method or "S256"
        path = "/oauth2/authorizeAccount" if account else "/oauth2/authorize"
        return f"{self._urls.web}{path}?{urlencode(params)}"

    def start_authorization(self, *, redirect_uri: str, scopes: Iterable[str], account: bool = False,
                            pkce: bool = True, client_id: str | None = None) -> AuthorizationRequest:
        """A ready authorization: URL with a random `state` and (by default) a PKCE S256 challenge.
        Later: `code = request.code_from(callback_url)`, then `exchange_code(..., code_verifier=...)`."""
        state = secrets.token_urlsafe(24)
        proof = PKCE.generate() if pkce else None
        url = self.authorization_url(
            redirect_uri=redirect_uri, scopes=scopes, state=state, client_id=client_id, account=account,
            code_challenge=proof.challenge if proof else None, code_challenge_method=proof.method if proof else None,
        )
        return AuthorizationRequest(url, state, redirect_uri, proof.verifier if proof else None)

    @endpoint
    def exchange_code(self, code: str, *, redirect_uri: str, code_verifier: str | None = None,
                      client_id: str | None = None, client_secret: str | None = None) -> Call[OAuthToken]:
        """Trade an authorization code (valid 5 minutes, once) for a token pair."""
        return _oauth_calls.exchange_code(*self._credentials(client_id, client_secret), code, redirect_uri, code_verifier)

    @endpoint
    def refresh(self, refresh_token: str, *, client_id: str | None = None,
                client_secret: str | None = None) -> Call[OAuthToken]:
        """A new pair for a refresh token. The old pair dies: store the new one before using it.
        (A client built with a refresh token does this by itself; see `RefreshingToken`.)"""
        return _oauth_calls.refresh(*self._credentials(client_id, client_secret), refresh_token)

    @endpoint
    def introspect(self, token: str, *, client_id: str | None = None,
                   client_secret: str | None = None) -> Call[TokenIntrospection]:
        """Whether an access or refresh token is active, and for whom; `active=False` otherwise."""
        return _oauth_calls.introspect(*self._credentials(client_id, client_secret), token)

    @endpoint
    def revoke(self, token: str, *, client_id: str | None = None, client_secret: str | None = None) -> Call[None]:
        """Revoke a token and with it its whole grant (access and refresh tokens alike)."""
        return _oauth_calls.revoke(*self._credentials(client_id, client_secret), token)

    @endpoint
    def metadata(self) -> Call[AuthorizationServerMetadata]:
        """The authorization server's RFC 8414 metadata."""
        return Call(API.OAUTH, "GET", "/.well-known/oauth-authorization-server", model(AuthorizationServerMetadata),
                    auth=False)
