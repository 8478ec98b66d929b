"""Token refresh through the SDK against the real token endpoint: ahead of expiry, forced after a
401, rotation persisted through `on_token_refreshed`, and single-flight under concurrency (threads
and asyncio tasks), since Lucid revokes the whole grant when a rotated refresh token is reused."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from pellucid.sdk import AuthenticationError, BadRequestError, OAuthToken, RefreshingToken
from tests.oauth.flow import expire_token

from .conftest import Env, run

pytestmark = pytest.mark.wire

SCOPES = ["user.profile", "offline_access"]


class Grant:
    """A user, a registered client and a token pair with offline_access, plus a refresh log."""

    def __init__(self, env: Env) -> None:
        self.env = env
        self.user = env.server.user()
        registered = env.server.oauth_client()
        self.client_id, self.client_secret = registered["client_id"], registered["client_secret"]
        self.pair = OAuthToken.from_json(env.server.token(user_id=self.user["userId"], scopes=SCOPES,
                                                          client_id=self.client_id))
        self.refreshed: list[OAuthToken] = []

    def persist(self, pair: OAuthToken) -> None:
        self.refreshed.append(pair)

    def stale_pair(self) -> OAuthToken:
        """The stored pair as if its access token had expired."""
        return OAuthToken(access_token=self.pair.access_token, refresh_token=self.pair.refresh_token,
                          expires=int(time.time() * 1000) - 1000)

    def options(self, token: OAuthToken) -> dict:
        return {"client_id": self.client_id, "client_secret": self.client_secret, "token": token,
                "on_token_refreshed": self.persist}

    def introspect(self, token: str) -> bool:
        oauth = self.env.lucid(client_id=self.client_id, client_secret=self.client_secret).oauth
        return oauth.introspect(token).active


@pytest.fixture
def grant(env: Env) -> Grant:
    return Grant(env)


def test_refreshes_ahead_of_expiry_and_persists_the_new_pair(env: Env, grant: Grant):
    soon = OAuthToken(access_token=grant.pair.access_token, refresh_token=grant.pair.refresh_token,
                      expires=int((time.time() + 60) * 1000))  # inside the default 300 s skew
    client = env.lucid(**grant.options(soon))
    assert client.users.profile().id == grant.user["userId"]
    (new,) = grant.refreshed
    assert new.access_token != grant.pair.access_token and new.refresh_token != grant.pair.refresh_token
    assert isinstance(client.token_provider, RefreshingToken) and client.token_provider.current is new
    client.users.profile()
    assert len(grant.refreshed) == 1  # the fresh token is used, not refreshed again
    assert not grant.introspect(grant.pair.refresh_token or "")  # rotated away
    # What was persisted is enough for another process to carry on.
    assert env.lucid(new.access_token).users.profile().id == grant.user["userId"]


def test_skew_is_configurable(env: Env, grant: Grant):
    soon = OAuthToken(access_token=grant.pair.access_token, refresh_token=grant.pair.refresh_token,
                      expires=int((time.time() + 60) * 1000))
    env.lucid(refresh_skew=10, **grant.options(soon)).users.profile()
    assert grant.refreshed == []


def test_starts_from_a_refresh_token_alone(env: Env, grant: Grant):
    client = env.lucid(client_id=grant.client_id, client_secret=grant.client_secret,
                       refresh_token=grant.pair.refresh_token, on_token_refreshed=grant.persist)
    assert client.users.profile().id == grant.user["userId"] and len(grant.refreshed) == 1


def test_a_401_forces_one_refresh_and_a_retry(env: Env, grant: Grant):
    client = env.lucid(**grant.options(grant.pair))  # believed valid for an hour
    expire_token(env.server, grant.pair.access_token)  # ... but the server says otherwise
    assert client.users.profile().id == grant.user["userId"]
    assert len(grant.refreshed) == 1


def test_a_revoked_grant_fails_after_one_attempt(env: Env, grant: Grant):
    client = env.lucid(**grant.options(grant.pair))
    env.lucid(client_id=grant.client_id, client_secret=grant.client_secret).oauth.revoke(grant.pair.access_token)
    with pytest.raises(BadRequestError) as failed:  # the refresh itself is refused
        client.users.profile()
    assert failed.value.code == "invalid_grant" and grant.refreshed == []


def test_a_static_token_401_is_final(env: Env, grant: Grant):
    expire_token(env.server, grant.pair.access_token)
    with pytest.raises(AuthenticationError) as error:
        env.lucid(grant.pair.access_token).users.profile()
    assert error.value.status_code == 401 and error.value.code == "unauthorized" and error.value.request_id


def test_single_flight_across_threads(env: Env, grant: Grant):
    client = env.lucid(**grant.options(grant.stale_pair()))
    start = threading.Barrier(8)
    results, failures = [], []

    def call() -> None:
        start.wait()
        try:
            results.append(client.users.profile().id)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            failures.append(exc)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [] and results == [grant.user["userId"]] * 8
    (new,) = grant.refreshed  # one refresh for eight callers
    assert grant.introspect(new.refresh_token or "")  # and the grant survived


def test_single_flight_across_asyncio_tasks(env: Env, grant: Grant):
    async def scenario() -> list[int]:
        async with env.async_lucid(**grant.options(grant.stale_pair())) as client:
            profiles = await asyncio.gather(*(client.users.profile() for _ in range(8)))
            return [p.id for p in profiles]

    assert run(scenario()) == [grant.user["userId"]] * 8
    (new,) = grant.refreshed
    assert grant.introspect(new.refresh_token or "")


def test_async_forced_refresh_with_an_async_callback(env: Env, grant: Grant):
    persisted: list[OAuthToken] = []

    async def save(pair: OAuthToken) -> None:
        await asyncio.sleep(0)
        persisted.append(pair)

    async def scenario() -> int:
        options = {**grant.options(grant.pair), "on_token_refreshed": save}
        async with env.async_lucid(**options) as client:
            expire_token(env.server, grant.pair.access_token)
            return (await client.users.profile()).id

    assert run(scenario()) == grant.user["userId"] and len(persisted) == 1
