"""pytest fixtures for testing code against Lucid's APIs with pellucid (docs/testing.md).

Loaded by pytest through the `pytest11` entry point once pellucid is installed. Nothing starts
until a test asks for a fixture: `pellucid_server` (one per session), then per test
`pellucid_account`, `pellucid_user`, `pellucid_token(*scopes)`, `pellucid_lucid` and
`pellucid_connector(connector)`. The server needs pellucid's server extra.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # pragma: no cover
    from pellucid.sdk import Lucid
    from pellucid.sdk.connector import DataConnector
    from pellucid.testing.server import MountedConnector, PellucidServer


def pytest_addoption(parser: pytest.Parser) -> None:
    """The plugin's command-line options: the fixture server's database and rate limits."""
    group = parser.getgroup("pellucid", "pellucid: a local Lucid API server for tests")
    group.addoption("--pellucid-database", metavar="URL", default=None,
                    help="Database of the pellucid_server fixture (default: SQLite in a temporary directory), "
                         "e.g. postgresql+psycopg://user@127.0.0.1/pellucid_tests (it is migrated, never dropped).")
    group.addoption("--pellucid-rate-limits", choices=("on", "off"), default="on",
                    help="Lucid's rate limits on the pellucid_server fixture (default: on, as Lucid).")


@pytest.fixture(scope="session")
def pellucid_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator["PellucidServer"]:
    """A pellucid server in this process on a free 127.0.0.1 port, for the whole session.
    Tests stay apart by making their own accounts (the other fixtures do)."""
    try:
        import pellucid.server.app  # noqa: F401
        from pellucid.testing.server import PellucidServer
    except ModuleNotFoundError as exc:
        pytest.fail(f"pellucid_server needs pellucid's server extra ({exc.name} is missing): "
                    "install 'pellucid[server]'", pytrace=False)
    database = request.config.getoption("pellucid_database")
    rate_limits = request.config.getoption("pellucid_rate_limits") == "on"
    if database:
        server = PellucidServer(database, rate_limits=rate_limits)
    else:
        server = PellucidServer.in_directory(tmp_path_factory.mktemp("pellucid"), rate_limits=rate_limits)
    yield server
    server.close()


@pytest.fixture
def pellucid_account(pellucid_server: "PellucidServer") -> dict:
    """A new account -> {"id", "name"}."""
    return pellucid_server.account()


@pytest.fixture
def pellucid_user(pellucid_server: "PellucidServer", pellucid_account: dict) -> dict:
    """A new user of pellucid_account -> the User resource ("userId", "email", ...)."""
    return pellucid_server.user(pellucid_account["id"])


@pytest.fixture
def pellucid_token(pellucid_server: "PellucidServer", pellucid_user: dict) -> Callable[..., str]:
    """`pellucid_token("data-service.admin", ...)` -> an access token of pellucid_user with
    exactly those scopes (`account=True` for an account token of pellucid_account)."""

    def token(*scopes: str, account: bool = False, **kwargs: Any) -> str:
        owner = {"account_id": pellucid_user["accountId"]} if account else {"user_id": pellucid_user["userId"]}
        return pellucid_server.token(*scopes, **owner, **kwargs)["access_token"]

    return token


@pytest.fixture
def pellucid_lucid(pellucid_server: "PellucidServer", pellucid_token: Callable[..., str]) -> Iterator["Lucid"]:
    """A `Lucid` client for pellucid_user, with the user scopes of the REST API and the Data
    Service (pellucid.testing.server.USER_SCOPES)."""
    from pellucid.sdk import Lucid
    from pellucid.testing.server import USER_SCOPES

    with Lucid(access_token=pellucid_token(*USER_SCOPES), base_url=pellucid_server.url) as lucid:
        yield lucid


@pytest.fixture
def pellucid_connector(pellucid_server: "PellucidServer", pellucid_user: dict) -> Callable[..., "MountedConnector"]:
    """`pellucid_connector(connector)`: serve your DataConnector, point it at pellucid_server and
    register it; `.trigger(document_id, "Import", data, token=...)` runs an action."""

    def mount(connector: "DataConnector", **kwargs: Any) -> "MountedConnector":
        return pellucid_server.mount_connector(connector, user_id=pellucid_user["userId"], **kwargs)

    return mount
