"""The fast encoder gives the reference encoder's bytes on adversarial values."""

from __future__ import annotations

import random

from pellucid.protocol.jsjson import dumps, is_array_index, js_object, stringify

TRICKY = [
    ".0,",
    ".0}",
    ".0]",
    '"',
    "\\",
    ":",
    ",",
    "}",
    "]",
    "{",
    "[",
    "1",
    "0",
    ".",
    "e",
    "-",
    "+",
    "é",
    "\x01",
    " ",
]


def _value(rng: random.Random, depth: int = 0):
    kind = rng.randrange(9 if depth < 4 else 5)
    if kind == 0:
        return float(rng.randint(-(10**6), 10**6))
    if kind == 1:
        return rng.choice(
            [rng.random() * 10 ** rng.randint(-8, 22), -0.0, 1e16, 1e-6, 2.5e-6, 123.0e18]
        )
    if kind == 2:
        return "".join(rng.choice(TRICKY) for _ in range(rng.randrange(6)))
    if kind == 3:
        return rng.choice([None, True, False, rng.randint(-5, 5), 2**53 + 1])
    if kind == 4:
        return rng.randint(-(10**9), 10**9)
    if kind in (5, 6):
        return [_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {_value_key(rng): _value(rng, depth + 1) for _ in range(rng.randrange(4))}


def _value_key(rng: random.Random) -> str:
    return "".join(rng.choice(TRICKY) for _ in range(rng.randrange(4)))


def test_dumps_equals_stringify_on_random_adversarial_values() -> None:
    rng = random.Random(1)
    for _ in range(3000):
        value = {"v": _value(rng), "f": float(rng.randint(0, 9)), "l": [1.0, _value(rng)]}
        assert dumps(value) == stringify(value).encode(), value


def test_strings_next_to_integral_floats() -> None:
    value = {
        "f": 1.0,
        "s": "x1.0, y",
        "t": ['q.0]"z', 2.0],
        "k.0,": 3.0,
        ":": [4.0, ":a"],
        "e": 'a\\".0,"',
    }
    assert (
        dumps(value).decode()
        == stringify(value)
        == ('{"f":1,"s":"x1.0, y","t":["q.0]\\"z",2],"k.0,":3,":":[4,":a"],"e":"a\\\\\\".0,\\""}')
    )


def test_js_object_order() -> None:
    assert list(js_object([("b", 1), ("10", 2), ("2", 3), ("01", 4), ("4294967295", 5)])) == [
        "2",
        "10",
        "b",
        "01",
        "4294967295",
    ]
    assert [
        is_array_index(k) for k in ("0", "4294967294", "4294967295", "01", "-1", "1.5", "")
    ] == [True, True, False, False, False, False, False]
