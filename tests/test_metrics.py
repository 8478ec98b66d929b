"""`/metrics`: off by default, behind its token when on, and counting what operators watch:
requests per route of the route tables and status, rate-limit refusals, database time; with
several workers, any worker's scrape sums them all."""

from __future__ import annotations

import httpx
import pytest

from pellucid.server.settings import RateLimits
from tests.dataservice.conftest import make_user, path
from tests.support.harness import start_inprocess, start_subprocess
from tests.support.metrics import TOKEN, requests, scrape, value

pytestmark = pytest.mark.sqlite_only


@pytest.fixture(scope="module")
def metered(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('metrics') / 'p.db'}"
    server = start_inprocess(url, metrics_token=TOKEN, rate_limits=RateLimits(data_service_per_minute=5))
    yield server
    server.stop()
    server.store.dispose()


def test_metrics_are_off_by_default(server):
    assert server.client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 404


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}"])
def test_scrapes_without_the_token_are_refused(metered, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = metered.client.get("/metrics", headers=headers)
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


def test_requests_are_counted_per_route_template_and_status(metered):
    alice = make_user(metered)
    before = scrape(metered.client)
    data_set = alice.ok(alice.http.post("/dataSets", json={"name": "Counted", "properties": {}}))
    alice.ok(alice.http.get(path(data_set["uri"])))
    assert alice.http.get("/dataSets/987654321").status_code == 404
    assert metered.client.get("/no/such/path").status_code == 404
    after = scrape(metered.client)
    template = "/dataSets/{data_set_id:int}"
    assert requests(after, "/dataSets", 200, "POST") - requests(before, "/dataSets", 200, "POST") == 1
    assert requests(after, template, 200) - requests(before, template, 200) == 1
    assert requests(after, template, 404) - requests(before, template, 404) == 1
    assert value(after, "pellucid_http_request_duration_seconds_count", api="-", route="unmatched",
                 method="-", status="404") >= 1
    assert value(after, "pellucid_http_request_duration_seconds_count", api="data", route=template,
                 method="GET", status="200") >= 1


def test_route_labels_come_from_the_route_tables(metered):
    make_user(metered).http.get("/dataSets")
    metered.client.get("/not/a/route/42")
    templates = {route.path for route in metered.client._transport.app.ctx.router.routes}  # noqa: SLF001
    seen = {dict(labels)["route"] for (name, labels) in scrape(metered.client)
            if name == "pellucid_http_request_duration_seconds_count"}
    assert "/dataSets" in seen and seen <= templates | {"unmatched"}


def test_rate_limit_refusals_and_database_time_are_counted(metered):
    alice = make_user(metered)
    before = scrape(metered.client)
    statuses = [alice.http.get("/dataSets").status_code for _ in range(7)]
    assert statuses.count(429) == 2
    after = scrape(metered.client)
    refusals = "pellucid_rate_limit_refusals_total"
    assert value(after, refusals, limit="data") - value(before, refusals, limit="data") == 2
    reads = "pellucid_database_transaction_seconds_count"
    assert value(after, reads, kind="read") > value(before, reads, kind="read")
    assert value(after, "pellucid_database_transaction_seconds_sum", kind="read") > 0


@pytest.mark.subprocess
def test_any_worker_reports_the_requests_of_all_workers(tmp_path):
    server = start_subprocess(f"sqlite:///{tmp_path / 'p.db'}", ["--workers", "2", "--metrics-token", TOKEN])
    try:
        before = requests(scrape(server.client), "/healthz", 200)
        processes = set()
        for _ in range(40):  # a new connection each: the kernel spreads them over the workers
            response = httpx.get(f"{server.base_url}/healthz")
            processes.add(response.headers["x-request-id"][:6])  # each process's request ids share a prefix
        assert len(processes) == 2
        for _ in range(4):
            with httpx.Client(base_url=server.base_url) as fresh:
                assert requests(scrape(fresh), "/healthz", 200) - before == 40
    finally:
        server.stop()
