"""Operator actions behind `pellucid admin ...`; each returns the JSON object the command prints."""

from __future__ import annotations

from oauthlib.common import generate_token

from .auth import embed_tokens, scopes, tokens
from .oauth.resource import canonical as canonical_resource
from .rest.resources import user_resource
from .store import (
    accounts,
    collaborators,
    credentials,
    documents,
    folders,
    groups,
    oauth1,
    oauth_clients,
    share_links,
)
from .store.db import Store

ROLES = ("billing-admin", "document-approver", "team-admin")


class AdminError(Exception):
    """A refused operator command; the message says what to change."""


def create_account(store: Store, name: str, license: str = "enterprise") -> dict:
    """Create an account with a license (enterprise by default)."""
    if license not in accounts.LICENSES:
        raise AdminError(f"--license must be one of: {', '.join(accounts.LICENSES)}")
    with store.write() as conn:
        account = accounts.create_account(conn, name, license)
    return {"id": account.id, "name": account.name}


def create_user(
    store: Store, *, account_id: int, email: str, first_name: str, last_name: str,
    username: str | None = None, password: str | None = None, roles: list[str] | None = None,
) -> dict:
    """Create a user; roles must be known, and the password (optional) is stored hashed."""
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


def create_client(store: Store, name: str, redirect_uris: list[str], public: bool = False,
                  embed_domains: list[str] | None = None) -> dict:
    """A confidential client (with a secret), or a public native one (PKCE, no secret, loopback
    redirect URIs on any port) such as a desktop assistant. `embed_domains`: the origins that may
    frame its direct embeds (`/embeds/link`), as Lucid's developer portal registers them."""
    for uri in redirect_uris:
        if not uri.startswith(("http://", "https://")):
            raise AdminError(f"redirect URI {uri!r} must be an absolute http(s) URL")
    domains = [_embed_domain(value) for value in embed_domains or ()]
    spec = oauth_clients.ClientSpec(name, redirect_uris, embed_domains=domains)
    if public:
        spec = oauth_clients.ClientSpec(name, redirect_uris, auth_method=oauth_clients.PUBLIC,
                                        application_type="native", embed_domains=domains)
    with store.write() as conn:
        client, secret = oauth_clients.register(conn, spec)
    embedding = {"embed_domains": domains} if domains else {}
    if public:
        return {"client_id": client.client_id, "token_endpoint_auth_method": "none", "redirect_uris": redirect_uris,
                **embedding}
    return {"client_id": client.client_id, "client_secret": secret, "redirect_uris": redirect_uris, **embedding}


def _embed_domain(value: str) -> str:
    origin = embed_tokens.origin_of(value)
    if origin is None:
        raise AdminError(f"embed domain {value!r} must be an http(s) origin: scheme, host and port only, "
                         "e.g. https://yourapp.example")
    return origin


def issue_token(
    store: Store, *, client_id: str, scope_list: list[str], user_id: int | None = None,
    account_id: int | None = None, expires_in: int | None = None, resource: str | None = None,
) -> dict:
    """A token as if the user (or an admin of the account) had consented in the browser;
    `resource` binds it to a protected resource such as the MCP endpoint (RFC 8707)."""
    if (user_id is None) == (account_id is None):
        raise AdminError("give exactly one of --user and --account")
    if resource is not None:
        if not resource.startswith(("http://", "https://")) or "#" in resource:
            raise AdminError(f"resource {resource!r} must be an absolute http(s) URL without a fragment")
        resource = canonical_resource(resource)
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
            user_id=user_id, scopes=granted, resource=resource,
        )
        ttl = tokens.ACCESS_TTL_MS if expires_in is None else expires_in * 1000
        issued = tokens.issue(conn, grant_id, granted, access_ttl_ms=ttl, resource=resource)
    return tokens.token_resource(
        issued, client_id=client_id, token_type=token_type, user_id=user_id,
        account_id=account_id, scopes=granted,
    )


# ---------------------------------------------------------------- OAuth 1.0 consumers and tokens

def create_consumer(store: Store, *, name: str, callback_uris: list[str], rsa_public_key: str | None = None) -> dict:
    """Register an OAuth 1.0 consumer (seed 002 "Legacy APIs", step 1); the secret is shown once."""
    from .connectors import secrets

    if not name.strip():
        raise AdminError("--name must not be empty")
    if not callback_uris:
        raise AdminError("give at least one --callback-uri (out-of-band authorization is not supported)")
    for uri in callback_uris:
        if not uri.startswith(("http://", "https://")):
            raise AdminError(f"callback URI {uri!r} must be an absolute http(s) URL")
    pem = _rsa_public_pem(rsa_public_key) if rsa_public_key is not None else None
    consumer_key, consumer_secret = generate_token(30), generate_token(40)
    sealed = secrets.fernet(store).encrypt(consumer_secret.encode())
    with store.write() as conn:
        oauth1.create_consumer(conn, consumer_key=consumer_key, secret=sealed,
                               name=name, callback_uris=callback_uris, rsa_public_key=pem)
    return {"consumer_key": consumer_key, "consumer_secret": consumer_secret, "callback_uris": callback_uris}


def _rsa_public_pem(text: str) -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        key = serialization.load_pem_public_key(text.encode())
    except ValueError:
        raise AdminError("--rsa-public-key must be a PEM public key (-----BEGIN PUBLIC KEY-----)") from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise AdminError("--rsa-public-key must be an RSA key")
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def issue_oauth1_token(store: Store, *, consumer_key: str, user_id: int) -> dict:
    """An OAuth 1.0 access token as if the user had authorized the consumer in the browser."""
    from .connectors import secrets

    token, token_secret = generate_token(), generate_token()
    sealed = secrets.fernet(store).encrypt(token_secret.encode())
    with store.write() as conn:
        consumer = oauth1.get_consumer(conn, consumer_key)
        if consumer is None:
            raise AdminError(f"no consumer {consumer_key!r}; create one with `pellucid admin create-consumer`")
        if accounts.get_user(conn, user_id) is None:
            raise AdminError(f"no user {user_id}")
        oauth1.create_access_token(conn, consumer_id=consumer.id, user_id=user_id, token=token,
                                   secret=sealed)
    return {"oauth_token": token, "oauth_token_secret": token_secret}


def revoke_oauth1_token(store: Store, *, token: str) -> dict:
    """Revoke an OAuth 1.0 access token; unknown or revoked tokens are an error."""
    with store.write() as conn:
        if not oauth1.revoke_token(conn, token):
            raise AdminError("no such OAuth 1.0 access token (already revoked?)")
    return {"revoked": True}


def validate_scopes(requested: list[str], token_type: str) -> list[str]:
    """The scopes to grant, deprecated names mapped to their lucidchart equivalents."""
    if not requested:
        raise AdminError("give at least one --scope")
    try:
        return scopes.resolve(requested, token_type)
    except scopes.ScopeError as exc:
        raise AdminError(str(exc)) from None


# ---------------------------------------------------------------- REST API fixtures an admin makes

def create_group(store: Store, *, account_id: int, name: str) -> dict:
    """Create a group on an account that exists."""
    if not name.strip():
        raise AdminError("--name must not be empty")
    with store.write() as conn:
        if accounts.get_account(conn, account_id) is None:
            raise AdminError(f"no account {account_id}")
        group = groups.create(conn, account_id, name)
    return {"id": group.id, "name": group.name, "accountId": group.account_id}


def add_group_member(store: Store, *, group_id: int, user_id: int) -> dict:
    """Add a user to a group; both must belong to the same account."""
    with store.write() as conn:
        group = groups.get(conn, group_id)
        if group is None:
            raise AdminError(f"no group {group_id}")
        user = accounts.get_user(conn, user_id)
        if user is None or user.account_id != group.account_id:
            raise AdminError(f"no user {user_id} on the group's account {group.account_id}")
        groups.add_member(conn, group_id, user_id)
    return {"groupId": group_id, "userId": user_id}


def create_team_folder(store: Store, *, account_id: int, name: str, admin_user_id: int | None = None) -> dict:
    """A team folder of the account; `admin_user_id` gets editandshare on it."""
    with store.write() as conn:
        if accounts.get_account(conn, account_id) is None:
            raise AdminError(f"no account {account_id}")
        folder = folders.create(conn, account_id=account_id, owner_id=None, name=name, parent_id=None,
                                folder_type=folders.TEAM)
        if admin_user_id is not None:
            user = accounts.get_user(conn, admin_user_id)
            if user is None or user.account_id != account_id:
                raise AdminError(f"no user {admin_user_id} on account {account_id}")
            collaborators.put(conn, collaborators.FOLDER_USERS, folder.id, admin_user_id, "editandshare")
    return {"id": folder.id, "type": folder.type, "name": folder.name, "accountId": account_id}


def create_shortcut(store: Store, *, folder_id: int, document_id: str | None = None,
                    target_folder_id: int | None = None) -> dict:
    """A shortcut in a folder to a document or another folder (it grants no access)."""
    if (document_id is None) == (target_folder_id is None):
        raise AdminError("give exactly one of --document and --target-folder")
    with store.write() as conn:
        if folders.get(conn, folder_id) is None:
            raise AdminError(f"no folder {folder_id}")
        if document_id is not None and documents.get(conn, document_id) is None:
            raise AdminError(f"no document {document_id}")
        if target_folder_id is not None and folders.get(conn, target_folder_id) is None:
            raise AdminError(f"no folder {target_folder_id}")
        shortcut_id = folders.add_shortcut(conn, folder_id, document_id=document_id, target_folder_id=target_folder_id)
    return {"id": shortcut_id, "folderId": folder_id, "documentId": document_id, "targetFolderId": target_folder_id}


def set_sharing_policy(store: Store, *, account_id: int, max_link_expiry_days: int | None,
                       restrict_links_to_account: bool) -> dict:
    """How long share links of the account may live and whether they stay inside it."""
    if max_link_expiry_days is not None and max_link_expiry_days < 1:
        raise AdminError("--max-link-expiry-days must be at least 1")
    with store.write() as conn:
        if accounts.get_account(conn, account_id) is None:
            raise AdminError(f"no account {account_id}")
        share_links.set_policy(conn, account_id, max_link_expiry_days=max_link_expiry_days,
                               restrict_links_to_account=restrict_links_to_account)
    return {"accountId": account_id, "maxLinkExpiryDays": max_link_expiry_days,
            "restrictLinksToAccount": restrict_links_to_account}


def pick_document(store: Store, *, client_id: str, user_id: int, document_id: str) -> dict:
    """Record that the user picked a document for a client (what Lucid's document picker does)."""
    with store.write() as conn:
        client = oauth_clients.get_client(conn, client_id)
        if client is None:
            raise AdminError(f"no client {client_id!r}")
        if accounts.get_user(conn, user_id) is None:
            raise AdminError(f"no user {user_id}")
        if documents.get(conn, document_id) is None:
            raise AdminError(f"no document {document_id}")
        documents.pick(conn, client.id, user_id, document_id)
    return {"clientId": client_id, "userId": user_id, "documentId": document_id}
