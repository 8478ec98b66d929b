"""Read a Prometheus scrape of `/metrics` into {(sample name, labels): value}."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

TOKEN = "scrape-secret"


def scrape(client: httpx.Client, token: str = TOKEN) -> dict[tuple[str, frozenset], float]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def requests(samples: dict, route: str, status: int, method: str = "GET") -> float:
    """How many requests the route answered with the status, whatever its API family."""
    return sum(v for (name, labels), v in samples.items()
               if name == "pellucid_http_request_duration_seconds_count"
               and {("route", route), ("status", str(status)), ("method", method)} <= labels)
