"""Embed session tokens (seed 002, "Generate Embed Session Token"): HS256 JWTs that let one
embedding origin load the document picker or one embed's viewer for ten minutes, and nothing else.

`issue` is what `POST /embeds/token` signs; `verify` is what `/embeds?token=...` accepts: the
signature under the server's own key, the expiry, the audience (this server) and the type
`embed`. A failure says which check failed, never what the token holds.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import jwt

from ..store import server_state
from ..store.db import Store
from . import scopes as scope_rules

SECRET_KEY = "embed_token_secret"
TTL = 600  # seconds; the doc's example token lives ten minutes
TOKEN_TYPE = "embed"
PRODUCTS = ("lucidchart", "lucidscale", "lucidspark")
PICKER_EMBED = tuple(f"{p}.document.app.picker.share.embed" for p in PRODUCTS)


class InvalidEmbedToken(Exception):
    """The token cannot open an embed session; the message names the failed check. `origin`:
    the origin an expired token was signed for, which may still frame the page saying so."""

    def __init__(self, message: str, origin: str | None = None) -> None:
        super().__init__(message)
        self.origin = origin


@dataclass(frozen=True, slots=True)
class EmbedSession:
    """What a valid embed session token allows."""

    client_id: str  # the OAuth client (`sub`) the token was issued to
    user_id: int | None
    account_id: int | None
    origin: str  # the only origin that may frame the session and receive its messages
    embed_id: str | None
    scopes: tuple[str, ...]
    config: dict
    expires: int  # seconds since the epoch

    @property
    def products(self) -> list[str]:
        """Products the picker offers: the session's `products` (all by default) for which the
        token holds a `document.app.picker.share.embed` scope."""
        wanted = self.config.get("products") or PRODUCTS
        return [p for p in PRODUCTS if p in wanted
                and scope_rules.satisfies(self.scopes, (f"{p}.document.app.picker.share.embed",))]

    @property
    def viewer_default(self) -> str:
        """The viewer type the embed opens with; `rich` unless its config says otherwise."""
        return (self.config.get("viewerType") or {}).get("default") or "rich"

    @property
    def ui(self) -> str:
        """Which interface an existing embed opens with; `state` is the field's former name."""
        return self.config.get("ui") or self.config.get("state") or "viewer"

    @property
    def custom_settings(self) -> bool:
        """Whether the settings view shows "Settings for <app>" (customSettings: postMessage)."""
        return self.config.get("customSettings") == "postMessage"


def _secret(store: Store) -> str:
    return server_state.get_or_create(store, SECRET_KEY)


def origin_of(value: str) -> str | None:
    """The serialised origin (scheme://host[:port], as browsers write it: lower case, no default
    port) of an http(s) URL without path, query or credentials; None when `value` is not one."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    default = {"http": 80, "https": 443}[parts.scheme]
    return f"{parts.scheme}://{host}" + (f":{port}" if port not in (None, default) else "")


def issue(store: Store, *, audience: str, client_id: str, user_id: int | None, account_id: int | None,
          held_scopes: frozenset[str] | set[str] | tuple[str, ...], origin: str, config: dict,
          embed_id: str | None, expires: int | None = None) -> str:
    """A signed session token; it carries only the holder's picker-embed scopes."""
    now = int(time.time())
    claims = {
        "iss": urlsplit(audience).netloc,
        "scopes": " ".join(s for s in sorted(held_scopes) if scope_rules.satisfies((s,), PICKER_EMBED)),
        "config": config,
        "sub": client_id,
        "aud": audience,
        **({"userId": user_id} if user_id is not None else {"accountId": account_id}),
        "origin": origin,
        **({"embedId": embed_id} if embed_id else {}),
        "iat": now,
        "exp": expires or now + TTL,
        "token_type": TOKEN_TYPE,
    }
    return jwt.encode(claims, _secret(store), algorithm="HS256")


def verify(store: Store, token: str, *, audience: str) -> EmbedSession:
    """The session the token opens, or InvalidEmbedToken."""
    try:
        claims = jwt.decode(token, _secret(store), algorithms=["HS256"], audience=audience,
                            options={"require": ["exp", "iat", "aud", "sub"]})
    except jwt.ExpiredSignatureError:
        raise InvalidEmbedToken("The embed session token has expired; reload the page to get a new one.",
                                _expired_origin(store, token, audience)) from None
    except jwt.InvalidSignatureError:
        raise InvalidEmbedToken("The embed session token's signature is not valid.") from None
    except jwt.InvalidTokenError:
        raise InvalidEmbedToken("The embed session token is malformed or not meant for this server.") from None
    if claims.get("token_type") != TOKEN_TYPE:
        raise InvalidEmbedToken("This is not an embed session token.")
    origin = origin_of(claims.get("origin") or "") if isinstance(claims.get("origin"), str) else None
    user_id, account_id = claims.get("userId"), claims.get("accountId")
    if origin is None or not isinstance(claims.get("config", {}), dict) or (user_id is None and account_id is None):
        raise InvalidEmbedToken("The embed session token is malformed or not meant for this server.")
    return EmbedSession(
        client_id=claims["sub"], user_id=user_id, account_id=account_id, origin=origin,
        embed_id=claims.get("embedId"), scopes=tuple(str(claims.get("scopes", "")).split()),
        config=claims.get("config") or {}, expires=int(claims["exp"]),
    )


def _expired_origin(store: Store, token: str, audience: str) -> str | None:
    """The origin an expired token was made for, when everything but its expiry checks out."""
    try:
        claims = jwt.decode(token, _secret(store), algorithms=["HS256"], audience=audience,
                            options={"verify_exp": False})
    except jwt.InvalidTokenError:
        return None
    origin = claims.get("origin")
    return origin_of(origin) if isinstance(origin, str) and claims.get("token_type") == TOKEN_TYPE else None


def for_embed(store: Store, session: EmbedSession, *, audience: str, embed_id: str) -> str:
    """The session narrowed to one embed (the one its picker just created), expiring with it."""
    return issue(store, audience=audience, client_id=session.client_id, user_id=session.user_id,
                 account_id=session.account_id, held_scopes=session.scopes, origin=session.origin,
                 config=session.config, embed_id=embed_id, expires=session.expires)


def csrf_token(store: Store, token: str) -> str:
    """The CSRF value the session's forms carry: bound to the token, unknowable without the key."""
    return hmac.new(_secret(store).encode(), b"csrf\n" + token.encode(), hashlib.sha256).hexdigest()


def csrf_ok(store: Store, token: str, supplied: object) -> bool:
    """Whether the form's CSRF token is the one derived from this embed token."""
    return isinstance(supplied, str) and hmac.compare_digest(csrf_token(store, token), supplied)
