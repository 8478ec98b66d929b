"""Importers: one module per file format, each turning a file's bytes into the one document model
(`Imported`) without other I/O. `rest/imports.py` stores what they make.

Every failure is an `InvalidFile` whose message says where the file broke (archive entry, page,
item id, field or XML line); `POST /documents` answers it with a 400.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass

from ...gcpause import gc_paused
from ...settings import ImportLimits
from .common import Imported, ImportedTable, InvalidFile

__all__ = ["FORMATS", "Format", "Imported", "ImportedTable", "InvalidFile", "parse"]

log = logging.getLogger("pellucid.import")


@dataclass(frozen=True)
class Format:
    vendor: str
    module: str  # the importer module under this package
    product: str | None  # the product it makes; None: the request says (Standard Import)


# Seed 002, "Import Document", Valid Import Types.
FORMATS = {
    "x-application/vnd.lucid.standardImport": Format("standard", "standard", None),
    "x-application/vnd.lucid.drawio": Format("draw.io", "drawio", "lucidchart"),
    "x-application/vnd.lucid.visio": Format("visio", "visio", "lucidchart"),
    "x-application/vnd.lucid.gliffy": Format("gliffy", "gliffy", "lucidchart"),
    "x-application/vnd.lucid.board": Format("board", "board", "lucidspark"),
}


def parse(file_format: Format, data: bytes, limits: ImportLimits, product: str) -> Imported:
    """The file as the model; `InvalidFile` when it cannot be imported. CPU-bound: run it in a thread."""
    module = importlib.import_module(f"{__name__}.{file_format.module}")
    try:
        with gc_paused():  # an import makes many small objects, none cyclic (see gc_paused)
            return module.parse(data, limits, product)
    except InvalidFile:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, RecursionError, OverflowError) as exc:
        # A shape of file the importer did not expect: still the file's fault, never a 500.
        log.warning("%s import failed on an unexpected structure", file_format.vendor, exc_info=True)
        raise InvalidFile(f"The {file_format.vendor} file cannot be read: {type(exc).__name__}: {exc}") from None
