"""Prometheus metrics at `/metrics`: off (404) unless `--metrics-token` is set, and then only for
scrapes that send `Authorization: Bearer <token>`, since /metrics shares the API's port.

* `pellucid_http_request_duration_seconds{api,route,method,status}`: a histogram of every
  request (its `_count` is the request count). `route` is the path template of the route
  tables (`/collections/{collection_id:int}/items`), `unmatched` for paths no route serves;
* `pellucid_rate_limit_refusals_total{limit}`: 429s, by limiter namespace;
* `pellucid_database_transaction_seconds{kind}`: time inside database transactions
  (queries and the work between them), `read` or `write`;
* `pellucid_connector_actions_total{action,outcome}`: action requests to data connectors.

With several worker processes (`--workers N`), `pellucid serve` gives them one fresh
`PROMETHEUS_MULTIPROC_DIR` and any worker's /metrics sums them all (prometheus-client's
multiprocess mode). Without it (in-process, tests), the process's own values are served.
"""

from __future__ import annotations

import hmac
import os
from typing import TYPE_CHECKING

from .auth.policies import PUBLIC, bearer_token
from .http.errors import not_found, unauthorized
from .http.request import Request
from .http.responses import Response
from .http.routing import RouteTable

if TYPE_CHECKING:  # pragma: no cover
    from .app import AppContext
    from .http.routing import Route

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
UNMATCHED = "unmatched"
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

routes = RouteTable(PUBLIC, tags=("Server",))


class Metrics:
    """The metrics of one server process; the methods are the hooks the server calls."""

    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter, Histogram
        from prometheus_client.multiprocess import MultiProcessCollector

        self.registry = CollectorRegistry()
        shared = bool(os.environ.get(MULTIPROCESS_DIR))
        if shared:
            MultiProcessCollector(self.registry)  # reads every worker's files at each scrape
        into = None if shared else self.registry
        self._requests = Histogram(
            "pellucid_http_request_duration_seconds", "HTTP requests by route and status, and their latency",
            ["api", "route", "method", "status"], buckets=LATENCY_BUCKETS, registry=into)
        self._refusals = Counter(
            "pellucid_rate_limit_refusals", "Requests refused by a rate limit (429)", ["limit"], registry=into)
        self._database = Histogram(
            "pellucid_database_transaction_seconds", "Time inside database transactions", ["kind"],
            buckets=LATENCY_BUCKETS, registry=into)
        self._actions = Counter(
            "pellucid_connector_actions", "Action requests to data connectors, by outcome",
            ["action", "outcome"], registry=into)
        self._request_series: dict[tuple, object] = {}

    def request(self, route: "Route | None", method: str, status: int, seconds: float) -> None:
        """Observe a request's duration, labelled by API, route, method and status."""
        key = (route.path if route else None, method, status)
        series = self._request_series.get(key)
        if series is None:
            labels = (route.api.name, route.path, method, str(status)) if route else ("-", UNMATCHED, "-", str(status))
            series = self._request_series[key] = self._requests.labels(*labels)
        series.observe(seconds)

    def refused(self, limit: str) -> None:
        """Count a refusal by the limit that caused it."""
        self._refusals.labels(limit).inc()

    def database_time(self, kind: str, seconds: float) -> None:
        """Observe time spent in the database, by kind of transaction."""
        self._database.labels(kind).observe(seconds)

    def connector_action(self, action: str, outcome: str) -> None:
        """Count a connector action by its outcome."""
        self._actions.labels(action, outcome).inc()

    def exposition(self) -> bytes:
        """The metrics in Prometheus text format."""
        from prometheus_client import generate_latest

        return generate_latest(self.registry)


def install(ctx: "AppContext") -> None:
    """Serve /metrics, and count what it shows when a scrape token is configured (404 otherwise)."""
    ctx.router.include(routes)
    if not ctx.settings.metrics_token:
        return
    ctx.metrics = Metrics()
    ctx.store.timing = ctx.metrics.database_time
    ctx.limiter.on_refusal = ctx.metrics.refused


@routes.get("/metrics", summary="Prometheus metrics (404 unless the server has a metrics token; bearer token)")
def metrics(request: Request) -> Response:
    """404 when metrics are off (nothing to discover); 401 without the metrics token."""
    ctx = request.ctx
    if ctx.metrics is None:
        raise not_found(f"No resource at {request.path}")
    supplied = bearer_token(request) or ""
    if not hmac.compare_digest(supplied.encode(), ctx.settings.metrics_token.encode()):
        raise unauthorized("Send the server's metrics token: `Authorization: Bearer <token>`")
    from prometheus_client import CONTENT_TYPE_LATEST

    return Response(200, ctx.metrics.exposition(), CONTENT_TYPE_LATEST)
