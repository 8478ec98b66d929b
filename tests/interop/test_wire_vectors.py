"""Our protocol layer against the official SDK run in Node: update bodies, JSON, item keys."""

from __future__ import annotations

import json
import math
import random
import struct

import pytest

from pellucid.protocol.jsjson import dumps, stringify
from pellucid.protocol.keys import FormattedPrimaryKey
from pellucid.sdk.connector.chunking import encode_update
from tests.interop.oracle import oracle
from tests.interop.update_specs import CASES, build


@pytest.fixture(scope="module")
def official_updates() -> dict[str, dict]:
    return dict(zip(CASES, oracle("update", list(CASES.values()))))


@pytest.mark.parametrize("name", list(CASES))
def test_update_body_is_byte_identical_to_the_official_sdk(
    name: str, official_updates: dict
) -> None:
    official = official_updates[name]
    ours = encode_update(build(CASES[name]))
    assert json.loads(ours) == json.loads(official["body"])  # canonical equality
    assert ours.decode() == official["body"]  # and raw, byte for byte
    assert official["url"] == "https://api.test/data/dataSource/update"
    assert official["headers"] == {
        "Content-Type": "application/json",
        "data-update-token": "TOKEN-123",
        "Lucid-Api-Version": "1",
    }


def _random_double(rng: random.Random) -> float:
    while True:
        x = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
        if math.isfinite(x):
            return x


def _values(rng: random.Random) -> list:
    specials = [
        0.0,
        -0.0,
        1.0,
        100.0,
        1e15,
        1e16,
        1e20,
        1e21,
        1e-5,
        1e-6,
        1e-7,
        0.1,
        1 / 3,
        2**53,
        2**53 + 2.0,
        123456789012345680000.0,
        5e-324,
        1.7976931348623157e308,
        -1.5,
        2**63,
        -(2**70),
        9007199254740993,
    ]
    doubles = [_random_double(rng) for _ in range(300)]
    scaled = [rng.uniform(-1e6, 1e6) * 10 ** rng.randint(-12, 25) for _ in range(300)]
    integral = [float(rng.randint(-(10**17), 10**17)) for _ in range(100)]
    strings = [
        "",
        "plain",
        'q"uote\\',
        "\x00\x01\x1f\x7f\b\f\n\r\t",
        "é ü ✓ 😀",
        "\u2028\u2029",
        "\ud800",
        "a\udfffb",
        "\ud83d\ude00 pair",
        "a.0,",
        "x1.0}",
        "</script>",
    ]
    nested = [
        {"a": [1.0, {"b": -0.0, "c": "1.0,"}], "d": None, "e": True},
        [[[]], {}],
        {"": {"": ""}},
    ]
    return specials + doubles + scaled + integral + strings + nested


def test_json_matches_javascript_json_stringify() -> None:
    values = _values(random.Random(7))
    official = oracle("stringify", values)
    for value, expected in zip(values, official):
        assert stringify(value) == expected, value
        assert dumps(value).decode() == expected, value
    big = [
        {"id": i, "f": float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v}
        for i, v in enumerate(values)
    ]
    assert dumps(big).decode() == oracle("stringify", [big])[0]


def test_item_keys_match_formatted_primary_key() -> None:
    cases = [
        {"elements": ["id"], "item": {"id": v}}
        for v in [
            15,
            15.0,
            1.5,
            -0.0,
            1e21,
            2**53,
            "hello",
            'b"2',
            "é\u2028\x7f\x1f",
            True,
            False,
            None,
            [1, "x"],
            {"ms": 1.0},
            "😀",
            "\ud800",
        ]
    ] + [
        {"elements": ["last", "first", "n"], "item": {"last": "Smith", "first": "John", "n": 7}},
        {"elements": ["b", "a", "B", "é", "\U0001f600", "\uffff"], "item": {"a": 1, "b": 2}},
        {"elements": ["z", "y"], "item": {}},
    ]
    for case, expected in zip(cases, oracle("keys", cases)):
        key = FormattedPrimaryKey(*case["elements"])
        assert list(key.elements) == expected["elements"]
        assert key.for_item(case["item"]) == expected["key"], case
