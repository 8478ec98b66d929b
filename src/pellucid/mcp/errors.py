"""SDK errors turned into tool errors an assistant can act on: what went wrong, what to do."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

from mcp.server.mcpserver.exceptions import ToolError

from pellucid.sdk import errors


@contextmanager
def api_errors(subject: str | None = None) -> Iterator[None]:
    """Raise a ToolError for any SDK error inside the block. `subject` ("Document 123") names
    what a 403 or 404 is about: the error then says only that it is not there or not readable,
    the same either way, and nothing of its content."""
    try:
        yield
    except errors.RateLimitError as exc:
        wait = f"{math.ceil(exc.retry_after)} seconds" if exc.retry_after is not None else "a minute"
        raise ToolError(f"Rate limited by the Lucid API: retry after {wait}.") from None
    except (errors.PermissionDeniedError, errors.NotFoundError) as exc:
        if subject:
            raise ToolError(f"{subject} was not found, or the signed-in user may not access it.") from None
        raise ToolError(f"Refused by the Lucid API ({exc.status_code}): {exc.message}") from None
    except errors.AuthenticationError:
        raise ToolError("The Lucid access token was refused (missing, expired or revoked): "
                        "sign in again (or set a fresh LUCID_ACCESS_TOKEN).") from None
    except errors.BadRequestError as exc:
        raise ToolError("\n".join([f"The Lucid API refused the request: {exc.message}", *exc.problems])) from None
    except errors.APIStatusError as exc:
        raise ToolError(f"The Lucid API answered {exc.status_code}: {exc.message}. Try again later.") from None
    except errors.APIConnectionError as exc:
        raise ToolError(f"Could not reach the Lucid API ({exc.message}); try again.") from None

