"""Excel number formats (I/O-free): the NumberFormatType of a format code, which prefixes the
Format metadata entries ("4:\"$\"#,##0.00"). Items hold the cells' values, not their display.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Google Sheets' NumberFormatType, whose position (0-8) prefixes Format metadata ("5:M/d/yyyy").
NUMBER_FORMAT_TYPES = ("NUMBER_FORMAT_TYPE_UNSPECIFIED", "TEXT", "NUMBER", "PERCENT", "CURRENCY",
                       "DATE", "TIME", "DATE_TIME", "SCIENTIFIC")

_SECTION_SPLIT = re.compile(r'((?:"[^"]*"|\\.|\[[^\]]*\]|[^;"\\\[])*)(?:;|$)')
_BRACKET = re.compile(r"\[[^\]]*\]")
_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.')
_CURRENCY_TAG = re.compile(r"\[\$([^\]-]*)(?:-[0-9A-Fa-f]+)?\]")
_ELAPSED = re.compile(r"\[(h+|m+|s+)\]", re.IGNORECASE)


@lru_cache(maxsize=1024)
def sections(code: str) -> tuple[str, ...]:
    """The format's sections (positive;negative;zero;text), parsed once per distinct format."""
    parts = [match.group(1) for match in _SECTION_SPLIT.finditer(code)]
    return tuple(parts[:-1] if len(parts) > 1 and parts[-1] == "" and not code.endswith(";") else parts[:4])


def _bare(section: str) -> str:
    """The section without literals and bracketed tags: what decides its kind."""
    return _BRACKET.sub("", _QUOTED.sub("", section))


@lru_cache(maxsize=1024)
def is_date(code: str) -> bool:
    """Whether a number format shows a date or time (`m` counts only without digit codes)."""
    bare = _bare(sections(code)[0]).lower() if code else ""
    return bool(re.search(r"[ydhs]", bare) or re.search(r"m", bare) and not re.search(r"[0#?]", bare)
                or _ELAPSED.search(code or ""))


@lru_cache(maxsize=1024)
def kind(code: str | None) -> int:
    """The NumberFormatType index of an Excel format code; 0 for General."""
    if not code or code.lower() == "general":
        return 0
    first = sections(code)[0]
    bare = _bare(first).lower()
    if bare.strip() == "@":
        return 1
    if is_date(code):
        has_date = bool(re.search(r"[yd]", bare)) or ("m" in bare and not re.search(r"[hs]", bare)
                                                       and not _ELAPSED.search(first))
        has_time = bool(re.search(r"[hs]", bare) or _ELAPSED.search(first) or "am/pm" in bare)
        return 7 if has_date and has_time else 5 if has_date else 6
    if re.search(r"e[+-]", bare):
        return 8
    if "%" in bare:
        return 3
    if re.search(r"[$€£¥₹₩]", _CURRENCY_TAG.sub(lambda m: m.group(1), first)):  # [$-409] is a locale only
        return 4
    return 2
