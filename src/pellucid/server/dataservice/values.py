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
    r"[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)"
)
_JAVA_HEX = re.compile(r"([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))[pP]([+-]?\d+)[fFdD]?")


def parse_java_double(text: str) -> float | None:
    """The double Java would parse from `text`, or None where Java throws NumberFormatException."""
    text = text.strip(" \t\n\r\x0b\x0c\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f"
                      "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f")
    if not text:
        return None
    if _JAVA_DECIMAL.fullmatch(text):
        if text[-1] in "fFdD" and not text.endswith(("NaN", "Infinity")):
            text = text[:-1]
        return float(text)
    hexmatch = _JAVA_HEX.fullmatch(text)
    if hexmatch:
        sign, mantissa, exponent = hexmatch.groups()
        value = float.fromhex(f"0x{mantissa}p{exponent}")
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


# Java's grammar starts with a digit, a sign, a dot, "NaN", "Infinity" or whitespace; any other
# first character settles the common case (words) without parsing.
_NUMBER_START = frozenset("0123456789+-.NI")
_INFINITIES = (math.inf, -math.inf)
_SUFFIXES = ("d", "D", "f", "F")


def number_key(value: Any) -> float | None:
    if value.__class__ is str:
        if not value:
            return None
        if value[0] not in _NUMBER_START and not value[0].isspace():
            return None
        try:
            number = float(value)
        except ValueError:
            # Only Java's type suffixes (1.5d) and hexadecimal significands (0x1p3) remain.
            if value.rstrip()[-1:] in _SUFFIXES or "p" in value or "P" in value:
                return _java_number(value)
            return None
        # float() also takes what Java refuses: underscores, "inf" and "nan" in any case.
        if "_" in value or number != number or number in _INFINITIES:
            return _java_number(value)
        return number
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
