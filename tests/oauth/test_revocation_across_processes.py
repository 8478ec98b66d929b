"""Server processes cache token lookups, yet a token revoked through one process is refused on
the very next request through any other (issue 11, point 8): two `pellucid serve` processes
over one database, each having just admitted the token."""

from __future__ import annotations

import pytest

from tests.support.harness import Server, start_subprocess

from .flow import App, make_app

pytestmark = pytest.mark.wire

DATA_SERVICE = {"Accept": "application/json;v=1"}
REST = {"Lucid-Api-Version": "1"}


@pytest.fixture(scope="module")
def processes(server) -> tuple[Server, Server]:
    first, second = start_subprocess(server.database_url), start_subprocess(server.database_url)
    yield first, second
    first.stop()
    second.stop()


def status(process: Server, access_token: str) -> tuple[int, int]:
    """(Data Service, REST API) statuses of one call each with the token."""
    bearer = {"Authorization": f"Bearer {access_token}"}
    return (process.client.get("/dataSets", headers={**bearer, **DATA_SERVICE}).status_code,
            process.client.get("/users/me/profile", headers={**bearer, **REST}).status_code)


def admitted_by_both(processes: tuple[Server, Server], access_token: str) -> None:
    for process in processes:
        assert status(process, access_token) == (200, 200)


@pytest.fixture
def app(processes) -> App:
    return make_app(processes[0])


def test_a_token_revoked_through_one_process_is_refused_by_both(processes, app):
    first, second = processes
    token = first.token(user_id=app.user["userId"], client_id=app.client_id,
                        scopes=["data-service.admin", "user.profile"])["access_token"]
    admitted_by_both(processes, token)
    assert app.revoke(token).status_code == 200
    assert status(second, token) == (401, 401)
    assert status(first, token) == (401, 401)


def test_a_refresh_through_one_process_ends_the_old_access_token_in_both(processes, app):
    first, second = processes
    token = app.token("data-service.admin user.profile offline_access")
    admitted_by_both(processes, token["access_token"])
    renewed = app.refresh(token["refresh_token"]).json()
    assert status(second, token["access_token"]) == (401, 401)
    admitted_by_both(processes, renewed["access_token"])


def test_other_tokens_stay_admitted(processes, app):
    first, _ = processes
    kept, revoked = (first.token(user_id=app.user["userId"], client_id=app.client_id,
                                 scopes=["data-service.admin", "user.profile"])["access_token"] for _ in range(2))
    admitted_by_both(processes, kept)
    assert app.revoke(revoked).status_code == 200
    admitted_by_both(processes, kept)
