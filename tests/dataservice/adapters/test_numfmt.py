"""Excel number formats: what the Excel adapter shows for a cell, and the Format metadata type."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from pellucid.server.dataservice.adapters.numfmt import kind, render

CASES = [
 (1234.5, '#,##0.00', '1,234.50'), (-1234.5, '#,##0.00', '-1,234.50'), (0.256, '0%', '26%'), (0.256, '0.00%', '25.60%'),
 (1234.5, '"$"#,##0.00', '$1,234.50'), (-5, '"$"#,##0.00_);[Red]\\("$"#,##0.00\\)', '($5.00)'), (5, '"$"#,##0.00_);[Red]\\("$"#,##0.00\\)', '$5.00 '),
 (12345.678, '0.00E+00', '1.23E+04'), (0.000123, '0.00E+00', '1.23E-04'), (1234567, '#,##0,', '1,235'), (3, '000', '003'), (0.5, '#.##', '.5'),
 (123456789, '000-00-0000', '123-45-6789'), (1234.5, '[$€-407]#,##0.00', '€1,234.50'), (0, '0;-0;"zero"', 'zero'), (1/3, 'General', '0.333333333'),
 (datetime(2024,3,5,14,7,9), 'm/d/yyyy', '3/5/2024'), (datetime(2024,3,5,14,7,9), 'yyyy-mm-dd hh:mm:ss', '2024-03-05 14:07:09'),
 (datetime(2024,3,5,14,7,9), 'h:mm AM/PM', '2:07 PM'), (datetime(2024,3,5), 'd-mmm-yy', '5-Mar-24'), (datetime(2024,3,5), 'dddd, mmmm d, yyyy', 'Tuesday, March 5, 2024'),
 (timedelta(hours=30, minutes=5), '[h]:mm', '30:05'), (45356.5, 'm/d/yyyy h:mm', '3/5/2024 12:00'), ("abc", '@', 'abc'), ("x", '0;0;0;"text: "@', 'text: x'),
 (True, 'General', 'TRUE'), (1e12, 'General', '1E+12'), (123456789012, 'General', '1.23457E+11'), (42, 'General', '42'), (2.5, '0', '3'), (-2.5,'0','-3'), (0.1+0.2, 'General', '0.3'),
 (time(9, 30), 'h:mm', '9:30'), (1234.5, '#,##0.00 "kg"', '1,234.50 kg'), (-0.001, '0.00', '0.00'), (1500, '[>=1000]#,##0,"K";0', '2K'), (999, '[>=1000]#,##0,"K";0', '999'),
 (datetime(2024,3,5,14,7,9,250000), 'hh:mm:ss.00', '14:07:09.25'), (datetime(2024,3,5), '[$-409]mmmm d, yyyy', 'March 5, 2024'), (0, '""', ''), (5, '0 "m"', '5 m'),
]


@pytest.mark.parametrize("value, code, shown", CASES)
def test_render(value, code, shown):
    assert render(value, code) == shown


@pytest.mark.parametrize("code, index", [
    ("General", 0), ("@", 1), ("0.00", 2), ("#,##0", 2), ("[$-409]#,##0", 2), ("0%", 3), ('"$"#,##0.00', 4),
    ("[$€-407]#,##0.00", 4), ("m/d/yyyy", 5), ("[$-409]mmmm d, yyyy", 5), ("h:mm:ss", 6), ("[h]:mm", 6), ("mm:ss", 6),
    ("m/d/yyyy h:mm", 7), ("0.00E+00", 8),
])
def test_number_format_type_index(code, index):
    assert kind(code) == index
