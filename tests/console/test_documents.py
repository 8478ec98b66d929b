"""The home page lists the user's documents and folders and what others share with them, each
document opening the viewer at its viewUrl; a folder page lists what `GET /folders/{id}/contents`
would, behind the same access check."""

from __future__ import annotations

import pytest

from pellucid.server import admin
from pellucid.server.store import collaborators

from .people import person


def _document(who, title: str, parent: int | None = None) -> dict:
    created = who.api.post("/documents", json={"title": title, "product": "lucidchart",
                                               **({"parent": parent} if parent else {})})
    assert created.status_code == 201, created.text
    return created.json()


def _folder(who, name: str) -> int:
    created = who.api.post("/folders", json={"name": name})
    assert created.status_code == 201, created.text
    return created.json()["id"]


@pytest.mark.wire
def test_home_lists_own_and_shared_documents_opening_the_viewer(server):
    ann = person(server)
    bob = person(server, ann.user["accountId"])
    plan = _document(ann, "Floor plan")
    folder_id = _folder(ann, "Projects")
    inside = _document(ann, "Roadmap", parent=folder_id)
    shared = _document(bob, "Bob's chart")
    with server.store.write() as conn:
        collaborators.put(conn, collaborators.DOCUMENT_USERS, shared["documentId"], ann.id, "view")
    team = admin.create_team_folder(server.store, account_id=ann.user["accountId"], name="Team space",
                                    admin_user_id=ann.id)

    home = ann.page("/").text
    view = plan["viewUrl"].removeprefix(server.base_url)
    assert f'<a href="{view}">Floor plan</a>' in home
    assert f'href="/console/folders/{folder_id}">Projects</a>' in home
    assert "Roadmap" not in home  # inside its folder
    assert f'href="{shared["viewUrl"].removeprefix(server.base_url)}">Bob&#39;s chart</a>' in home
    assert f'href="/console/folders/{team["id"]}">Team space</a>' in home

    folder = ann.page(f"/console/folders/{folder_id}")
    assert folder.status_code == 200
    assert f'href="{inside["viewUrl"].removeprefix(server.base_url)}">Roadmap</a>' in folder.text

    bob_home = bob.page("/").text
    assert "Floor plan" not in bob_home and "Projects" not in bob_home
    refused = bob.page(f"/console/folders/{folder_id}")
    api = bob.api.get(f"/folders/{folder_id}/contents")
    assert refused.status_code == api.status_code == 403
    assert "Roadmap" not in refused.text
