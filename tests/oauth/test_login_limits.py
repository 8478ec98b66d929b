"""Sign-in throttling by client address and login together, plus the per-login ceiling that
browsers the user signed in with are exempt from. Real sockets: each "address" is a client
bound to its own loopback address (127.0.0.0/8 is all loopback)."""

from __future__ import annotations

import httpx
import pytest

from tests.support.harness import start_subprocess

from .flow import App, make_app

pytestmark = [pytest.mark.subprocess, pytest.mark.sqlite_only]

AUTHORIZE = "/oauth2/authorize"
PER_ADDRESS = 3
CEILING = 6


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('login') / 'p.db'}"
    server = start_subprocess(url, ["--login-rate", f"{PER_ADDRESS}/300", "--login-ceiling", f"{CEILING}/3600"])
    yield server
    server.stop()


def at(app: App, address: str) -> App:
    """The same client and user, in a fresh browser (no cookies) connecting from `address`."""
    other = App(app.server, app.client_id, app.client_secret, app.user)
    other.browser = httpx.Client(base_url=app.server.base_url,
                                 transport=httpx.HTTPTransport(local_address=address))
    return other


def attempts(app: App, count: int, password: str = "wrong", login: str | None = None) -> list[int]:
    return [app.sign_in(AUTHORIZE, app.params(), login=login, password=password).status_code
            for _ in range(count)]


def test_an_attacker_elsewhere_cannot_lock_the_user_out(server):
    app = make_app(server)
    attacker = at(app, "127.0.0.2")
    assert attempts(attacker, PER_ADDRESS + 2) == [401] * PER_ADDRESS + [429, 429]
    assert attempts(attacker, 1, password="correct horse battery staple") == [429]  # right or wrong, it waits
    assert at(app, "127.0.0.1").sign_in(AUTHORIZE, app.params()).status_code == 303


def test_email_and_username_share_the_window_of_one_address(server):
    app = make_app(server)
    guesser = at(app, "127.0.0.3")
    statuses = [guesser.sign_in(AUTHORIZE, app.params(), login=login, password="wrong").status_code
                for login in [app.user["email"], app.user["username"].upper()] * 2]
    assert statuses == [401] * PER_ADDRESS + [429]


def test_guessing_from_many_addresses_stops_at_the_ceiling_but_not_the_users_own_browser(server):
    app = make_app(server)
    own_browser = at(app, "127.0.0.1")
    assert own_browser.sign_in(AUTHORIZE, app.params()).status_code == 303  # the browser the user signs in with
    statuses = []
    for n in range(CEILING // 2 + 1):  # two guesses per address: no address window fills
        statuses += attempts(at(app, f"127.0.1.{n + 1}"), 2)
    guesses = CEILING - 1  # the user's own first sign-in, from a browser not yet known, counted too
    assert statuses[:guesses] == [401] * guesses and set(statuses[guesses:]) == {429}
    fresh_browser = at(app, "127.0.2.1")  # the right password from a new browser waits too
    assert fresh_browser.sign_in(AUTHORIZE, app.params()).status_code == 429
    assert own_browser.sign_in(AUTHORIZE, app.params()).status_code == 303


def test_a_device_cookie_of_another_user_or_forged_exempts_nobody(server):
    app, other = make_app(server), make_app(server)
    other_browser = at(other, "127.0.3.1")
    assert other_browser.sign_in(AUTHORIZE, other.params()).status_code == 303
    stolen = other_browser.browser.cookies.get("pellucid_device")
    user_id, issued, _ = stolen.split(".")
    for n in range(CEILING // 2):
        attempts(at(app, f"127.0.4.{n + 1}"), 2)
    for cookie in (stolen, f"{app.user['userId']}.{issued}.{'A' * 32}"):
        browser = at(app, "127.0.5.1")
        browser.browser.cookies.set("pellucid_device", cookie, path="/oauth2")
        assert browser.sign_in(AUTHORIZE, app.params()).status_code == 429
