"""What a user command writes: its result on stdout, as JSON; errors on stderr, one line each."""

from __future__ import annotations

import json
from typing import Any, NoReturn

import typer

#: Exit statuses: the command line or a file was wrong (nothing was sent), or Lucid refused.
BAD_INPUT = 2
REFUSED = 1


def emit(obj: Any) -> None:
    """One JSON document on one line of stdout."""
    typer.echo(json.dumps(obj))


def fail(message: str, *more: str, code: int = BAD_INPUT) -> NoReturn:
    """`error: message` (and indented detail lines) on stderr, then exit with `code`."""
    typer.echo("\n".join([f"error: {message}", *(f"  {line}" for line in more)]), err=True)
    raise typer.Exit(code)
