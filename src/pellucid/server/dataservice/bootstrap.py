"""The bootstrap document and the rate-limit report."""

from __future__ import annotations

from ..auth.policies import DATA_SERVICE
from ..http.request import Request
from ..http.routing import RouteTable
from . import adapters

routes = RouteTable(DATA_SERVICE, tags=("Data Service",))



@routes.get("/", summary="Bootstrap: links to the Data Service's collections of resources",
            openapi={"response": "Bootstrap"})
def bootstrap(request: Request) -> dict:
    base = request.ctx.base_url
    return {
        "dataSets": f"{base}/dataSets",
        "dataSources": f"{base}/dataSources",
        "collections": f"{base}/collections",
        "sourceGrants": f"{base}/sourceGrants",
        "dataSetGrants": f"{base}/dataSetGrants",
        "adapters": {name: f"{base}{path}" for name, path in sorted(adapters.ENDPOINTS.items())},
    }


@routes.get("/rateLimits", summary="Get rate limits", openapi={"response": "RateLimits"})
def rate_limits(request: Request) -> dict:
    """See what your current rate limits are (seed 002's response shape)."""
    settings = request.ctx.settings
    return {
        "userHardRefreshInterval": 30,
        "userSoftRefreshInterval": 30,
        "userApiCallRate": settings.rate_limits.data_service_per_minute,
        "fileSizeLimit": settings.file_size_limit_bytes // (1024 * 1024),
    }
