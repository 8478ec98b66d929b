from __future__ import annotations

import pytest

from tests.support.browser import chromium, page  # noqa: F401 - the browser fixtures, for any test
from tests.support.harness import Server, running_server


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    """One server per test session; tests isolate themselves by making their own accounts."""
    yield from running_server(tmp_path_factory.mktemp("server"))
