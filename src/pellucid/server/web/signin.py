"""Checking a sign-in form: the one place a browser becomes signed in, for the sign-in page
(`/login`) and the OAuth dialogues alike.

Every attempt counts against the sign-in limits (`login_limits.py`) before the password is
checked; a login naming nobody is checked against a decoy hash, so both cases cost one scrypt.
Success starts a new session (a session planted before sign-in is worth nothing) and marks
the browser as one the user signs in with (`devices.py`).
"""

from __future__ import annotations

from functools import cache

import anyio.to_thread
from sqlalchemy.engine import Row

from ..http.errors import ApiError
from ..http.request import Request
from ..store import accounts, credentials, web_sessions
from ..store.db import Store
from ..store.web_sessions import WebSession
from . import devices, login_limits, session


class SignInRefused(Exception):
    """The form did not sign anyone in: `status` and `message` for the form shown again."""

    def __init__(self, status: int, message: str, login: str) -> None:
        super().__init__(message)
        self.status, self.message, self.login = status, message, login


@cache
def _decoy_password_hash() -> str:
    return credentials.hash_password(credentials.new_session_id())


def _find_user(store: Store, login: str) -> Row | None:
    with store.read() as conn:
        return accounts.find_user_by_login(conn, login)


async def sign_in(request: Request, current: WebSession | None, form: dict) -> list[str]:
    """Check the form's `login` and `password`; the Set-Cookie values of the signed-in session
    (which replaces `current`) and of the device cookie. Raises SignInRefused."""
    login, password = form.get("login"), form.get("password")
    if not isinstance(login, str) or not isinstance(password, str) or not login.strip() or not password:
        raise SignInRefused(400, "Enter your email or username and your password.",
                            login if isinstance(login, str) else "")
    login = login.strip()
    store, run = request.ctx.store, request.ctx.run
    user = await run(_find_user, store, login)
    try:
        await login_limits.admit(request, login, user)
    except ApiError as exc:
        retry = exc.headers.get("Retry-After", "60")
        raise SignInRefused(429, f"Too many sign-in attempts. Try again in {retry} seconds.", login) from None
    stored = user.password_hash if user is not None and user.password_hash else _decoy_password_hash()
    valid = await anyio.to_thread.run_sync(credentials.check_password, password, stored)
    if user is None or not user.password_hash or not valid:
        raise SignInRefused(401, "Incorrect email, username or password.", login)
    signed_in = await run(session.start, store, user.id, current)
    device = await run(devices.set_cookie, request, user.id)
    return [session.set_cookie(request, signed_in, web_sessions.USER_TTL_MS)["Set-Cookie"], device]
