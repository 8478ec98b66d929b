"""Operators register the origins that may frame a client's direct embeds:
`pellucid admin create-client ... --embed-domain ORIGIN` (repeatable)."""

from __future__ import annotations

import pytest

from tests.test_cli import one_json_object, pellucid

pytestmark = pytest.mark.sqlite_only


def test_embed_domains_are_registered_as_origins_and_printed_back(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    client = one_json_object(pellucid(
        "admin", "create-client", "--name", "app", "--redirect-uri", "https://app.example/cb",
        "--embed-domain", "https://App.Example", "--embed-domain", "http://127.0.0.1:9000/", database=db))
    assert client["embed_domains"] == ["https://app.example", "http://127.0.0.1:9000"]
    assert set(client) == {"client_id", "client_secret", "redirect_uris", "embed_domains"}


@pytest.mark.parametrize("domain", ["app.example", "https://app.example/embed", "ftp://app.example", "*"])
def test_an_embed_domain_must_be_an_origin(tmp_path, domain):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    refused = pellucid("admin", "create-client", "--name", "app", "--embed-domain", domain, database=db)
    assert refused.returncode != 0
    assert "must be an http(s) origin" in refused.stderr
