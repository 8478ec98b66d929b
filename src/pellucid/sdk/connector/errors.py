"""Errors of the data connector SDK (names and meaning as in lucid-extension-sdk)."""

from __future__ import annotations

from typing import Any

__all__ = [
    "DataConnectorRequestError",
    "DataConnectorResponseError",
    "DataConnectorRunError",
    "PublicKeyUnavailable",
]


class DataConnectorRunError(Exception):
    """Raise from a handler to answer with ``status`` and JSON ``body`` instead of a result.

    Any exception with a numeric ``status`` and a JSON-serialisable ``body`` attribute is
    treated the same way (the SDK recognises it by duck typing).
    """

    def __init__(self, status: int, body: Any, message: str | None = None) -> None:
        super().__init__(message if message is not None else repr(body))
        self.status = status
        self.body = body

    @classmethod
    def with_message(cls, status: int, message: str) -> DataConnectorRunError:
        """Answer ``status`` with ``{"error": message}``."""
        return cls(status, {"error": message}, message)


class DataConnectorRequestError(Exception):
    """A call to Lucid answered with a non-2xx status."""

    def __init__(
        self, status: int, message: str, response: str = "", status_text: str = ""
    ) -> None:
        super().__init__(message)
        self.status = status
        self.response = response
        self.status_text = status_text

    def __str__(self) -> str:
        text = f"{self.status_text} " if self.status_text else ""
        return f"{self.args[0]} {text}({self.status}) {self.response}"


class DataConnectorResponseError(Exception):
    """Lucid answered with a body this SDK does not understand."""

    def __init__(self, message: str, response: str) -> None:
        super().__init__(message)
        self.response = response


class PublicKeyUnavailable(Exception):
    """The connector could not fetch Lucid's public key, so it cannot verify action requests."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"cannot fetch the public key from {url}: {reason}")
        self.url = url
        self.reason = reason
