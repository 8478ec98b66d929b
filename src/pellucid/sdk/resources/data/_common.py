"""Helpers of the Data Service resources: links from ids or models, calls, write outcomes."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from ..._call import API, Call, header_count, model
from ...models.base import Model
from ...models.data import (
    Collection,
    DataItem,
    DataSet,
    DataSource,
    FieldDefinition,
    Outcome,
    link_id,
)
from ...pagination import PageData, data_page

M = TypeVar("M", bound=Model)

DataSetRef = int | str | DataSet
DataSourceRef = int | str | DataSource
CollectionRef = int | str | Collection
FieldRef = int | str | FieldDefinition
ItemRef = int | str | DataItem
AnyRef = int | str | Model


def ref_id(ref: AnyRef, what: str) -> int:
    """The id of a Data Service resource given as an id, its link, or its model."""
    if isinstance(ref, bool):
        raise TypeError(f"{what} must be an id, a link or a model")
    if isinstance(ref, int):
        return ref
    link = getattr(ref, "uri", None) if isinstance(ref, Model) else ref
    if isinstance(link, str) and link.isdigit():
        return int(link)
    found = link_id(link if isinstance(link, str) else None)
    if found is None:
        raise ValueError(f"not a {what} id or link: {ref!r}")
    return found


def ref_link(data_url: str, ref: AnyRef, collection_path: str, what: str) -> str:
    """The absolute link of a resource: models and links as they are, ids on the configured origin."""
    if isinstance(ref, Model):
        uri = getattr(ref, "uri", None)
        if uri:
            return str(uri)
    if isinstance(ref, str) and not ref.isdigit():
        return ref if "://" in ref else data_url + ("" if ref.startswith("/") else "/") + ref
    return f"{data_url}/{collection_path}/{ref_id(ref, what)}"


def data_call(method: str, path: str, parse: Callable[[httpx.Response], Any], **kwargs: Any) -> Call[Any]:
    return Call(API.DATA, method, path, parse, **kwargs)


def data_model(method: str, path: str, cls: type[M], **kwargs: Any) -> Call[M]:
    return Call(API.DATA, method, path, model(cls), **kwargs)


def data_list(path: str, key: str, cls: type[M], start: int | None, end: int | None, page_size: int | None,
              method: str = "GET", params: dict[str, Any] | None = None, **kwargs: Any) -> Call[PageData[M]]:
    """A ranged Data Service list: 1-based `start`, exclusive `end` (or `page_size`), next links."""
    if page_size is not None:
        end = (start or 1) + page_size
    query = {"start": start, "end": end, **(params or {})}
    return Call(API.DATA, method, path, data_page(key, cls.from_json), params=query, **kwargs)


def count(path: str, header: str, params: dict[str, Any] | None = None) -> Call[int]:
    return Call(API.DATA, "HEAD", path, header_count(header), params=params)


_NUMBER = re.compile(r"\d+")


def outcome(response: httpx.Response) -> Outcome:
    """A write's answer: a JSON string ("Deleted 2 item(s)"), `{"Message": ...}`, or nothing."""
    message: Any = None
    if response.content:
        try:
            message = response.json()
        except ValueError:
            message = response.text
    if isinstance(message, dict):
        message = message.get("Message") or message.get("message")
    if not isinstance(message, str):
        return Outcome(None, None)
    number = _NUMBER.search(message)
    return Outcome(message, int(number.group()) if number else None)


def names(values: Any) -> str:
    """A comma-separated query value (property names, links)."""
    return ",".join(str(v) for v in values)
