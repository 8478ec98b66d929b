"""Spreadsheet column labels: A, B, ..., Z, AA, AB, ... (bijective base 26)."""

from __future__ import annotations


def label(index: int) -> str:
    """The label of the 0-based column `index`: 0 -> A, 25 -> Z, 26 -> AA, 701 -> ZZ, 702 -> AAA."""
    if index < 0:
        raise ValueError(index)
    letters = []
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters.append(chr(65 + remainder))
    return "".join(reversed(letters))


def labels(count: int) -> list[str]:
    """The first `count` spreadsheet column labels: A, B, ..., Z, AA, ..."""
    return [label(index) for index in range(count)]


def index(text: str) -> int:
    """The 0-based column of a label: A -> 0, AA -> 26."""
    number = 0
    for char in text:
        if not "A" <= char <= "Z":
            raise ValueError(text)
        number = number * 26 + ord(char) - 64
    if number == 0:
        raise ValueError(text)
    return number - 1
