"""Excel number formats: the NumberFormatType that prefixes Format metadata entries."""

from __future__ import annotations

import pytest

from pellucid.server.dataservice.adapters.numfmt import kind


@pytest.mark.parametrize("code, index", [
    ("General", 0), ("@", 1), ("0.00", 2), ("#,##0", 2), ("[$-409]#,##0", 2), ("0%", 3), ('"$"#,##0.00', 4),
    ("[$€-407]#,##0.00", 4), ("m/d/yyyy", 5), ("[$-409]mmmm d, yyyy", 5), ("h:mm:ss", 6), ("[h]:mm", 6), ("mm:ss", 6),
    ("m/d/yyyy h:mm", 7), ("0.00E+00", 8),
])
def test_number_format_type_index(code, index):
    assert kind(code) == index
