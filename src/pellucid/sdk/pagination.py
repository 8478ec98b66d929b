"""Pages and auto-paging for both of Lucid's pagination styles.

* REST lists answer a JSON array and put the next page in `Link: <URL>; rel="next"` (with the
  same `pageSize` and an opaque `pageToken`); the last page has no such link.
* Data Service lists answer `{"<key>": [...], "total", "prev", "next"}` with absolute links
  over 1-based `start`/`end` ranges.

Auto-paging follows next links and stops when there is none, when a page comes back empty, or
when a next link repeats one already followed (so a misbehaving server cannot loop it forever).
Every page exposes its cursor (`next_url`, `next_page_token`, `next_start`) to resume later.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Generator, Iterator
from dataclasses import dataclass
from typing import (
    TYPE_CHECKING,
    Any,
    Generic,
    TypeVar,
)

import httpx

from ._call import Call

if TYPE_CHECKING:
    from ._core import AsyncCore, SyncCore

T = TypeVar("T")

# One link-value of a Link header; Lucid's own examples sometimes omit the angle brackets.
_LINK = re.compile(r'\s*<?\s*([^<>;\s]+)\s*>?\s*((?:;\s*[^;,]+)*)')
_REL_NEXT = re.compile(r';\s*rel\s*=\s*"?([^";,]*)"?', re.IGNORECASE)


def next_link(header: str | None) -> str | None:
    """The URL with rel="next" in a Link header, if any."""
    if not header:
        return None
    for part in re.split(r',\s*(?=<|https?://)', header):
        match = _LINK.match(part)
        if not match:
            continue
        rels = _REL_NEXT.findall(match.group(2))
        if any("next" in rel.lower().split() for rel in rels):
            return match.group(1)
    return None


@dataclass(frozen=True)
class PageData(Generic[T]):
    items: list[T]
    next_url: str | None
    prev_url: str | None = None
    total: int | None = None


def rest_page(item: Callable[[Any], T]) -> Callable[[httpx.Response], PageData[T]]:
    """A page parser for REST listings: a bare array, the next page in the Link header."""
    def parse(response: httpx.Response) -> PageData[T]:
        body = response.json() if response.content else []
        return PageData([item(entry) for entry in body], next_link(response.headers.get("link")))

    return parse


def data_page(key: str, item: Callable[[Any], T]) -> Callable[[httpx.Response], PageData[T]]:
    """A page parser for data-service listings: entries under `key`, with prev/next/total."""
    def parse(response: httpx.Response) -> PageData[T]:
        body = response.json() if response.content else []
        if isinstance(body, list):  # seed 002 prints some lists as bare arrays: one page, no links
            return PageData([item(entry) for entry in body], None)
        return PageData([item(entry) for entry in body.get(key) or []], body.get("next"), body.get("prev"),
                        body.get("total"))

    return parse


class _Page(Generic[T]):
    """What sync and async pages share: the items, the cursors, and when to stop."""

    def __init__(self, call: Call[PageData[T]], data: PageData[T], followed: frozenset[str]) -> None:
        self._call = call
        self._followed = followed
        self.items: list[T] = data.items
        self.next_url = data.next_url
        self.prev_url = data.prev_url
        self.total = data.total

    def _query(self, name: str) -> str | None:
        return httpx.URL(self.next_url).params.get(name) if self.next_url else None

    @property
    def next_page_token(self) -> str | None:
        """REST: the `pageToken` of the next page (pass it as `page_token=` to resume)."""
        return self._query("pageToken")

    @property
    def next_start(self) -> int | None:
        """Data Service: the `start` of the next range (pass it as `start=` to resume)."""
        start = self._query("start")
        return int(start) if start and start.isdigit() else None

    def has_next_page(self) -> bool:
        """Whether following the next link can yield more (see the stop rules above)."""
        return bool(self.items) and self.next_url is not None and self.next_url not in self._followed

    def _next_call(self) -> tuple[Call[PageData[T]], frozenset[str]] | None:
        if not self.has_next_page():
            return None
        assert self.next_url is not None
        return self._call.at(self.next_url), self._followed | {self.next_url}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(items={len(self.items)}, next_url={self.next_url!r})"


class SyncPage(_Page[T]):
    """One page of a list. Iterating it yields every item of this page and the ones after it."""

    def __init__(self, core: SyncCore, call: Call[PageData[T]], data: PageData[T], followed: frozenset[str]) -> None:
        super().__init__(call, data, followed)
        self._core = core

    def next_page(self) -> SyncPage[T] | None:
        """Fetch the next page, or None at the end."""
        following = self._next_call()
        if following is None:
            return None
        call, followed = following
        return SyncPage(self._core, call, self._core.request(call), followed)

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        """This page and every page after it."""
        page: SyncPage[T] | None = self
        while page is not None:
            yield page
            page = page.next_page()

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(_Page[T]):
    """One page of a list. `async for` over it yields its items and those of the pages after it."""

    def __init__(self, core: AsyncCore, call: Call[PageData[T]], data: PageData[T], followed: frozenset[str]) -> None:
        super().__init__(call, data, followed)
        self._core = core

    async def next_page(self) -> AsyncPage[T] | None:
        """Fetch the next page, or None at the end."""
        following = self._next_call()
        if following is None:
            return None
        call, followed = following
        return AsyncPage(self._core, call, await self._core.request(call), followed)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        """This page and every page after it."""
        page: AsyncPage[T] | None = self
        while page is not None:
            yield page
            page = await page.next_page()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item


class AsyncPager(Generic[T]):
    """What async list methods return: `await` it for the first page, or `async for` every item."""

    def __init__(self, core: AsyncCore, call: Call[PageData[T]]) -> None:
        self._core = core
        self._call = call

    async def _first(self) -> AsyncPage[T]:
        data = await self._core.request(self._call)
        return AsyncPage(self._core, self._call, data, frozenset({self._core.url_of(self._call)}))

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._first().__await__()

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        """Every page, from the first."""
        first = await self._first()
        async for page in first.iter_pages():
            yield page

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item
