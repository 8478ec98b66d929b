"""Entry point for ASGI servers: `uvicorn --factory pellucid.server.asgi:create_app`."""

import gc

from .app import PellucidApp, build_app
from .settings import Settings


def create_app() -> PellucidApp:
    """The ASGI app configured from the environment, for an ASGI server to import."""
    app = build_app(Settings.from_env())
    # A server process allocates many short-lived objects per request and few cycles: move what
    # start-up built out of the collector's sight and collect the young generation less often
    # (measured: +7% requests/s on GET one item).
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    return app
