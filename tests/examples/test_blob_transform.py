"""examples/blob_connector/transform.py on the CSVs real exports produce (no storage, no server)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from examples.blob_connector.transform import CsvFormatError, metric_items, parse_run, run_item

UPLOADED = datetime(2026, 4, 17, 9, 30, tzinfo=UTC)


def test_header_case_spaces_and_column_order_do_not_matter():
    run = parse_run("r/a.csv", b" Value ,Metric,ENTITY,time_s,step\n 2.5 , t , pump ,0.5,1\n", UPLOADED)
    assert run.name == "r/a" and run.skipped == ()
    assert metric_items(run) == [{"run": "r/a", "entity": "pump", "metric": "t", "samples": 1,
                                  "min": 2.5, "max": 2.5, "mean": 2.5, "final": 2.5}]


@pytest.mark.parametrize(("row", "reason"), [
    ("1,0.5,pump,t", "4 columns, expected 5"),
    ("1,0.5,pump,t,1,extra", "6 columns, expected 5"),
    ("1,0.5,pump,t,nan", "value 'nan' is not a number"),
    ("1,0.5,pump,t,inf", "value 'inf' is not a number"),
    ("1.5,0.5,pump,t,1", "step '1.5' is not a whole number"),
    ("1,0.5,,t,1", "entity is empty"),
])
def test_a_bad_row_is_skipped_with_its_line_and_reason(row, reason):
    data = f"step,time_s,entity,metric,value\n0,0,pump,t,1\n{row}\n".encode()
    run = parse_run("a.csv", data, UPLOADED)
    assert len(run.samples) == 1 and run.skipped == (f"a.csv line 3: {reason}",)


@pytest.mark.parametrize(("data", "error"), [
    (b"", "a.csv: empty file"),
    (b"\n ,\n", "a.csv: empty file"),
    (b"step,time_s,entity,value\n", "a.csv: missing column(s) metric"),
    (b"step,time_s,entity,metric,value\n0,0,p,t,n/a\n", "a.csv: no usable rows (1 skipped)"),
    ("step,time_s,entity,metric,value\n0,0,pümp,t,1\n".encode("latin-1"), "a.csv: not UTF-8 (byte 37)"),
])
def test_an_unusable_file_is_an_error(data, error):
    with pytest.raises(CsvFormatError, match=f"^{re.escape(error)}$"):
        parse_run("a.csv", data, UPLOADED)


def test_runs_aggregate_by_step_and_entity():
    data = b"step,time_s,entity,metric,value\n0,0,p,t,5\n0,0,q,t,1\n2,1.5,p,t,3\n1,0.75,p,t,7\n"
    run = parse_run("a.csv", data, UPLOADED)
    assert run_item("c", run) == {"run": "a", "container": "c", "uploaded": {"ms": 1776418200000}, "steps": 3,
                                  "duration_s": 1.5, "entities": 2, "skipped_rows": 0}
    p = next(item for item in metric_items(run) if item["entity"] == "p")
    assert (p["samples"], p["min"], p["max"], p["mean"], p["final"]) == (3, 3, 7, 5, 3)  # final: the last step
