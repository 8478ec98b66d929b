"""The Data Service's start/end ranges and their prev/next links (I/O-free).

`start` is 1-based and `end` exclusive, so `start=90&end=100` is the 90th to 99th entries in
creation order; its prev is `start=80&end=90` and its next `start=100&end=110`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from ..http.errors import bad_request
from ..http.validation import is_digits

MAX_PAGE = 10_000  # "Defaults to 10000", also the largest page


@dataclass(frozen=True, slots=True)
class Range:
    start: int  # 1-based, inclusive
    end: int  # exclusive

    @property
    def size(self) -> int:
        """How many entries the window holds at most."""
        return self.end - self.start

    @property
    def offset(self) -> int:
        """The 0-based offset of the window's first entry."""
        return self.start - 1


def _integer(value: str | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    if not is_digits(value[1:] if value.startswith("-") else value):
        raise bad_request(f"{name} must be an integer, got {value!r}")
    return int(value)


def parse_range(start_text: str | None, end_text: str | None, limit: int = MAX_PAGE) -> Range:
    """1-based, end-exclusive window; a span over `limit` is cut, not refused (seed rule)."""
    start = _integer(start_text, "start")
    end = _integer(end_text, "end")
    start = 1 if start is None else start
    if start < 1:
        raise bad_request(f"start is 1-based and must be at least 1, got {start}")
    if end is None:
        end = start + limit if start > 1 else limit
    if end <= start:
        raise bad_request(f"end must be greater than start (start={start}, end={end}); end is exclusive")
    # "If the difference between the end and start values is greater than the pagination
    # limit, the endpoint returns [entries] in the range from start to start + pagination limit."
    return Range(start, min(end, start + limit))


def page_links(url: str, params: dict[str, str], window: Range, total: int) -> tuple[str | None, str | None]:
    """Absolute prev/next links for `window` over `total` entries, keeping the other parameters."""

    def link(start: int, end: int) -> str:
        return f"{url}?{urlencode({'start': start, 'end': end, **params})}"

    previous = link(max(1, window.start - window.size), window.start) if window.start > 1 else None
    following = link(window.end, window.end + window.size) if window.end <= total else None
    return previous, following
