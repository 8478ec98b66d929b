"""What the docs tests read from a Markdown file: its fenced code blocks and its links.

Parsing goes through markdown-it (CommonMark + tables, as GitHub renders them), so a fence inside
a list or a table cell's link is found where a reader sees it. Line numbers are 1-based, as an
editor shows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

RUNNABLE = {"sh": "sh", "bash": "sh", "shell": "sh", "python": "python", "py": "python"}
FLAGS = {"illustrative", "background"}

_parser = MarkdownIt("commonmark").enable("table")


@dataclass(frozen=True)
class Snippet:
    path: Path          # the Markdown file
    line: int           # line of the block's first line of code
    language: str       # "sh", "python", or the info string's first word for the rest
    flags: frozenset[str]
    code: str

    @property
    def runnable(self) -> bool:
        return self.language in ("sh", "python") and "illustrative" not in self.flags

    def where(self, root: Path, line: int | None = None) -> str:
        return f"{self.path.relative_to(root)}:{line or self.line}"


@dataclass(frozen=True)
class Link:
    path: Path
    line: int
    target: str


def snippets(path: Path) -> list[Snippet]:
    found = []
    for token in _parser.parse(path.read_text(encoding="utf-8")):
        if token.type != "fence":
            continue
        words = token.info.split()
        language = RUNNABLE.get(words[0], words[0]) if words else ""
        flags = frozenset(words[1:])
        unknown = flags - FLAGS
        if language in ("sh", "python") and unknown:
            raise ValueError(f"{path}:{token.map[0] + 1}: unknown snippet flag(s) {sorted(unknown)}; "
                             f"known: {sorted(FLAGS)} (see docs/contributing.md)")
        found.append(Snippet(path, token.map[0] + 2, language, flags, token.content))
    return found


def links(path: Path) -> list[Link]:
    found = []
    for token in _parser.parse(path.read_text(encoding="utf-8")):
        for child in token.children or ():
            if child.type == "link_open":
                found.append(Link(path, token.map[0] + 1, child.attrs["href"]))
    return found


def code_spans(path: Path) -> list[Link]:
    """Inline `code` spans, with the line of their paragraph (for paths named in prose)."""
    found = []
    for token in _parser.parse(path.read_text(encoding="utf-8")):
        for child in token.children or ():
            if child.type == "code_inline":
                found.append(Link(path, token.map[0] + 1, child.content))
    return found


def anchors(path: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens."""
    found, seen = set(), {}
    tokens = _parser.parse(path.read_text(encoding="utf-8"))
    for heading, inline in zip(tokens, tokens[1:]):
        if heading.type != "heading_open":
            continue
        text = "".join(child.content for child in inline.children or () if child.type in ("text", "code_inline"))
        slug = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found
