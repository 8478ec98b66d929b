"""Team admins see their account's users and groups; nobody else gets the page, and no admin
sees another account's."""

from __future__ import annotations

import pytest

from pellucid.server import admin

from .people import person


@pytest.mark.wire
def test_a_team_admin_sees_the_users_and_groups_of_their_account_only(server):
    boss = person(server, roles=["team-admin"])
    member = person(server, boss.user["accountId"])
    outsider = person(server)
    group = admin.create_group(server.store, account_id=boss.user["accountId"], name="Designers")
    admin.add_group_member(server.store, group_id=group["id"], user_id=member.id)
    admin.create_group(server.store, account_id=outsider.user["accountId"], name="Elsewhere")

    page = boss.page("/console/team")
    assert page.status_code == 200
    assert member.user["email"] in page.text and boss.user["email"] in page.text
    assert '<span class="tag">team-admin</span>' in page.text
    assert '<th scope="row">Designers</th><td class="num">1</td>' in page.text
    assert outsider.user["email"] not in page.text and "Elsewhere" not in page.text
    assert 'href="/console/team"' in page.text  # in the navigation, for admins


@pytest.mark.wire
def test_everyone_else_is_refused_the_team_page(server):
    boss = person(server, roles=["team-admin"])
    member = person(server, boss.user["accountId"])
    refused = member.page("/console/team")
    assert refused.status_code == 403
    assert "Only team admins" in refused.text and boss.user["email"] not in refused.text
    assert 'href="/console/team"' not in member.page("/").text
