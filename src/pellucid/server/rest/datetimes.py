"""DateTime values of seed 003: RFC 3339 in UTC. Most resources print whole seconds
("2021-08-24T22:42:28Z"); share links and embeds print milliseconds ("2022-11-11T21:48:35.293Z").
"""

from __future__ import annotations

from datetime import datetime, timezone

from ..http.errors import bad_request


def iso(ms: int | None) -> str | None:
    """Epoch milliseconds as ISO 8601 UTC to the second, the REST API's usual form."""
    if ms is None:
        return None
    return datetime.fromtimestamp(ms // 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_ms(ms: int | None) -> str | None:
    """Epoch milliseconds as ISO 8601 UTC with milliseconds."""
    if ms is None:
        return None
    moment = datetime.fromtimestamp(ms / 1000, timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def parse(value: object, field: str) -> int:
    """An RFC 3339 date-time with a time zone, as epoch milliseconds; 400 otherwise."""
    if not isinstance(value, str):
        raise bad_request(f"{field} must be an RFC 3339 date-time string such as 2021-01-30T15:00:00Z")
    try:
        moment = datetime.fromisoformat(value.strip().replace("z", "Z"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or "T" not in value.upper():
        raise bad_request(f"{field} must be an RFC 3339 date-time with a time zone, such as 2021-01-30T15:00:00Z; got {value!r}")
    return int(moment.timestamp() * 1000)
