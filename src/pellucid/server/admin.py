"""Operator actions behind `pellucid admin ...`; each returns the JSON object the command prints."""

from __future__ import annotations

from .auth import credentials, scopes, tokens
from .rest.resources import user_resource
from .store import accounts, oauth_clients
from .store.db import Store

ROLES = ("billing-admin", "document-approver", "team-admin")


class AdminError(Exception):
    """A refused operator command; the message says what to change."""


def create_account(store: Store, name: str, license: str = "enterprise") -> dict:
    if license not in accounts.LICENSES:
        raise AdminError(f"--license must be one of: {', '.join(accounts.LICENSES)}")
    with store.write() as conn:
        account = accounts.create_account(conn, name, license)
    return {"id": account.id, "name": account.name}


def create_user(
    store: Store, *, account_id: int, email: str, first_name: str, last_name: str,
    username: str | None = None, password: str | None = None, roles: list[str] | None = None,
) -> dict:
    unknown = sorted(set(roles or ()) - set(ROLES))
    if unknown:
        raise AdminError(f"unknown role(s) {', '.join(unknown)}; roles are: {', '.join(ROLES)}")
    if "@" not in email:
        raise AdminError(f"{email!r} is not an email address")
    password_hash = credentials.hash_password(password) if password else None
    with store.write() as conn:
        if accounts.get_account(conn, account_id) is None:
            raise AdminError(f"no account {account_id}; create one with `pellucid admin create-account`")
        try:
            user = accounts.create_user(
                conn, account_id=account_id, email=email, first_name=first_name, last_name=last_name,
                username=username, password_hash=password_hash, roles=list(dict.fromkeys(roles or ())),
            )
        except accounts.DuplicateUser as exc:
            raise AdminError(str(exc)) from None
    return user_resource(user)


def create_client(store: Store, name: str, redirect_uris: list[str]) -> dict:
    for uri in redirect_uris:
        if not uri.startswith(("http://", "https://")):
            raise AdminError(f"redirect URI {uri!r} must be an absolute http(s) URL")
    with store.write() as conn:
        client, secret = oauth_clients.create_client(conn, name, redirect_uris)
    return {"client_id": client.client_id, "client_secret": secret, "redirect_uris": redirect_uris}


def issue_token(
    store: Store, *, client_id: str, scope_list: list[str], user_id: int | None = None,
    account_id: int | None = None, expires_in: int | None = None,
) -> dict:
    """A token as if the user (or an admin of the account) had consented in the browser."""
    if (user_id is None) == (account_id is None):
        raise AdminError("give exactly one of --user and --account")
    token_type = "user" if user_id is not None else "account"
    granted = validate_scopes(scope_list, token_type)
    with store.write() as conn:
        client = oauth_clients.get_client(conn, client_id)
        if client is None:
            raise AdminError(f"no client {client_id!r}; create one with `pellucid admin create-client`")
        if user_id is not None:
            user = accounts.get_user(conn, user_id)
            if user is None:
                raise AdminError(f"no user {user_id}")
            account_id = user.account_id
        elif accounts.get_account(conn, account_id) is None:
            raise AdminError(f"no account {account_id}")
        grant_id = tokens.create_grant(
            conn, client_pk=client.id, token_type=token_type, account_id=account_id,
            user_id=user_id, scopes=granted,
        )
        ttl = tokens.ACCESS_TTL_MS if expires_in is None else expires_in * 1000
        issued = tokens.issue(conn, grant_id, granted, access_ttl_ms=ttl)
    return tokens.token_resource(
        issued, client_id=client_id, token_type=token_type, user_id=user_id,
        account_id=account_id, scopes=granted,
    )


def validate_scopes(requested: list[str], token_type: str) -> list[str]:
    """The scopes to grant, deprecated names mapped to their lucidchart equivalents."""
    if not requested:
        raise AdminError("give at least one --scope")
    try:
        return scopes.resolve(requested, token_type)
    except scopes.ScopeError as exc:
        raise AdminError(str(exc)) from None
