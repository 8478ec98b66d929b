"""Collaborators: roles on documents and folders, groups, inheritance through folders, direct
access taking priority, the untouchable owner, and the `owner`-in-a-PUT 400."""

import pytest

from pellucid.server import admin

pytestmark = pytest.mark.wire

SHARE = ["lucidchart.document.content", "lucidchart.document.content.share.collaborator", "folder"]


def test_document_user_collaborator_lifecycle(actors):
    owner = actors.user(SHARE)
    mate = actors.user(SHARE, account_id=owner.account_id)
    doc = owner.new_document()
    url = f"/documents/{doc['documentId']}/shares/users"
    created = owner.api.put(f"{url}/{mate.user_id}", json={"role": "comment"})
    assert created.status_code == 201
    assert created.json() == {"documentId": doc["documentId"], "userId": mate.user_id, "role": "comment",
                              "created": created.json()["created"]}
    updated = owner.api.put(f"{url}/{mate.user_id}", json={"role": "edit"})
    assert updated.status_code == 200 and updated.json()["role"] == "edit"
    assert updated.json()["created"] == created.json()["created"]
    assert owner.api.get(f"{url}/{mate.user_id}").json()["role"] == "edit"
    me = owner.api.get(f"{url}/{owner.user_id}").json()
    assert me["role"] == "owner" and me["created"] == doc["created"]
    listed = owner.api.get(url).json()
    assert [(c["userId"], c["role"]) for c in listed] == [(owner.user_id, "owner"), (mate.user_id, "edit")]
    assert owner.api.delete(f"{url}/{mate.user_id}").status_code == 204
    assert owner.api.get(f"{url}/{mate.user_id}").status_code == 404
    assert owner.api.delete(f"{url}/{mate.user_id}").status_code == 204


def test_owner_is_untouchable_and_owner_role_is_a_400(actors):
    owner = actors.user(SHARE)
    doc = owner.new_document()
    url = f"/documents/{doc['documentId']}/shares/users"
    mate = actors.user(SHARE, account_id=owner.account_id)
    quirk = owner.api.put(f"{url}/{mate.user_id}", json={"role": "owner"})
    assert quirk.status_code == 400 and quirk.json()["code"] == "badRequest"
    assert owner.api.put(f"{url}/{owner.user_id}", json={"role": "view"}).status_code == 403
    assert owner.api.delete(f"{url}/{owner.user_id}").status_code == 403
    for body in ({"role": "boss"}, {}, {"role": None}):
        assert owner.api.put(f"{url}/{mate.user_id}", json=body).status_code == 400
    assert owner.api.put(f"{url}/abc", json={"role": "view"}).status_code == 400
    assert owner.api.put(f"{url}/987654321", json={"role": "view"}).status_code == 404


def test_only_editandshare_may_change_collaborators(actors):
    owner = actors.user(SHARE)
    editor = actors.user(SHARE, account_id=owner.account_id)
    third = actors.user(SHARE, account_id=owner.account_id)
    doc = owner.new_document()
    url = f"/documents/{doc['documentId']}/shares/users"
    owner.api.put(f"{url}/{editor.user_id}", json={"role": "edit"})
    assert editor.api.get(url).status_code == 200
    assert editor.api.put(f"{url}/{third.user_id}", json={"role": "view"}).status_code == 403
    owner.api.put(f"{url}/{editor.user_id}", json={"role": "editandshare"})
    assert editor.api.put(f"{url}/{third.user_id}", json={"role": "view"}).status_code == 201
    assert third.api.get(url).status_code == 200
    assert actors.user(SHARE).api.get(url).status_code == 403  # no access at all
    assert owner.api.get("/documents/00000000-0000-4000-8000-000000000000/shares/users").status_code == 403


def test_users_of_other_accounts_can_be_collaborators(actors):
    owner = actors.user(SHARE)
    outsider = actors.user(SHARE)
    doc = owner.new_document()
    owner.api.put(f"/documents/{doc['documentId']}/shares/users/{outsider.user_id}", json={"role": "view"})
    assert outsider.api.get(f"/documents/{doc['documentId']}").status_code == 200


def test_access_is_inherited_through_folders_and_direct_access_wins(actors):
    owner = actors.user(SHARE)
    mate = actors.user(SHARE, account_id=owner.account_id)
    top = owner.new_folder("top")
    sub = owner.new_folder("sub", parent=top["id"])
    doc = owner.new_document(parent=sub["id"])
    doc_url = f"/documents/{doc['documentId']}"
    assert mate.api.get(doc_url).status_code == 403
    owner.api.put(f"/folders/{top['id']}/shares/users/{mate.user_id}", json={"role": "edit"})
    assert mate.api.get(doc_url).json()["canEdit"] is True
    assert mate.api.get(f"/folders/{sub['id']}").status_code == 200
    owner.api.put(f"{doc_url}/shares/users/{mate.user_id}", json={"role": "view"})
    assert mate.api.get(doc_url).json()["canEdit"] is False  # direct view beats inherited edit
    owner.api.delete(f"{doc_url}/shares/users/{mate.user_id}")
    assert mate.api.get(doc_url).json()["canEdit"] is True
    # the greatest role from all enclosing folders counts
    owner.api.put(f"/folders/{top['id']}/shares/users/{mate.user_id}", json={"role": "view"})
    owner.api.put(f"/folders/{sub['id']}/shares/users/{mate.user_id}", json={"role": "editandshare"})
    assert mate.api.get(doc_url).json()["canEdit"] is True
    owner.api.delete(f"/folders/{sub['id']}/shares/users/{mate.user_id}")
    assert mate.api.get(doc_url).json()["canEdit"] is False


def test_folder_user_collaborators_show_direct_access_only(actors):
    owner = actors.user(SHARE)
    mate = actors.user(SHARE, account_id=owner.account_id)
    top = owner.new_folder("top")
    sub = owner.new_folder("sub", parent=top["id"])
    put = owner.api.put(f"/folders/{top['id']}/shares/users/{mate.user_id}", json={"role": "edit"})
    assert put.status_code == 201
    assert put.json() == {"folderId": top["id"], "userId": mate.user_id, "role": "edit", "created": put.json()["created"]}
    assert owner.api.get(f"/folders/{sub['id']}/shares/users/{mate.user_id}").status_code == 404
    assert owner.api.get(f"/folders/{top['id']}/shares/users/{owner.user_id}").json()["role"] == "owner"
    listed = owner.api.get(f"/folders/{top['id']}/shares/users").json()
    assert [(c["userId"], c["role"]) for c in listed] == [(owner.user_id, "owner"), (mate.user_id, "edit")]
    assert [c["userId"] for c in owner.api.get(f"/folders/{sub['id']}/shares/users").json()] == [owner.user_id]
    assert owner.api.put(f"/folders/{top['id']}/shares/users/{owner.user_id}", json={"role": "view"}).status_code == 403
    assert owner.api.put(f"/folders/{top['id']}/shares/users/{mate.user_id}", json={"role": "owner"}).status_code == 400
    assert owner.api.delete(f"/folders/{top['id']}/shares/users/{owner.user_id}").status_code == 403
    assert owner.api.delete(f"/folders/{top['id']}/shares/users/{mate.user_id}").status_code == 204
    assert mate.api.get(f"/folders/{sub['id']}").status_code == 403


def test_folder_group_collaborators(actors, server):
    owner = actors.user(SHARE)
    member = actors.user(SHARE, account_id=owner.account_id)
    group = actors.group(owner.account_id, member.user_id)
    folder = owner.new_folder()
    doc = owner.new_document(parent=folder["id"])
    url = f"/folders/{folder['id']}/shares/groups"
    assert member.api.get(f"/documents/{doc['documentId']}").status_code == 403
    created = owner.api.put(f"{url}/{group}", json={"role": "view"})
    assert created.status_code == 201
    assert created.json() == {"folderId": folder["id"], "groupId": group, "role": "view", "created": created.json()["created"]}
    assert member.api.get(f"/documents/{doc['documentId']}").json()["canEdit"] is False
    assert owner.api.put(f"{url}/{group}", json={"role": "edit"}).status_code == 200
    assert member.api.get(f"/documents/{doc['documentId']}").json()["canEdit"] is True
    assert owner.api.get(f"{url}/{group}").json()["role"] == "edit"
    assert [g["groupId"] for g in owner.api.get(url).json()] == [group]
    # joining a group takes effect at once
    newcomer = actors.user(SHARE, account_id=owner.account_id)
    admin.add_group_member(server.store, group_id=group, user_id=newcomer.user_id)
    assert newcomer.api.get(f"/folders/{folder['id']}").status_code == 200
    assert owner.api.delete(f"{url}/{group}").status_code == 204
    assert owner.api.get(f"{url}/{group}").status_code == 404
    assert member.api.get(f"/documents/{doc['documentId']}").status_code == 403
    assert owner.api.put(f"{url}/{group}", json={"role": "owner"}).status_code == 400


def test_direct_and_group_access_take_the_greater(actors):
    owner = actors.user(SHARE)
    member = actors.user(SHARE, account_id=owner.account_id)
    group = actors.group(owner.account_id, member.user_id)
    folder = owner.new_folder()
    owner.api.put(f"/folders/{folder['id']}/shares/users/{member.user_id}", json={"role": "view"})
    owner.api.put(f"/folders/{folder['id']}/shares/groups/{group}", json={"role": "editandshare"})
    assert member.api.post(f"/folders/{folder['id']}/trash").status_code == 204


def test_groups_must_exist_on_the_folders_account(actors):
    owner = actors.user(SHARE)
    folder = owner.new_folder()
    foreign = actors.group(actors.user().account_id)
    assert owner.api.put(f"/folders/{folder['id']}/shares/groups/{foreign}", json={"role": "view"}).status_code == 403
    assert owner.api.put(f"/folders/{folder['id']}/shares/groups/99999999", json={"role": "view"}).status_code == 403
    assert owner.api.get(f"/folders/{folder['id']}/shares/groups/99999999").status_code == 404


def test_collaborator_lists_page(actors):
    owner = actors.user(SHARE)
    doc = owner.new_document()
    for _ in range(3):
        mate = actors.user(SHARE, account_id=owner.account_id)
        owner.api.put(f"/documents/{doc['documentId']}/shares/users/{mate.user_id}", json={"role": "view"})
    first = owner.api.get(f"/documents/{doc['documentId']}/shares/users?pageSize=3")
    assert len(first.json()) == 3 and first.headers["link"].endswith('rel="next"')
    url = first.headers["link"][1:first.headers["link"].index(">")]
    second = owner.api.get(url)
    assert len(second.json()) == 1 and "link" not in second.headers
