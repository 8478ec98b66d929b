"""Extension packages and their data connectors, registered by the operator; per-user
credentials for a package's OAuth provider.

Two ways in: a `lucid-package` manifest (`id`, `version`, `dataConnectors[]` with `name`,
`oauthProviderName`, `callbackBaseUrl`, `dataActions`), where an action is posted to
`callbackBaseUrl + dataActions[name]` and only declared actions are sent; or the short form
`NAME=URL`, where every action is posted to that URL exactly.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from pellucid.protocol import action_url

from ..admin import AdminError
from ..store import accounts
from ..store.db import Store, now_ms
from ..store.tables import connectors as tc
from . import secrets


@dataclass(frozen=True)
class ConnectorSpec:
    name: str
    callback_base_url: str
    data_actions: dict[str, str] | None  # None: every action goes to callback_base_url
    oauth_provider_name: str | None = None


@dataclass(frozen=True)
class Connector:
    """A registered data connector and its package."""

    id: int
    package_id: str
    package_version: str
    name: str
    callback_base_url: str
    data_actions: dict[str, str] | None

    def declares(self, action: str) -> bool:
        """Whether the connector handles `action`; one declaring no actions handles all."""
        return self.data_actions is None or action in self.data_actions

    def url(self, action: str) -> str:
        """Where to send `action`: the callback base, or its declared per-action URL."""
        if self.data_actions is None:
            return self.callback_base_url
        return action_url(self.callback_base_url, self.data_actions, action)


def _http_url(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise AdminError(f"{what} must be an absolute http(s) URL; got {value!r}")
    return value


def parse_manifest(manifest: Any) -> tuple[str, str, str, list[ConnectorSpec]]:
    """(package id, name, version, connectors) of a lucid-package manifest."""
    if not isinstance(manifest, dict):
        raise AdminError("the manifest must be a JSON object")
    package_id, version = manifest.get("id"), manifest.get("version")
    if not isinstance(package_id, str) or not package_id:
        raise AdminError("the manifest needs an `id` (the package id)")
    if not isinstance(version, str) or not version:
        raise AdminError("the manifest needs a `version`")
    entries = manifest.get("dataConnectors")
    if not isinstance(entries, list) or not entries:
        raise AdminError("the manifest declares no `dataConnectors`")
    specs = []
    for n, entry in enumerate(entries):
        where = f"dataConnectors[{n}]"
        if not isinstance(entry, dict):
            raise AdminError(f"{where} must be an object")
        for key in ("name", "oauthProviderName"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise AdminError(f"{where}.{key} must be a non-empty string")
        actions = entry.get("dataActions")
        if not isinstance(actions, dict) or not all(isinstance(v, str) for v in actions.values()):
            raise AdminError(f"{where}.dataActions must map action names to URL suffixes")
        specs.append(ConnectorSpec(entry["name"], _http_url(entry.get("callbackBaseUrl"), f"{where}.callbackBaseUrl"),
                                   dict(actions), entry["oauthProviderName"]))
    return package_id, str(manifest.get("name") or package_id), version, specs


def parse_short_form(connectors: list[str]) -> list[ConnectorSpec]:
    """`NAME=CALLBACK_URL` options as connector specs; at least one, each URL http(s)."""
    specs = []
    for text in connectors:
        name, sep, url = text.partition("=")
        if not sep or not name:
            raise AdminError(f"--connector takes NAME=CALLBACK_URL; got {text!r}")
        specs.append(ConnectorSpec(name, _http_url(url, f"the URL of connector {name!r}"), None))
    if not specs:
        raise AdminError("give at least one --connector NAME=CALLBACK_URL")
    return specs


def register(store: Store, package_id: str, name: str, version: str, specs: list[ConnectorSpec]) -> dict:
    """Create or update a package; connectors keep their bindings when re-registered by name."""
    names = [spec.name for spec in specs]
    if len(set(names)) != len(names):
        raise AdminError("connector names must be unique within a package")
    p, c = tc.extension_packages, tc.data_connectors
    now = now_ms()
    with store.write() as conn:
        if conn.execute(sa.select(p.c.id).where(p.c.id == package_id)).first() is None:
            conn.execute(sa.insert(p).values(id=package_id, name=name, version=version, created=now, modified=now))
        else:
            conn.execute(sa.update(p).where(p.c.id == package_id).values(name=name, version=version, modified=now))
        conn.execute(sa.delete(c).where(c.c.package_id == package_id, c.c.name.not_in(names)))
        for spec in specs:
            values = {"callback_base_url": spec.callback_base_url, "oauth_provider_name": spec.oauth_provider_name,
                      "data_actions": orjson.dumps(spec.data_actions).decode() if spec.data_actions is not None else None}
            updated = conn.execute(sa.update(c).where(c.c.package_id == package_id, c.c.name == spec.name).values(**values))
            if updated.rowcount == 0:
                conn.execute(sa.insert(c).values(package_id=package_id, name=spec.name, **values))
    return {"packageId": package_id, "version": version,
            "dataConnectors": [{"name": spec.name, "url": spec.callback_base_url} for spec in specs]}


def register_manifest(store: Store, manifest: Any) -> dict:
    """Register (or re-register) the package a manifest describes."""
    return register(store, *parse_manifest(manifest))


def register_short(store: Store, name: str, connectors: list[str], package_id: str | None = None,
                   version: str | None = None) -> dict:
    """Register a package from command-line options; a missing id is generated, version 1.0.0."""
    if not name.strip():
        raise AdminError("--name must not be empty")
    return register(store, package_id or str(uuid.uuid4()), name, version or "1.0.0", parse_short_form(connectors))


_CONNECTOR = (
    sa.select(tc.data_connectors, tc.extension_packages.c.version)
    .join(tc.extension_packages, tc.extension_packages.c.id == tc.data_connectors.c.package_id)
)


def _connector(row) -> Connector:
    actions = orjson.loads(row.data_actions) if row.data_actions is not None else None
    return Connector(row.id, row.package_id, row.version, row.name, row.callback_base_url, actions)


def find(conn: Connection, package_id: str, name: str) -> Connector | None:
    """The connector `name` of package `package_id`, or None."""
    c = tc.data_connectors.c
    row = conn.execute(_CONNECTOR.where(c.package_id == package_id, c.name == name)).first()
    return _connector(row) if row else None


def get(conn: Connection, connector_id: int) -> Connector:
    """The connector with this id; it must exist."""
    return _connector(conn.execute(_CONNECTOR.where(tc.data_connectors.c.id == connector_id)).one())


# ------------------------------------------------------------------ per-user credentials

def set_credential(store: Store, *, user_id: int, package_id: str, credential: str) -> dict:
    """Store a user's OAuth token for the package's provider, encrypted."""
    if not credential:
        raise AdminError("--credential must not be empty")
    box = secrets.fernet(store)
    with store.write() as conn:
        if accounts.get_user(conn, user_id) is None:
            raise AdminError(f"no user {user_id}")
        p = tc.extension_packages
        if conn.execute(sa.select(p.c.id).where(p.c.id == package_id)).first() is None:
            raise AdminError(f"no package {package_id!r}; register it with `pellucid admin register-package`")
        cc = tc.connector_credentials
        conn.execute(sa.delete(cc).where(cc.c.user_id == user_id, cc.c.package_id == package_id))
        conn.execute(sa.insert(cc).values(user_id=user_id, package_id=package_id,
                                          secret=box.encrypt(credential.encode()), created=now_ms()))
    return {"userId": user_id, "packageId": package_id}


def credential(store: Store, user_id: int, package_id: str) -> str | None:
    """The user's stored credential for the package, decrypted; None when there is none."""
    cc = tc.connector_credentials.c
    with store.read() as conn:
        secret = conn.execute(sa.select(cc.secret).where(cc.user_id == user_id, cc.package_id == package_id)).scalar()
    return None if secret is None else secrets.fernet(store).decrypt(bytes(secret)).decode()


def package_exists(conn: Connection, package_id: str) -> bool:
    """Whether a package with this id is registered."""
    p = tc.extension_packages.c
    return conn.execute(sa.select(p.id).where(p.id == package_id)).first() is not None

