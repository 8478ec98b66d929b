"""Document tests reuse the REST actors (account, user, token) of tests/rest."""

from tests.rest.conftest import actors  # noqa: F401 - the fixture
