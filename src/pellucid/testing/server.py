"""A pellucid server inside the test process, on a free 127.0.0.1 port, and the set-up a test
needs on it: accounts, users, OAuth clients, tokens, `Lucid` clients, seeded data and mounted
data connectors. The pytest plugin (`pellucid.testing.plugin`) hands these out as fixtures; the
class works without pytest too.

The server runs under uvicorn in a thread, so everything talks real HTTP: the SDK, your code's
own HTTP client, and data connectors, which the server calls and which call it back.
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from pellucid.sdk import Lucid

if TYPE_CHECKING:  # pragma: no cover
    from pellucid.sdk.connector import DataConnector

USER_SCOPES = ("user.profile", "lucidchart.document.content", "lucidspark.document.content", "folder",
               "data-service.admin", "offline_access")


def free_port() -> int:
    """A free TCP port on the loopback interface (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve_in_thread(app: Any, *, port: int | None = None, lifespan: str = "on") -> Iterator[str]:
    """Serve an ASGI app with uvicorn in a daemon thread (on a free port unless given); yields
    its origin."""
    import uvicorn

    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan=lifespan, access_log=False))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the server on port {port} did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@dataclass
class MountedConnector:
    """A data connector served next to the server and registered with it as a package."""

    server: "PellucidServer"
    package_id: str
    name: str
    url: str

    def trigger(self, document_id: str, action: str, data: Any = None, *, token: str,
                asynchronous: bool = True) -> dict:
        """Run an action as the editor's performDataAction does -> {"status", "body"}."""
        response = self.server.http.post(
            f"/extensions/{self.package_id}/dataConnectors/{self.name}/actions",
            headers={"Authorization": f"Bearer {token}", "Lucid-Api-Version": "1"},
            json={"documentId": document_id, "action": {"name": action, "data": data}, "asynchronous": asynchronous})
        response.raise_for_status()
        return response.json()


class PellucidServer:
    """A running server over `database_url` (SQLite in a temporary directory by default)."""

    def __init__(self, database_url: str, *, rate_limits: bool = True) -> None:
        from pellucid.server.app import build_app
        from pellucid.server.settings import RateLimits, Settings

        port = free_port()
        self.database_url = database_url
        settings = Settings(database_url=database_url, port=port, access_log=False,
                            rate_limits=RateLimits(enabled=rate_limits))
        self.app = build_app(settings)
        self.store = self.app.ctx.store
        self._serving = serve_in_thread(self.app, port=port)
        self.url = self._serving.__enter__()
        self.http = httpx.Client(base_url=self.url, timeout=60)
        self._stack: list[Any] = []

    @classmethod
    def in_directory(cls, directory: Path, **kwargs: Any) -> "PellucidServer":
        """A server keeping its SQLite database in `directory`."""
        return cls(f"sqlite:///{Path(directory) / 'pellucid.db'}", **kwargs)

    def close(self) -> None:
        """Stop the server and release what it opened, last first."""
        for closing in reversed(self._stack):
            closing()
        self.http.close()
        self._serving.__exit__(None, None, None)

    # ------------------------------------------------------------------ set-up

    def account(self, name: str | None = None, license: str = "enterprise") -> dict:
        """A new account -> {"id", "name"}."""
        from pellucid.server import admin

        return admin.create_account(self.store, name or f"Account {uuid.uuid4().hex[:8]}", license)

    def user(self, account_id: int | None = None, *, email: str | None = None, first_name: str = "Test",
             last_name: str = "User", password: str | None = None, roles: list[str] | None = None) -> dict:
        """A new user (in a new account unless given) -> the REST API's User resource."""
        from pellucid.server import admin

        return admin.create_user(
            self.store, account_id=account_id if account_id is not None else self.account()["id"],
            email=email or f"user-{uuid.uuid4().hex[:10]}@example.test", first_name=first_name,
            last_name=last_name, password=password, roles=roles)

    def oauth_client(self, name: str = "tests", redirect_uris: list[str] | None = None) -> dict:
        """A registered OAuth 2.0 client -> {"client_id", "client_secret", "redirect_uris"}."""
        from pellucid.server import admin

        return admin.create_client(self.store, name, redirect_uris or ["http://127.0.0.1/callback"])

    def token(self, *scopes: str, user_id: int | None = None, account_id: int | None = None,
              client_id: str | None = None, expires_in: int | None = None) -> dict:
        """An OAuth2 Token resource with exactly these scopes, for a user or an account."""
        from pellucid.server import admin

        return admin.issue_token(
            self.store, client_id=client_id or self.oauth_client()["client_id"], scope_list=list(scopes),
            user_id=user_id, account_id=account_id, expires_in=expires_in)

    def lucid(self, access_token: str, **kwargs: Any) -> Lucid:
        """A `Lucid` client on this server (closed with the server unless you close it first)."""
        client = Lucid(access_token=access_token, base_url=self.url, **kwargs)
        self._stack.append(client.close)
        return client

    def seed(self, spec: dict) -> dict:
        """What `pellucid admin seed` makes from a parsed seed file -> the same JSON object."""
        from pellucid.server import seed

        return seed.run(self.store, seed.plan(spec))

    def mount_connector(self, connector: "DataConnector", *, name: str = "connector", user_id: int,
                        credential: str = "unused-by-this-connector") -> MountedConnector:
        """Serve `connector`, point its client at this server, register it as a package whose
        connector `name` receives every action, and store `credential` for `user_id` (a
        connector that calls no third party never reads it)."""
        from pellucid.sdk.connector import LucidUrls
        from pellucid.server.connectors import packages

        connector.client.urls = LucidUrls.single_origin(self.url + "/", data_sync=self.url + "/dataSync/")
        serving = serve_in_thread(connector.asgi_app())
        url = serving.__enter__()
        self._stack.append(lambda: serving.__exit__(None, None, None))
        package_id = str(uuid.uuid4())
        packages.register_short(self.store, name, [f"{name}={url}/"], package_id=package_id)
        packages.set_credential(self.store, user_id=user_id, package_id=package_id, credential=credential)
        return MountedConnector(self, package_id, name, url)
