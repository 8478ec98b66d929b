"""REST pagination (seed 003): `pageSize` (default and max 200), an opaque `pageToken`, and a
`Link: <URL>; rel="next"` header on every page but the last. I/O-free.

A page token is base64url JSON. It carries either an offset (`o`) or, for lists walked in id
order, the last id served (`a`), so deep pages cost an index seek rather than an OFFSET scan.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any, Sequence
from urllib.parse import urlencode

import orjson

from ..http import validation
from ..http.errors import bad_request
from ..http.request import Request
from ..http.responses import Response, json_response

MAX_PAGE_SIZE = 200

QUERY_DOC = {
    "pageSize": ("integer", "Records per page; default and maximum 200."),
    "pageToken": ("string", "Opaque token taken from the previous page's Link header."),
}


def encode_token(state: dict[str, Any]) -> str:
    """Opaque page token: the listing state as unpadded base64url JSON."""
    return base64.urlsafe_b64encode(orjson.dumps(state)).decode().rstrip("=")


def decode_token(token: str) -> dict[str, Any]:
    """The listing state in a page token; 400 for anything this API did not issue."""
    try:
        state = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError):
        state = None
    if not isinstance(state, dict):
        raise bad_request("pageToken is not a token this API issued; take it from the Link header")
    return state


@dataclass(frozen=True, slots=True)
class PageRequest:
    size: int
    state: dict[str, Any]

    @property
    def offset(self) -> int:
        """How many entries earlier pages held."""
        return _position(self.state.get("o", 0))

    @property
    def after(self) -> int | None:
        """The id the previous page ended at, for id-ordered listings; None on the first page."""
        after = self.state.get("a")
        return None if after is None else _position(after)


def _position(value: Any) -> int:
    """An offset or id a token carries: tokens come back from clients, so it is checked like input."""
    if value.__class__ is not int or not 0 <= value <= validation.INT64[1]:
        raise bad_request("pageToken is not a token this API issued; take it from the Link header")
    return value


def page_request(query) -> PageRequest:
    """`pageSize` and `pageToken` from the query string, validated."""
    raw = query.get("pageSize")
    size = MAX_PAGE_SIZE
    if raw is not None:
        if not validation.is_digits(raw.strip()) or int(raw) < 1:
            raise bad_request(f"pageSize must be a positive integer, not {raw!r}")
        size = min(int(raw), MAX_PAGE_SIZE)
    token = query.get("pageToken")
    return PageRequest(size, decode_token(token) if token else {})


def next_link(base_url: str, path: str, size: int, state: dict[str, Any]) -> dict[str, str]:
    """The Link header that points at the next page."""
    query = urlencode({"pageSize": size, "pageToken": encode_token(state)})
    return {"Link": f'<{base_url}{path}?{query}>; rel="next"'}


def offset_page(rows: Sequence[Any], page: PageRequest) -> tuple[Sequence[Any], dict[str, Any] | None]:
    """Slice an already ordered list; the state of the next page, or None on the last one."""
    start = page.offset
    chunk = rows[start:start + page.size]
    more = len(rows) > start + page.size
    return chunk, ({"o": start + page.size} if more else None)


def page_response(request: Request, items: list, next_state: dict[str, Any] | None, size: int) -> Response:
    """A JSON array page, with the Link header when another page follows."""
    headers = next_link(request.ctx.base_url, request.path, size, next_state) if next_state else None
    return json_response(items, headers=headers)
