"""How one resource method serves both clients.

A resource method is written once: it builds a `Call` (or a paged call) from its arguments. The
`endpoint` / `paged` decorators turn it into a method that runs the call on the client's core,
and type it per client: on `Lucid` (`Resource[Sync]`) it returns the result, on `AsyncLucid`
(`Resource[Async]`) an awaitable of it (a pager for lists).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Generic,
    ParamSpec,
    TypeVar,
    overload,
)

from ._call import Call
from .pagination import AsyncPager, PageData, SyncPage

if TYPE_CHECKING:
    from ._core import BaseCore
    from .config import BaseURLs

P = ParamSpec("P")
T = TypeVar("T")
Mode = TypeVar("Mode")


class Sync:
    """Marks resources whose methods block and return results (`Lucid`)."""


class Async:
    """Marks resources whose methods return awaitables (`AsyncLucid`)."""


class Resource(Generic[Mode]):
    """A namespace of API methods bound to one client's core."""

    def __init__(self, core: BaseCore) -> None:
        self._core: Any = core

    @property
    def _urls(self) -> BaseURLs:
        return self._core.urls  # type: ignore[no-any-return]


def _public_signature(build: Callable[..., Any]) -> inspect.Signature:
    signature = inspect.signature(build)
    return signature.replace(parameters=list(signature.parameters.values())[1:],
                             return_annotation=inspect.Signature.empty)


def _bind(obj: Any, build: Callable[..., Any], signature: inspect.Signature, run: str) -> Any:
    def method(*args: Any, **kwargs: Any) -> Any:
        return getattr(obj._core, run)(build(obj, *args, **kwargs))

    functools.update_wrapper(method, build)
    del method.__wrapped__  # type: ignore[attr-defined]
    method.__signature__ = signature  # type: ignore[attr-defined]
    return method


class _Method:
    def __init__(self, build: Callable[..., Any]) -> None:
        self._build = build
        self._signature = _public_signature(build)
        functools.update_wrapper(self, build)  # type: ignore[arg-type]


class endpoint(_Method, Generic[P, T]):
    """Decorates `def method(self, ...) -> Call[T]` into an API method (see the module docstring)."""

    def __init__(self, build: Callable[Concatenate[Any, P], Call[T]]) -> None:
        super().__init__(build)

    @overload
    def __get__(self, obj: None, owner: type) -> endpoint[P, T]: ...
    @overload
    def __get__(self, obj: Resource[Sync], owner: type) -> Callable[P, T]: ...
    @overload
    def __get__(self, obj: Resource[Async], owner: type) -> Callable[P, Awaitable[T]]: ...

    def __get__(self, obj: Any, owner: type) -> Any:
        return self if obj is None else _bind(obj, self._build, self._signature, "request")


class paged(_Method, Generic[P, T]):
    """Decorates `def list(self, ...) -> Call[PageData[T]]` into an auto-paging list method."""

    def __init__(self, build: Callable[Concatenate[Any, P], Call[PageData[T]]]) -> None:
        super().__init__(build)

    @overload
    def __get__(self, obj: None, owner: type) -> paged[P, T]: ...
    @overload
    def __get__(self, obj: Resource[Sync], owner: type) -> Callable[P, SyncPage[T]]: ...
    @overload
    def __get__(self, obj: Resource[Async], owner: type) -> Callable[P, AsyncPager[T]]: ...

    def __get__(self, obj: Any, owner: type) -> Any:
        return self if obj is None else _bind(obj, self._build, self._signature, "paginate")
