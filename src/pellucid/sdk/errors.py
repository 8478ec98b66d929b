"""The SDK's exceptions: one tree, so callers catch as broadly or narrowly as they need.

    LucidError
    ├── APIError                      anything that went wrong talking to Lucid
    │   ├── APIConnectionError        no HTTP response (DNS, refused, reset)
    │   │   └── APITimeoutError
    │   ├── DataConnectorRequestError a data connector's call answered non-2xx (`status`, `response` text)
    │   ├── DataConnectorResponseError a data connector's call answered a body it cannot read
    │   ├── PublicKeyUnavailable      a data connector could not fetch Lucid's public key
    │   └── APIStatusError            an HTTP error status, with Lucid's error object
    │       ├── BadRequestError       400
    │       ├── AuthenticationError   401
    │       ├── PermissionDeniedError 403
    │       ├── NotFoundError         404
    │       ├── ConflictError         409
    │       ├── LockedError           423 (a Data Service collection is syncing)
    │       ├── RateLimitError        429, with `retry_after`
    │       └── InternalServerError   5xx
    ├── AuthorizationCallbackError    the user denied consent, or the state did not match
    └── DataConnectorRunError         raised by a connector's action handler to answer a status

The `DataConnector*` errors live in `pellucid.sdk.connector.errors`.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any
from urllib.parse import parse_qsl

import httpx


class LucidError(Exception):
    """Base of every exception the SDK raises on purpose."""


class APIError(LucidError):
    """A request to a Lucid API failed; `request` is the last one sent."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """No response arrived: the connection failed or broke (after any retries)."""


class APITimeoutError(APIConnectionError):
    """The request timed out (after any retries)."""


class APIStatusError(APIError):
    """The API answered with an error status and (usually) Lucid's error object.

    `code` is the object's `code` (`badRequest`, `accessForbidden`, ...) or, on the OAuth 2.0
    token endpoints, RFC 6749's `error` (`invalid_grant`, ...); `details` is whatever the object
    carried; `request_id` comes from the body's `requestId` or the `x-request-id` header, and is
    what Lucid support asks for.
    """

    status_code: int

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        code: str | None = None,
        details: Any = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.code = code
        self.details = details
        self.request_id = request_id

    @property
    def problems(self) -> list[str]:
        """The validation problems of `details.errors` as "path: message" lines (at most 20)."""
        found = self.details.get("errors") if isinstance(self.details, dict) else None
        if not isinstance(found, list):
            return []
        return [f"{e.get('path', '?')}: {e.get('message', '')}" for e in found[:20] if isinstance(e, dict)]

    def __str__(self) -> str:
        parts = [f"{self.status_code}"]
        if self.code:
            parts.append(self.code)
        text = f"[{' '.join(parts)}] {self.message}"
        return f"{text} (request id {self.request_id})" if self.request_id else text


class BadRequestError(APIStatusError):
    """400: the request was malformed or refused (`badRequest`, `unknownOperation`, OAuth errors)."""


class AuthenticationError(APIStatusError):
    """401: the token is missing, expired or revoked (after one forced refresh, if possible)."""


class PermissionDeniedError(APIStatusError):
    """403: the token may not do this (scope, role, or Lucid hides whether the thing exists)."""


class NotFoundError(APIStatusError):
    """404: no such resource."""


class ConflictError(APIStatusError):
    """409: the entity already exists (`alreadyExists`)."""


class LockedError(APIStatusError):
    """423: the Data Service collection is being synced; try again later."""


class RateLimitError(APIStatusError):
    """429: too many requests. `retry_after` is the server's wait in seconds (None if absent).

    Raised when retries are exhausted or when the server asks for a longer wait than the
    client's `max_retry_after` allows (Lucid may send `Retry-After: 3600`).
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """5xx: the service failed or is down for maintenance (after any retries)."""


class AuthorizationCallbackError(LucidError):
    """The authorization redirect carried an error (`access_denied`, ...) or a foreign `state`."""

    def __init__(self, error: str, description: str | None = None) -> None:
        super().__init__(f"{error}: {description}" if description else error)
        self.error = error
        self.description = description


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    423: LockedError,
    429: RateLimitError,
}


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date (RFC 9110)."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _error_object(response: httpx.Response) -> dict[str, Any]:
    if response.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return dict(parse_qsl(response.text))  # OAuth 1.0 token endpoints: error=...&error_description=...
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def from_response(response: httpx.Response) -> APIStatusError:
    """The exception for an error response: class by status, fields from Lucid's error object."""
    body = _error_object(response)
    # Lucid's error object, or RFC 6749 section 5.2 on the token endpoints.
    code = body.get("code") or body.get("error")
    message = body.get("message") or body.get("error_description")
    if not message:
        message = response.text.strip()[:500] or response.reason_phrase or "HTTP error"
    request_id = body.get("requestId") or response.headers.get("x-request-id")
    status = response.status_code
    cls = _BY_STATUS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    kwargs: dict[str, Any] = {
        "response": response, "code": code, "details": body.get("details"), "request_id": request_id,
    }
    if cls is RateLimitError:
        kwargs["retry_after"] = parse_retry_after(response.headers.get("retry-after"))
    return cls(str(message), **kwargs)


def from_transport_error(exc: httpx.TransportError, request: httpx.Request) -> APIConnectionError:
    """The exception for a request that got no response."""
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"Request timed out: {exc}", request=request)
    return APIConnectionError(f"Connection error: {exc}", request=request)
