"""Serialized field values: the JSON an item carries for each field type.

Builders return plain dicts (that is the wire form; item values are plain JSON), and
``is_serialized_field_value`` is the SDK's ``isSerializedFieldType`` check, which the
envelope validator applies to ``collectionProperties``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Any

from pellucid.protocol.checks import is_bool, is_num, is_str, nullable_opt, opt

__all__ = [
    "color",
    "currency",
    "date_only",
    "date_range",
    "date_value",
    "dictionary",
    "icon",
    "iso_date",
    "js_dictionary",
    "time_of_day",
    "user_avatar",
    "is_serialized_field_value",
    "is_serialized_fields",
]


def date_value(when: datetime | int | float) -> dict[str, Any]:
    """A DATE as ``{"ms": epoch-ms}`` (a naive datetime is taken as UTC)."""
    if isinstance(when, datetime):
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        ms = (
            int(when.timestamp() * 1000)
            if when.microsecond % 1000 == 0
            else when.timestamp() * 1000
        )
        return {"ms": ms}
    return {"ms": when}


def iso_date(iso: str | datetime, display_timezone: str | None = None) -> dict[str, Any]:
    """A DATE as ``{"isoDate", "displayTimezone"?}``."""
    text = iso.isoformat() if isinstance(iso, datetime) else iso
    out: dict[str, Any] = {"isoDate": text}
    if display_timezone is not None:
        out["displayTimezone"] = display_timezone
    return out


def date_only(day: date | int | float) -> dict[str, Any]:
    """A DATEONLY: a date object flagged ``isDateOnly`` (midnight UTC of ``day``)."""
    if isinstance(day, date) and not isinstance(day, datetime):
        day = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    return {**date_value(day), "isDateOnly": True}


def date_range(start: dict[str, Any], end: dict[str, Any]) -> dict[str, Any]:
    """A DATERANGE from two date values."""
    return {"startDate": start, "endDate": end}


def time_of_day(
    hours: int | time, minutes: int | None = None, seconds: int | None = None
) -> dict[str, Any]:
    """A TIMEONLY as ``{"hours", "minutes"?, "seconds"?}``."""
    if isinstance(hours, time):
        return time_of_day(hours.hour, hours.minute, hours.second)
    out: dict[str, Any] = {"hours": hours}
    if minutes is not None:
        out["minutes"] = minutes
    if seconds is not None:
        out["seconds"] = seconds
    return out


def color(r: int, g: int, b: int, a: float | None = None) -> dict[str, Any]:
    """A COLOR as ``{"color": {"r","g","b","a"?}}``."""
    c: dict[str, Any] = {"r": r, "g": g, "b": b}
    if a is not None:
        c["a"] = a
    return {"color": c}


def currency(amount: int | float, code: str) -> dict[str, Any]:
    """A CURRENCY as ``{"a": amount, "t": code}``."""
    return {"a": amount, "t": code}


def dictionary(entries: dict[str, Any]) -> dict[str, Any]:
    """A DICTIONARY of serialized values (``{"dict": ...}``)."""
    return {"dict": dict(entries)}


def js_dictionary(entries: dict[str, Any]) -> dict[str, Any]:
    """A DICTIONARY of arbitrary plain JSON (``{"js": ...}``)."""
    return {"js": dict(entries)}


def icon(
    url_or_svg: str, aria_label: str, tooltip_label: str | None = None, rounded: bool | None = None
) -> dict[str, Any]:
    """A Lucid icon value (``{"dict": {"icon", "ariaLabel", ...}}``)."""
    d: dict[str, Any] = {"icon": url_or_svg, "ariaLabel": aria_label}
    if tooltip_label is not None:
        d["tooltipLabel"] = tooltip_label
    if rounded is not None:
        d["roundedIcon"] = rounded
    return {"dict": d}


def user_avatar(user_name: str, avatar_url: str | None = None) -> dict[str, Any]:
    """A user avatar value (``{"dict": {"avatarUrl"?, "userName"}}``)."""
    d: dict[str, Any] = {}
    if avatar_url is not None:
        d["avatarUrl"] = avatar_url
    d["userName"] = user_name
    return {"dict": d}


# ---- validation (isSerializedFieldType) ----------------------------------------------------


def _is_date(v: Any) -> bool:
    if not isinstance(v, dict):
        return False
    if is_num(v.get("ms")) and opt(v, "isDateOnly", is_bool):
        return True
    return isinstance(v.get("isoDate"), str) and nullable_opt(v, "displayTimezone", is_str)


def _is_dict_value(v: dict) -> bool:
    keys = set(v)
    if keys == {"dict"} and isinstance(v["dict"], dict):
        return all(is_serialized_field_value(x) for x in v["dict"].values())
    if keys == {"js"} and isinstance(v["js"], dict):
        return all(_is_json(x) for x in v["js"].values())
    return False


def _is_json(v: Any) -> bool:
    if v is None or isinstance(v, (str, bool, int, float)):
        return True
    if isinstance(v, list):
        return all(_is_json(x) for x in v)
    return isinstance(v, dict) and all(_is_json(x) for x in v.values())


def is_serialized_field_value(v: Any) -> bool:
    """``isSerializedFieldType``: is this JSON a value some field type can hold?"""
    if v is None or isinstance(v, (str, bool, int, float)):
        return True
    if isinstance(v, list):
        return all(is_serialized_field_value(x) for x in v)
    if not isinstance(v, dict):
        return False
    if _is_dict_value(v):
        return True
    if is_num(v.get("a")) and isinstance(v.get("t"), str):
        return True
    if _is_date(v):
        return True
    if _is_date(v.get("startDate")) and _is_date(v.get("endDate")):
        return True
    if is_num(v.get("hours")) and opt(v, "minutes", is_num) and opt(v, "seconds", is_num):
        return True
    if isinstance(v.get("color"), (dict, list)):
        return True
    d = v.get("dict")
    if isinstance(d, dict):
        if (
            isinstance(d.get("icon"), str)
            and isinstance(d.get("ariaLabel"), str)
            and opt(d, "tooltipLabel", is_str)
            and opt(d, "roundedIcon", is_bool)
        ):
            return True
        if isinstance(d.get("userName"), str) and opt(d, "avatarUrl", is_str):
            return True
    return False


def is_serialized_fields(v: Any) -> bool:
    """``isSerializedFields``: an object whose values are all serialized field values."""
    return isinstance(v, dict) and all(is_serialized_field_value(x) for x in v.values())
