"""Why oauthlib refused a signed request, in words a client developer can act on.

oauthlib answers `False` (or its own 400) and logs the rest; the validator notes the first
failed lookup (`refusal`), and `KeepsProtocolErrors` the protocol error of a malformed request.
Unknown consumer, bad token or verifier, replayed nonce, timestamp outside the window and bad
signature are 401; other malformed requests 400 (RFC 5849 §3.2).
"""

from __future__ import annotations

import time
from typing import Any

from oauthlib.oauth1.rfc5849.errors import OAuth1Error

from .validator import TIMESTAMP_WINDOW, Refusal, StoreValidator

EXPIRED_TIMESTAMP = (f"The oauth_timestamp is more than {TIMESTAMP_WINDOW} seconds away from the server's clock "
                     "(expired, or in the future): sign with the current time")


class KeepsProtocolErrors:
    """Mixed into oauthlib's endpoints: the error of a malformed request reaches the validator."""

    request_validator: StoreValidator

    def _check_mandatory_parameters(self, request: Any) -> None:
        try:
            super()._check_mandatory_parameters(request)  # type: ignore[misc]
        except OAuth1Error as error:
            self.request_validator.protocol_error = error
            raise


def outside_window(timestamp: str | None) -> bool:
    """Whether a timestamp lies outside the accepted window; a malformed one is judged elsewhere."""
    try:
        return abs(time.time() - int(timestamp or "")) > TIMESTAMP_WINDOW
    except ValueError:
        return False


def explain(validator: StoreValidator, timestamp: str | None) -> tuple[int, str]:
    """(status, message) of a refused request, whose oauthlib request had `timestamp`."""
    error = validator.protocol_error
    if error is not None:
        if outside_window(timestamp):
            return 401, EXPIRED_TIMESTAMP
        return 400, f"Malformed OAuth 1.0 request: {error.description}"
    # oauthlib reports no reason for a bad signature: it is what is left when every lookup passed.
    return 401, validator.refusal or Refusal.BAD_SIGNATURE
