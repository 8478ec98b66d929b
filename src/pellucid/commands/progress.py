"""Rich progress bars on stderr, so that stdout stays the command's one JSON result. On a terminal
they redraw in place; elsewhere (a pipe, a CI log) rich prints each bar once, when it is done."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)

#: `advance(count, label)`: `count` more done; `label` says what was done last.
Advance = Callable[[int, str], None]


def _stderr() -> Console:
    return Console(stderr=True)


class Bars:
    """Counting bars drawn together: one per kind of work (entries, items, ...)."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress

    def add(self, description: str, total: int) -> Advance:
        """Add a progress bar; the returned function advances it and sets its label."""
        task = self._progress.add_task(description, total=total, label="")

        def advance(count: int = 1, label: str = "") -> None:
            self._progress.update(task, advance=count, label=label)

        return advance


@contextmanager
def counting() -> Iterator[Bars]:
    """Bars of things done out of a known total ("items 1500/2000")."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("[dim]{task.fields[label]}"))
    with Progress(*columns, console=_stderr()) as progress:
        yield Bars(progress)


@contextmanager
def reading(path: Path, description: str) -> Iterator[BinaryIO]:
    """`path` open for reading, with a bar of the bytes read so far: what an upload has streamed."""
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=_stderr()) as progress, \
            progress.open(path, "rb", description=description) as file:
        yield file
