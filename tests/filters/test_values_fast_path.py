"""number_key's fast path (bulk writes) agrees with the Java grammar everywhere."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from pellucid.server.store.values import number_key, parse_java_double

ALPHABET = st.sampled_from(list("0123456789+-.eEdDfFxXpPNaIinfty _\t\x00\x1f\u00a0\u0661"))


def reference(text: str) -> float | None:
    number = parse_java_double(text)
    return None if number is None or math.isnan(number) else number


@settings(max_examples=3000, deadline=None)
@given(st.text(ALPHABET, max_size=12))
def test_number_key_matches_parse_java_double(text):
    assert number_key(text) == reference(text)


@given(st.text(max_size=20))
def test_number_key_matches_on_any_text(text):
    assert number_key(text) == reference(text)
