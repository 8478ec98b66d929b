"""Data-backed org charts (Standard Import's `dataBackedShapes` of type `orgChart`) made real: one
card per row, linked to that row, laid out as a top-down tree from `idField` / `foreignKeyField`,
with an elbow line from each manager to each report, all in one group. I/O-free.

A card's text is formulas over its row (`{{=@'Name'}}`), so contents and renders show the row's
current values, and edits to the data show without a new import.
"""

from __future__ import annotations

import base64
import hashlib

from ..classes import class_name
from ..model import BoundingBox, Endpoint, Group, Line, LinkRef, Page, Shape, TextArea
from .common import ImportedTable

CARD_W, CARD_H = 200.0, 80.0
GAP_X, GAP_Y = 40.0, 80.0


def _formula(field: str) -> str:
    quote = '"' if "'" in field else "'"
    return f"{{{{=@{quote}{field}{quote}}}}}"


def _id(taken: set[str], source: str) -> str:
    digest = base64.b32encode(hashlib.sha1(source.encode()).digest()).decode().lower()
    candidate, n = "i" + digest[:11], 1
    while candidate in taken:
        n += 1
        candidate = f"i{digest[:11]}-{n}"
    taken.add(candidate)
    return candidate


def _tree(table: ImportedTable, id_field: str, parent_field: str) -> tuple[list[str], dict[str, list[str]], dict[str, list[str]]]:
    """(roots, children by id, row by id): the first row with an id wins; a row whose manager is
    unknown, itself, or part of a cycle is a root."""
    id_at, parent_at = table.columns.index(id_field), table.columns.index(parent_field)
    rows: dict[str, list[str]] = {}
    for row in table.rows:
        if row[id_at] and row[id_at] not in rows:
            rows[row[id_at]] = row
    children: dict[str, list[str]] = {key: [] for key in rows}
    roots = []
    for key, row in rows.items():
        parent = row[parent_at]
        if parent in rows and parent != key:
            children[parent].append(key)
        else:
            roots.append(key)
    reached = set()
    pending = list(roots)
    while pending:
        key = pending.pop()
        reached.add(key)
        pending.extend(children[key])
    for key in rows:  # members of manager cycles: break the cycle at the first row of it
        if key not in reached:
            roots.append(key)
            for other in children.values():
                if key in other:
                    other.remove(key)
            pending = [key]
            while pending:
                current = pending.pop()
                reached.add(current)
                pending.extend(c for c in children[current] if c not in reached)
    return roots, children, rows


def _widths(roots: list[str], children: dict[str, list[str]]) -> dict[str, float]:
    """Each subtree's width, computed bottom-up without recursion (charts can be deep)."""
    widths: dict[str, float] = {}
    stack = [(key, False) for key in reversed(roots)]
    while stack:
        key, done = stack.pop()
        if done:
            kids = children[key]
            widths[key] = max(CARD_W, sum(widths[k] for k in kids) + GAP_X * (len(kids) - 1)) if kids else CARD_W
        else:
            stack.append((key, True))
            stack.extend((kid, False) for kid in children[key])
    return widths


def expand(page: Page, backed: dict, table: ImportedTable, source: str) -> None:
    """Add the chart's cards, lines and group to `page`."""
    roots, children, rows = _tree(table, backed["idField"], backed["foreignKeyField"])
    fields = [backed["nameField"], *(backed[k] for k in ("roleField",) if backed.get(k)), *backed.get("extraFields", ())]
    html = "<br>".join([f"<b>{_formula(fields[0])}</b>", *map(_formula, fields[1:])])
    taken = {item.id for items in (page.shapes, page.lines, page.groups, page.layers) for item in items}
    origin_x, origin_y = float(backed["position"]["x"]), float(backed["position"]["y"])
    widths = _widths(roots, children)
    cards: dict[str, str] = {}
    members: list[str] = []
    left = origin_x
    stack = []
    for root in roots:
        stack.append((root, left, 0))
        left += widths[root] + GAP_X
    stack.reverse()
    while stack:
        key, x, depth = stack.pop()
        card_id = _id(taken, f"{source}:card:{key}")
        cards[key] = card_id
        page.shapes.append(Shape(
            id=card_id, type="rectangle", class_name=class_name("rectangle"),
            bbox=BoundingBox(x + (widths[key] - CARD_W) / 2, origin_y + depth * (CARD_H + GAP_Y), CARD_W, CARD_H),
            text_areas=[TextArea("Text", html)], linked=[LinkRef(table.collection_id, rows[key][0])],
        ))
        members.append(card_id)
        kid_x = x + (widths[key] - (sum(widths[k] for k in children[key]) + GAP_X * (len(children[key]) - 1))) / 2
        placed = []
        for kid in children[key]:
            placed.append((kid, kid_x, depth + 1))
            kid_x += widths[kid] + GAP_X
        stack.extend(reversed(placed))
    for key, kids in children.items():
        for kid in kids:
            line_id = _id(taken, f"{source}:line:{key}:{kid}")
            page.lines.append(Line(
                id=line_id, line_type="elbow",
                endpoint1=Endpoint("shape", "none", target=cards[key], rel=(0.5, 1.0)),
                endpoint2=Endpoint("shape", "none", target=cards[kid], rel=(0.5, 0.0)),
            ))
            members.append(line_id)
    if members:
        page.groups.append(Group(id=_id(taken, f"{source}:group"), members=members))
