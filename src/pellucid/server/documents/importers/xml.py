"""XML of imported files, parsed with defusedxml: no DTDs, no entities, no external references.
A syntax error names its line and column."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .common import InvalidFile


def parse(data: bytes | str, what: str) -> ET.Element:
    """Parsed XML with DTDs and entities refused; errors name the line and column."""
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":")[0]
        raise InvalidFile(f"{what} is not well-formed XML: {reason} at XML line {line}, column {column + 1}") from None
    except DefusedXmlException as exc:
        raise InvalidFile(f"{what} declares a DTD or entities, which are refused: {exc}") from None


def local(tag: str) -> str:
    """A tag without its namespace."""
    return tag.rpartition("}")[2]
