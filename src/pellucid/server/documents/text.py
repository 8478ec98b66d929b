"""Text of shapes and lines: the HTML subset of Standard Import, read as styled paragraphs (for
the renderer) or plain text (for contents), with `{{=@'Field'}}` formulas evaluated. I/O-free.

Honoured: <br> <b> <strong> <i> <em> <s> <strike> <u> <a href> <ol> <ul> <li> <p> <div> <span>,
and the style properties color, font-family, font-size, font-style, font-weight, text-align,
text-decoration. Everything else is read as plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html import unescape
from html.parser import HTMLParser
from typing import Callable, Mapping

DEFAULT_FONT = "Liberation Sans"
DEFAULT_ALIGN = "center"

_FORMULA = re.compile(r"\{\{=@(?:'([^']*)'|\"([^\"]*)\"|([A-Za-z_][\w ]*?))\s*\}\}")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLOCKS = {"p", "div", "li", "ol", "ul"}
_INLINE_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_BREAKING_TAG = re.compile(r"<\s*/?\s*(?:p|div|li|ol|ul|br)\b", re.IGNORECASE)


@dataclass(slots=True, frozen=True)
class Run:
    """A stretch of text with one style. `size_pt` None means: fit the text to its box."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    color: str | None = None
    size_pt: float | None = None
    font_family: str = DEFAULT_FONT
    href: str | None = None


@dataclass(slots=True)
class Paragraph:
    runs: list[Run] = field(default_factory=list)
    align: str = DEFAULT_ALIGN  # left | center | right | justify
    marker: str = ""  # "• " or "3. " for list items

    @property
    def text(self) -> str:
        """The paragraph's plain text, its list marker first."""
        return self.marker + "".join(run.text for run in self.runs)


def evaluate_formulas(html: str, lookup: Callable[[str], str | None]) -> str:
    """Replace each `{{=@'Field'}}` whose field `lookup` knows with its value (HTML-escaped);
    formulas it does not know, and every other formula, stay as written."""

    def substitute(match: re.Match) -> str:
        name = next(g for g in match.groups() if g is not None).strip()
        value = lookup(name)
        return match.group(0) if value is None else _escape(value)

    return _FORMULA.sub(substitute, html) if "{{" in html else html


def lookup_in(*sources: Mapping[str, str]) -> Callable[[str], str | None]:
    """A formula lookup over the given field maps, first match wins (linked row, then custom data)."""

    def lookup(name: str) -> str | None:
        for source in sources:
            if name in source:
                return source[name]
        return None

    return lookup


def paragraphs(html: str, base: Run | None = None) -> list[Paragraph]:
    """The HTML as paragraphs of styled runs; `base` carries the shape's default text style."""
    parser = _Parser(base or Run(""))
    parser.feed(html)
    parser.close()
    return parser.finish()


def plain(html: str) -> str:
    """Contents text: tags dropped, entities decoded, <br> and block ends as newlines, runs of
    spaces collapsed, each line stripped, empty lines at both ends removed."""
    if "<" not in html and "&" not in html:  # no markup: one paragraph (a newline is a space)
        return _SPACES.sub(" ", html.replace("\n", " ")).strip()
    if "<!" not in html and "<?" not in html and not _BREAKING_TAG.search(html):
        # inline tags only (<b>, <span style>, ...): one paragraph, tags dropped, entities decoded
        return _SPACES.sub(" ", unescape(_INLINE_TAG.sub("", html)).replace("\n", " ")).strip()
    lines = [_SPACES.sub(" ", p.text).strip() for p in paragraphs(html)]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def from_plain(text: str) -> str:
    """HTML for a plain-text label (draw.io without html=1, Visio): escaped, newlines as <br>."""
    return "<br>".join(_escape(line) for line in text.split("\n"))


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _css(style: str) -> dict[str, str]:
    out = {}
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        if value.strip():
            out[name.strip().lower()] = value.strip()
    return out


def _font_size_pt(value: str) -> float | None:
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(pt|px)?\s*", value)
    if not match:
        return None
    size = float(match.group(1))
    return size * 72 / 96 if match.group(2) == "px" else size


def _styled(run: Run, css: Mapping[str, str]) -> Run:
    changes: dict = {}
    if "color" in css:
        changes["color"] = css["color"]
    if "font-family" in css:
        changes["font_family"] = css["font-family"].split(",")[0].strip().strip("'\"") or DEFAULT_FONT
    if "font-size" in css and (size := _font_size_pt(css["font-size"])) is not None:
        changes["size_pt"] = size
    if "font-weight" in css:
        weight = css["font-weight"].lower()
        changes["bold"] = weight == "bold" or weight == "bolder" or (weight.isascii() and weight.isdigit() and int(weight) >= 600)
    if "font-style" in css:
        changes["italic"] = css["font-style"].lower() in ("italic", "oblique")
    if "text-decoration" in css:
        decoration = css["text-decoration"].lower()
        changes["underline"] = "underline" in decoration
        changes["strike"] = "line-through" in decoration
    return replace(run, **changes) if changes else run


_TAG_STYLES = {
    "b": {"bold": True}, "strong": {"bold": True}, "i": {"italic": True}, "em": {"italic": True},
    "u": {"underline": True}, "s": {"strike": True}, "strike": {"strike": True}, "del": {"strike": True},
}


class _Parser(HTMLParser):
    def __init__(self, base: Run) -> None:
        super().__init__(convert_charrefs=True)
        self._styles: list[tuple[str, Run]] = [("", base)]
        self._aligns: list[tuple[str, str]] = [("", DEFAULT_ALIGN)]
        self._lists: list[list] = []  # [kind, next number]
        self._paragraphs: list[Paragraph] = [Paragraph(align=DEFAULT_ALIGN)]

    # -- structure
    def _break(self, marker: str = "", soft: bool = False) -> None:
        """Start a paragraph; a soft break (a block's edge) reuses an empty current one."""
        current = self._paragraphs[-1]
        if soft and not current.runs and not current.marker:
            current.align, current.marker = self._aligns[-1][1], marker
            return
        self._paragraphs.append(Paragraph(align=self._aligns[-1][1], marker=marker))

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        css = _css(attributes.get("style") or "")
        if tag == "br":
            self._break()
            return
        run = self._styles[-1][1]
        run = replace(run, **_TAG_STYLES[tag]) if tag in _TAG_STYLES else run
        if tag == "a" and attributes.get("href"):
            run = replace(run, href=attributes["href"], underline=True)
        if tag == "font" and attributes.get("color"):
            run = replace(run, color=attributes["color"])
        self._styles.append((tag, _styled(run, css)))
        if tag in _BLOCKS:
            if "text-align" in css:
                self._aligns.append((tag, css["text-align"].lower()))
            if tag in ("ol", "ul"):
                self._lists.append([tag, 1])
            elif tag == "li":
                self._break(self._marker(), soft=True)
            else:
                self._break(soft=True)

    def _marker(self) -> str:
        if not self._lists:
            return "• "
        kind = self._lists[-1]
        if kind[0] == "ol":
            kind[1] += 1
            return f"{kind[1] - 1}. "
        return "• "

    def handle_endtag(self, tag: str) -> None:
        if not any(open_tag == tag for open_tag, _ in self._styles[1:]):
            return  # a stray end tag
        while self._styles[-1][0] != tag:
            self._styles.pop()
        self._styles.pop()
        if self._aligns[-1][0] == tag and len(self._aligns) > 1:
            self._aligns.pop()
        if tag in ("ol", "ul") and self._lists:
            self._lists.pop()
        if tag in _BLOCKS:
            self._break(soft=True)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag == "br":
            self._break()

    def handle_data(self, data: str) -> None:
        data = data.replace("\n", " ")  # HTML: a newline is a space; <br> breaks a line
        if data:
            self._paragraphs[-1].runs.append(replace(self._styles[-1][1], text=data))

    def finish(self) -> list[Paragraph]:
        result = self._paragraphs
        while len(result) > 1 and not result[-1].runs and not result[-1].marker:
            result.pop()
        return result
