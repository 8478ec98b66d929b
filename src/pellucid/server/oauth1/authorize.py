"""The OAuth 1.0 user authorization page, `/oauth/authorize?oauth_token=...` (RFC 5849 §2.2):
the same sign-in and consent pages as OAuth 2.0, naming the consumer. Approving sends the
browser to the callback given with the request token, with `oauth_token` and `oauth_verifier`;
denying, with `oauth_token` and `oauth_problem=user_refused`.
"""

from __future__ import annotations

from dataclasses import dataclass

from oauthlib.oauth1 import AuthorizationEndpoint
from oauthlib.oauth1.rfc5849.errors import OAuth1Error
from sqlalchemy.engine import Connection, Row

from ..auth.policies import DATA_SERVICE_SCOPE, PUBLIC
from ..connectors import secrets
from ..http.request import Request
from ..http.responses import Response
from ..http.routing import RouteTable
from ..oauth import client_metadata, redirect_uris
from ..oauth.authorize import with_params
from ..oauth.dialogue import PageError, authorization_dialogue
from ..store import oauth1 as store
from ..store.db import Store
from . import nonces
from .validator import StoreValidator

routes = RouteTable(PUBLIC, tags=("OAuth 1.0",))

PATH = "/oauth/authorize"


@dataclass(frozen=True)
class TokenAuthorization:
    """The `dialogue.Consent` of a request token: its consumer asks to act as the user in the Data Service."""

    token: str
    request_token: Row
    base_url: str
    token_type: str = "user"
    scopes: tuple[str, ...] = (DATA_SERVICE_SCOPE,)

    @property
    def client_name(self) -> str:
        """The consumer's name, as the consent page shows it."""
        return self.request_token.consumer_name

    def may_grant(self, user: Row) -> bool:
        """Any signed-in user may authorize: the token reaches only their own data."""
        return True

    def page_details(self) -> dict:
        """Where the browser returns; consumers are registered by operators, so never unverified."""
        callback = self.request_token.callback
        return {"redirect_host": client_metadata.host_of(callback),
                "redirect_is_local": redirect_uris.is_loopback(callback)}

    def denied(self) -> str:
        """The callback URL telling the consumer the user refused (`oauth_problem=user_refused`)."""
        # RFC 5849 leaves denial open; the OAuth problem reporting extension names it so.
        return with_params(self.request_token.callback, {"oauth_token": self.token, "oauth_problem": "user_refused"})

    def approve(self, store_: Store, user: Row) -> str:
        """Record the verifier for the user and return the callback URL that carries it."""
        box = secrets.fernet(store_)  # before the transaction: made on first use, in a write of its own
        with store_.write() as conn:
            # The page is not a signed request: the validator only stores the verifier.
            validator = StoreValidator(store_, box, nonces.DatabaseNonces(), conn, user_id=user.id)
            uri = with_params(self.base_url + PATH, {"oauth_token": self.token})
            try:
                headers, _, _ = AuthorizationEndpoint(validator).create_authorization_response(uri)
            except OAuth1Error:  # expired or authorized meanwhile: the page now says the link is spent
                return with_params(PATH, {"oauth_token": self.token})
        return headers["Location"]


def load(conn: Connection, request: Request) -> TokenAuthorization:
    """The request token being authorized; a page error once it is unknown, expired or used."""
    token = request.query.get("oauth_token")
    if not token:
        raise PageError(400, "Invalid authorization request", "The request has no oauth_token parameter.")
    row = store.live_request_token(conn, token)
    if row is None or row.user_id is not None:
        raise PageError(400, "This authorization link is no longer valid",
                        "The request token is unknown, expired or already used. Start again from the application.")
    return TokenAuthorization(token, row, request.ctx.base_url)


@routes.get(PATH, summary="User authorization page for an OAuth 1.0 request token: sign-in, then consent")
async def authorize_request_token(request: Request) -> Response:
    """The consent page for an OAuth 1.0 request token (sign-in first if needed)."""
    return await authorization_dialogue(request, load)


@routes.post(PATH, summary="Sign in, approve or deny an OAuth 1.0 request token (form posts of the page)")
async def authorize_request_token_submit(request: Request) -> Response:
    """The user's answer on the consent page; CSRF-checked like every form."""
    return await authorization_dialogue(request, load)
