"""Entry point for ASGI servers: `uvicorn --factory pellucid.server.asgi:create_app`."""

from .app import PellucidApp, build_app
from .settings import Settings


def create_app() -> PellucidApp:
    return build_app(Settings.from_env())
