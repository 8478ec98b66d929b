"""Authorization codes: issued on consent, exchanged once at the token endpoint."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from . import credentials
from .db import now_ms
from .tables.oauth import oauth_codes

CODE_TTL_MS = 5 * 60 * 1000  # seed 002: "a short-lived (5 minutes) authorization code"
RETAIN_MS = 24 * 3600 * 1000  # replays within a day still find (and revoke) the grant they produced


@dataclass(frozen=True, slots=True)
class Authorization:
    """What the user approved: the grant a code stands for."""

    client_pk: int
    token_type: str
    user_id: int | None
    account_id: int
    scopes: list[str]
    redirect_uri: str
    code_challenge: str | None = None
    code_challenge_method: str | None = None
    resource: str | None = None  # RFC 8707: the resource the tokens will be for


def create(conn: Connection, authorization: Authorization) -> str:
    """A new code for the authorization; only its digest is stored."""
    now = now_ms()
    conn.execute(sa.delete(oauth_codes).where(oauth_codes.c.expires < now - RETAIN_MS))
    code = credentials.new_session_id()
    conn.execute(sa.insert(oauth_codes).values(
        code_hash=credentials.digest(code), client_id=authorization.client_pk,
        token_type=authorization.token_type, user_id=authorization.user_id,
        account_id=authorization.account_id, scopes=" ".join(authorization.scopes),
        redirect_uri=authorization.redirect_uri, code_challenge=authorization.code_challenge,
        code_challenge_method=authorization.code_challenge_method, resource=authorization.resource,
        created=now, expires=now + CODE_TTL_MS,
    ))
    return code


def find(conn: Connection, code: str) -> Row | None:
    """The row of an authorization code, used or not, None when unknown."""
    return conn.execute(sa.select(oauth_codes).where(oauth_codes.c.code_hash == credentials.digest(code))).first()


def redeem(conn: Connection, code_hash: bytes, grant_id: int) -> bool:
    """Mark the code used by `grant_id`; False when a concurrent exchange got there first."""
    result = conn.execute(
        sa.update(oauth_codes)
        .where(oauth_codes.c.code_hash == code_hash, oauth_codes.c.used.is_(None))
        .values(used=now_ms(), grant_id=grant_id)
    )
    return result.rowcount == 1
