"""The reference semantics: seed 001's "Comparisons and Type Coercion", the docs' examples on
concrete items, and the choices made where the docs are silent (CONTAINS, NaN, null)."""

from __future__ import annotations

import pytest

from pellucid.server.dataservice.filters.evaluate import matches
from pellucid.server.dataservice.filters.parser import parse
from tests.filters.support import DOC_ITEMS


def selected(text: str) -> set[int]:
    node = parse(text)
    return {item["id"] for item in DOC_ITEMS if matches(node, item)}


def holds(text: str, value) -> bool:
    return matches(parse(text), {"x": value})


# Expected ids over DOC_ITEMS, worked out by hand from the docs' prose.
DOC_EXAMPLES = [
    ('name = "James"', {1, 2}),  # case-insensitive
    ("age > 21", {1, 3}),
    ("age > 16", {1, 2, 3}),
    ('"full name" = "John Smith"', {1, 2}),
    ('"I can\'t even" = "yes"', {1}),
    ("'I can''t even' = 'YES'", {1}),
    ('name IN ("Peter", "Paul", "Mary")', {3, 4, 5}),
    # Items without a name (8 has "0", 9 has null) are not "Thomas" or "Susan" either.
    ('NOT name IN ("Thomas", "Susan")', {1, 2, 3, 4, 5, 8, 9}),
    ("age < 8 OR age > 10", {1, 2, 3, 5, 7, 8, 9}),
    ('first_name = "Chris" AND NOT last_name IN ("Smith", "Wesson")', {2, 4, 6}),
    ('age > 21 AND NOT last_name in ("Smith", "Wesson") OR as_adult = "true"', {1, 3, 5, 9}),
    ('((age > 21 AND (NOT last_name in ("Smith", "Wesson"))) OR as_adult = "true")', {1, 3, 5, 9}),
    ('age > 21 AND (NOT last_name in ("Smith", "Wesson") OR as_adult = "true")', {1, 3}),
    ('tags CONTAINS "B"', {1, 2}),
    ("tags CONTAINS 2", {3}),
    ("tags CONTAINS 3", {3}),
    ('tags CONTAINS ""', {4}),
    ("tags CONTAINS Infinity", {9}),
    ('NOT tags CONTAINS "b"', {3, 4, 5, 6, 7, 8, 9}),
    ('age = 0', {7, 8}),
    ('age = "0"', {8}),
    ('age = 0 AND NOT age = "0"', {7}),
]


@pytest.mark.parametrize(("text", "ids"), DOC_EXAMPLES)
def test_doc_examples_on_items(text, ids):
    assert selected(text) == ids


def test_precedence_example_differs_from_the_regrouped_filter_on_a_concrete_item():
    # as_adult "true" but age 7: selected by the doc's filter, not by the regrouped one.
    child = {"age": "7", "last_name": "Smith", "as_adult": "true"}
    doc = parse('age > 21 AND NOT last_name in ("Smith", "Wesson") OR as_adult = "true"')
    regrouped = parse('age > 21 AND (NOT last_name in ("Smith", "Wesson") OR as_adult = "true")')
    assert matches(doc, child) and not matches(regrouped, child)


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        # "a field with value "0.0" is equal to the numeric constant 0 but not the string "0""
        ("x = 0", "0.0", True),
        ('x = "0"', "0.0", False),
        ('x = "0.0"', "0.0", True),
        # "a field with value "a" will return false for both "a" = 0 and "a" != 0"
        ("x = 0", "a", False),
        ("x != 0", "a", False),
        ("NOT x = 0", "a", True),  # NOT inverts the boolean result
        ("NOT x != 0", "a", True),
        ("x != 0", "1", True),
        # Numbers: Java's double syntax, surrounding whitespace allowed.
        ("x = 1000", "1e3", True),
        ("x = 1000", "1E3", True),
        ("x = 12", " 12 ", True),
        ("x = 8", "0x1p3", True),
        ("x = 8", "8d", True),
        ("x = 1000", "1_000", False),
        ("x = 12", "١٢", False),  # Java reads only ASCII digits
        ("x > 1e300", "Infinity", True),
        ("x < -1e300", "-Infinity", True),
        ("x = Infinity", "infinity", False),  # Java's spelling is case-sensitive
        ("x = 1", 1, True),
        ("x = 12.5", 12.5, True),
        ('x = "12.5"', 12.5, True),
        ("x = 1", True, False),  # a boolean is not a number...
        ('x = "TRUE"', True, True),  # ...but reads as the string "true"
        # NaN is comparable with nothing, either side.
        ("x = NaN", "NaN", False),
        ("x != NaN", "1", False),
        ("x != 1", "NaN", False),
        ("x > 0", "NaN", False),
        # Strings compare case-insensitively, in code point order.
        ('x = "JAMES"', "james", True),
        ('x != "JAMES"', "james", False),
        ('x > "a"', "B", True),
        ('x < "b"', "A", True),
        ('x >= "abc"', "ABC", True),
        ('x <= "abc"', "abd", False),
        ('x > "z"', "é", True),
        ('x = "É"', "é", True),
        ('x > "10"', "9", True),  # string constants compare strings, not numbers
        ("x > 10", "9", False),
        ('x = "a b"', "a b", True),
        ('x = "a"', " a", False),  # no trimming for = (only numbers and CONTAINS children)
        # Null and missing values are comparable with nothing.
        ('x = ""', None, False),
        ('x != ""', None, False),
        ('NOT x = ""', None, True),
        ('x IN ("a", "")', None, False),
        ('x = ""', "", True),
        # Arrays: only IN reads them; strings case-insensitive, numbers numerically.
        ('x IN ("a", "B")', "b", True),
        ('x IN ("a", 1)', "1.0", True),
        ('x IN ("a", "1")', "1.0", False),
        ('x IN ("a")', "ab", False),
        ('x = ("a")', "a", False),
        ('x != ("b")', "a", False),
        ('x CONTAINS ("a")', "a", False),
        ('NOT x = ("a")', "a", True),
        # A lone constant with IN is a one-element array.
        ('x IN "A"', "a", True),
        ("x IN 0", "0.0", True),
        ('x IN "0"', "0.0", False),
        # CONTAINS: split at commas, children trimmed, strings case-insensitive.
        ('x CONTAINS "b"', "a,b,c", True),
        ('x CONTAINS "B"', "a, b ,c", True),
        ('x CONTAINS "a,b"', "a,b", False),
        ('x CONTAINS "a b"', "a b", True),
        ('x CONTAINS "a"', "ab", False),
        ('x CONTAINS " a"', " a", False),  # the child is trimmed, the constant is not
        ('x CONTAINS ""', "", True),
        ('x CONTAINS ""', "a,", True),
        ('x CONTAINS ""', "a", False),
        ('x CONTAINS "a"', None, False),
        ('NOT x CONTAINS "a"', None, True),
        ("x CONTAINS 2", "1, 2.0 ,3", True),
        ("x CONTAINS 3", "1,0x3p0", True),
        ("x CONTAINS 1000", "1E3", True),
        ("x CONTAINS 2", "1,b", False),
        ("x CONTAINS 5", 5, True),
        ("x CONTAINS NaN", "NaN", False),
        ("x CONTAINS Infinity", "a,Infinity", True),
        ("x CONTAINS Infinity", "a,INFINITY", True),  # read from the case-folded value
        ('x CONTAINS "1"', "1.0,2", False),
        ('x CONTAINS "k"', {"k": 1}, False),
    ],
)
def test_coercions(text, value, expected):
    assert holds(text, value) is expected


def test_a_field_the_item_lacks_is_null():
    node = parse('missing = "" OR missing != "" OR missing < 0 OR missing >= 0')
    assert not matches(node, {"x": "1"})
    assert matches(parse("NOT missing = 1"), {})
