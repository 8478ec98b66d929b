"""How item values compare: the coercions of seed 001's "Comparisons and Type Coercion".

I/O-free. Every stored value gets two derived forms, written beside it so that filters run in
SQL on plain columns:

* `text_key(value)`: the case-folded string the value compares as ("All string comparisons are
  case-insensitive");
* `number_key(value)`: the number it coerces to, or None when it "cannot be coerced to a number"
  (then every numeric comparison with it is false).
"""

from __future__ import annotations

import math
import re
from typing import Any

import orjson

# Java's Double.parseDouble grammar (FloatingDecimal.readJavaFormatString): surrounding
# whitespace, a sign, NaN / Infinity, decimal or hexadecimal significands, an optional
# exponent and an optional f/F/d/D type suffix.
_JAVA_DECIMAL = re.compile(
    r"[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)", re.ASCII
)  # re.ASCII: Java reads only the digits 0-9
_JAVA_HEX = re.compile(
    r"([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))[pP]([+-]?\d+)[fFdD]?", re.ASCII
)
# What Java's String.trim() (and so Double.parseDouble) strips: every char up to U+0020.
JAVA_WHITESPACE = "".join(map(chr, range(0x21)))


def parse_java_double(text: str) -> float | None:
    """The double Java would parse from `text`, or None where Java throws NumberFormatException."""
    text = text.strip(JAVA_WHITESPACE)
    if not text:
        return None
    if _JAVA_DECIMAL.fullmatch(text):
        if text[-1] in "fFdD" and not text.endswith(("NaN", "Infinity")):
            text = text[:-1]
        return float(text)
    hexmatch = _JAVA_HEX.fullmatch(text)
    if hexmatch:
        sign, mantissa, exponent = hexmatch.groups()
        try:
            value = float.fromhex(f"0x{mantissa}p{exponent}")
        except OverflowError:  # Java rounds a too-large hexadecimal literal to Infinity
            value = math.inf
        return -value if sign == "-" else value
    return None


def format_number(number: float | int) -> str:
    """A number as JavaScript's String() prints it: 5, 5.5, 1e+21."""
    if isinstance(number, bool):
        return "true" if number else "false"
    if isinstance(number, int):
        return str(number)
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number.is_integer() and abs(number) < 1e21:
        return str(int(number))
    text = repr(number)
    if "e" in text:
        mantissa, exponent = text.split("e")
        sign = "-" if exponent.startswith("-") else "+"
        text = f"{mantissa}e{sign}{exponent.lstrip('+-').lstrip('0') or '0'}"
    return text


def string_form(value: Any) -> str | None:
    """The string a stored value compares as, before case folding; None for null."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return format_number(value)
    return orjson.dumps(value).decode()


def text_key(value: Any) -> str | None:
    if value.__class__ is str:
        return value.lower()
    text = string_form(value)
    return None if text is None else text.lower()


# Bulk writes compute number_key for every value, so the common cases skip the Java grammar:
# a word whose first character cannot start a Java number, and plain ASCII numbers that
# Python's float() reads exactly as Java does.
_NUMBER_START = frozenset("0123456789+-.NI")
_INFINITIES = (math.inf, -math.inf)


def number_key(value: Any) -> float | None:
    if value.__class__ is str:
        if not value:
            return None
        first = value[0]
        if first > " " and first not in _NUMBER_START:
            return None
        if first > " " and value[-1] > " " and value.isascii():
            try:
                number = float(value)
            except ValueError:
                # What float() refuses and Java reads: type suffixes (1.5d), hexadecimal (0x1p3).
                if value[-1] in "dDfF" or "p" in value or "P" in value:
                    return _java_number(value)
                return None
            # float() also takes what Java refuses: underscores, "inf" and "nan" in any case.
            if "_" in value or number != number or number in _INFINITIES:
                return _java_number(value)
            return number
        return _java_number(value)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        return None if math.isnan(number) else number
    return None


def _java_number(text: str) -> float | None:
    number = parse_java_double(text)
    # NaN never compares equal to anything, which NULL expresses in SQL.
    return None if number is None or math.isnan(number) else number


def contains_text(key: str | None, needle: str) -> bool:
    """CONTAINS with a string constant: `key` is a `text_key`, `needle` the case-folded constant.

    The value is split at every comma and each child trimmed like Java's String.trim(); empty
    children count too.
    """
    return key is not None and any(
        child.strip(JAVA_WHITESPACE) == needle for child in key.split(",")
    )


def contains_number(key: str | None, needle: float | None) -> bool:
    """CONTAINS with a number constant: some comma-separated child of the `text_key` coerces to it.

    The children come from the case-folded key (the only form SQL has), so `infinity` is read
    as Java's `Infinity`; NaN never matches (SQLite hands a bound NaN over as NULL).
    """
    return key is not None and needle is not None and any(
        parse_java_double(child.replace("infinity", "Infinity")) == needle
        for child in key.split(",")
    )
