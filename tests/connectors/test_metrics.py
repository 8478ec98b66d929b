"""Connector action outcomes on /metrics: answered, refused, unreachable."""

from __future__ import annotations

import pytest

from tests.support.metrics import scrape, value

pytestmark = pytest.mark.subprocess

ACTIONS = "pellucid_connector_actions_total"


def test_action_outcomes_are_counted(world):
    actor = world.actor()
    document = actor.document()
    before = scrape(world.http)
    assert actor.trigger(document, "Capture").status_code == 200
    assert actor.trigger(document, "Reject").json()["status"] == 409  # relayed inside a 200
    assert actor.trigger(document, "Import", connector="down").status_code == 502
    after = scrape(world.http)

    def delta(action: str, outcome: str) -> float:
        return value(after, ACTIONS, action=action, outcome=outcome) - value(before, ACTIONS, action=action, outcome=outcome)

    assert delta("Capture", "ok") == 1
    assert delta("Reject", "4xx") == 1
    assert delta("Import", "unreachable") == 1
