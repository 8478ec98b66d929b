"""A document as text for an assistant: an outline first, pages in full on request.

Shapes are listed with their text, lines with the shapes they connect, and every shape's linked
data rows, so an assistant can reason about a diagram without its picture.
"""

from __future__ import annotations

from typing import Any

from pellucid.sdk.models import Document
from pellucid.sdk.models.contents import DocumentContent, LinkedData, Page

FULL_TEXT_BUDGET = 20_000  # characters: below this, fetch without a page returns every page
PAGE_TEXT_LIMIT = 200_000  # characters of one page; beyond, the page is cut with a note
_VALUE_CHARS = 80
_FIELDS_SHOWN = 8


def _quote(value: str) -> str:
    flat = " ".join(value.split())
    return '"' + (flat if len(flat) <= 200 else flat[:199] + "…") + '"'


def _linked(entries: list[LinkedData] | None, names: dict[str, str]) -> str:
    parts = []
    for entry in entries or []:
        pairs = [f"{pair.key}={(pair.value or '')[:_VALUE_CHARS]}" for pair in (entry.data or [])[:_FIELDS_SHOWN]]
        more = " …" if len(entry.data or []) > _FIELDS_SHOWN else ""
        name = names.get(entry.collection_id or "", entry.collection_id or "?")
        parts.append(f"{name}[{entry.primary_key_value}]: {'; '.join(pairs)}{more}")
    return " | data " + " | data ".join(parts) if parts else ""


def _custom(pairs) -> str:
    return " | " + "; ".join(f"{p.key}={p.value}" for p in pairs) if pairs else ""


def _counts(page: Page) -> str:
    items = page.items
    numbers = [(len(getattr(items, kind) or []) if items else 0, kind) for kind in ("shapes", "lines", "groups", "layers")]
    return ", ".join(f"{n} {kind if n != 1 else kind[:-1]}" for n, kind in numbers if n or kind in ("shapes", "lines"))


def page_text(page: Page, names: dict[str, str]) -> str:
    """One page in full."""
    index = (page.index or 0) + 1
    lines = [f"## Page {index}: {page.title or ''} ({_counts(page)})"]
    items = page.items
    if page.custom_data:
        lines.append("Page data:" + _custom(page.custom_data)[2:])
    if items and items.shapes:
        lines.append("Shapes:")
        for shape in items.shapes:
            label = " / ".join(_quote(area.text) for area in shape.text_areas or [] if area.text)
            lines.append(f"- {shape.id} {shape.class_ or 'Shape'}{' ' + label if label else ''}"
                         f"{_custom(shape.custom_data)}{_linked(shape.linked_data, names)}")
    if items and items.lines:
        lines.append("Lines:")
        for line in items.lines:
            ends = [(end.connected_to if end and end.connected_to else "(free)") for end in (line.endpoint1, line.endpoint2)]
            arrow = "->" if line.endpoint2 and line.endpoint2.style not in (None, "None") else "--"
            label = " / ".join(_quote(area.text) for area in line.text_areas or [] if area.text)
            lines.append(f"- {line.id}: {ends[0]} {arrow} {ends[1]}{' ' + label if label else ''}"
                         f"{_custom(line.custom_data)}{_linked(line.linked_data, names)}")
    if items and items.groups:
        lines.append("Groups:")
        lines += [f"- {group.id}: {', '.join(group.members or [])}" for group in items.groups]
    if items and items.layers:
        lines.append("Layers:")
        lines += [f"- {layer.id} {_quote(layer.name or '')}: {', '.join(layer.members or [])}" for layer in items.layers]
    body = "\n".join(lines)
    if len(body) > PAGE_TEXT_LIMIT:
        body = body[:PAGE_TEXT_LIMIT] + "\n… (page cut here: it is too long to show whole)"
    return body


def render(document: Document, contents: DocumentContent | None, page: int | None) -> tuple[str, dict[str, Any]]:
    """The text and metadata of `fetch`: the page asked for, or the whole document when it is
    small, else its outline."""
    collections = (contents.data.collections or []) if contents and contents.data else []
    names = {c.id or "": c.name or c.id or "" for c in collections}
    pages = (contents.pages or []) if contents else []
    metadata: dict[str, Any] = {
        "product": document.product, "pageCount": document.page_count,
        "lastModified": document.last_modified.isoformat() if document.last_modified else None,
        "pages": [{"page": (p.index or 0) + 1, "id": p.id, "title": p.title,
                   "shapes": len(p.items.shapes or []) if p.items else 0,
                   "lines": len(p.items.lines or []) if p.items else 0} for p in pages],
        "collections": [{"id": c.id, "name": c.name, "primaryKey": c.primary_key or []} for c in collections],
    }
    head = [f"# {document.title or 'Untitled'}",
            f"{document.product} document, {document.page_count} page(s). {document.edit_url or document.view_url or ''}"]
    if collections:
        head.append("Data on it: " + ", ".join(f"{c.name} (id {c.id}, key {', '.join(c.primary_key or []) or '-'})"
                                              for c in collections))
    if contents is None:
        head.append("(Shapes and lines can be read from Lucidchart documents only.)")
        metadata["shown"] = "metadata"
        return "\n".join(head), metadata
    if page is not None:
        chosen = [p for p in pages if (p.index or 0) + 1 == page]
        metadata["shown"] = f"page {page}"
        return "\n".join([*head, "", *(page_text(p, names) for p in chosen)]), metadata
    full = "\n\n".join(page_text(p, names) for p in pages)
    if len(full) <= FULL_TEXT_BUDGET:
        metadata["shown"] = "all pages"
        return "\n".join(head) + "\n\n" + full, metadata
    outline = [f"- Page {(p.index or 0) + 1}: {p.title or ''} ({_counts(p)})" for p in pages]
    metadata["shown"] = "outline"
    return "\n".join([*head, "", "Outline (the document is long: fetch with page=N for a page in full):",
                      *outline]), metadata
