"""Parse a Data Item filter string (seed 001 "Full filter syntax", plus seed 002's CONTAINS and
grouping parentheses) into the tree of `nodes`.

    filter     := or EOF
    or         := and ("OR" and)*
    and        := not ("AND" not)*
    not        := "NOT" not | "(" or ")" | comparison
    comparison := fieldname operator constant
    constant   := quoted | number | "(" scalar ("," scalar)* ")"

The parser reads the text directly (no separate token stream) because what a character means
depends on where it stands: "(" opens a group where a filter may start and an array after an
operator; a bare word is a keyword only where that keyword can stand, so `and = 1` compares a
field named "and" and only a field named "not" has to be quoted.

Every error is a `FilterSyntaxError` naming a 0-based character position.
"""

from __future__ import annotations

import re

from ...store.values import parse_java_double
from .nodes import (
    And,
    ArrayConstant,
    Comparison,
    Constant,
    Node,
    Not,
    NumberConstant,
    Or,
    Scalar,
    StringConstant,
)

MAX_FILTER_LENGTH = 4096  # characters
MAX_DEPTH = 64  # nested parentheses and NOTs together: hostile input must not exhaust the stack

_QUOTES = frozenset("\"'`")
# A bare word (an unquoted field name, keyword or number) runs up to whitespace or one of
# ( ) , = < > and "!=": so `age>21` works, and names holding those characters must be quoted.
_WORD = re.compile(r"(?:[^\s(),=<>!]|!(?!=))+")
_SPACE = re.compile(r"\s*")
_SYMBOL_OPERATORS = ("!=", ">=", "<=", "=", ">", "<")  # longest first
_WORD_OPERATORS = ("IN", "CONTAINS")


class FilterSyntaxError(ValueError):
    """A filter that does not parse; `position` is the 0-based character offset of the fault."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} at position {position} (0-based)")
        self.message = message
        self.position = position


def parse(text: str) -> Node:
    """The tree of a filter string, or FilterSyntaxError saying where it broke."""
    if len(text) > MAX_FILTER_LENGTH:
        raise FilterSyntaxError(
            f"Filter is longer than {MAX_FILTER_LENGTH} characters", MAX_FILTER_LENGTH
        )
    return _Parser(text).filter()


def _quote(name: str) -> str:
    return f'"{name}"'


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.depth = 0

    # ------------------------------------------------------------------ filters

    def filter(self) -> Node:
        node = self.disjunction()
        if self.at_end():
            return node
        if self.text[self.pos] == ")":
            raise FilterSyntaxError("Unbalanced ')'", self.pos)
        raise FilterSyntaxError(
            f"Expected AND, OR or the end of the filter, found {self.found()}", self.pos
        )

    def disjunction(self) -> Node:
        node = self.conjunction()
        while self.keyword("OR"):
            node = Or(node, self.conjunction())
        return node

    def conjunction(self) -> Node:
        node = self.negation()
        while self.keyword("AND"):
            node = And(node, self.negation())
        return node

    def negation(self) -> Node:
        start = self.skip_space()
        if self.keyword("NOT"):
            self.enter(start)
            node: Node = Not(self.negation())
            self.depth -= 1
            return node
        if self.peek() == "(":
            return self.group(start)
        return self.comparison()

    def group(self, start: int) -> Node:
        self.pos += 1
        self.enter(start)
        node = self.disjunction()
        self.depth -= 1
        if self.at_end():
            raise FilterSyntaxError("Missing ')' for the '(' opened", start)
        if self.text[self.pos] != ")":
            raise FilterSyntaxError(f"Expected AND, OR or ')', found {self.found()}", self.pos)
        self.pos += 1
        return node

    def enter(self, position: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FilterSyntaxError(
                f"Filter nests more than {MAX_DEPTH} parentheses and NOTs deep", position
            )

    # ------------------------------------------------------------------ comparisons

    def comparison(self) -> Comparison:
        self.skip_space()
        if self.peek() in _QUOTES:
            field = self.quoted()
        else:
            field = self.word()
            if not field:
                raise FilterSyntaxError(
                    f"Expected a field name, NOT or '(', found {self.found()}", self.pos
                )
        op = self.operator(field)
        return Comparison(field, op, self.constant(op))

    def operator(self, field: str) -> str:
        self.skip_space()
        for symbol in _SYMBOL_OPERATORS:
            if self.text.startswith(symbol, self.pos):
                self.pos += len(symbol)
                return symbol
        for word in _WORD_OPERATORS:
            if self.keyword(word):
                return word
        raise FilterSyntaxError(
            f"Expected an operator after field {_quote(field)}, found {self.found()}", self.pos
        )

    def constant(self, op: str) -> Constant:
        self.skip_space()
        if self.peek() == "(":
            return self.array()
        return self.scalar(f"a constant after operator {_quote(op)}")

    def array(self) -> ArrayConstant:
        start = self.pos
        self.pos += 1
        values: list[Scalar] = []
        while True:
            self.skip_space()
            values.append(self.scalar("a quoted string or a number in the array"))
            self.skip_space()
            if self.at_end():
                raise FilterSyntaxError("Missing ')' for the array opened", start)
            if self.text[self.pos] == ")":
                self.pos += 1
                return ArrayConstant(tuple(values))
            if self.text[self.pos] != ",":
                raise FilterSyntaxError(
                    f"Expected ',' or ')' in the array, found {self.found()}", self.pos
                )
            self.pos += 1

    def scalar(self, expected: str) -> Scalar:
        if self.peek() in _QUOTES:
            return StringConstant(self.quoted())
        start = self.pos
        text = self.word()
        if not text:
            raise FilterSyntaxError(f"Expected {expected}, found {self.found()}", start)
        number = parse_java_double(text)
        if number is None:
            raise FilterSyntaxError(
                f"Invalid constant {_quote(text)}: strings must be quoted and numbers "
                "must be valid Java doubles",
                start,
            )
        return NumberConstant(number, text)

    # ------------------------------------------------------------------ lexical pieces

    def quoted(self) -> str:
        """A string in " ' or `, the quote doubled inside it to stand for itself."""
        quote, start = self.text[self.pos], self.pos
        self.pos += 1
        parts: list[str] = []
        while True:
            end = self.text.find(quote, self.pos)
            if end < 0:
                raise FilterSyntaxError("Unterminated quoted string starting", start)
            parts.append(self.text[self.pos:end])
            self.pos = end + 1
            if not self.text.startswith(quote, self.pos):
                return "".join(parts)
            parts.append(quote)
            self.pos += 1

    def word(self) -> str:
        match = _WORD.match(self.text, self.pos)
        if match is None:
            return ""
        self.pos = match.end()
        return match.group()

    def keyword(self, keyword: str) -> bool:
        """Consume `keyword` (any case, ASCII only) if it comes next as a whole bare word.

        A quote may follow directly (`name IN"a"`): a quote starts a new string there.
        """
        start = self.skip_space()
        end = start + len(keyword)
        candidate = self.text[start:end]
        if not (candidate.isascii() and candidate.upper() == keyword):
            return False
        if self.peek_at(end) not in _QUOTES and _WORD.match(self.text, end):
            return False
        self.pos = end
        return True

    def skip_space(self) -> int:
        self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
        return self.pos

    def at_end(self) -> bool:
        return self.skip_space() >= len(self.text)

    def peek(self) -> str:
        return self.peek_at(self.pos)

    def peek_at(self, position: int) -> str:
        return self.text[position] if position < len(self.text) else ""

    def found(self) -> str:
        """What stands at the current position, for error messages."""
        if self.pos >= len(self.text):
            return "the end of the filter"
        match = _WORD.match(self.text, self.pos)
        return f"'{match.group() if match else self.text[self.pos]}'"
