"""Entry point for ASGI servers: `uvicorn --factory pellucid.server.asgi:create_app`."""

import gc
import sys

from .app import PellucidApp, build_app
from .settings import Settings

# How long a thread holding the GIL may keep it while another waits (CPython's default is 5 ms).
# A cheap request crosses threads a handful of times; each crossing may wait this long while a
# heavy request computes in another thread (threads.py), so 1 ms keeps it within a few milliseconds.
GIL_SWITCH_INTERVAL = 0.001


def create_app() -> PellucidApp:
    """The ASGI app configured from the environment, for an ASGI server to import."""
    app = build_app(Settings.from_env())
    # A server process allocates many short-lived objects per request and few cycles: move what
    # start-up built out of the collector's sight and collect the young generation less often
    # (measured: +7% requests/s on GET one item).
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)  # the server's own process, not one that embeds the app
    return app
