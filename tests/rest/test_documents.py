"""Documents: create (location by scope, parent, template, bootstrap data), get with the owner
block, trash, and search."""

import pytest
import sqlalchemy as sa

from pellucid.server import admin
from pellucid.server.store import tables as t

pytestmark = pytest.mark.wire

CONTENT = ["lucidchart.document.content", "lucidspark.document.content"]


def test_create_blank_document_in_my_documents(actors, server):
    user = actors.user(CONTENT)
    response = user.api.post("/documents", json={"title": "Plan", "product": "lucidspark"})
    assert response.status_code == 201
    doc = response.json()
    assert doc["title"] == "Plan" and doc["product"] == "lucidspark" and doc["pageCount"] == 1
    assert doc["parent"] is None and doc["canEdit"] is True and doc["trashed"] is None
    assert doc["creatorId"] == doc["lastModifiedUserId"] == user.user_id
    assert doc["editUrl"] == f"{server.base_url}/lucidspark/{doc['documentId']}/edit"
    assert doc["viewUrl"].endswith("/view") and doc["created"].endswith("Z")
    assert doc["customAttributes"] == [] and doc["customTags"] == []
    assert "owner" not in doc


def test_default_product_is_lucidchart_and_custom_attributes_only_for_enterprise(actors):
    doc = actors.user(CONTENT, license="team").new_document()
    assert doc["product"] == "lucidchart" and "customAttributes" not in doc


def test_app_folder_scope_creates_in_the_app_folder(actors):
    user = actors.user(["lucidchart.document.app.folder", "folder:readonly"])
    first, second = user.new_document("A"), user.new_document("B")
    assert first["parent"] is not None and first["parent"] == second["parent"]
    root = user.api.get("/folders/root/contents").json()
    assert [entry["id"] for entry in root if entry["type"] == "folder"] == [first["parent"]]
    # With both kinds of scope, My Documents wins.
    both = user.another_token(["lucidchart.document.app.folder", "lucidchart.document.content"])
    assert both.post("/documents", json={"title": "C"}).json()["parent"] is None


def test_app_folder_scope_reaches_only_the_app_folder(actors):
    user = actors.user(["lucidchart.document.content", "folder"])
    outside = user.new_document("outside")
    folder = user.new_folder("elsewhere")
    app = user.another_token(["lucidchart.document.app.folder"])
    assert app.get(f"/documents/{outside['documentId']}").status_code == 403
    made = app.post("/documents", json={"title": "inside"}).json()
    assert app.get(f"/documents/{made['documentId']}").status_code == 200
    denied = app.post("/documents", json={"title": "x", "parent": folder["id"]})
    assert denied.status_code == 403
    sub = user.new_folder("sub", parent=made["parent"])
    assert app.post("/documents", json={"title": "deeper", "parent": sub["id"]}).status_code == 201


def test_picker_scope_reaches_only_picked_documents(actors, server):
    user = actors.user(CONTENT)
    doc = user.new_document()
    picker = user.another_token(["lucidchart.document.app.picker:readonly"])
    assert picker.get(f"/documents/{doc['documentId']}").status_code == 403
    admin.pick_document(server.store, client_id=user.client_id, user_id=user.user_id, document_id=doc["documentId"])
    got = picker.get(f"/documents/{doc['documentId']}")
    assert got.status_code == 200 and got.json()["canEdit"] is False


def test_create_in_a_parent_folder_needs_edit_on_it(actors):
    owner = actors.user()
    folder = owner.new_folder()
    guest = actors.user(account_id=owner.account_id)
    assert guest.api.post("/documents", json={"title": "x", "parent": folder["id"]}).status_code == 403
    owner.api.put(f"/folders/{folder['id']}/shares/users/{guest.user_id}", json={"role": "view"})
    assert guest.api.post("/documents", json={"title": "x", "parent": folder["id"]}).status_code == 403
    owner.api.put(f"/folders/{folder['id']}/shares/users/{guest.user_id}", json={"role": "edit"})
    created = guest.api.post("/documents", json={"title": "x", "parent": folder["id"]})
    assert created.status_code == 201 and created.json()["parent"] == folder["id"]
    assert guest.api.post("/documents", json={"title": "x", "parent": 99999999}).status_code == 403


def test_copy_from_a_template(actors, server):
    user = actors.user(CONTENT)
    template = user.new_document("Template", product="lucidspark")
    with server.store.write() as conn:
        conn.execute(sa.update(t.documents).where(t.documents.c.id == template["documentId"]).values(page_count=4))
    copy = user.api.post("/documents", json={"title": "Copy", "template": template["documentId"]})
    assert copy.status_code == 201
    assert copy.json()["pageCount"] == 4 and copy.json()["product"] == "lucidspark"
    assert copy.json()["documentId"] != template["documentId"]
    mismatch = user.api.post("/documents", json={"title": "Copy", "template": template["documentId"], "product": "lucidchart"})
    assert mismatch.status_code == 400
    stranger = actors.user(CONTENT)
    assert stranger.api.post("/documents", json={"title": "x", "template": template["documentId"]}).status_code == 403


def test_collaborators_are_not_copied_with_a_template(actors):
    user = actors.user([*CONTENT, "lucidchart.document.content.share.collaborator"])
    mate = actors.user(account_id=user.account_id)
    template = user.new_document()
    user.api.put(f"/documents/{template['documentId']}/shares/users/{mate.user_id}", json={"role": "edit"})
    copy = user.new_document("copy", template=template["documentId"])
    listed = user.api.get(f"/documents/{copy['documentId']}/shares/users").json()
    assert [c["userId"] for c in listed] == [user.user_id]


@pytest.mark.parametrize("body, status", [
    ({}, 400),
    ({"title": ""}, 400),
    ({"title": 5}, 400),
    ({"title": "x", "product": "lucidpaint"}, 400),
    ({"title": "x", "product": "lucidscale"}, 403),
    ({"title": "x", "parent": "12"}, 400),
    ({"title": "x", "template": "not-a-uuid"}, 400),
    ({"title": "x", "extensionBootstrapData": {"packageId": "p"}}, 400),
    ({"title": "x", "extensionBootstrapData": {"packageId": "p", "extensionName": "e", "minimumVersion": "1.0.0", "data": []}}, 400),
    ({"title": "x", "extensionBootstrapData": {"packageId": "p", "extensionName": "e", "minimumVersion": "1.4.0", "data": {"a": 1}}}, 201),
])
def test_create_validation(actors, body, status):
    user = actors.user(CONTENT)
    response = user.api.post("/documents", json=body)
    assert response.status_code == status, response.text


def test_create_needs_a_scope_for_the_product(actors):
    user = actors.user(["lucidspark.document.content"])
    assert user.api.post("/documents", json={"title": "x"}).status_code == 403
    assert user.api.post("/documents", json={"title": "x", "product": "lucidspark"}).status_code == 201


def test_get_document_with_owner_block(actors):
    user = actors.user(CONTENT)
    doc = user.new_document()
    got = user.api.get(f"/documents/{doc['documentId']}")
    assert got.status_code == 200
    body = got.json()
    assert body["owner"] == {"id": user.user_id, "type": "user", "name": body["owner"]["name"]}
    assert body["owner"]["name"].startswith("Test User")
    assert {k: v for k, v in body.items() if k != "owner"} == doc


def test_documents_in_team_folders_are_owned_by_the_account(actors, server):
    user = actors.user([*CONTENT, "folder"])
    team = admin.create_team_folder(server.store, account_id=user.account_id, name="Team", admin_user_id=user.user_id)
    doc = user.new_document(parent=team["id"])
    owner = user.api.get(f"/documents/{doc['documentId']}").json()["owner"]
    assert owner == {"id": user.account_id, "type": "account"}


def test_get_document_denials_do_not_reveal_existence(actors):
    user = actors.user(CONTENT)
    doc = user.new_document()
    stranger = actors.user(CONTENT)
    mate = actors.user(CONTENT, account_id=user.account_id)
    for caller in (stranger.api, mate.api):
        denied = caller.get(f"/documents/{doc['documentId']}")
        assert denied.status_code == 403
    missing = user.api.get("/documents/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 403 and missing.json()["message"] == denied.json()["message"]
    assert user.api.get("/documents/nope").status_code == 400


def test_account_tokens_read_documents_on_their_account(actors):
    user = actors.user(CONTENT)
    doc = user.new_document()
    account = actors.account(["lucidchart.document.content:readonly"], account_id=user.account_id)
    got = account.api.get(f"/documents/{doc['documentId']}")
    assert got.status_code == 200 and got.json()["canEdit"] is False
    other = actors.account(["lucidchart.document.content"])
    assert other.api.get(f"/documents/{doc['documentId']}").status_code == 403


def test_can_edit_follows_role_and_scope(actors):
    owner = actors.user([*CONTENT, "lucidchart.document.content.share.collaborator"])
    viewer = actors.user(CONTENT, account_id=owner.account_id)
    doc = owner.new_document()
    owner.api.put(f"/documents/{doc['documentId']}/shares/users/{viewer.user_id}", json={"role": "comment"})
    assert viewer.api.get(f"/documents/{doc['documentId']}").json()["canEdit"] is False
    readonly = owner.another_token(["lucidchart.document.content:readonly"])
    assert readonly.get(f"/documents/{doc['documentId']}").json()["canEdit"] is False


def test_trash_document(actors):
    owner = actors.user([*CONTENT, "lucidchart.document.content.share.collaborator"])
    editor = actors.user(CONTENT, account_id=owner.account_id)
    doc = owner.new_document()
    owner.api.put(f"/documents/{doc['documentId']}/shares/users/{editor.user_id}", json={"role": "editandshare"})
    assert editor.api.post(f"/documents/{doc['documentId']}/trash").status_code == 403
    for _ in range(2):  # already trashed is fine
        response = owner.api.post(f"/documents/{doc['documentId']}/trash")
        assert response.status_code == 204 and response.content == b""
    assert owner.api.get(f"/documents/{doc['documentId']}").json()["trashed"].endswith("Z")
    assert editor.api.get(f"/documents/{doc['documentId']}").status_code == 200  # others keep access


def test_team_folder_editors_may_trash(actors, server):
    user = actors.user([*CONTENT, "folder"])
    mate = actors.user([*CONTENT, "folder"], account_id=user.account_id)
    team = admin.create_team_folder(server.store, account_id=user.account_id, name="Team", admin_user_id=mate.user_id)
    mate.api.put(f"/folders/{team['id']}/shares/users/{user.user_id}", json={"role": "edit"})
    doc = user.new_document(parent=team["id"])
    assert mate.api.post(f"/documents/{doc['documentId']}/trash").status_code == 204


def _search(caller, body=None, **kw):
    return caller.post("/documents/search", json={} if body is None else body, **kw)


def test_search_by_product_dates_and_keywords(actors, server):
    user = actors.user([*CONTENT, "lucidchart.document.content.share.collaborator"])
    chart = user.new_document("Quarterly plan")
    spark = user.new_document("Brainstorm plan board", product="lucidspark")
    other = user.new_document("Unrelated")
    trashed = user.new_document("Plan in trash")
    user.api.post(f"/documents/{trashed['documentId']}/trash")
    shared_by_mate = actors.user(CONTENT, account_id=user.account_id)
    shared = shared_by_mate.new_document("Plan")
    shared_by_mate.another_token(["lucidchart.document.content.share.collaborator"]).put(
        f"/documents/{shared['documentId']}/shares/users/{user.user_id}", json={"role": "view"})
    search = user.another_token(["lucidchart.document.content:readonly", "lucidspark.document.content:readonly"])

    everything = [d["documentId"] for d in _search(search).json()]
    assert set(everything) == {chart["documentId"], spark["documentId"], other["documentId"], shared["documentId"]}
    only_spark = _search(search, {"product": ["lucidspark"]}).json()
    assert [d["documentId"] for d in only_spark] == [spark["documentId"]]
    ranked = [d["title"] for d in _search(search, {"keywords": "plan"}).json()]
    assert ranked[0] == "Plan" and set(ranked) == {"Plan", "Quarterly plan", "Brainstorm plan board"}
    assert _search(search, {"createdStartTime": "2999-01-01T00:00:00+02:00"}).json() == []
    assert len(_search(search, {"createdEndTime": "2999-01-01T00:00:00Z", "lastModifiedAfter": "2000-01-01T00:00:00Z"}).json()) == 4


def test_search_pages_and_validation(actors):
    user = actors.user(CONTENT)
    for n in range(3):
        user.new_document(f"D{n}")
    search = user.another_token(["lucidchart.document.content:readonly"])
    first = _search(search, params={"pageSize": 2})
    assert len(first.json()) == 2 and 'rel="next"' in first.headers["link"]
    token = first.headers["link"].split("pageToken=")[1].split(">")[0]
    last = _search(search, params={"pageSize": 2, "pageToken": token})
    assert len(last.json()) == 1 and "link" not in last.headers
    assert search.post("/documents/search").status_code == 400  # no body
    assert _search(search, {"product": ["lucidspark"]}).status_code == 403
    assert _search(search, {"product": "lucidchart"}).status_code == 400
    assert _search(search, {"createdStartTime": "yesterday"}).status_code == 400
    assert _search(search, {"createdStartTime": "2021-01-01T00:00:00"}).status_code == 400  # no zone
    assert _search(search, params={"pageToken": "garbage!"}).status_code == 400
    assert _search(search, params={"pageSize": "0"}).status_code == 400
