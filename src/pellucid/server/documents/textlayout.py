"""Text of shapes and lines laid out for SVG: the HTML subset (`text.py`) as paragraphs of runs,
wrapped greedily to a width with the shipped font's real metrics (`fonts`), shrunk to fit its
box when it sets no font size, and written as one `<text>` of `<tspan>` lines, so that viewers
can select it and the rasteriser draws exactly what was measured."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from . import fonts, svg
from .text import Paragraph, Run, paragraphs

PX_PER_PT = 96 / 72
DEFAULT_PT = 10.0  # Standard Import's default font size
MIN_PT = 4.0  # auto-fitting text shrinks no further
SHRINK_STEP_PT = 0.5
PADDING = 4.0  # inside a shape's text box on every side
ANCHORS = {"left": "start", "justify": "start", "center": "middle", "right": "end"}

_SPLIT = re.compile(r"(\s+)")


@dataclass(slots=True)
class _Piece:
    text: str
    run: Run
    size: float  # px

    @property
    def width(self) -> float:
        return fonts.width(self.text, self.size, self.run.bold, self.run.italic)


@dataclass(slots=True)
class _Line:
    align: str
    indent: float = 0.0
    pieces: list[_Piece] = field(default_factory=list)
    width: float = 0.0
    empty_size: float = 0.0  # the height source of a line without text

    @property
    def size(self) -> float:
        return max((p.size for p in self.pieces), default=self.empty_size)

    def trim(self) -> None:
        while self.pieces and not self.pieces[-1].text.strip():
            self.width -= self.pieces.pop().width


@dataclass(slots=True)
class TextLayout:
    """Lines ready to place: `width` is the widest line, `height` the sum of line heights."""

    lines: list[_Line]
    width: float
    height: float
    size: float  # the size of unsized runs, px

    def svg(self, left: float, top: float, width: float, color: str | None = None) -> str:
        """The `<text>` element with its lines in the column `left .. left + width`, from `top`."""
        out = [f'<text font-family="{fonts.CSS_FAMILY}" font-size="{svg.num(self.size)}"'
               f'{svg.paint("fill", color, "#000000")} xml:space="preserve">']
        y = top
        for line in self.lines:
            size = line.size
            baseline = y + fonts.ascent(size)
            y += fonts.line_height(size)
            if not line.pieces:
                continue
            anchor = ANCHORS.get(line.align, "middle")
            if anchor == "start":
                x = left + line.indent
            elif anchor == "end":
                x = left + width
            else:
                x = left + line.indent + (width - line.indent) / 2
            out.append(f'<tspan x="{svg.num(x)}" y="{svg.num(baseline)}"'
                       + (f' text-anchor="{anchor}"' if anchor != "start" else "") + ">")
            out.extend(_piece_svg(piece, self.size, color) for piece in line.pieces)
            out.append("</tspan>")
        out.append("</text>")
        return "".join(out)


def _piece_svg(piece: _Piece, base_size: float, base_color: str | None) -> str:
    run = piece.run
    attrs = []
    if run.bold:
        attrs.append(' font-weight="bold"')
    if run.italic:
        attrs.append(' font-style="italic"')
    if abs(piece.size - base_size) > 0.005:
        attrs.append(f' font-size="{svg.num(piece.size)}"')
    if run.color and svg.color(run.color) != svg.color(base_color or "#000000"):
        attrs.append(svg.paint("fill", run.color, "#000000"))
    decorations = [name for flag, name in ((run.underline, "underline"), (run.strike, "line-through")) if flag]
    if decorations:
        attrs.append(f' text-decoration="{" ".join(decorations)}"')
    body = svg.text(piece.text)
    return f"<tspan{''.join(attrs)}>{body}</tspan>" if attrs else body


def _words(paragraph: Paragraph, auto_px: float) -> list[list[_Piece]]:
    """The paragraph as words (whitespace runs are words of their own), each a list of pieces."""
    words: list[list[_Piece]] = []
    current: list[_Piece] = []
    for run in paragraph.runs:
        size = run.size_pt * PX_PER_PT if run.size_pt else auto_px
        for chunk in _SPLIT.split(run.text):
            if not chunk:
                continue
            if chunk.isspace():
                if current:
                    words.append(current)
                    current = []
                words.append([_Piece(" ", run, size)])
            else:
                current.append(_Piece(chunk, run, size))
    if current:
        words.append(current)
    return words


def _break_word(word: list[_Piece], room: float) -> tuple[list[_Piece], list[_Piece]]:
    """As much of `word` as fits in `room` (at least one character), and the rest."""
    head: list[_Piece] = []
    used = 0.0
    for index, piece in enumerate(word):
        if used + piece.width <= room:
            head.append(piece)
            used += piece.width
            continue
        cut = 0
        for end in range(1, len(piece.text) + 1):
            if used + fonts.width(piece.text[:end], piece.size, piece.run.bold, piece.run.italic) > room:
                break
            cut = end
        if cut == 0 and not head:
            cut = 1
        if cut:
            head.append(replace(piece, text=piece.text[:cut]))
        rest = ([replace(piece, text=piece.text[cut:])] if cut < len(piece.text) else []) + word[index + 1:]
        return head, rest
    return head, []


def _wrap(paragraph: Paragraph, width: float, auto_px: float) -> tuple[list[_Line], bool]:
    """Greedy wrapping; the flag tells whether a word had to be broken inside."""
    first = _Line(paragraph.align, empty_size=auto_px)
    if paragraph.marker:
        marker_run = paragraph.runs[0] if paragraph.runs else Run("")
        size = marker_run.size_pt * PX_PER_PT if marker_run.size_pt else auto_px
        marker = _Piece(paragraph.marker, replace(marker_run, underline=False, strike=False), size)
        first.pieces.append(marker)
        first.width = marker.width
    indent = first.width  # continuation lines of a list item align with its text

    def new_line() -> _Line:
        lines[-1].trim()
        lines.append(_Line(paragraph.align, indent, width=indent, empty_size=auto_px))
        return lines[-1]

    lines, broke, filled = [first], False, False  # filled: the last line holds a word
    for word in _words(paragraph, auto_px):
        line = lines[-1]
        if word[0].text == " ":
            if filled and line.pieces[-1].text != " ":
                line.pieces.append(word[0])
                line.width += word[0].width
            continue
        word_width = sum(p.width for p in word)
        if filled and line.width + word_width > width:
            line = new_line()
        filled = True
        if line.width + word_width <= width:
            line.pieces.extend(word)
            line.width += word_width
            continue
        broke = True
        while word:
            head, word = _break_word(word, max(width - line.width, 1.0))
            line.pieces.extend(head)
            line.width += sum(p.width for p in head)
            if word:
                line = new_line()
    lines[-1].trim()
    return lines, broke


def _lay_out(paras: list[Paragraph], width: float, auto_px: float) -> tuple[TextLayout, bool]:
    lines: list[_Line] = []
    broke = False
    for paragraph in paras:
        wrapped, paragraph_broke = _wrap(paragraph, width, auto_px)
        lines.extend(wrapped)
        broke = broke or paragraph_broke
    height = sum(fonts.line_height(line.size) for line in lines)
    return TextLayout(lines, max((line.width for line in lines), default=0.0), height, auto_px), broke


def lay_out(html: str, width: float, height: float | None = None, base: Run | None = None) -> TextLayout | None:
    """`html` wrapped to `width` px. With a `height`, text that sets no size is shrunk from 10 pt
    (by half points, down to 4 pt) until it fits without breaking a word; None when no text."""
    paras = paragraphs(html, base)
    if not any(p.marker or any(r.text.strip() for r in p.runs) for p in paras):
        return None
    width = max(width, 1.0)
    sized = all(run.size_pt for p in paras for run in p.runs) and not any(p.marker and not p.runs for p in paras)
    layout, broke = _lay_out(paras, width, DEFAULT_PT * PX_PER_PT)
    if height is None or sized or (layout.height <= height and not broke):
        return layout
    # The largest size that fits, found by bisection over the half-point steps below 10 pt
    # (smaller text never needs more room); the smallest when none does.
    steps = [DEFAULT_PT - SHRINK_STEP_PT * (i + 1) for i in range(int((DEFAULT_PT - MIN_PT) / SHRINK_STEP_PT))]
    low, high, best = 0, len(steps) - 1, None
    while low <= high:
        middle = (low + high) // 2
        candidate, broke = _lay_out(paras, width, steps[middle] * PX_PER_PT)
        if candidate.height <= height and not broke:
            best, high = candidate, middle - 1
        else:
            low = middle + 1
    return best or _lay_out(paras, width, MIN_PT * PX_PER_PT)[0]


def text_box_svg(html: str, box: tuple[float, float, float, float], valign: str = "middle",
                 color: str | None = None, base: Run | None = None) -> str:
    """The text of a shape in its text box (padding inside), aligned vertically; "" if none."""
    x, y, w, h = box
    inner_w, inner_h = w - 2 * PADDING, h - 2 * PADDING
    layout = lay_out(html, inner_w, inner_h, base)
    if layout is None:
        return ""
    slack = inner_h - layout.height
    top = y + PADDING + (0 if valign == "top" else slack if valign == "bottom" else slack / 2)
    return layout.svg(x + PADDING, top, max(inner_w, 1.0), color)
