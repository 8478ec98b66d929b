"""The filter grammar: the docs' examples, the choices we made where they are silent, and errors
that say where the filter broke."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pellucid.server.dataservice.filters.nodes import (
    And,
    ArrayConstant,
    Comparison,
    Not,
    NumberConstant,
    Or,
    StringConstant,
)
from pellucid.server.dataservice.filters.parser import (
    MAX_DEPTH,
    MAX_FILTER_LENGTH,
    FilterSyntaxError,
    parse,
)
from tests.filters.support import filters, render


def s(value: str) -> StringConstant:
    return StringConstant(value)


def n(text: str) -> NumberConstant:
    return NumberConstant(float(text), text)


def strings(*values: str) -> ArrayConstant:
    return ArrayConstant(tuple(map(StringConstant, values)))


LAST_NAME_NOT_IN = Not(Comparison("last_name", "IN", strings("Smith", "Wesson")))


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ('name = "James"', Comparison("name", "=", s("James"))),
        ("age > 21", Comparison("age", ">", n("21"))),
        ("age > 16", Comparison("age", ">", n("16"))),
        ('"full name" = "John Smith"', Comparison("full name", "=", s("John Smith"))),
        ('"I can\'t even" = "x"', Comparison("I can't even", "=", s("x"))),
        ("'I can''t even' = 'x'", Comparison("I can't even", "=", s("x"))),
        ('name IN ("Peter", "Paul", "Mary")',
         Comparison("name", "IN", strings("Peter", "Paul", "Mary"))),
        ('NOT name IN ("Thomas", "Susan")',
         Not(Comparison("name", "IN", strings("Thomas", "Susan")))),
        ("age < 8 OR age > 10",
         Or(Comparison("age", "<", n("8")), Comparison("age", ">", n("10")))),
        ('first_name = "Chris" AND NOT last_name IN ("Smith", "Wesson")',
         And(Comparison("first_name", "=", s("Chris")), LAST_NAME_NOT_IN)),
        ('age > 21 AND NOT last_name in ("Smith", "Wesson") OR as_adult = "true"',
         Or(And(Comparison("age", ">", n("21")), LAST_NAME_NOT_IN),
            Comparison("as_adult", "=", s("true")))),
        ('age > 21 AND (NOT last_name in ("Smith", "Wesson") OR as_adult = "true")',
         And(Comparison("age", ">", n("21")),
             Or(LAST_NAME_NOT_IN, Comparison("as_adult", "=", s("true"))))),
        ('tags CONTAINS "red"', Comparison("tags", "CONTAINS", s("red"))),
        ("tags contains 3", Comparison("tags", "CONTAINS", n("3"))),
    ],
)
def test_doc_examples_parse(text, tree):
    assert parse(text) == tree


def test_precedence_example_equals_its_fully_parenthesised_form():
    plain = 'age > 21 AND NOT last_name in ("Smith", "Wesson") OR as_adult = "true"'
    grouped = '((age > 21 AND (NOT last_name in ("Smith", "Wesson"))) OR as_adult = "true")'
    regrouped = 'age > 21 AND (NOT last_name in ("Smith", "Wesson") OR as_adult = "true")'
    assert parse(plain) == parse(grouped)
    assert parse(plain) != parse(regrouped)


def test_precedence_not_over_and_over_or():
    a, b, c, d = (Comparison(x, "=", n("1")) for x in "abcd")
    assert parse("a = 1 OR b = 1 AND NOT c = 1 OR d = 1") == Or(Or(a, And(b, Not(c))), d)
    assert parse("NOT a = 1 AND b = 1") == And(Not(a), b)
    assert parse("NOT (a = 1 AND b = 1)") == Not(And(a, b))
    assert parse("a = 1 AND b = 1 AND c = 1") == And(And(a, b), c)


@pytest.mark.parametrize(
    "text",
    ['name in ("a")', 'name In ("a")', 'name IN ("a")', 'not name = "a" and x = 1 or y = 2',
     'NoT name = "a" AnD x = 1 oR y = 2'],
)
def test_keywords_are_case_insensitive(text):
    assert parse(text) == parse(text.upper().replace('"A"', '"a"').replace("NAME", "name")
                                .replace("X =", "x =").replace("Y =", "y ="))


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ('"a b" = "c d"', "a b", "c d"),
        ("'a b' = 'c d'", "a b", "c d"),
        ("`a b` = `c d`", "a b", "c d"),
        ('"say ""hi""" = "x"', 'say "hi"', "x"),
        ("'it''s' = 'it''s'", "it's", "it's"),
        ("`a``b` = `c``d`", "a`b", "c`d"),
        ("'say \"hi\"' = `it's`", 'say "hi"', "it's"),
        ('"" = ""', "", ""),
        ("'''' = ''''''", "'", "''"),
        ('"a, (b) = c" = "AND OR NOT"', "a, (b) = c", "AND OR NOT"),
    ],
)
def test_quotes_and_doubled_quotes(text, field, value):
    assert parse(text) == Comparison(field, "=", s(value))


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        # An unquoted name ends at whitespace or one of ( ) , = < > !=.
        ("age>21", Comparison("age", ">", n("21"))),
        ("age>=21", Comparison("age", ">=", n("21"))),
        ('name!="x"', Comparison("name", "!=", s("x"))),
        ("wow! = 1", Comparison("wow!", "=", n("1"))),
        ("it's = 1", Comparison("it's", "=", n("1"))),
        ('name IN"x"', Comparison("name", "IN", s("x"))),
        ('name IN("x")', Comparison("name", "IN", strings("x"))),
        # Keywords are keywords only where they can stand.
        ("and = 1", Comparison("and", "=", n("1"))),
        ("in IN (1)", Comparison("in", "IN", ArrayConstant((n("1"),)))),
        ('"not" = 1', Comparison("not", "=", n("1"))),
        ("NOTE = 1", Comparison("NOTE", "=", n("1"))),
        ("NOT(a = 1)", Not(Comparison("a", "=", n("1")))),
        ("(a = 1)AND(b = 2)", And(Comparison("a", "=", n("1")), Comparison("b", "=", n("2")))),
        # Numbers are whatever Java's Double.parseDouble takes.
        ("x = -1.5e3", Comparison("x", "=", n("-1.5e3"))),
        ("x = .5", Comparison("x", "=", n(".5"))),
        ("x = 5d", Comparison("x", "=", NumberConstant(5.0, "5d"))),
        ("x = 0x1p3", Comparison("x", "=", NumberConstant(8.0, "0x1p3"))),
        ("x = -Infinity", Comparison("x", "=", n("-Infinity"))),
        # Arrays may hold numbers, and whitespace is free around everything.
        ("x IN ( 'a' ,1,\t\"b\" )", Comparison("x", "IN", ArrayConstant((s("a"), n("1"), s("b"))))),
        ("\n x \t= \r 1 ", Comparison("x", "=", n("1"))),
    ],
)
def test_lexical_choices(text, tree):
    assert parse(text) == tree


def test_nan_constant_parses():
    constant = parse("x = NaN").constant
    assert isinstance(constant, NumberConstant) and math.isnan(constant.value)
    assert parse("x = NaN") == parse("x  =  NaN")


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("", "Expected a field name, NOT or '(', found the end of the filter", 0),
        ("   ", "Expected a field name, NOT or '(', found the end of the filter", 3),
        ('name = "James', "Unterminated quoted string starting", 7),
        ("'full name = 'x'", "Expected an operator after field \"full name = \", found 'x''", 14),
        ('"full name = 1', "Unterminated quoted string starting", 0),
        ('name = "it""s', "Unterminated quoted string starting", 7),
        ("age 21", "Expected an operator after field \"age\", found '21'", 4),
        ("age", "Expected an operator after field \"age\", found the end of the filter", 3),
        ("age == 21", "Expected a constant after operator \"=\", found '='", 5),
        ("age > ", "Expected a constant after operator \">\", found the end of the filter", 6),
        ("age >", "Expected a constant after operator \">\", found the end of the filter", 5),
        ("name = James", 'Invalid constant "James": strings must be quoted and numbers must be '
                         "valid Java doubles", 7),
        ("x = 1_000", 'Invalid constant "1_000": strings must be quoted and numbers must be '
                      "valid Java doubles", 4),
        ("(a = 1", "Missing ')' for the '(' opened", 0),
        ("((a = 1) OR (b = 2)", "Missing ')' for the '(' opened", 0),
        ("a = 1)", "Unbalanced ')'", 5),
        ("(a = 1))", "Unbalanced ')'", 7),
        ("()", "Expected a field name, NOT or '(', found ')'", 1),
        ("(a = 1 b = 2)", "Expected AND, OR or ')', found 'b'", 7),
        ("a = 1 extra", "Expected AND, OR or the end of the filter, found 'extra'", 6),
        ('a = "x" "y"', "Expected AND, OR or the end of the filter, found '\"y\"'", 8),
        ("a = 1 AND", "Expected a field name, NOT or '(', found the end of the filter", 9),
        ("a = 1 OR OR b = 1", "Expected an operator after field \"OR\", found 'b'", 12),
        ("NOT", "Expected a field name, NOT or '(', found the end of the filter", 3),
        ("not = 1", "Expected a field name, NOT or '(', found '='", 4),
        ("x IN ()", "Expected a quoted string or a number in the array, found ')'", 6),
        ("x IN ('a',)", "Expected a quoted string or a number in the array, found ')'", 10),
        ("x IN ('a' 'b')", "Expected ',' or ')' in the array, found ''b''", 10),
        ("x IN ('a'", "Missing ')' for the array opened", 5),
        ("x IN (('a'))", "Expected a quoted string or a number in the array, found '('", 6),
        ("x IN (y)", 'Invalid constant "y": strings must be quoted and numbers must be valid '
                     "Java doubles", 6),
        ("x <> 1", "Expected a constant after operator \"<\", found '>'", 3),
        ("x LIKE 'a'", "Expected an operator after field \"x\", found 'LIKE'", 2),
        ("= 1", "Expected a field name, NOT or '(', found '='", 0),
    ],
)
def test_errors_say_where(text, message, position):
    with pytest.raises(FilterSyntaxError) as caught:
        parse(text)
    assert caught.value.message == message
    assert caught.value.position == position
    assert str(caught.value) == f"{message} at position {position} (0-based)"


def test_maximum_length():
    longest = "x = " + "1" * (MAX_FILTER_LENGTH - 4)
    assert parse(longest).field == "x"
    with pytest.raises(FilterSyntaxError) as caught:
        parse(longest + "1")
    assert caught.value.position == MAX_FILTER_LENGTH
    assert "longer than 4096 characters" in str(caught.value)


def test_maximum_depth_of_parentheses_and_nots():
    deepest = "(" * MAX_DEPTH + "a = 1" + ")" * MAX_DEPTH
    assert parse(deepest) == Comparison("a", "=", n("1"))
    with pytest.raises(FilterSyntaxError) as caught:
        parse("(" + deepest + ")")
    assert caught.value.position == MAX_DEPTH
    assert "more than 64 parentheses and NOTs deep" in str(caught.value)
    with pytest.raises(FilterSyntaxError) as caught:
        parse("NOT " * (MAX_DEPTH + 1) + "a = 1")
    assert caught.value.position == 4 * MAX_DEPTH
    mixed = "NOT (" * (MAX_DEPTH // 2) + "a = 1" + ")" * (MAX_DEPTH // 2)
    assert isinstance(parse(mixed), Not)
    with pytest.raises(FilterSyntaxError):
        parse("NOT " + mixed)


def test_long_flat_chains_are_not_limited_by_depth():
    text = " AND ".join(["a = 1"] * 400)
    assert len(text) < MAX_FILTER_LENGTH
    node = parse(text)
    assert isinstance(node, And)


@given(node=filters, seed=st.integers(0, 2**32))
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
def test_any_tree_round_trips_through_any_spelling(node, seed):
    assert parse(render(node, random.Random(seed))) == node


@given(text=st.text(max_size=40))
@settings(max_examples=500, deadline=None, derandomize=True, database=None)
def test_arbitrary_text_parses_or_raises_a_positioned_error(text):
    try:
        parse(text)
    except FilterSyntaxError as error:
        assert 0 <= error.position <= len(text)
