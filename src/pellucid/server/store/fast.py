"""Statements for hot paths: built with SQLAlchemy Core, compiled once per dialect, run on the
DBAPI cursor of the current connection.

`Connection.execute()` costs ~12 µs per statement in SQLAlchemy before the database does any
work, more than a primary-key lookup in SQLite (~3 µs). The few queries every request makes
(token, access, schema, one item) go through `Query` instead; everything else uses Core.
Rows come back as named tuples; values are the driver's (SQLite booleans are 0/1).
"""

from __future__ import annotations

import re
from collections import namedtuple
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection


class Query:
    __slots__ = ("statement", "_compiled", "_row", "_renaming")

    def __init__(self, statement: sa.Executable) -> None:
        self.statement = statement
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None, dict[str, Any]]] = {}
        # A SELECT's columns, or the RETURNING columns of an INSERT/UPDATE/DELETE.
        names = [column.key for column in getattr(statement, "exported_columns", ())]
        self._row = namedtuple("Row", names, rename=True) if names else None
        self._renaming: tuple[Query, str, str] | None = None

    def renamed(self, table: str, to: str) -> "Query":
        """This statement over another table of the same columns: `table`'s name replaced by `to`
        in the compiled SQL (the per-collection item tables share one compilation)."""
        copy = Query.__new__(Query)
        copy.statement, copy._compiled, copy._row, copy._renaming = self.statement, {}, self._row, (self, table, to)
        return copy

    def _sql(self, dialect: Any) -> tuple[str, tuple[str, ...] | None, dict[str, Any]]:
        compiled = self._compiled.get(dialect.name)
        if compiled is None and self._renaming is not None:
            original, table, to = self._renaming
            sql, order, constants = original._sql(dialect)
            compiled = self._compiled[dialect.name] = (sql.replace(table, to), order, constants)
        if compiled is None:
            result = self.statement.compile(dialect=dialect)
            sql, order = result.string, None
            # Literals in the statement (e.g. `role == "edit"`) are bound parameters too.
            constants = {name: value for name, value in result.params.items() if value is not None}
            if dialect.paramstyle in ("qmark", "numeric", "format"):
                order = tuple(result.positiontup)
            if dialect.paramstyle == "qmark":
                sql, order = _written_in(sql, order, constants, result.binds)
                constants = {name: value for name, value in constants.items() if name in order}
            compiled = self._compiled[dialect.name] = (sql, order, constants)
        return compiled

    def _cursor(self, raw: Any, dialect: Any, params: dict[str, Any]):
        sql, order, constants = self._sql(dialect)
        values = {**constants, **params} if constants else params
        arguments = tuple(map(values.__getitem__, order)) if order is not None else values
        return raw.execute(sql, arguments)

    def first_on(self, raw: Any, dialect: Any, params: dict[str, Any]):
        """`first` on a raw DBAPI connection (Store.first's path without a SQLAlchemy wrapper)."""
        row = self._cursor(raw, dialect, params).fetchone()
        return None if row is None else self._row._make(row)

    def first(self, conn: Connection, **params: Any):
        """The first row, None when there is none."""
        return self.first_on(conn.connection.driver_connection, conn.dialect, params)

    def all(self, conn: Connection, **params: Any) -> list:
        """Every row."""
        cursor = self._cursor(conn.connection.driver_connection, conn.dialect, params)
        return [self._row._make(row) for row in cursor.fetchall()]

    def scalar(self, conn: Connection, **params: Any) -> Any:
        """The first column of the first row, None when there is no row."""
        row = self._cursor(conn.connection.driver_connection, conn.dialect, params).fetchone()
        return None if row is None else row[0]


_PLAIN = re.compile(r"[A-Za-z0-9_.:-]*")  # a string written as a literal without escaping


def _literal(value: Any) -> str | None:
    """`value` as a SQL literal, for integers and plain strings; None for anything else."""
    if value.__class__ is int:
        return str(value)
    if value.__class__ is str and _PLAIN.fullmatch(value):
        return f"'{value}'"
    return None


def _written_in(sql: str, order: tuple[str, ...], constants: dict[str, Any], binds: dict) -> tuple[str, tuple[str, ...]]:
    """The statement with its literal values (`role == "edit"`: anonymous parameters) written in,
    and the parameters left: the driver binds only what a call passes (binding the twenty
    constants of the access check cost SQLite a twentieth of a cheap request's instructions)."""
    pieces = sql.split("?")
    if len(pieces) != len(order) + 1:  # a "?" that is no placeholder (in a string literal): leave it all
        return sql, order
    written, kept = [pieces[0]], []
    for name, piece in zip(order, pieces[1:]):
        literal = _literal(constants[name]) if name in constants and binds[name].unique else None
        if literal is None:
            kept.append(name)
        written += ("?" if literal is None else literal, piece)
    return "".join(written), tuple(kept)


def placeholder(conn: Connection) -> str:
    """The DBAPI's positional parameter marker, for statements over per-collection tables."""
    return "?" if conn.dialect.name == "sqlite" else "%s"


def execute_raw(conn: Connection, sql: str, arguments: tuple = ()):
    """Run SQL on the DBAPI connection directly (the placeholders of `placeholder`)."""
    return conn.connection.driver_connection.execute(sql, arguments)


def executemany_raw(conn: Connection, sql: str, rows: list) -> None:
    """Bulk writes straight to the driver: rows may be lists, no per-row processing."""
    raw = conn.connection.driver_connection
    if conn.dialect.name == "sqlite":
        raw.executemany(sql, rows)
    else:
        with raw.cursor() as cursor:
            cursor.executemany(sql, rows)
