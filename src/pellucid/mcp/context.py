"""How a tool reaches Lucid: a `ClientSource` gives the `AsyncLucid` of the current caller
(one fixed client on stdio; on HTTP, one per authenticated user)."""

from __future__ import annotations

from collections.abc import Callable

from pellucid.sdk import AsyncLucid

ClientSource = Callable[[], AsyncLucid]
