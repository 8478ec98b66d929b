"""JSON exactly as JavaScript's ``JSON.stringify`` / ``JSON.parse`` produce and accept it.

Signatures cover exact bytes and item keys are compared as strings, so pellucid must emit
what the official (JavaScript) SDK emits: compact separators, non-ASCII raw, JS number
formatting (``100.0`` -> ``100``, ``1e16`` -> ``10000000000000000``, ``-0`` -> ``0``,
non-finite -> ``null``) and JS property order (keys that are array indices, ``"0"`` ..
``"4294967294"``, come first in ascending order, other keys keep insertion order).

``stringify`` is the reference implementation. ``dumps`` gives the same bytes much faster
for large bodies: orjson writes everything, then integral floats written as ``X.0`` are
cut to ``X`` (unless some string also contains ".0," or the like, which a scan of the
output detects), and anything else orjson writes unlike JS (exponents 1e+16..1e+20 and
e-6, -0.0, integers beyond 2**53, lone surrogates, odd keys) sends the value to
``stringify`` instead. Both scans run over the output bytes at C speed.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections.abc import Iterable, Mapping
from typing import Any

import orjson

__all__ = [
    "JsOrdered",
    "RawJSON",
    "dumps",
    "is_array_index",
    "js_number",
    "js_number_to_string",
    "js_object",
    "parse",
    "stringify",
]

_MAX_SAFE = 2**53
_MAX_INDEX = 4294967294
_encode_string = json.encoder.encode_basestring  # C; ensure_ascii=False escaping == JS's
_SURROGATES = re.compile("[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]")


class JsOrdered(dict):
    """A dict known to be in JS property order already (``js_object`` returns it as is)."""

    __slots__ = ()


class RawJSON:
    """Pre-encoded JSON text, emitted verbatim (like orjson.Fragment)."""

    __slots__ = ("text",)

    def __init__(self, text: str | bytes) -> None:
        self.text = text.decode() if isinstance(text, bytes) else text


def is_array_index(key: str) -> bool:
    """True for the canonical decimal strings of 0..2**32-2, which JS objects list first."""
    if not key or not key[0].isdigit() or not key.isascii() or not key.isdigit():
        return False
    return (key == "0" or key[0] != "0") and int(key) <= _MAX_INDEX


def js_object(pairs: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """A dict in the key order JS's ``Object.fromEntries`` gives: array indices first, ascending.

    Use it where the official SDK turns a Map into an object (item maps, rekeying maps...);
    elsewhere dict order is kept as given. Duplicate keys keep their first position. A dict
    that is already in that order is returned as is.
    """
    if type(pairs) is JsOrdered:
        return pairs
    out = (
        pairs
        if type(pairs) is dict
        else dict(pairs.items() if isinstance(pairs, Mapping) else pairs)
    )
    if not _DIGITS.intersection(map(_first_char, out)):
        return out
    keys = list(out)
    if all(map(str.isdigit, keys)):
        ints = list(map(int, keys))
        if (
            ints[-1] <= _MAX_INDEX
            and all(map(int.__lt__, ints, ints[1:]))
            and list(map(str, ints)) == keys
        ):
            return out  # already ascending indices: the common numeric-key case
    index = sorted((k for k in keys if is_array_index(k)), key=int)
    if not index:
        return out
    ordered = {k: out[k] for k in index}
    ordered.update((k, v) for k, v in out.items() if k not in ordered)
    return ordered


_DIGITS = frozenset("0123456789")
_first_char = operator.itemgetter(slice(0, 1))


def _key(k: Any) -> str:
    if isinstance(k, str):
        return k
    if k is None or isinstance(k, (bool, int, float)):
        return js_number_to_string(k) if isinstance(k, float) else stringify(k)
    raise TypeError(f"object keys must be str, not {type(k).__name__}")


def js_number_to_string(x: float | int) -> str:
    """JS ``Number.prototype.toString()``: like ``js_number`` but NaN/Infinity spelled out."""
    if isinstance(x, float) and not math.isfinite(x):
        return "NaN" if x != x else ("Infinity" if x > 0 else "-Infinity")
    return js_number(x)


def js_number(x: float | int) -> str:
    """A number as ``JSON.stringify`` writes it (Number::toString; non-finite -> null)."""
    if isinstance(x, int) and not isinstance(x, bool):
        if -_MAX_SAFE <= x <= _MAX_SAFE:
            return str(x)
        x = float(x)
    if not math.isfinite(x):
        return "null"
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    r = repr(abs(x))  # shortest round-trip digits, like V8
    mantissa, _, exp = r.partition("e")
    whole, _, frac = mantissa.partition(".")
    if frac == "0":
        frac = ""
    digits = (whole + frac).lstrip("0")
    # value = 0.digits * 10**n
    n = len(whole.lstrip("0")) if whole.strip("0") else -(len(frac) - len(frac.lstrip("0")))
    n += int(exp or 0)
    digits = digits.rstrip("0") or "0"
    k = len(digits)
    if k <= n <= 21:
        out = digits + "0" * (n - k)
    elif 0 < n <= 21:
        out = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        out = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        out = (
            digits[0]
            + ("." + digits[1:] if k > 1 else "")
            + "e"
            + ("+" if e >= 0 else "-")
            + str(abs(e))
        )
    return sign + out


def _string(s: str) -> str:
    out = _encode_string(s)
    if _SURROGATES.search(out):
        out = _SURROGATES.sub(_fix_surrogates, out)
    return out


def _fix_surrogates(m: re.Match) -> str:
    s = m.group()
    if len(s) == 2:  # a pair JS would join into one code point
        return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    return "\\u%04x" % ord(s)


def stringify(value: Any) -> str:
    """``JSON.stringify(value)`` of the JS value this Python value denotes (reference, pure Python).

    dict -> object, list/tuple -> array, None -> null, objects with ``to_json()`` are
    converted first (like JS ``toJSON``). Unsupported types raise TypeError.
    """
    parts: list[str] = []
    _write(value, parts.append)
    return "".join(parts)


def _write(v: Any, w) -> None:
    if v is None:
        w("null")
    elif v is True:
        w("true")
    elif v is False:
        w("false")
    elif isinstance(v, str):
        w(_string(v))
    elif isinstance(v, (int, float)):
        w(js_number(v))
    elif isinstance(v, Mapping):
        w("{")
        first = True
        for k, item in v.items():
            if not first:
                w(",")
            first = False
            w(_string(_key(k)))
            w(":")
            _write(item, w)
        w("}")
    elif isinstance(v, (list, tuple)):
        w("[")
        for i, item in enumerate(v):
            if i:
                w(",")
            _write(item, w)
        w("]")
    elif isinstance(v, RawJSON):
        w(v.text)
    elif isinstance(v, orjson.Fragment):
        w(_fragment_text(v))
    elif hasattr(v, "to_json"):
        _write(v.to_json(), w)
    else:
        raise TypeError(f"{type(v).__name__} is not JSON serializable")


def _fragment_text(f: orjson.Fragment) -> str:
    c = f.contents
    return c.decode() if isinstance(c, bytes) else c


# ---- fast path -------------------------------------------------------------------------

_FLOAT_TAIL = re.compile(rb"\.0(?=[,}\]])")
# ".0" + delimiter inside a string: the rest of the string, its closing quote, then the
# structural character every string is followed by. After a float's ".0," the next quote
# opens a string instead, so this matches there only if that string starts with one of
# :,}] (a harmless false alarm: the reference path runs).
_FLOAT_TAIL_IN_STRING = re.compile(rb'\.0[,}\]](?:[^"\\]|\\.)*"[:,}\]]')
_ODD_NUMBER = re.compile(
    rb"e(?:\+(?:1[6-9]|20)|-6)(?![0-9])"
)  # orjson's 1e+16, 1e-6: JS writes digits
_NEGATIVE_ZERO = re.compile(rb"-0\.0(?![0-9])")


def _default(o: Any) -> Any:
    if isinstance(o, RawJSON):
        return orjson.Fragment(o.text)
    if hasattr(o, "to_json"):
        return o.to_json()
    raise TypeError(f"{type(o).__name__} is not JSON serializable")


def dumps(value: Any) -> bytes:
    """UTF-8 bytes of ``stringify(value)``, fast for large values (orjson, verified)."""
    if value.__class__ is not dict and value.__class__ is not list:
        return stringify(value).encode()
    try:
        out = orjson.dumps(value, default=_default, option=orjson.OPT_STRICT_INTEGER)
    except (TypeError, orjson.JSONEncodeError):  # big ints, lone surrogates, odd keys or types
        return stringify(value).encode()
    if _ODD_NUMBER.search(out) or _NEGATIVE_ZERO.search(out):
        return stringify(value).encode()
    fixed, n = _FLOAT_TAIL.subn(b"", out)
    if n and _FLOAT_TAIL_IN_STRING.search(out):  # a string contains ".0," too: cutting may touch it
        return stringify(value).encode()
    return fixed


# ---- parse -------------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON token {name}")


def parse(text: str | bytes) -> Any:
    """``JSON.parse``: strict JSON (no NaN/Infinity); raises ValueError on bad input."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")  # what Node's Buffer.toString() does
    return json.loads(text, parse_constant=_reject_constant)
