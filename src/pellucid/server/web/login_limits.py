"""How fast anyone may try passwords on the sign-in form, without letting anyone lock a user out.

Two sliding windows, both counted before the password is checked (so that concurrent attempts
cannot slip past a window that is about to fill):

* per client address and login (default 10 attempts in 5 minutes): enough for typos, too few
  to guess. An attacker fills only the window of their own address, never the user's.
* per login, from every address together (default 100 attempts an hour): bounds guessing
  spread over many addresses. Browsers that have signed in as the user before (a signed
  device cookie, `devices.py`) are neither counted nor held back by it, so an attacker who
  fills it locks out only browsers the user has never used.

A login that names a user is keyed by the user's id, so that the email and the username share
one window. Behind a load balancer the client address comes from X-Forwarded-For, trusted only
from the proxies `--forwarded-allow-ips` names.
"""

from __future__ import annotations

from sqlalchemy.engine import Row

from ..http.request import Request
from . import devices


async def admit(request: Request, login: str, user: Row | None) -> None:
    """Count one sign-in attempt; raises the limiter's 429 when a window is full."""
    ctx = request.ctx
    limits = ctx.settings.rate_limits
    who = f"user:{user.id}" if user is not None else f"login:{login.lower()}"
    count, seconds = limits.login_per_address
    ctx.limiter.check(f"{request.client_host or '-'}|{who}", count, seconds, "login-address")
    if user is not None and await ctx.run(devices.trusted, ctx.store, devices.presented(request), user.id):
        return
    count, seconds = limits.login_per_user
    ctx.limiter.check(who, count, seconds, "login-user")
