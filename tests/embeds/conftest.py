from __future__ import annotations

import pytest

from tests.rest.conftest import Actors


@pytest.fixture
def actors(server) -> Actors:
    return Actors(server)
