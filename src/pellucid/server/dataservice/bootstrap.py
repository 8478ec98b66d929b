"""The bootstrap document and the rate-limit report."""

from __future__ import annotations

from ..auth.policies import DATA_SERVICE
from ..http.request import Request
from ..http.routing import OpenApi, RouteTable
from . import adapters

routes = RouteTable(DATA_SERVICE, tags=("Data Service",))


@routes.get("/", summary="Bootstrap: links to the Data Service's collections of resources",
            openapi=OpenApi(response="Bootstrap"))
def bootstrap(request: Request) -> dict:
    """The data service's entry points, adapters included, as absolute URLs."""
    base = request.ctx.base_url
    return {
        "dataSets": f"{base}/dataSets",
        "dataSources": f"{base}/dataSources",
        "collections": f"{base}/collections",
        "sourceGrants": f"{base}/sourceGrants",
        "dataSetGrants": f"{base}/dataSetGrants",
        "adapters": {name: f"{base}{path}" for name, path in sorted(adapters.ENDPOINTS.items())},
    }


@routes.get("/rateLimits", summary="Get rate limits", openapi=OpenApi(response="RateLimits"))
def rate_limits(request: Request) -> dict:
    """See what your current rate limits are: seed 002's fields and seed 001's, so that a client
    of either document finds what it reads."""
    settings = request.ctx.settings
    return {
        "userHardRefreshInterval": 30,
        "userSoftRefreshInterval": 30,
        "userApiCallRate": settings.rate_limits.data_service_per_minute,
        "accountApiCallRate": 0,  # seed 001's table: 0 requests/minute on every plan (no account-level calls)
        "fileSizeLimit": settings.file_size_limit_bytes // (1024 * 1024),
        "adapterTypes": adapters.ADAPTER_TYPES,
    }
