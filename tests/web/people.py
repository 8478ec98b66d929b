"""People in a browser, over HTTP: sign in through `/login` and keep the session cookie."""

from __future__ import annotations

import httpx

from tests.oauth.flow import PASSWORD, browser, csrf
from tests.support.harness import Server


def signed_in(server: Server, user: dict, next_url: str = "/") -> httpx.Client:
    """A browser signed in as `user` (made with `password=PASSWORD`) through the sign-in page."""
    person = browser(server)
    page = person.get("/login", params={"next": next_url})
    assert page.status_code == 200, page.text
    done = person.post("/login", data={"csrf_token": csrf(page), "next": next_url, "login": user["email"],
                                       "password": PASSWORD})
    assert done.status_code == 303, done.text
    assert done.headers["location"] == next_url
    return person
