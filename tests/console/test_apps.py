"""The apps page lists the OAuth 2.0 grants and OAuth 1.0 tokens a user authorised; revoking
one (a form post with the CSRF token) makes the API refuse its tokens at once. Nobody sees or
revokes another's, except a team admin their account's account tokens."""

from __future__ import annotations

import re

import pytest

from pellucid.server import admin
from tests.oauth.flow import csrf
from tests.support.oauth1 import signer

from .people import person

FORM = re.compile(r'name="protocol" value="(oauth[12])"><input type="hidden" name="id" value="(\d+)">\s*'
                  r'<button type="submit" aria-label="Revoke ([^"]*)">')


def revoke_forms(page_text: str) -> dict[str, tuple[str, int]]:
    """App name (as the page escapes it) -> (protocol, id) of its revoke form."""
    return {name: (protocol, int(number)) for protocol, number, name in FORM.findall(page_text)}


def revoke(who, page, form: tuple[str, int]):
    protocol, number = form
    return who.browser.post("/console/apps/revoke", data={"csrf_token": csrf(page), "protocol": protocol,
                                                          "id": str(number)})


def profile(server, token: str) -> int:
    return server.client.get("/users/me/profile", headers={"Authorization": f"Bearer {token}",
                                                           "Lucid-Api-Version": "1"}).status_code


def _app_token(server, who, name: str) -> str:
    client = admin.create_client(server.store, name, ["http://127.0.0.1/cb"])
    return server.token(user_id=who.id, client_id=client["client_id"], scopes=["user.profile"])["access_token"]


@pytest.mark.wire
def test_revoking_an_app_ends_its_tokens(server):
    ann = person(server)
    token = _app_token(server, ann, "Diagram Sync")
    page = ann.page("/console/apps")
    assert "Diagram Sync" in page.text and "<code>user.profile</code>" in page.text
    assert profile(server, token) == 200

    revoked = revoke(ann, page, revoke_forms(page.text)["Diagram Sync"])
    assert revoked.status_code == 303 and revoked.headers["location"] == "/console/apps?revoked=1"
    assert profile(server, token) == 401
    after = ann.page("/console/apps", revoked=1).text
    assert 'role="status"' in after and "Diagram Sync" not in after


def test_a_revoke_without_the_csrf_token_is_refused(server):
    ann = person(server)
    token = _app_token(server, ann, "Kept App")
    page = ann.page("/console/apps")
    _, grant_id = revoke_forms(page.text)["Kept App"]
    for token_field in ({}, {"csrf_token": "forged"}):
        refused = ann.browser.post("/console/apps/revoke", data={"protocol": "oauth2", "id": str(grant_id), **token_field})
        assert refused.status_code == 403 and "security token" in refused.text
    assert profile(server, token) == 200


def test_nobody_sees_or_revokes_another_users_apps(server):
    ann, bob = person(server), person(server)
    token = _app_token(server, ann, "Ann's Secret App")
    form = revoke_forms(ann.page("/console/apps").text)["Ann&#39;s Secret App"]
    bob_page = bob.page("/console/apps")
    assert "Ann&#39;s Secret App" not in bob_page.text
    assert revoke(bob, bob_page, form).status_code == 404
    assert profile(server, token) == 200


def test_team_admins_also_manage_their_accounts_account_tokens(server):
    boss = person(server, roles=["team-admin"])
    member = person(server, boss.user["accountId"])
    client = admin.create_client(server.store, "Account Auditor", ["http://127.0.0.1/cb"])
    account_token = server.token(account_id=boss.user["accountId"], client_id=client["client_id"],
                                 scopes=["account.info"])["access_token"]
    boss_page = boss.page("/console/apps")
    member_page = member.page("/console/apps")
    assert "Account Auditor" in boss_page.text and "Account Auditor" not in member_page.text
    form = revoke_forms(boss_page.text)["Account Auditor"]
    assert revoke(member, member_page, form).status_code == 404
    assert revoke(boss, boss_page, form).status_code == 303
    accounts_me = server.client.get("/accounts/me", headers={"Authorization": f"Bearer {account_token}",
                                                             "Lucid-Api-Version": "1"})
    assert accounts_me.status_code == 401


def test_revoking_an_oauth1_token_ends_its_signed_requests(server):
    ann, bob = person(server), person(server)
    auth = signer(server, ann.id)
    signed = server.caller(None, auth=auth, Accept="application/json;v=1")
    assert signed.get("/dataSources").status_code == 200
    page = ann.page("/console/apps")
    legacy = [form for form in revoke_forms(page.text).values() if form[0] == "oauth1"]
    assert len(legacy) == 1
    assert revoke(bob, bob.page("/console/apps"), legacy[0]).status_code == 404
    assert signed.get("/dataSources").status_code == 200
    assert revoke(ann, page, legacy[0]).status_code == 303
    assert signed.get("/dataSources").status_code == 401
    assert legacy[0] not in revoke_forms(ann.page("/console/apps").text).values()


def test_a_malformed_revoke_is_a_clear_400(server):
    ann = person(server)
    page = ann.page("/console/apps")
    answer = ann.browser.post("/console/apps/revoke", data={"csrf_token": csrf(page), "protocol": "saml", "id": "x"})
    assert answer.status_code == 400 and "protocol must be oauth2 or oauth1" in answer.text
