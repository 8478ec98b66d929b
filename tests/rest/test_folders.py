"""Folders: get, create, update/move rules, team folders, trash/restore of subtrees, search,
contents, root contents and shortcuts."""

import pytest

from pellucid.server import admin

pytestmark = pytest.mark.wire

DOCS = ["lucidchart.document.content"]


def test_create_and_get_folder(actors):
    user = actors.user(["folder"])
    folder = user.new_folder("Plans")
    assert folder == {"id": folder["id"], "type": "folder", "name": "Plans", "parent": None,
                      "created": folder["created"], "trashed": None}
    child = user.new_folder("Q1", parent=folder["id"])
    assert child["parent"] == folder["id"]
    assert user.api.get(f"/folders/{child['id']}").json() == child
    readonly = user.another_token(["folder:readonly"])
    assert readonly.get(f"/folders/{child['id']}").status_code == 200
    assert readonly.post("/folders", json={"name": "x"}).status_code == 403


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": 3}, {"name": "x", "type": "team"},
                                  {"name": "x", "type": "box"}, {"name": "x", "parent": "1"}])
def test_create_folder_validation(actors, body):
    assert actors.user(["folder"]).api.post("/folders", json=body).status_code == 400


def test_create_in_someone_elses_folder_needs_edit(actors):
    owner = actors.user(["folder"])
    folder = owner.new_folder()
    guest = actors.user(["folder"], account_id=owner.account_id)
    assert guest.api.post("/folders", json={"name": "x", "parent": folder["id"]}).status_code == 403
    owner.api.put(f"/folders/{folder['id']}/shares/users/{guest.user_id}", json={"role": "edit"})
    assert guest.api.post("/folders", json={"name": "x", "parent": folder["id"]}).status_code == 201


def test_get_folder_denials(actors):
    user = actors.user(["folder"])
    folder = user.new_folder()
    stranger = actors.user(["folder"])
    assert stranger.api.get(f"/folders/{folder['id']}").status_code == 403
    assert user.api.get("/folders/99999999").status_code == 403
    assert user.api.get("/folders/x1").status_code == 400
    account = actors.account(["folder:readonly"], account_id=user.account_id)
    assert account.api.get(f"/folders/{folder['id']}").status_code == 200
    assert actors.account(["folder:readonly"]).api.get(f"/folders/{folder['id']}").status_code == 403


def test_rename_and_move(actors):
    user = actors.user(["folder"])
    a, b = user.new_folder("A"), user.new_folder("B")
    moved = user.api.patch(f"/folders/{a['id']}", json={"name": "A2", "parent": b["id"]})
    assert moved.status_code == 200
    assert moved.json()["name"] == "A2" and moved.json()["parent"] == b["id"]
    back = user.api.patch(f"/folders/{a['id']}", json={"parent": None})
    assert back.json()["parent"] is None and back.json()["name"] == "A2"
    assert user.api.patch(f"/folders/{a['id']}", json={"name": "A3"}).json()["parent"] is None


def test_move_rules(actors, server):
    user = actors.user(["folder"])
    outer = user.new_folder("outer")
    inner = user.new_folder("inner", parent=outer["id"])
    assert user.api.patch(f"/folders/{outer['id']}", json={"parent": inner["id"]}).status_code == 400  # cycle
    assert user.api.patch(f"/folders/{outer['id']}", json={"parent": outer["id"]}).status_code == 400
    assert user.api.patch(f"/folders/{outer['id']}", json={"name": 5}).status_code == 400
    assert user.api.patch(f"/folders/{outer['id']}", json={"parent": "x"}).status_code == 400
    team = admin.create_team_folder(server.store, account_id=user.account_id, name="T", admin_user_id=user.user_id)
    assert user.api.patch(f"/folders/{team['id']}", json={"parent": None}).status_code == 400
    assert user.api.patch(f"/folders/{team['id']}", json={"name": "Team 2"}).json()["name"] == "Team 2"
    # editandshare on both ends is needed
    mate = actors.user(["folder"], account_id=user.account_id)
    theirs = mate.new_folder("theirs")
    mate.api.put(f"/folders/{theirs['id']}/shares/users/{user.user_id}", json={"role": "edit"})
    assert user.api.patch(f"/folders/{inner['id']}", json={"parent": theirs["id"]}).status_code == 403
    mate.api.put(f"/folders/{theirs['id']}/shares/users/{user.user_id}", json={"role": "editandshare"})
    assert user.api.patch(f"/folders/{inner['id']}", json={"parent": theirs["id"]}).status_code == 200
    # the mate cannot pull the folder into their own My Documents: it is not theirs
    assert mate.api.patch(f"/folders/{inner['id']}", json={"parent": None}).status_code == 403
    # moving within the team folder tree
    sub = user.new_folder("sub", parent=team["id"])
    sub2 = user.new_folder("sub2", parent=team["id"])
    assert user.api.patch(f"/folders/{sub['id']}", json={"parent": sub2["id"]}).status_code == 200


def test_team_folder_resource_has_no_parent(actors, server):
    user = actors.user(["folder"])
    team = admin.create_team_folder(server.store, account_id=user.account_id, name="T", admin_user_id=user.user_id)
    body = user.api.get(f"/folders/{team['id']}").json()
    assert body["type"] == "team" and "parent" not in body


def test_trash_and_restore_the_whole_subtree(actors):
    user = actors.user(["folder", *DOCS])
    top = user.new_folder("top")
    sub = user.new_folder("sub", parent=top["id"])
    doc = user.new_document("in sub", parent=sub["id"])
    early = user.new_document("trashed before", parent=top["id"])
    user.api.post(f"/documents/{early['documentId']}/trash")
    for _ in range(2):
        assert user.api.post(f"/folders/{top['id']}/trash").status_code == 204
    assert user.api.get(f"/folders/{sub['id']}").json()["trashed"] is not None  # trashed is still visible
    assert user.api.get(f"/documents/{doc['documentId']}").json()["trashed"] is not None
    assert user.api.get("/folders/root/contents").json() == []
    for _ in range(2):
        assert user.api.post(f"/folders/{top['id']}/restore").status_code == 204
    assert user.api.get(f"/folders/{sub['id']}").json()["trashed"] is None
    assert user.api.get(f"/documents/{doc['documentId']}").json()["trashed"] is None
    assert user.api.get(f"/documents/{early['documentId']}").json()["trashed"] is not None
    assert user.api.get(f"/folders/{sub['id']}").json()["parent"] == top["id"]


def test_trash_needs_editandshare(actors):
    owner = actors.user(["folder"])
    folder = owner.new_folder()
    guest = actors.user(["folder"], account_id=owner.account_id)
    owner.api.put(f"/folders/{folder['id']}/shares/users/{guest.user_id}", json={"role": "edit"})
    assert guest.api.post(f"/folders/{folder['id']}/trash").status_code == 403
    assert guest.api.post(f"/folders/{folder['id']}/restore").status_code == 403
    assert actors.user(["folder"]).api.post(f"/folders/{folder['id']}/trash").status_code == 403


def test_contents_and_shortcuts(actors, server):
    user = actors.user(["folder", *DOCS, "lucidspark.document.content"])
    folder = user.new_folder("box")
    sub = user.new_folder("inner", parent=folder["id"])
    doc = user.new_document("paper", parent=folder["id"], product="lucidspark")
    elsewhere = user.new_document("elsewhere")
    other_folder = user.new_folder("other")
    admin.create_shortcut(server.store, folder_id=folder["id"], document_id=elsewhere["documentId"])
    admin.create_shortcut(server.store, folder_id=folder["id"], target_folder_id=other_folder["id"])
    contents = user.api.get(f"/folders/{folder['id']}/contents").json()
    assert contents == [
        {"id": sub["id"], "type": "folder", "name": "inner", "shortcut": False},
        {"id": doc["documentId"], "type": "document", "name": "paper", "shortcut": False, "product": "lucidspark"},
        {"id": elsewhere["documentId"], "type": "document", "name": "elsewhere", "shortcut": True, "product": "lucidchart"},
        {"id": other_folder["id"], "type": "folder", "name": "other", "shortcut": True},
    ]
    page = user.api.get(f"/folders/{folder['id']}/contents?pageSize=3")
    assert len(page.json()) == 3 and "link" in page.headers


def test_shortcuts_grant_no_access(actors, server):
    owner = actors.user(["folder", *DOCS])
    guest = actors.user(["folder", *DOCS], account_id=owner.account_id)
    private = owner.new_document("private")
    shared = owner.new_folder("shared")
    owner.api.put(f"/folders/{shared['id']}/shares/users/{guest.user_id}", json={"role": "editandshare"})
    admin.create_shortcut(server.store, folder_id=shared["id"], document_id=private["documentId"])
    listed = guest.api.get(f"/folders/{shared['id']}/contents").json()
    assert [entry["shortcut"] for entry in listed] == [True]
    assert guest.api.get(f"/documents/{private['documentId']}").status_code == 403


def test_root_contents_only_what_the_caller_owns(actors):
    user = actors.user(["folder", *DOCS])
    mine = user.new_folder("mine")
    doc = user.new_document("mine too")
    user.new_folder("nested", parent=mine["id"])
    mate = actors.user(["folder"], account_id=user.account_id)
    theirs = mate.new_folder("theirs")
    mate.api.put(f"/folders/{theirs['id']}/shares/users/{user.user_id}", json={"role": "view"})
    root = user.api.get("/v1/folders/root/contents").json()
    assert [(e["type"], e["id"]) for e in root] == [("folder", mine["id"]), ("document", doc["documentId"])]


def test_contents_denied_without_access(actors):
    owner = actors.user(["folder"])
    folder = owner.new_folder()
    assert actors.user(["folder"]).api.get(f"/folders/{folder['id']}/contents").status_code == 403


def test_search_folders(actors, server):
    user = actors.user(["folder"])
    training = user.new_folder("Training Material 2023")
    october = user.new_folder("October Training", parent=training["id"])
    user.new_folder("Budget")
    mate = actors.user(["folder"], account_id=user.account_id)
    group = actors.group(user.account_id, user.user_id)
    team = admin.create_team_folder(server.store, account_id=user.account_id, name="Team training", admin_user_id=mate.user_id)
    mate.api.put(f"/folders/{team['id']}/shares/groups/{group}", json={"role": "view"})
    inside_team = mate.new_folder("deep", parent=team["id"])
    hidden = mate.new_folder("Training secrets")
    search = user.another_token(["folder:readonly"])

    everything = {f["id"] for f in search.post("/folders/search", json={}).json()}
    assert {training["id"], october["id"], team["id"], inside_team["id"]} <= everything
    assert hidden["id"] not in everything
    teams = search.post("/folders/search", json={"type": "team"}).json()
    assert [f["id"] for f in teams] == [team["id"]]
    ranked = search.post("/folders/search", json={"keywords": "training material"}).json()
    assert ranked[0]["id"] == training["id"]
    assert {f["id"] for f in ranked} == {training["id"], october["id"], team["id"]}
    assert search.post("/folders/search").status_code == 400
    assert search.post("/folders/search", json={"type": "box"}).status_code == 400
