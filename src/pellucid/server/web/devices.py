"""Browsers a user has signed in with: a signed cookie that exempts them from the per-login
ceiling of sign-in attempts, so that others' failed guesses never lock the user out of the
browser they use (OWASP's "device cookie" defence). The cookie proves no identity: the holder
still needs the password, and stays under the limit per address and login.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from ..http.request import Request
from ..http.validation import is_digits
from ..store import server_state
from ..store.db import Store
from . import session

COOKIE = "pellucid_device"
MAX_AGE = 180 * 24 * 3600  # seconds
_KEY = "login-device-key"


def _mac(key: str, user_id: int, issued: int) -> str:
    digest = hmac.new(key.encode(), f"{user_id}.{issued}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode()


def set_cookie(request: Request, user_id: int) -> str:
    """The Set-Cookie value marking this browser as one `user_id` signed in with (database step)."""
    issued = int(time.time())
    value = f"{user_id}.{issued}.{_mac(server_state.get_or_create(request.ctx.store, _KEY), user_id, issued)}"
    return f"{COOKIE}={value}; Max-Age={MAX_AGE}; {session.cookie_attributes(request)}"


def trusted(store: Store, cookie: str | None, user_id: int) -> bool:
    """Whether `cookie` is a live device cookie of `user_id` (database step)."""
    user, _, rest = (cookie or "").partition(".")
    issued, _, mac = rest.partition(".")
    if user != str(user_id) or not is_digits(issued):
        return False
    if int(issued) + MAX_AGE < time.time():
        return False
    expected = _mac(server_state.get_or_create(store, _KEY), user_id, int(issued))
    return hmac.compare_digest(expected.encode(), mac.encode())


def presented(request: Request) -> str | None:
    """The device cookie the browser sent, if any."""
    return session.read_cookie(request, COOKIE)
