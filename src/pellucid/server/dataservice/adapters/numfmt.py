"""Excel number formats (I/O-free): the text a cell shows, and the format's NumberFormatType.

Supported: General (up to 11 characters, as in a default-width column), sections
(positive;negative;zero;text) with [conditions], colours and locale tags dropped, quoted and
escaped literals, `_x` spacing, digit placeholders 0 # ?, thousands separators and scaling commas,
percent, scientific notation, @ for text, and date/time codes (y m d h s, AM/PM, A/P, elapsed
[h] [m] [s], fractional seconds). Fractions (`# ?/?`) fall back to General.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

# Google Sheets' NumberFormatType, whose position (0-8) prefixes Format metadata ("5:M/d/yyyy").
NUMBER_FORMAT_TYPES = ("NUMBER_FORMAT_TYPE_UNSPECIFIED", "TEXT", "NUMBER", "PERCENT", "CURRENCY",
                       "DATE", "TIME", "DATE_TIME", "SCIENTIFIC")
EXCEL_EPOCH = datetime(1899, 12, 30)

_SECTION_SPLIT = re.compile(r'((?:"[^"]*"|\\.|\[[^\]]*\]|[^;"\\\[])*)(?:;|$)')
_CONDITION = re.compile(r"\[(<=|>=|<>|<|>|=)(-?\d+(?:\.\d+)?)\]")
_BRACKET = re.compile(r"\[[^\]]*\]")
_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.')
_CURRENCY_TAG = re.compile(r"\[\$([^\]-]*)(?:-[0-9A-Fa-f]+)?\]")
_ELAPSED = re.compile(r"\[(h+|m+|s+)\]", re.IGNORECASE)
_DATE_CODES = re.compile(r"(?i)(yyyy|yy|y|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p|\.0+|\[h+\]|\[m+\]|\[s+\])")


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


# ---------------------------------------------------------------------------- rendering


def render(value: object, code: str | None) -> str:
    """The text Excel shows for `value` under format `code`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return _text(value, code)
    if isinstance(value, (datetime, date, time, timedelta)):
        if not code or code.lower() == "general" or not is_date(code):
            code = _DEFAULT_DATE_CODE[type(value)]
        return _date(value, code)
    if isinstance(value, (int, float)):
        if not code or code.lower() == "general":
            return general(value)
        if is_date(code):
            try:
                return _date(EXCEL_EPOCH + timedelta(days=float(value)), code)
            except (OverflowError, ValueError):
                return general(value)
        return _number(float(value), code)
    return str(value)


_DEFAULT_DATE_CODE = {datetime: "yyyy-mm-dd h:mm:ss", date: "yyyy-mm-dd", time: "h:mm:ss", timedelta: "[h]:mm:ss"}


def general(value: float | int) -> str:
    """Excel's General format in a default-width column: at most 11 characters."""
    if isinstance(value, int) or (math.isfinite(value) and value.is_integer() and abs(value) < 1e11):
        number = int(value)
        if abs(number) < 10**11:
            return str(number)
        value = float(number)
    if not math.isfinite(value):
        return "#NUM!"
    magnitude = abs(value)
    if magnitude >= 1e11 or magnitude < 1e-9:
        mantissa, exponent = f"{value:.5E}".split("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}E{exponent[0]}{int(exponent[1:]):02d}"
    whole = len(str(int(magnitude))) if magnitude >= 1 else 1
    decimals = max(0, 10 - whole)
    text = f"{_round(magnitude, decimals):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return ("-" if value < 0 and text != "0" else "") + text


def _round(value: float, decimals: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _pick(value: float, parts: tuple[str, ...]) -> tuple[str, float, bool]:
    """(section, value to show, whether a minus sign must be added) as Excel chooses them."""
    conditional = [(i, _CONDITION.search(part)) for i, part in enumerate(parts[:3])]
    if any(match for _, match in conditional):
        for index, match in conditional:
            if match and _compare(value, match.group(1), float(match.group(2))):
                return parts[index], abs(value) if value < 0 and index > 0 else value, False
        rest = [part for (index, match), part in zip(conditional, parts) if not match]
        return (rest[0] if rest else parts[-1]), value, False
    if value > 0 or len(parts) == 1:
        return parts[0], abs(value), value < 0
    if value < 0:
        return parts[1], abs(value), False
    return (parts[2] if len(parts) > 2 else parts[0]), value, False


def _compare(value: float, op: str, bound: float) -> bool:
    return {"<": value < bound, "<=": value <= bound, ">": value > bound, ">=": value >= bound,
            "=": value == bound, "<>": value != bound}[op]


def _text(value: str, code: str | None) -> str:
    if not code:
        return value
    parts = sections(code)
    if len(parts) == 4:
        return _literal_tokens(parts[3], value)
    if len(parts) == 1 and "@" in _bare(parts[0]):
        return _literal_tokens(parts[0], value)
    return value


def _literal_tokens(section: str, text: str) -> str:
    out = []
    for kind_, token in _tokens(section):
        out.append(text if token == "@" else token if kind_ == "lit" else "")
    return "".join(out)


_TOKEN = re.compile(r'"(?P<quoted>[^"]*)"|\\(?P<escaped>.)|_(?P<spacer>.)|\*(?P<fill>.)|(?P<bracket>\[[^\]]*\])'
                    r'|(?P<exponent>[eE][+-])|(?P<char>.)', re.DOTALL)


def _lexemes(section: str) -> list[tuple[str, str]]:
    """(group name, text) of each lexeme: quoted, escaped, spacer, fill, bracket, exponent or char."""
    return [(match.lastgroup, match.group(match.lastgroup)) for match in _TOKEN.finditer(section)]


def _literal(name: str, text: str) -> str | None:
    """The text a literal lexeme shows; None for lexemes that are not literals."""
    if name in ("quoted", "escaped"):
        return text
    if name == "spacer":
        return " "
    if name == "bracket" and text.startswith("[$"):
        return _CURRENCY_TAG.sub(lambda m: m.group(1), text)
    if name in ("fill", "bracket"):
        return ""
    return None


@lru_cache(maxsize=1024)
def _tokens(section: str) -> tuple[tuple[str, str], ...]:
    """(kind, text): kind is lit (shown as is) or ph (0 # ? . , % @ E+ E-)."""
    tokens = []
    for name, text in _lexemes(section):
        literal = _literal(name, text)
        if literal is not None:
            tokens.append(("lit", literal))
        elif name == "exponent":
            tokens.append(("ph", text.upper()))
        else:
            tokens.append(("ph" if text in "0#?.,%@" else "lit", text))
    return tuple(token for token in tokens if token != ("lit", ""))


def _number(value: float, code: str) -> str:
    section, value, minus = _pick(value, sections(code))
    tokens = _tokens(section)
    if any(kind_ == "lit" and text == "/" for kind_, text in tokens) and "?" in section:
        return ("-" if minus else "") + general(value)  # fractions
    digits = [i for i, (kind_, text) in enumerate(tokens) if kind_ == "ph" and text in "0#?"]
    if not digits:
        return ("-" if minus and value else "") + "".join(text for kind_, text in tokens if kind_ == "lit")
    value *= 100 ** sum(1 for kind_, text in tokens if (kind_, text) == ("ph", "%"))
    exp_at = next((i for i, (kind_, text) in enumerate(tokens) if kind_ == "ph" and text in ("E+", "E-")), None)
    dot_at = next((i for i, token in enumerate(tokens) if token == ("ph", ".")), None)
    end = exp_at if exp_at is not None else len(tokens)
    int_ph = [i for i in digits if i < (dot_at if dot_at is not None else end)]
    dec_ph = [i for i in digits if dot_at is not None and dot_at < i < end]
    exp_ph = [i for i in digits if exp_at is not None and i > exp_at]
    last_int = int_ph[-1] if int_ph else -1
    grouping = any(tokens[i] == ("ph", ",") for i in range(int_ph[0] if int_ph else 0, last_int))
    scale_end = dot_at if dot_at is not None else end
    scaling = sum(1 for i in range(last_int + 1, scale_end) if tokens[i] == ("ph", ","))
    value /= 1000 ** scaling
    exponent = 0
    if exp_at is not None and value:
        width = max(1, len(int_ph))
        exponent = math.floor(math.log10(value)) - (width - 1)
        value /= 10 ** exponent
        if float(_round(value, len(dec_ph))) >= 10 ** width:
            value /= 10
            exponent += 1
    rounded = f"{_round(value, len(dec_ph)):f}"
    whole, _, fraction = rounded.partition(".")
    if whole == "0" and all(tokens[i][1] != "0" for i in int_ph):
        whole = ""
    out = [text if kind_ == "lit" else "" for kind_, text in tokens]
    _fill_whole(out, tokens, int_ph, whole, grouping)
    _fill_fraction(out, tokens, dec_ph, fraction)
    if dot_at is not None:
        out[dot_at] = "."
    if exp_at is not None:
        sign = "-" if exponent < 0 else ("+" if tokens[exp_at][1] == "E+" else "")
        out[exp_at] = "E" + sign
        _fill_whole(out, tokens, exp_ph, str(abs(exponent)), False)
    for i, (kind_, text) in enumerate(tokens):
        if kind_ == "ph" and text == "%":
            out[i] = "%"
    text = "".join(out)
    return ("-" + text) if minus and any(ch in "123456789" for ch in text) else text


def _fill_whole(out: list[str], tokens: tuple[tuple[str, str], ...], places: list[int], digits: str, grouping: bool) -> None:
    if not places:
        return
    if grouping:
        zeros = sum(1 for i in places if tokens[i][1] == "0")
        padded = digits.rjust(zeros, "0") if digits else "0" * zeros
        out[places[0]] = f"{int(padded):,}" if padded else ""
        if len(padded) < zeros:
            out[places[0]] = padded
        return
    remaining = digits
    for position, i in enumerate(reversed(places)):
        placeholder = tokens[i][1]
        if position == len(places) - 1:
            shown = remaining
            remaining = ""
        else:
            shown, remaining = remaining[-1:], remaining[:-1]
        if not shown:
            shown = "0" if placeholder == "0" else " " if placeholder == "?" else ""
        out[i] = shown


def _fill_fraction(out: list[str], tokens: tuple[tuple[str, str], ...], places: list[int], digits: str) -> None:
    trailing = True
    for i, digit in reversed(list(zip(places, digits))):
        placeholder = tokens[i][1]
        if trailing and digit == "0" and placeholder != "0":
            out[i] = " " if placeholder == "?" else ""
        else:
            trailing = False
            out[i] = digit


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _date(value: datetime | date | time | timedelta, code: str) -> str:
    section = sections(code)[0]
    elapsed = value if isinstance(value, timedelta) else None
    if isinstance(value, timedelta):
        value = EXCEL_EPOCH + value
    elif isinstance(value, time):
        value = datetime.combine(EXCEL_EPOCH.date(), value)
    elif not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    tokens = _date_tokens(section)
    twelve = any(text.lower() in ("am/pm", "a/p") for kind_, text in tokens if kind_ == "code")
    if not any(kind_ == "code" and text.startswith(".") for kind_, text in tokens) and value.microsecond >= 500_000:
        value += timedelta(microseconds=500_000)  # whole seconds shown: round, as Excel does
    total_seconds = (elapsed or (value - EXCEL_EPOCH)).total_seconds()
    out = []
    for index, (kind_, text) in enumerate(tokens):
        if kind_ == "lit":
            out.append(text)
            continue
        lower = text.lower()
        if lower.startswith("["):
            unit = {"h": 3600, "m": 60, "s": 1}[lower[1]]
            out.append(str(int(total_seconds // unit)).rjust(len(lower) - 2, "0"))
        elif lower in ("yyyy", "yyy"):
            out.append(f"{value.year:04d}")
        elif lower in ("yy", "y"):
            out.append(f"{value.year % 100:02d}")
        elif lower.startswith("m") and _is_minute(tokens, index):
            out.append(f"{value.minute:02d}" if len(lower) >= 2 else str(value.minute))
        elif lower.startswith("m"):
            out.append({1: str(value.month), 2: f"{value.month:02d}", 3: _MONTHS[value.month - 1][:3],
                        4: _MONTHS[value.month - 1], 5: _MONTHS[value.month - 1][0]}[min(len(lower), 5)])
        elif lower.startswith("d"):
            weekday = _DAYS[value.weekday()]
            out.append({1: str(value.day), 2: f"{value.day:02d}", 3: weekday[:3]}.get(len(lower), weekday))
        elif lower.startswith("h"):
            hour = value.hour % 12 or 12 if twelve else value.hour
            out.append(f"{hour:02d}" if len(lower) >= 2 else str(hour))
        elif lower.startswith("s"):
            out.append(f"{value.second:02d}" if len(lower) >= 2 else str(value.second))
        elif lower.startswith("."):
            out.append("." + f"{value.microsecond:06d}"[:len(lower) - 1])
        elif lower == "am/pm":
            out.append("AM" if value.hour < 12 else "PM")
        elif lower == "a/p":
            out.append(("A" if value.hour < 12 else "P") if text[0].isupper() else ("a" if value.hour < 12 else "p"))
    return "".join(out)


@lru_cache(maxsize=1024)
def _date_tokens(section: str) -> tuple[tuple[str, str], ...]:
    """(kind, text): kind is lit or code (a date/time code such as yyyy, mmm, hh, AM/PM, [h], .00)."""
    pieces: list[tuple[str, str]] = []  # literals, elapsed codes, and runs of plain characters
    for name, text in _lexemes(section):
        if name == "bracket" and _ELAPSED.fullmatch(text):
            pieces.append(("code", text))
        elif name in ("char", "exponent"):
            if pieces and pieces[-1][0] == "run":
                pieces[-1] = ("run", pieces[-1][1] + text)
            else:
                pieces.append(("run", text))
        else:
            pieces.append(("lit", _literal(name, text) or ""))
    tokens: list[tuple[str, str]] = []
    for kind_, text in pieces:
        if kind_ != "run":
            tokens.append((kind_, text))
            continue
        position = 0
        while position < len(text):
            match = _DATE_CODES.match(text, position)
            if match and not (match.group(0).startswith(".") and not tokens):
                tokens.append(("code", match.group(0)))
                position = match.end()
            else:
                tokens.append(("lit", text[position]))
                position += 1
    return tuple(tokens)


def _is_minute(tokens: tuple[tuple[str, str], ...], index: int) -> bool:
    """`m` means minutes right after an hour code or right before a seconds code."""
    codes = [(i, text.lower()) for i, (kind_, text) in enumerate(tokens) if kind_ == "code"]
    position = next(n for n, (i, _) in enumerate(codes) if i == index)
    before = codes[position - 1][1] if position > 0 else ""
    after = codes[position + 1][1] if position + 1 < len(codes) else ""
    return before.startswith(("h", "[h")) or after.startswith(("s", "[s"))
