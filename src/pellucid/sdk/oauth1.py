"""OAuth 1.0a credentials for the Data Service (seed 001; seed 002 "Legacy APIs").

`OAuth1Credentials` signs Data Service calls (`Lucid(oauth1=...)`, HMAC-SHA1 unless told
otherwise; RSA-SHA1 needs `pyjwt`); `OAuth1Flow` runs the three-legged flow that gets them:

    flow = OAuth1Flow(consumer_key, consumer_secret, base_url="http://127.0.0.1:8080")
    temporary = flow.request_token("https://app.example/callback")
    # send the user to flow.authorization_url(temporary); Lucid redirects back to the callback
    credentials = flow.access_token(temporary, flow.verifier_from(callback_url, temporary))
    client = Lucid(oauth1=credentials, base_url="http://127.0.0.1:8080")

Signatures are oauthlib's (RFC 5849): protocol parameters in the Authorization header, form
bodies signed, other bodies (JSON, uploads) not, as the RFC says.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlencode

import httpx
from oauthlib.oauth1 import Client as _Signer

from . import errors
from .config import DEFAULT_TIMEOUT, BaseURLs

FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class OAuth1Credentials:
    """A consumer's key and secret, and (once authorized) a user's token and token secret."""

    consumer_key: str
    consumer_secret: str = ""
    token: str | None = None
    token_secret: str | None = None
    signature_method: str = "HMAC-SHA1"  # or HMAC-SHA256, RSA-SHA1 (with rsa_key), PLAINTEXT
    rsa_key: str | None = None  # the consumer's PEM private key, for RSA-SHA1

    def sign(self, request: httpx.Request, *, callback: str | None = None, verifier: str | None = None) -> httpx.Request:
        """Add the OAuth 1.0 Authorization header (a new nonce and timestamp each call)."""
        signer = _Signer(
            self.consumer_key, client_secret=self.consumer_secret, resource_owner_key=self.token,
            resource_owner_secret=self.token_secret, signature_method=self.signature_method, rsa_key=self.rsa_key,
            callback_uri=callback, verifier=verifier,
        )
        form = request.headers.get("content-type", "").startswith(FORM)
        body = request.content.decode() if form and request.content else None
        _, headers, _ = signer.sign(str(request.url), request.method, body=body,
                                    headers={"Content-Type": FORM} if body is not None else None)
        request.headers["Authorization"] = headers["Authorization"]
        return request

    def __repr__(self) -> str:  # never print secrets in logs or tracebacks
        return (f"OAuth1Credentials(consumer_key={self.consumer_key!r}, token="
                f"{'present' if self.token else None}, signature_method={self.signature_method!r})")


@dataclass(frozen=True)
class TemporaryCredentials:
    """A request token: send the user to authorize it, keep it for the exchange."""

    token: str
    token_secret: str


class OAuth1Flow:
    """The three legs (RFC 5849 §2): request token, user authorization, access token."""

    def __init__(self, consumer_key: str, consumer_secret: str = "", *, base_url: str | None = None,
                 api_url: str | None = None, web_url: str | None = None, signature_method: str = "HMAC-SHA1",
                 rsa_key: str | None = None, http_client: httpx.Client | None = None) -> None:
        self.consumer = OAuth1Credentials(consumer_key, consumer_secret, signature_method=signature_method,
                                          rsa_key=rsa_key)
        self.urls = BaseURLs.resolve(base_url, api_url=api_url, web_url=web_url)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=DEFAULT_TIMEOUT)

    def _post(self, path: str, credentials: OAuth1Credentials, **signing: str | None) -> dict[str, str]:
        request = credentials.sign(self._http.build_request("POST", self.urls.api + path), **signing)
        response = self._http.send(request)
        if not response.is_success:
            raise errors.from_response(response)
        return dict(parse_qsl(response.text))

    def request_token(self, callback_uri: str) -> TemporaryCredentials:
        """Temporary credentials for a callback URI registered for the consumer (no `oob`)."""
        answer = self._post("/oauth/requestToken", self.consumer, callback=callback_uri)
        return TemporaryCredentials(answer["oauth_token"], answer["oauth_token_secret"])

    def authorization_url(self, temporary: TemporaryCredentials) -> str:
        """The page where the user signs in and grants access."""
        return f"{self.urls.web}/oauth/authorize?{urlencode({'oauth_token': temporary.token})}"

    @staticmethod
    def verifier_from(callback_url: str, temporary: TemporaryCredentials) -> str:
        """The `oauth_verifier` of the redirect to the callback, after checking it is this request's.

        Raises AuthorizationCallbackError when the user refused or the redirect is not ours."""
        params = httpx.URL(callback_url).params
        if params.get("oauth_token") != temporary.token:
            raise errors.AuthorizationCallbackError("token_mismatch", "the redirect's oauth_token is not this request's")
        if "oauth_problem" in params:
            raise errors.AuthorizationCallbackError(str(params["oauth_problem"]))
        verifier = params.get("oauth_verifier")
        if not verifier:
            raise errors.AuthorizationCallbackError("invalid_request", "the redirect carries no oauth_verifier")
        return str(verifier)

    def access_token(self, temporary: TemporaryCredentials, verifier: str) -> OAuth1Credentials:
        """Token credentials for the user who authorized `temporary`; they do not expire."""
        signing = replace(self.consumer, token=temporary.token, token_secret=temporary.token_secret)
        answer = self._post("/oauth/accessToken", signing, verifier=verifier)
        return replace(self.consumer, token=answer["oauth_token"], token_secret=answer["oauth_token_secret"])

    def close(self) -> None:
        """Close the HTTP connections (not those of an injected `http_client`)."""
        if self._owns_http:
            self._http.close()
