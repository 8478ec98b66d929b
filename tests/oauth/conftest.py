from __future__ import annotations

import pytest

from .flow import App, make_app


@pytest.fixture
def app(server) -> App:
    """A fresh client and a fresh user with a password, so tests never share state."""
    return make_app(server)


@pytest.fixture
def admin_app(server) -> App:
    return make_app(server, roles=["team-admin"])
