"""The error object of seed 003, raised anywhere and rendered in one place."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An HTTP error carrying Lucid's `{"code", "message", "details"?}` object."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers or {}

    def body(self, request_id: str) -> dict[str, Any]:
        """The error object as sent, with the request's id."""
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            body["details"] = self.details
        body["requestId"] = request_id
        return body


def bad_request(message: str, details: Any = None) -> ApiError:
    """400 badRequest: the request is malformed."""
    return ApiError(400, "badRequest", message, details)


def unknown_operation(message: str = "The requested operation is unrecognized or not supported for this resource", status: int = 400, headers: dict[str, str] | None = None) -> ApiError:
    """400 (or 405) unknownOperation: no such operation on this resource."""
    return ApiError(status, "unknownOperation", message, headers=headers)


def unauthorized(message: str = "The request token is missing, expired or invalid") -> ApiError:
    """401 unauthorized, with a `WWW-Authenticate: Bearer` challenge."""
    return ApiError(401, "unauthorized", message, headers={"WWW-Authenticate": "Bearer"})


def forbidden(message: str = "Access to this resource is forbidden") -> ApiError:
    """403 accessForbidden: also Lucid's answer where existence must not leak."""
    return ApiError(403, "accessForbidden", message)


def not_found(message: str = "Resource not found") -> ApiError:
    """404 notFound."""
    return ApiError(404, "notFound", message)


def conflict(message: str = "Entity already exists") -> ApiError:
    """409 alreadyExists."""
    return ApiError(409, "alreadyExists", message)


def payload_too_large(limit: int) -> ApiError:
    """413 with the limit in `details`."""
    return ApiError(413, "badRequest", f"The request body is larger than the limit of {limit} bytes", {"limit": limit})


def too_many_items(limit: int, count: int | None = None) -> ApiError:
    """413 for a request naming more items than the server takes at once (`count` when known),
    the limit in `details`."""
    has = "more" if count is None else str(count)
    return ApiError(413, "badRequest", f"At most {limit} items per request (the server's --max-items); this request has {has}",
                    {"limit": limit})


def locked(message: str) -> ApiError:
    # 003 lists no code for 423; the Data Service documents the status only.
    """423: a collection is being refreshed."""
    return ApiError(423, "locked", message)


def too_many_requests(retry_after: int) -> ApiError:
    """429 tooManyRequests with `Retry-After`."""
    return ApiError(
        429,
        "tooManyRequests",
        "You have sent too many requests in a given amount of time.",
        headers={"Retry-After": str(retry_after)},
    )


def internal_error() -> ApiError:
    """500 internalServerError, without details (they go to the log)."""
    return ApiError(500, "internalServerError", "An unknown error occurred")
