"""Data Service document grants resolve through REST document access: anyone who can reach the
document is admitted, capped at view for those who only view it."""

import sqlalchemy as sa

from pellucid.server.auth import access as grants
from pellucid.server.auth.principal import Principal
from pellucid.server.rest.access import DOCUMENT_GRANTS
from pellucid.server.store import grants as store_grants
from pellucid.server.store import tables as t
from pellucid.server.store.db import now_ms

SHARE = ["lucidchart.document.content", "lucidchart.document.content.share.collaborator", "folder"]


def _principal(actor) -> Principal:
    return Principal("user", actor.account_id, actor.user_id, frozenset({"data-service.admin"}), 0, 0)


def _data_set_with_document_grant(server, document_id: str, role: str) -> int:
    with server.store.write() as conn:
        now = now_ms()
        data_set = conn.execute(sa.insert(t.data_sets).values(name="ds", creator_id=1, created=now, modified=now)
                                .returning(t.data_sets.c.id)).scalar_one()
        conn.execute(sa.insert(t.data_set_grants).values(data_set_id=data_set, permission_type="document",
                                                          identifier=document_id, role=role))
    return data_set


def test_document_grants_follow_document_access(actors, server):
    owner = actors.user(SHARE)
    viewer = actors.user(SHARE)  # another account: document grants reach beyond the account
    editor_via_folder = actors.user(SHARE, account_id=owner.account_id)
    stranger = actors.user(SHARE)
    folder = owner.new_folder()
    doc = owner.new_document(parent=folder["id"])
    owner.api.put(f"/documents/{doc['documentId']}/shares/users/{viewer.user_id}", json={"role": "comment"})
    owner.api.put(f"/folders/{folder['id']}/shares/users/{editor_via_folder.user_id}", json={"role": "edit"})
    data_set = _data_set_with_document_grant(server, doc["documentId"], "edit")
    viewing = _data_set_with_document_grant(server, doc["documentId"], "view")
    with server.store.read() as conn:
        assert grants.data_set_role(conn, _principal(owner), data_set, DOCUMENT_GRANTS) == "edit"
        assert grants.data_set_role(conn, _principal(viewer), data_set, DOCUMENT_GRANTS) == "view"  # capped
        assert grants.data_set_role(conn, _principal(editor_via_folder), data_set, DOCUMENT_GRANTS) == "edit"
        assert grants.data_set_role(conn, _principal(editor_via_folder), viewing, DOCUMENT_GRANTS) == "view"
        assert grants.data_set_role(conn, _principal(stranger), data_set, DOCUMENT_GRANTS) is None
        visible = lambda actor: set(conn.execute(  # noqa: E731
            sa.select(t.data_sets.c.id).where(store_grants.visible_data_sets(grants.grantee(_principal(actor), DOCUMENT_GRANTS)))).scalars())
        assert {data_set, viewing} <= visible(viewer)
        assert data_set not in visible(stranger)


def test_unknown_documents_admit_nobody(actors, server):
    owner = actors.user(SHARE)
    data_set = _data_set_with_document_grant(server, "00000000-0000-4000-8000-000000000000", "edit")
    with server.store.read() as conn:
        assert grants.data_set_role(conn, _principal(owner), data_set, DOCUMENT_GRANTS) is None
