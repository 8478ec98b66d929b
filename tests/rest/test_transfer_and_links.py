"""transferUserContent and describeLink."""

import pytest

from pellucid.server import admin

pytestmark = pytest.mark.wire

DOCS = ["lucidchart.document.content", "folder"]


def test_transfer_user_content(actors, server):
    leaver = actors.user(DOCS)
    heir = actors.user(DOCS, account_id=leaver.account_id)
    doc = leaver.new_document()
    folder = leaver.new_folder()
    team = admin.create_team_folder(server.store, account_id=leaver.account_id, name="T", admin_user_id=leaver.user_id)
    account = actors.account(["account.user.transfercontent"], account_id=leaver.account_id)
    response = account.api.post("/transferUserContent", json={"fromUser": server_email(server, leaver),
                                                               "toUser": server_email(server, heir).upper()})
    assert response.status_code == 204, response.text
    owner = heir.api.get(f"/documents/{doc['documentId']}").json()["owner"]
    assert owner["id"] == heir.user_id
    assert heir.api.get(f"/folders/{folder['id']}/shares/users/{heir.user_id}").json()["role"] == "owner"
    assert heir.api.get(f"/folders/{team['id']}/shares/users/{heir.user_id}").json()["role"] == "editandshare"
    assert leaver.api.get(f"/documents/{doc['documentId']}").status_code == 403


def server_email(server, actor) -> str:
    from pellucid.server.store import accounts

    with server.store.read() as conn:
        return accounts.get_user(conn, actor.user_id).email


def test_transfer_rules(actors, server):
    one = actors.user(DOCS)
    two = actors.user(DOCS, account_id=one.account_id)
    outsider = actors.user(DOCS)
    account = actors.account(["account.user.transfercontent"], account_id=one.account_id)
    e1, e2, eo = (server_email(server, a) for a in (one, two, outsider))
    assert account.api.post("/transferUserContent", json={"fromUser": e1, "toUser": e1.upper()}).status_code == 400
    assert account.api.post("/transferUserContent", json={"fromUser": e1}).status_code == 400
    assert account.api.post("/transferUserContent", json={"fromUser": e1, "toUser": "bad"}).status_code == 400
    assert account.api.post("/transferUserContent", json={"fromUser": e1, "toUser": eo}).status_code == 403
    assert account.api.post("/transferUserContent", json={"fromUser": e1, "toUser": "ghost@example.com"}).status_code == 403
    team = actors.account(["account.user.transfercontent"], license="team")
    t1, t2 = server.user(team.account_id), server.user(team.account_id)
    assert team.api.post("/transferUserContent", json={"fromUser": t1["email"], "toUser": t2["email"]}).status_code == 403
    assert account.api.post("/transferUserContent", json={"fromUser": e1, "toUser": e2}).status_code == 204


@pytest.mark.parametrize("url, expected", [
    ("https://lucid.app/lucidchart/90e5f020-0f26-4d15-8955-d96dca8bf9a4/edit?page=K2hT2&invitationId=inv_74610d09-7f84-496b-8aa6-5599782176a6#",
     {"document": {"documentId": "90e5f020-0f26-4d15-8955-d96dca8bf9a4", "page": "K2hT2", "product": "lucidchart",
                   "basicEmbed": "{base}/documents/90e5f020-0f26-4d15-8955-d96dca8bf9a4/viewer?page=K2hT2&authType=local"},
      "invitation": {"invitationId": "inv_74610d09-7f84-496b-8aa6-5599782176a6"}}),
    ("https://lucid.app/lucidspark/110808fd-4553-4316-bccf-4f25ff59a532/view",
     {"document": {"documentId": "110808fd-4553-4316-bccf-4f25ff59a532", "page": None, "product": "lucidspark",
                   "basicEmbed": "{base}/documents/110808fd-4553-4316-bccf-4f25ff59a532/viewer?authType=local"},
      "invitation": None}),
    ("https://lucid.app/lucidchart/invitations/accept/inv_8a38797a-e5fc-4479-8492-e000dc93cb60",
     {"document": None, "invitation": {"invitationId": "inv_8a38797a-e5fc-4479-8492-e000dc93cb60"}}),
])
def test_describe_link(actors, server, url, expected):
    user = actors.user(["user.profile"])
    response = user.api.post("/describeLink", json={"url": url})
    assert response.status_code == 200
    body = response.json()
    if body["document"]:
        expected["document"]["basicEmbed"] = expected["document"]["basicEmbed"].format(base=server.base_url)
    assert body == expected


def test_describe_link_of_this_server_and_account_tokens(actors, server):
    user = actors.user(DOCS)
    doc = user.new_document()
    account = actors.account(["account.info"])
    body = account.api.post("/describeLink", json={"url": doc["editUrl"]}).json()
    assert body["document"]["documentId"] == doc["documentId"]


@pytest.mark.parametrize("url", ["https://example.com/lucidchart/90e5f020-0f26-4d15-8955-d96dca8bf9a4/edit",
                                 "https://lucid.app/pricing", "lucid.app/lucidchart/x/edit", "ftp://lucid.app/a"])
def test_describe_link_refuses_non_lucid_links(actors, url):
    response = actors.user(["user.profile"]).api.post("/describeLink", json={"url": url})
    assert response.status_code == 403


def test_describe_link_needs_a_url(actors):
    assert actors.user(["user.profile"]).api.post("/describeLink", json={}).status_code == 400
