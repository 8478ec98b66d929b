"""The SQL functions of CONTAINS agree with `values` on both backends; on PostgreSQL that means a
Java Double.parseDouble written in PL/pgSQL, checked here over edge cases and random doubles."""

from __future__ import annotations

import math
import random
import struct

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from pellucid.server.store.values import contains_number, contains_text, parse_java_double
from pellucid.server.store.db import MIGRATIONS, Store
from tests.support.harness import Database

EDGE_SPELLINGS = [
    "1", "1.5", " 12 ", "\x01 5 \x1f", "1e3", "1E3", "+1", "-0", "-0.0", "1.", ".5", "1.e5",
    "-.5e-3", "1d", "1.5f", "8D", "NaN", "-NaN", "Infinity", "-Infinity", "+Infinity",
    "infinity", "INFINITY", "nan", "0x1p3", "0X1.8P1", "0x.8p0", "0x1.p1", "-0x0p5", "0x1p3d",
    "1e400", "-1e400", "1e-400", "1.7976931348623157e308", "1.7976931348623158e308",
    "1.7976931348623159e308", "2.4e-324", "2.5e-324", "4.9e-324", "2.4703282292062328e-324",
    "2.4703282292062327e-324", "0x1p1023", "0x1.fffffffffffffp1023", "0x1.fffffffffffff8p1023",
    "0x1.fffffffffffff7p1023", "0x1p-1074", "0x1p-1075", "0x1.0000000000001p-1075", "0x1p-1076",
    "0x3p-1076", "0x1.8p-1075", "0x" + "f" * 300 + "p-4", "0x0." + "0" * 300 + "1p1200",
    "1" + "0" * 400 + "e-100", "0." + "0" * 400 + "1e100", "0e99999999999999999",
    "1e99999999999999999", "1e-99999999999999999", "0x1p99999999999", "0x1p-9999999999",
    "", " ", "abc", "1e", "e5", ".", "+", "-", "0x1p", "0xp1", "0x.p1", "0x1", "1.0.0", "1_000",
    "١٢", "１２", "1 2", "Infinityd", "NaNf", "0x1g", "1e+", "++1",
]


def spellings() -> list[str]:
    """Edge cases plus random doubles in Java's decimal and hexadecimal spellings."""
    rnd = random.Random(7)
    result = list(EDGE_SPELLINGS)
    while len(result) < 2500:
        number = struct.unpack("<d", struct.pack("<Q", rnd.getrandbits(64)))[0]
        if math.isnan(number):
            continue
        mantissa = "".join(rnd.choice("0123456789abcdef") for _ in range(rnd.randint(1, 20)))
        cut = rnd.randint(0, len(mantissa))
        result += [
            repr(number), number.hex(), repr(rnd.uniform(-1e6, 1e6)),
            f"0x{mantissa[:cut]}.{mantissa[cut:]}p{rnd.randint(-1100, 1100)}",
        ]
    return result


def same_double(got: float | None, want: float | None) -> bool:
    if got is None or want is None:
        return got is want
    return got == want and math.copysign(1, got) == math.copysign(1, want)


def test_java_double_reference_points():
    assert parse_java_double("0x1p1024") == math.inf  # Java rounds to Infinity; no OverflowError
    assert parse_java_double("-0x1.fffffffffffff8p1023") == -math.inf
    assert parse_java_double("١٢") is None  # Java reads ASCII digits only
    assert parse_java_double("\x00 7 \x20") == 7.0


def test_folded_double_is_parse_java_double_over_case_folded_text(store: Store):
    if store.is_sqlite:
        pytest.skip("SQLite calls values.contains_number itself")
    cases = [case.lower() for case in spellings()]
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT s, pellucid_folded_double(s) FROM unnest(%(cases)s::text[]) AS s",
            {"cases": cases},
        ).all()
    mismatches = []
    for case, got in rows:
        want = parse_java_double(case.replace("infinity", "Infinity"))
        if not same_double(got, None if want is not None and math.isnan(want) else want):
            mismatches.append((case[:60], got, want))
    assert len(rows) == len(cases)
    assert mismatches == []


KEYS = [
    None, "", ",", " , ", "a", "A,b", "a, b ,c", "ab,c", "1,2,3", "1, 2.0 ,0x3p0", "x,infinity",
    "-infinity", "nan,1e3", "é, ß", "\x01a\x1f,b", "0x1p-1074", "1e400", "a\u00a0", ",,",
    "5e-324,-0", "12.5", "1.7976931348623157e308",
]
TEXT_NEEDLES = ["", "a", "b", "c", "1", "2.0", "é", "infinity", "a\u00a0", "ab,c"]
NUMBER_NEEDLES = [0.0, -0.0, 1.0, 2.0, 3.0, 8.0, 12.5, 1000.0, math.inf, -math.inf, 5e-324,
                  1.7976931348623157e308, math.nan]


def test_contains_functions_agree_with_values(store: Store):
    metadata = sa.MetaData()
    table = sa.Table("contains_corpus", metadata, sa.Column("key", sa.Text))
    with store.engine.begin() as conn:
        metadata.create_all(conn)
        conn.execute(table.insert(), [{"key": key} for key in KEYS])
        for needle in TEXT_NEEDLES:
            query = sa.select(table.c.key, sa.func.pellucid_contains_text(table.c.key, needle))
            assert {key: bool(got) for key, got in conn.execute(query)} == {
                key: contains_text(key, needle) for key in KEYS
            }, needle
        for number in NUMBER_NEEDLES:
            needle = sa.bindparam(None, number, type_=sa.Double())
            query = sa.select(table.c.key, sa.func.pellucid_contains_number(table.c.key, needle))
            assert {key: bool(got) for key, got in conn.execute(query)} == {
                key: contains_number(key, number) for key in KEYS
            }, number
        metadata.drop_all(conn)


def test_migration_0002_creates_and_drops_the_functions(tmp_path):
    database = Database("postgresql", tmp_path)
    store = Store(database.url, pool_size=1)
    try:
        store.migrate()

        def functions() -> set[str]:
            with store.engine.connect() as conn:
                return set(conn.exec_driver_sql(
                    "SELECT proname FROM pg_proc WHERE proname LIKE 'pellucid%%'").scalars())

        assert functions() == {
            "pellucid_folded_double", "pellucid_contains_text", "pellucid_contains_number"}
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with store.engine.connect() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0001")
            conn.commit()
        assert functions() == set()
        store.migrate()
        assert len(functions()) == 3
    finally:
        store.dispose()
        database.drop()
