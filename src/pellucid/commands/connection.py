"""Which Lucid a user command talks to, and as whom: a user OAuth 2.0 access token from
LUCID_ACCESS_TOKEN (or --token), the API origin from --base-url or LUCID_BASE_URL (default: Lucid's
cloud). `pellucid mcp serve` reads them the same way, through this module."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Optional, TypeVar

import typer

from pellucid.sdk import AsyncLucid, errors

from .output import REFUSED, fail

T = TypeVar("T")

TOKEN_ENV = "LUCID_ACCESS_TOKEN"
MISSING_TOKEN = (f"set {TOKEN_ENV} to a user OAuth 2.0 access token (on a pellucid server: "
                 "`pellucid admin issue-token --client ... --user ... --scope ...`)")

BaseUrlOption = typer.Option(
    None, "--base-url", envvar="LUCID_BASE_URL", metavar="URL",
    help="Origin of the Lucid APIs, e.g. http://127.0.0.1:8080 for a local pellucid. Default: Lucid's cloud.")
TokenOption = typer.Option(
    None, "--token", envvar=TOKEN_ENV, metavar="TOKEN",
    help="A user OAuth 2.0 access token. Prefer the environment variable: a command line is visible "
         "to other users of the machine.")


def access_token(given: Optional[str]) -> str:
    """The token given, or exit 2 with one line saying how to give one."""
    token = (given or "").strip()
    if not token:
        fail(MISSING_TOKEN)
    return token


def run(token: Optional[str], base_url: Optional[str], work: Callable[[AsyncLucid], Awaitable[T]]) -> T:
    """`work` done with a client for the token and origin given; SDK errors end the command."""
    token = access_token(token)

    async def main() -> T:
        async with AsyncLucid(token, base_url=base_url) as client:
            return await work(client)

    with _api_errors():
        return asyncio.run(main())


@contextmanager
def _api_errors() -> Iterator[None]:
    """Turn an SDK error into one readable line on stderr (with the server's validation problems
    under it) and exit 1: a traceback says nothing a user can act on."""
    try:
        yield
    except errors.AuthenticationError as exc:
        fail(f"the Lucid API refused the access token ({exc.status_code}: {exc.message}); "
             f"set a fresh {TOKEN_ENV}", code=REFUSED)
    except errors.APIStatusError as exc:
        fail(f"the Lucid API answered {exc}", *exc.problems, code=REFUSED)
    except errors.APIConnectionError as exc:
        url = exc.request.url if exc.request is not None else "the Lucid API"
        fail(f"could not reach {url}: {exc.message}", code=REFUSED)
