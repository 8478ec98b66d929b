"""Share link security: what an account's license and policy make of the requested settings. I/O-free.

Seed 002, "Sharing": only enterprise accounts configure link security; a team account must
still send the object; other accounts get the defaults (no expiry, no passcode, unrestricted,
no anonymous guests). Setting restrictToAccount, a passcode or an expiry off enterprise is a
400, as is allowAnonymous on products other than Lucidchart and Lucidspark. An expiry beyond the
account's maximum is clamped to it; an account that keeps links inside forces restrictToAccount.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..http.errors import bad_request
from . import datetimes

ENTERPRISE = "enterprise"
TEAM = "team"
ANONYMOUS_PRODUCTS = ("lucidchart", "lucidspark")
DAY_MS = 24 * 3600 * 1000
DEFAULTS = {"restrict_to_account": False, "expires": None, "passcode": None, "allow_anonymous": False}


@dataclass(frozen=True, slots=True)
class Policy:
    license: str
    max_expiry_days: int | None = None
    restrict_to_account: bool = False


def requested_security(body: dict, *, required: bool) -> dict | None:
    """`linkSecurity` from the body, `invitationSecurity` accepted as its alias."""
    for field in ("linkSecurity", "invitationSecurity"):
        if body.get(field) is not None:
            value = body[field]
            if not isinstance(value, dict):
                raise bad_request(f"{field} must be a JSON object")
            return value
    if required:
        raise bad_request("linkSecurity is required for documents on team accounts")
    return None


def _parse(requested: dict) -> dict:
    """The provided fields, validated, as column values."""
    parsed: dict = {}
    for field, column in (("restrictToAccount", "restrict_to_account"), ("allowAnonymous", "allow_anonymous")):
        if requested.get(field) is not None:
            if not isinstance(requested[field], bool):
                raise bad_request(f"linkSecurity.{field} must be true or false")
            parsed[column] = requested[field]
    if "passcode" in requested:
        passcode = requested["passcode"]
        if passcode is not None and (not isinstance(passcode, str) or not passcode):
            raise bad_request("linkSecurity.passcode must be a non-empty string or null")
        parsed["passcode"] = passcode
    if "expires" in requested:
        expires = requested["expires"]
        parsed["expires"] = None if expires is None else datetimes.parse(expires, "linkSecurity.expires")
    return parsed


def resolve(requested: dict | None, current: dict | None, *, product: str, policy: Policy, now: int) -> dict:
    """The settings to store: `current` (or the defaults) updated by `requested`, under the rules."""
    parsed = _parse(requested or {})
    if parsed.get("allow_anonymous") and product not in ANONYMOUS_PRODUCTS:
        raise bad_request(f"allowAnonymous is only available for {' and '.join(ANONYMOUS_PRODUCTS)} documents")
    if policy.license != ENTERPRISE:
        if parsed.get("restrict_to_account") or parsed.get("passcode") or parsed.get("expires") is not None:
            raise bad_request("Only accounts with an Enterprise license can set restrictToAccount, a passcode or an expiration")
        return dict(DEFAULTS)
    settings = {**DEFAULTS, **(current or {}), **parsed}
    expires = settings["expires"]
    if expires is not None:
        if expires <= now:
            raise bad_request("linkSecurity.expires must be in the future")
        if policy.max_expiry_days is not None:
            settings["expires"] = min(expires, now + policy.max_expiry_days * DAY_MS)
    if policy.restrict_to_account:
        settings["restrict_to_account"] = True
    return settings
