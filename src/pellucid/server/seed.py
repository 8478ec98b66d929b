"""`pellucid admin seed FILE`: accounts, users, OAuth clients, tokens, folders, documents and Data
Service data from one JSON or YAML file, for demos and CI (docs/testing.md shows the format).

The whole file is checked before anything is written. Accounts, users, clients and tokens are
made the way the other admin commands make them; folders, documents and data go through the API
itself, in process, as their owner (with a short-lived token revoked afterwards), so they get the
same validation and defaults as over HTTP. A failure part-way names the entry it stopped at;
what was made before it stays.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from pellucid.sdk import Lucid, LucidError

from . import admin
from .admin import AdminError
from .auth import tokens
from .store import accounts, oauth_clients
from .store.db import Store

SEED_CLIENT = "pellucid admin seed"
ITEMS_PER_REQUEST = 500  # a bounded request body, and a step of the items progress bar
OWNER_SCOPES = ["lucidchart.document.content", "lucidspark.document.content", "lucidscale.document.content",
                "folder", "data-service.admin"]
_KEYS = {
    "top": {"accounts", "clients", "tokens"},
    "account": {"name", "license", "users"},
    "user": {"email", "first_name", "last_name", "username", "password", "roles", "folders", "documents",
             "data_sources"},
    "folder": {"name"},
    # A document's content comes with the document importer (issue 8): a `file:` key to import
    # belongs here then. Until it exists, `file` is refused rather than faked.
    "document": {"title", "product", "folder"},
    "data_source": {"name", "collections"},
    "collection": {"name", "schema", "items"},
    "client": {"name", "redirect_uris", "embed_domains"},
    "token": {"client", "user", "account", "scopes", "expires_in"},
}


def load(path: str | Path) -> dict:
    """The seed file as a dict: YAML for .yaml/.yml (and anything that is not JSON), else JSON."""
    text = Path(path).read_text(encoding="utf-8")
    if Path(path).suffix.lower() in (".yaml", ".yml"):
        return _yaml(text)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if Path(path).suffix.lower() == ".json":
            raise AdminError(f"{path}: not JSON: {exc}") from None
        return _yaml(text)


def _yaml(text: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise AdminError(f"not YAML: {exc}") from None


@dataclass
class Step:
    """One thing to make: `where` names its entry in the file, `run` makes it, with `items` data
    items among what it makes."""

    where: str
    run: Callable[["Seeding"], None]
    items: int = 0


@dataclass
class Seeding:
    """What has been made so far (the command's output) and how to reach names made earlier."""

    store: Store
    lucid_for: Callable[[int], Lucid]
    on_items: Callable[[int], None]
    made: dict[str, list] = field(default_factory=lambda: {
        "accounts": [], "users": [], "clients": [], "tokens": [], "folders": [], "documents": [],
        "dataSources": [], "collections": []})
    accounts: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    clients: dict[str, str] = field(default_factory=dict)
    folders: dict[tuple[str, str], int] = field(default_factory=dict)


def plan(spec: Any) -> list[Step]:
    """Check the whole file and list the steps, in order. Raises AdminError naming the entry."""
    _check(spec, "top", "the seed file")
    steps: list[Step] = []
    account_names: set[str] = set()
    emails: set[str] = set()
    client_names: set[str] = set()
    for n, account in enumerate(_list(spec, "accounts", "the seed file")):
        where = f"accounts[{n}]"
        _check(account, "account", where)
        _once(account_names, _text(account, "name", where), f"{where}.name")
        steps.append(Step(where, _make_account(account)))
        for m, user in enumerate(_list(account, "users", where)):
            uwhere = f"{where}.users[{m}]"
            _check(user, "user", uwhere)
            email = _once(emails, _text(user, "email", uwhere), f"{uwhere}.email")
            _text(user, "first_name", uwhere), _text(user, "last_name", uwhere)
            steps.append(Step(uwhere, _make_user(account["name"], user)))
            steps.extend(_owned(user, email, uwhere))
    for n, client in enumerate(_list(spec, "clients", "the seed file")):
        where = f"clients[{n}]"
        _check(client, "client", where)
        _once(client_names, _text(client, "name", where), f"{where}.name")
        steps.append(Step(where, _make_client(client)))
    for n, token in enumerate(_list(spec, "tokens", "the seed file")):
        where = f"tokens[{n}]"
        _check(token, "token", where)
        if _text(token, "client", where) not in client_names:
            raise AdminError(f"{where}: no client named {token['client']!r} in clients")
        if ("user" in token) == ("account" in token):
            raise AdminError(f"{where}: give exactly one of user (an email) and account (a name)")
        if "user" in token and token["user"] not in emails:
            raise AdminError(f"{where}: no user {token['user']!r} in accounts[].users")
        if "account" in token and token["account"] not in account_names:
            raise AdminError(f"{where}: no account named {token['account']!r}")
        if not _list(token, "scopes", where):
            raise AdminError(f"{where}: scopes must list at least one scope")
        steps.append(Step(where, _make_token(token)))
    return steps


def _owned(user: dict, email: str, where: str) -> Iterator[Step]:
    folder_names = set()
    for n, folder in enumerate(_list(user, "folders", where)):
        fwhere = f"{where}.folders[{n}]"
        _check(folder, "folder", fwhere)
        folder_names.add(_text(folder, "name", fwhere))
        yield Step(fwhere, _make_folder(email, folder["name"]))
    for n, document in enumerate(_list(user, "documents", where)):
        dwhere = f"{where}.documents[{n}]"
        if isinstance(document, dict) and "file" in document:
            raise AdminError(f"{dwhere}.file: importing a file into a seeded document is not supported yet; "
                             "seed a blank document (title, product, folder)")
        _check(document, "document", dwhere)
        _text(document, "title", dwhere)
        if "folder" in document and document["folder"] not in folder_names:
            raise AdminError(f"{dwhere}.folder: no folder {document['folder']!r} in this user's folders")
        yield Step(dwhere, _make_document(email, document))
    for n, source in enumerate(_list(user, "data_sources", where)):
        swhere = f"{where}.data_sources[{n}]"
        _check(source, "data_source", swhere)
        _text(source, "name", swhere)
        items = 0
        for m, collection in enumerate(_list(source, "collections", swhere)):
            _check(collection, "collection", f"{swhere}.collections[{m}]")
            _text(collection, "name", f"{swhere}.collections[{m}]")
            _list(collection, "schema", f"{swhere}.collections[{m}]")
            items += len(_list(collection, "items", f"{swhere}.collections[{m}]"))
        yield Step(swhere, _make_data_source(email, source), items)


# ---------------------------------------------------------------- checks

def _check(entry: Any, kind: str, where: str) -> None:
    if not isinstance(entry, dict):
        raise AdminError(f"{where} must be an object")
    unknown = sorted(set(entry) - _KEYS[kind])
    if unknown:
        raise AdminError(f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS[kind]))}")


def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise AdminError(f"{where}.{key} must be a non-empty string")
    return value


def _once(seen: set[str], value: str, where: str) -> str:
    """Names that other entries refer to (account names, emails, client names) must be unique."""
    if value in seen:
        raise AdminError(f"{where}: {value!r} appears twice in the file; entries refer to it by name")
    seen.add(value)
    return value


def _list(entry: dict, key: str, where: str) -> list:
    value = entry.get(key, [])
    if not isinstance(value, list):
        raise AdminError(f"{where}.{key} must be a list")
    return value


# ---------------------------------------------------------------- steps

def _make_account(account: dict) -> Callable[[Seeding], None]:
    def run(seeding: Seeding) -> None:
        made = admin.create_account(seeding.store, account["name"], account.get("license", "enterprise"))
        seeding.accounts[account["name"]] = made["id"]
        seeding.made["accounts"].append(made)
    return run


def _make_user(account_name: str, user: dict) -> Callable[[Seeding], None]:
    def run(seeding: Seeding) -> None:
        made = admin.create_user(
            seeding.store, account_id=seeding.accounts[account_name], email=user["email"],
            first_name=user["first_name"], last_name=user["last_name"], username=user.get("username"),
            password=user.get("password"), roles=user.get("roles") or [])
        seeding.users[user["email"]] = made["userId"]
        seeding.made["users"].append(made)
    return run


def _make_client(client: dict) -> Callable[[Seeding], None]:
    def run(seeding: Seeding) -> None:
        made = admin.create_client(seeding.store, client["name"], list(client.get("redirect_uris") or []),
                                   embed_domains=list(client.get("embed_domains") or []))
        seeding.clients[client["name"]] = made["client_id"]
        seeding.made["clients"].append({"name": client["name"], **made})
    return run


def _make_token(token: dict) -> Callable[[Seeding], None]:
    def run(seeding: Seeding) -> None:
        made = admin.issue_token(
            seeding.store, client_id=seeding.clients[token["client"]], scope_list=list(token["scopes"]),
            user_id=seeding.users.get(token.get("user")), account_id=seeding.accounts.get(token.get("account")),
            expires_in=token.get("expires_in"))
        seeding.made["tokens"].append({"client": token["client"], **made})
    return run


def _make_folder(email: str, name: str) -> Callable[[Seeding], None]:
    def run(seeding: Seeding) -> None:
        folder = seeding.lucid_for(seeding.users[email]).folders.create(name)
        seeding.folders[(email, name)] = folder.id
        seeding.made["folders"].append({"id": folder.id, "name": name, "owner": email})
    return run


def _make_document(email: str, document: dict) -> Callable[[Seeding], None]:
    def run(seeding: Seeding) -> None:
        parent = seeding.folders[(email, document["folder"])] if "folder" in document else None
        made = seeding.lucid_for(seeding.users[email]).documents.create(
            title=document["title"], product=document.get("product", "lucidchart"), parent=parent)
        seeding.made["documents"].append({"id": made.document_id, "title": made.title, "product": made.product,
                                          "owner": email, "folderId": parent})
    return run


def _make_data_source(email: str, source: dict) -> Callable[[Seeding], None]:
    def run(seeding: Seeding) -> None:
        data = seeding.lucid_for(seeding.users[email]).data
        made = data.data_sources.create(source["name"], adapter_type="DATA_API")
        seeding.made["dataSources"].append({"id": made.id, "name": source["name"], "owner": email})
        for collection in source.get("collections", []):
            created = data.collections.create(made, collection["name"], schema=collection.get("schema", []))
            items = collection.get("items", [])
            for start in range(0, len(items), ITEMS_PER_REQUEST):
                chunk = items[start:start + ITEMS_PER_REQUEST]
                data.items.create(created, chunk)
                seeding.on_items(len(chunk))
            seeding.made["collections"].append({"id": created.id, "name": collection["name"], "dataSource": made.id,
                                                "items": len(collection.get("items", []))})
    return run


# ---------------------------------------------------------------- running

def run(store: Store, steps: list[Step], progress: Callable[[str], None] = lambda where: None,
        on_items: Callable[[int], None] = lambda count: None) -> dict:
    """Make what `plan` listed; the made ids, grouped by kind. `progress` is called after each
    entry, `on_items` after each batch of data items (the CLI draws bars with them)."""
    with _owner_clients(store) as lucid_for:
        seeding = Seeding(store, lucid_for, on_items)
        for step in steps:
            try:
                step.run(seeding)
            except AdminError as exc:
                raise AdminError(f"{step.where}: {exc}") from None
            except LucidError as exc:
                raise AdminError(f"{step.where}: {exc}") from None
            progress(step.where)
    return seeding.made


@contextmanager
def _owner_clients(store: Store) -> Iterator[Callable[[int], Lucid]]:
    """SDK clients on the app in process, one per owner, each on a token revoked at the end."""
    from .app import build_app
    from .inprocess import PortalTransport
    from .settings import RateLimits, Settings

    state: dict[str, Any] = {}
    grants: list[int] = []
    clients: dict[int, Lucid] = {}

    def lucid_for(user_id: int) -> Lucid:
        if user_id not in clients:
            if "http" not in state:
                app = build_app(Settings(database_url=store.url, public_url="http://seed.invalid", access_log=False,
                                         rate_limits=RateLimits(enabled=False)), migrate=False)
                state["app"] = app
                state["http"] = httpx.Client(transport=PortalTransport(app), base_url="http://seed.invalid")
            with store.write() as conn:
                if "client" not in state:
                    state["client"] = oauth_clients.create_client(conn, SEED_CLIENT, [])[0].id
                grant = tokens.create_grant(conn, client_pk=state["client"], token_type="user",
                                            account_id=accounts.get_user(conn, user_id).account_id,
                                            user_id=user_id, scopes=OWNER_SCOPES)
                issued = tokens.issue(conn, grant, OWNER_SCOPES, access_ttl_ms=10 * 60 * 1000)
            grants.append(grant)
            clients[user_id] = Lucid(access_token=issued.access_token, base_url="http://seed.invalid",
                                     http_client=state["http"], max_retries=0)
        return clients[user_id]

    try:
        yield lucid_for
    finally:
        if grants:
            with store.write() as conn:
                for grant in grants:
                    tokens.revoke_grant(conn, grant)
        if "http" in state:
            state["http"].close()
            state["app"].ctx.store.dispose()
