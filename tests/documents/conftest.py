"""Document tests reuse the REST actors (account, user, token) of tests/rest."""

from tests.rest.conftest import Actor, Actors, actors  # noqa: F401
