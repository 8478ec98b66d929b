"""The contents `class` of a shape, from its Standard Import type. Lucid says class names are not
stable; these are Lucid's own names where known (jgraph's LucidImporter reads them), and the rule
UpperCamel(type) + "Block" otherwise (`process` -> `ProcessBlock`, as in seed 002's example)."""

from __future__ import annotations

from functools import cache

_EXCEPTIONS = {
    "rectangle": "DefaultSquareBlock",
    "text": "DefaultTextBlockNew",
    "circle": "ShapeCircleBlock",
    "diamond": "ShapeDiamondBlock",
    "polyStar": "ShapePolyStarBlock",
    "singleArrow": "RightArrowBlock",
    "braceContainer": "BraceBlock",
    "bracketContainer": "BracketBlock",
    "swimLanes": "AdvancedSwimLaneBlock",
    "data": "DataBlockNew",
    "multipleDocuments": "MultiDocumentBlock",
    "manualOperation": "ManualOperationBlockNew",
    "table": "DefaultTableBlock",
    "image": "UserImage2Block",
    "stickyNote": "DefaultNoteBlock",  # draw.io's `note` reads as Lucid's DefaultNoteBlock [JG]
}


@cache  # a few dozen types, asked for once per shape
def class_name(si_type: str) -> str:
    """`process` -> `ProcessBlock`; the exceptions above keep Lucid's own names."""
    if si_type in _EXCEPTIONS:
        return _EXCEPTIONS[si_type]
    return si_type[:1].upper() + si_type[1:] + "Block"
