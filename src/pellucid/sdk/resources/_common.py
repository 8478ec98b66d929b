"""Helpers the REST resource modules share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import quote

from .._call import API, Call, model
from ..models.base import Model, format_datetime
from ..pagination import PageData, rest_page

M = TypeVar("M", bound=Model)


def seg(value: object) -> str:
    """A path segment, escaped."""
    return quote(str(value), safe="")


def rest(method: str, path: str, parse: Callable[..., Any], **kwargs: Any) -> Call[Any]:
    return Call(API.REST, method, path, parse, **kwargs)


def rest_model(method: str, path: str, cls: type[M], **kwargs: Any) -> Call[M]:
    return Call(API.REST, method, path, model(cls), **kwargs)


def rest_list(method: str, path: str, cls: type[M], page_size: int | None, page_token: str | None,
              **kwargs: Any) -> Call[PageData[M]]:
    """A paginated REST list (`pageSize`, `pageToken`, `Link` rel=next)."""
    return Call(API.REST, method, path, rest_page(cls.from_json),
                params={"pageSize": page_size, "pageToken": page_token}, **kwargs)


def when(value: datetime | str | None) -> str | None:
    """A DateTime parameter: a datetime (naive means UTC) or an RFC 3339 string as it is."""
    if value is None or isinstance(value, str):
        return value
    return format_datetime(value)


def dump(value: Any) -> Any:
    """A nested request object: a model (sent as its JSON) or a plain mapping."""
    return value.to_json() if isinstance(value, Model) else value


def file_part(file: Any, default_name: str, content_type: str | None = None) -> tuple[Any, ...]:
    """A multipart file part from bytes, a binary file object, or a (filename, content) pair."""
    if isinstance(file, tuple):
        name, body = file
    else:
        name = getattr(file, "name", None) or default_name
        body = file
    name = str(name).replace("\\", "/").rsplit("/", 1)[-1]
    return (name, body, content_type) if content_type else (name, body)
