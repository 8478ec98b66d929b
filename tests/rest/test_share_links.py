"""Share links: per-client visibility, link security by license, expiry clamping, the
restrict-to-account policy, and `invitationSecurity` as an alias of `linkSecurity`."""

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from pellucid.server import admin
from pellucid.server.store import tables as t

pytestmark = pytest.mark.wire

SCOPES = ["lucidchart.document.content", "lucidscale.document.content",
          "lucidchart.document.content.share.link", "lucidscale.document.content.share.link"]


def _in(days: float) -> str:
    return (datetime.now(timezone.utc) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_share_link_lifecycle(actors, server):
    user = actors.user(SCOPES)
    doc = user.new_document()
    url = f"/documents/{doc['documentId']}/shares/shareLinks"
    created = user.api.post(url, json={"role": "editandshare", "linkSecurity": {
        "restrictToAccount": False, "allowAnonymous": True, "passcode": "passcode"}})
    assert created.status_code == 201, created.text
    link = created.json()
    assert link["shareLinkId"].startswith("inv_") and link["documentId"] == doc["documentId"]
    assert link["role"] == "editandshare" and link["createdBy"] == user.user_id
    assert link["linkSecurity"] == {"restrictToAccount": False, "expires": None, "passcode": "passcode",
                                    "allowAnonymous": True}
    assert link["acceptUrl"] == f"{server.base_url}/lucidchart/invitations/accept/{link['shareLinkId']}"
    assert link["created"].endswith("Z") and "." in link["created"]
    one = f"{url}/{link['shareLinkId']}"
    assert user.api.get(one).json() == link
    patched = user.api.patch(one, json={"role": "view"}).json()
    assert patched["role"] == "view" and patched["linkSecurity"] == link["linkSecurity"]  # omitted settings kept
    patched = user.api.patch(one, json={"invitationSecurity": {"passcode": None}}).json()
    assert patched["linkSecurity"]["passcode"] is None and patched["linkSecurity"]["allowAnonymous"] is True
    assert user.api.delete(one).status_code == 204
    assert user.api.get(one).status_code == 404
    assert user.api.delete(one).status_code == 404


def test_links_are_visible_only_to_the_client_that_made_them(actors, server):
    user = actors.user(SCOPES)
    doc = user.new_document()
    url = f"/documents/{doc['documentId']}/shares/shareLinks"
    link = user.api.post(url, json={"role": "view", "linkSecurity": {}}).json()
    other_app = user.another_token(SCOPES, client_id=server.oauth_client()["client_id"])
    one = f"{url}/{link['shareLinkId']}"
    for response in (other_app.get(one), other_app.patch(one, json={"role": "edit"}), other_app.delete(one)):
        assert response.status_code == 404
    assert user.api.get(one).json()["role"] == "view"
    other_doc = user.new_document()
    assert user.api.get(f"/documents/{other_doc['documentId']}/shares/shareLinks/{link['shareLinkId']}").status_code == 404
    assert actors.user(SCOPES).api.get(one).status_code == 403  # no access to the document: 403 first


def test_invitation_security_alias_on_create(actors):
    user = actors.user(SCOPES)
    doc = user.new_document()
    link = user.api.post(f"/documents/{doc['documentId']}/shares/shareLinks",
                         json={"role": "comment", "invitationSecurity": {"passcode": "p"}}).json()
    assert link["linkSecurity"]["passcode"] == "p"


@pytest.mark.parametrize("body", [
    {}, {"role": "owner"}, {"role": "admin"}, {"role": "view", "linkSecurity": []},
    {"role": "view", "linkSecurity": {"restrictToAccount": "yes"}},
    {"role": "view", "linkSecurity": {"passcode": 5}},
    {"role": "view", "linkSecurity": {"expires": "tomorrow"}},
    {"role": "view", "linkSecurity": {"expires": "2001-01-01T00:00:00Z"}},
])
def test_create_validation(actors, body):
    user = actors.user(SCOPES)
    doc = user.new_document()
    assert user.api.post(f"/documents/{doc['documentId']}/shares/shareLinks", json=body).status_code == 400


def test_allow_anonymous_is_refused_on_lucidscale(actors, server):
    user = actors.user(SCOPES)
    doc = user.new_document()
    with server.store.write() as conn:
        conn.execute(sa.update(t.documents).where(t.documents.c.id == doc["documentId"]).values(product="lucidscale"))
    response = user.api.post(f"/documents/{doc['documentId']}/shares/shareLinks",
                             json={"role": "view", "linkSecurity": {"allowAnonymous": True}})
    assert response.status_code == 400 and "allowAnonymous" in response.json()["message"]


def test_non_enterprise_accounts_get_the_default_security(actors):
    for license in ("team", "free"):
        user = actors.user(SCOPES, license=license)
        doc = user.new_document()
        url = f"/documents/{doc['documentId']}/shares/shareLinks"
        for security in ({"restrictToAccount": True}, {"passcode": "x"}, {"expires": _in(1)}):
            assert user.api.post(url, json={"role": "view", "linkSecurity": security}).status_code == 400
        link = user.api.post(url, json={"role": "view", "linkSecurity": {"allowAnonymous": True}}).json()
        assert link["linkSecurity"] == {"restrictToAccount": False, "expires": None, "passcode": None,
                                        "allowAnonymous": False}
        assert user.api.patch(f"{url}/{link['shareLinkId']}", json={"linkSecurity": {"passcode": "x"}}).status_code == 400


def test_team_accounts_must_send_link_security(actors):
    team = actors.user(SCOPES, license="team")
    doc = team.new_document()
    url = f"/documents/{doc['documentId']}/shares/shareLinks"
    assert team.api.post(url, json={"role": "view"}).status_code == 400
    free = actors.user(SCOPES, license="free")
    free_doc = free.new_document()
    assert free.api.post(f"/documents/{free_doc['documentId']}/shares/shareLinks", json={"role": "view"}).status_code == 201


def test_expiry_is_clamped_and_restriction_forced_by_the_account_policy(actors, server):
    user = actors.user(SCOPES)
    admin.set_sharing_policy(server.store, account_id=user.account_id, max_link_expiry_days=7,
                             restrict_links_to_account=True)
    doc = user.new_document()
    url = f"/documents/{doc['documentId']}/shares/shareLinks"
    link = user.api.post(url, json={"role": "view", "linkSecurity": {"expires": _in(30), "restrictToAccount": False}}).json()
    expires = _parse(link["linkSecurity"]["expires"])
    assert abs(expires - (datetime.now(timezone.utc) + timedelta(days=7))) < timedelta(minutes=1)
    assert link["linkSecurity"]["restrictToAccount"] is True
    within = user.api.post(url, json={"role": "view", "linkSecurity": {"expires": _in(2)}}).json()
    assert abs(_parse(within["linkSecurity"]["expires"]) - (datetime.now(timezone.utc) + timedelta(days=2))) < timedelta(minutes=1)
    patched = user.api.patch(f"{url}/{within['shareLinkId']}", json={"linkSecurity": {"expires": _in(60)}}).json()
    assert _parse(patched["linkSecurity"]["expires"]) <= datetime.now(timezone.utc) + timedelta(days=7, minutes=1)


def test_creating_links_needs_editandshare(actors):
    owner = actors.user([*SCOPES, "lucidchart.document.content.share.collaborator"])
    editor = actors.user(SCOPES, account_id=owner.account_id)
    doc = owner.new_document()
    owner.api.put(f"/documents/{doc['documentId']}/shares/users/{editor.user_id}", json={"role": "edit"})
    assert editor.api.post(f"/documents/{doc['documentId']}/shares/shareLinks",
                           json={"role": "view", "linkSecurity": {}}).status_code == 403
