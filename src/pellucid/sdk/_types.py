"""Small shared types: the "argument not given" sentinel and request-body helpers."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import IO, Any, Literal, Union


class NotGiven(Enum):
    """Marks an argument the caller left out, where None is a meaningful value (e.g. move to root)."""

    NOT_GIVEN = "NOT_GIVEN"

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


NOT_GIVEN = NotGiven.NOT_GIVEN

Product = Literal["lucidchart", "lucidscale", "lucidspark"]
Role = Literal["editandshare", "edit", "comment", "view"]

#: A file to upload: raw bytes, an open binary file, or a (filename, content) pair.
FileInput = Union[bytes, IO[bytes], "tuple[str, bytes | IO[bytes]]"]


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments the caller gave (not NOT_GIVEN), under their JSON names as passed."""
    return {key: value for key, value in values.items() if value is not NOT_GIVEN}


def present(values: Mapping[str, Any]) -> dict[str, Any]:
    """The entries that are neither None nor NOT_GIVEN (query strings, optional bodies)."""
    return {key: value for key, value in values.items() if value is not None and value is not NOT_GIVEN}
