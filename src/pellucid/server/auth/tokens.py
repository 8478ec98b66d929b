"""Access and refresh tokens: issued as opaque strings, stored as sha256 digests."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..store import credentials
from ..store import tables as t
from ..store.db import Store, now_ms
from ..store.fast import Query
from ..store.tables import oauth as to
from .principal import Principal

ACCESS_TTL_MS = 3600 * 1000  # "currently one hour"
REFRESH_TTL_MS = 180 * 24 * 3600 * 1000  # "currently 180 days"


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    access_token: str
    refresh_token: str | None
    expires: int  # epoch ms of the access token's expiry


def create_grant(
    conn: Connection, *, client_pk: int, token_type: str, account_id: int,
    user_id: int | None, scopes: list[str], resource: str | None = None,
) -> int:
    """Record an authorization; its tokens live and die with it. Returns its id."""
    return conn.execute(
        sa.insert(t.oauth_grants).values(
            client_id=client_pk, token_type=token_type, user_id=user_id,
            account_id=account_id, scopes=" ".join(scopes), created=now_ms(), resource=resource,
        ).returning(t.oauth_grants.c.id)
    ).scalar_one()


def issue(conn: Connection, grant_id: int, scopes: list[str], access_ttl_ms: int = ACCESS_TTL_MS,
          resource: str | None = None) -> IssuedTokens:
    """A fresh access token for the grant, and a refresh token when offline_access was granted.
    `resource` is the access token's audience (RFC 8707); None: Lucid's APIs."""
    now = now_ms()
    access = credentials.new_token()
    rows = [{"token_hash": credentials.digest(access), "grant_id": grant_id, "kind": "access",
             "expires": now + access_ttl_ms, "created": now, "resource": resource}]
    refresh = None
    if "offline_access" in scopes:
        refresh = credentials.new_token()
        rows.append({"token_hash": credentials.digest(refresh), "grant_id": grant_id, "kind": "refresh",
                     "expires": now + REFRESH_TTL_MS, "created": now, "resource": resource})
    conn.execute(sa.insert(t.oauth_tokens), rows)
    return IssuedTokens(access, refresh, now + access_ttl_ms)


def issue_delegated(conn: Connection, grant_id: int, expires: int) -> str:
    """An access token for Lucid's APIs in the grant of a resource-bound token, living no longer
    than it: what a protected resource of this server (the MCP endpoint) calls the APIs with, on
    the user's behalf, instead of passing the token it received through (RFC 8693's exchange,
    done in-process). Dies with the grant."""
    now = now_ms()
    access = credentials.new_token()
    conn.execute(sa.insert(t.oauth_tokens).values(
        token_hash=credentials.digest(access), grant_id=grant_id, kind="access", expires=expires,
        created=now, resource=None))
    return access


_LOOKUP = Query(
    sa.select(
        t.oauth_grants.c.token_type, t.oauth_grants.c.account_id, t.oauth_grants.c.user_id,
        t.oauth_grants.c.scopes, t.oauth_grants.c.client_id, t.oauth_grants.c.id,
        t.oauth_tokens.c.expires, t.oauth_tokens.c.resource,
    )
    .select_from(t.oauth_tokens.join(t.oauth_grants, t.oauth_grants.c.id == t.oauth_tokens.c.grant_id))
    .where(
        t.oauth_tokens.c.token_hash == sa.bindparam("token_hash"),
        t.oauth_tokens.c.kind == "access",
        t.oauth_grants.c.revoked.is_(None),
    )
)


_GENERATION = Query(sa.select(to.oauth_token_generation.c.value).where(to.oauth_token_generation.c.id == 1))

# Per store, token digest -> (generation, expires, resource, principal): what _LOOKUP said while
# the token generation had that value. Nothing it depends on has changed while the generation
# is the same, as every update or delete of a token or grant moves it (migration 1101).
_CACHES: "weakref.WeakKeyDictionary[Store, dict[bytes, tuple]]" = weakref.WeakKeyDictionary()
_CACHE_SIZE = 10_000


def authenticate(store: Store, bearer: str, resource: str | None = None) -> Principal | None:
    """The principal of a live access token for `resource` (None: Lucid's APIs), or None for
    unknown, expired or revoked tokens and tokens meant for another audience (RFC 8707).

    One single-row read per request (the generation) instead of the lookup, which runs again
    only after a change to any token or grant: a token revoked through any process is refused
    on the next request in every process, the generation being read before the cached entry is
    trusted (and before the lookup it caches)."""
    token_hash = credentials.digest(bearer)
    generation = store.first(_GENERATION)[0]
    cache = _CACHES.get(store)
    if cache is None:
        cache = _CACHES[store] = {}
    entry = cache.get(token_hash)
    if entry is None or entry[0] != generation:
        row = store.first(_LOOKUP, token_hash=token_hash)
        if row is None:
            return None
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        entry = cache[token_hash] = (generation, row.expires, row.resource, Principal(
            token_type=row.token_type, account_id=row.account_id, user_id=row.user_id,
            scopes=frozenset(row.scopes.split()), client_id=row.client_id, grant_id=row.id,
            expires=row.expires,
        ))
    _, expires, audience, principal = entry
    if expires <= now_ms() or audience != resource:
        return None
    return principal


def token_resource(tokens: IssuedTokens, *, client_id: str, token_type: str, user_id: int | None,
                   account_id: int, scopes: list[str]) -> dict:
    """The "OAuth2 Token" resource of seed 002."""
    resource: dict = {"access_token": tokens.access_token}
    if token_type == "user":
        resource["user_id"] = user_id
    else:
        resource["account_id"] = account_id  # account tokens have no user behind them
    resource.update({
        "client_id": client_id,
        "expires_in": max(0, (tokens.expires - now_ms() + 999) // 1000),
        "expires": tokens.expires,
        "scopes": scopes,
        "token_type": "bearer",
    })
    if tokens.refresh_token:
        resource["refresh_token"] = tokens.refresh_token
    return resource


@dataclass(frozen=True, slots=True)
class Grant:
    id: int
    client_pk: int
    token_type: str
    account_id: int
    user_id: int | None
    scopes: list[str]
    revoked: int | None
    resource: str | None = None


@dataclass(frozen=True, slots=True)
class TokenRecord:
    """A stored access or refresh token and the grant it belongs to."""

    token_hash: bytes
    kind: str  # "access" | "refresh"
    expires: int
    grant: Grant

    @property
    def live(self) -> bool:
        """Neither expired nor revoked."""
        return self.grant.revoked is None and self.expires > now_ms()


_GRANT_COLUMNS = (
    t.oauth_grants.c.id, t.oauth_grants.c.client_id, t.oauth_grants.c.token_type,
    t.oauth_grants.c.account_id, t.oauth_grants.c.user_id, t.oauth_grants.c.scopes,
    t.oauth_grants.c.revoked, t.oauth_grants.c.resource,
)


def _grant(row) -> Grant:
    return Grant(row.id, row.client_id, row.token_type, row.account_id, row.user_id, row.scopes.split(),
                 row.revoked, row.resource)


def get_grant(conn: Connection, grant_id: int) -> Grant | None:
    """The grant with this id, None when there is none."""
    row = conn.execute(sa.select(*_GRANT_COLUMNS).where(t.oauth_grants.c.id == grant_id)).first()
    return _grant(row) if row else None


def find(conn: Connection, token: str) -> TokenRecord | None:
    """Any stored token (access or refresh, live or not) by its bearer string."""
    token_hash = credentials.digest(token)
    row = conn.execute(
        sa.select(t.oauth_tokens.c.kind, t.oauth_tokens.c.expires, *_GRANT_COLUMNS)
        .select_from(t.oauth_tokens.join(t.oauth_grants, t.oauth_grants.c.id == t.oauth_tokens.c.grant_id))
        .where(t.oauth_tokens.c.token_hash == token_hash)
    ).first()
    return TokenRecord(token_hash, row.kind, row.expires, _grant(row)) if row else None


def revoke_grant(conn: Connection, grant_id: int) -> None:
    """Every token of the grant dies with it (seed 002: "all tokens from that authorization grant")."""
    conn.execute(
        sa.update(t.oauth_grants)
        .where(t.oauth_grants.c.id == grant_id, t.oauth_grants.c.revoked.is_(None))
        .values(revoked=now_ms())
    )
    conn.execute(sa.delete(t.oauth_tokens).where(t.oauth_tokens.c.grant_id == grant_id))


def spent_grant(conn: Connection, token: str) -> Grant | None:
    """The grant of a refresh token that was already exchanged, if `token` is one."""
    grant_id = conn.execute(
        sa.select(to.oauth_spent_tokens.c.grant_id)
        .where(to.oauth_spent_tokens.c.token_hash == credentials.digest(token))
    ).scalar()
    return get_grant(conn, grant_id) if grant_id is not None else None


def rotate(conn: Connection, refresh: TokenRecord) -> IssuedTokens | None:
    """Exchange a refresh token: the grant's old access and refresh tokens die, a new pair is
    issued with the grant's scopes. None when another request exchanged it first."""
    claimed = conn.execute(sa.delete(t.oauth_tokens).where(t.oauth_tokens.c.token_hash == refresh.token_hash))
    if claimed.rowcount != 1:
        return None
    now = now_ms()
    conn.execute(sa.delete(to.oauth_spent_tokens).where(to.oauth_spent_tokens.c.expires < now))
    conn.execute(sa.insert(to.oauth_spent_tokens).values(
        token_hash=refresh.token_hash, grant_id=refresh.grant.id, expires=refresh.expires,
    ))
    conn.execute(sa.delete(t.oauth_tokens).where(t.oauth_tokens.c.grant_id == refresh.grant.id))
    return issue(conn, refresh.grant.id, refresh.grant.scopes, resource=refresh.grant.resource)


def introspection(record: TokenRecord, client_id: str) -> dict:
    """The "OAuth2 Introspect Token" resource of seed 002 for a live token."""
    resource: dict = {"active": True}
    if record.grant.token_type == "user":
        resource["user_id"] = record.grant.user_id
    else:
        resource["account_id"] = record.grant.account_id
    resource.update({
        "client_id": client_id,
        "token_type": "bearer",
        "scope": " ".join(record.grant.scopes),
        "expires_in": max(0, (record.expires - now_ms()) // 1000),
        "expires": record.expires,
    })
    if record.grant.resource:
        resource["aud"] = record.grant.resource  # RFC 7662: the resource the grant's tokens are for
    return resource


# ------------------------------------------------------------ authorizations, as their user sees them

@dataclass(frozen=True, slots=True)
class Authorization:
    """A live grant as the console lists it: which app holds which scopes, since when."""

    grant_id: int
    client_name: str
    token_type: str  # "user" | "account"
    scopes: list[str]
    created: int
    resource: str | None  # RFC 8707 audience; None: Lucid's APIs


def _held_by(user_id: int, admin_of: int | None) -> sa.ColumnElement[bool]:
    """Grants the user may see and revoke: their own user-token grants, and, when `admin_of` is
    their account (team admins), that account's account-token grants."""
    g = t.oauth_grants.c
    own = sa.and_(g.token_type == "user", g.user_id == user_id)
    if admin_of is None:
        return own
    return sa.or_(own, sa.and_(g.token_type == "account", g.account_id == admin_of))


def authorizations(conn: Connection, user_id: int, admin_of: int | None = None) -> list[Authorization]:
    """The live grants `_held_by` the user, newest first: not revoked, with a token not yet expired."""
    g, tok, c = t.oauth_grants.c, t.oauth_tokens.c, t.oauth_clients.c
    live = sa.exists().where(tok.grant_id == g.id, tok.expires > now_ms())
    rows = conn.execute(
        sa.select(g.id, c.name, g.token_type, g.scopes, g.created, g.resource)
        .select_from(t.oauth_grants.join(t.oauth_clients, c.id == g.client_id))
        .where(_held_by(user_id, admin_of), g.revoked.is_(None), live)
        .order_by(g.id.desc())
    )
    return [Authorization(row.id, row.name, row.token_type, row.scopes.split(), row.created, row.resource)
            for row in rows]


def revoke_authorization(conn: Connection, grant_id: int, user_id: int, admin_of: int | None = None) -> bool:
    """Revoke a grant `_held_by` the user, with every token of it; False when they hold no such live grant."""
    g = t.oauth_grants.c
    held = conn.execute(sa.select(g.id).where(g.id == grant_id, g.revoked.is_(None), _held_by(user_id, admin_of))).first()
    if held is None:
        return False
    revoke_grant(conn, grant_id)
    return True
