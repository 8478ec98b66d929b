"""REST namespaces of the SDK against the server's REST API: accounts, users, documents, folders,
collaborators, share links, embeds, transfer and describeLink, with their typed models."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from pellucid.sdk import (
    NOT_GIVEN,
    BadRequestError,
    ConflictError,
    Lucid,
    NotFoundError,
    PermissionDeniedError,
)
from pellucid.sdk.models import (
    Account,
    Document,
    DocumentCollaborator,
    Embed,
    EmbedDocument,
    Folder,
    FolderCollaborator,
    FolderContent,
    FolderGroupCollaborator,
    LinkDescription,
    LinkSecurity,
    Profile,
    ShareLink,
    User,
)
from pellucid.server import admin

from .conftest import ALL_DOCS, Env

pytestmark = pytest.mark.wire

SHARING = [*ALL_DOCS, "folder", "lucidchart.document.content.share.collaborator",
           "lucidchart.document.content.share.link", "lucidchart.document.content.share.embed",
           "lucidchart.document.app.picker.share.embed"]


def user_client(env: Env, scopes: list[str] | None = None, account_id: int | None = None) -> tuple[Lucid, dict]:
    user = env.server.user(account_id)
    token = env.server.token(user_id=user["userId"], scopes=scopes or SHARING)
    return env.lucid(token["access_token"]), user


def account_client(env: Env, account_id: int, scopes: list[str]) -> Lucid:
    return env.lucid(env.server.token(account_id=account_id, scopes=scopes)["access_token"])


def test_accounts_and_users(env: Env):
    account = env.server.account("Acme")
    admin_client = account_client(env, account["id"], ["account.info", "account.user", "account.user:readonly"])
    me = admin_client.accounts.me()
    assert isinstance(me, Account) and (me.id, me.name) == (account["id"], "Acme")

    made = admin_client.users.create(email="new.person@acme.test", first_name="New", last_name="Person",
                                     roles=["billing-admin"])
    assert isinstance(made, User) and made.name == "New Person" and made.roles == ["billing-admin"]
    assert made.username == "new.person@acme.test" and made.account_id == account["id"]
    assert admin_client.users.get(made.user_id) == made
    with pytest.raises(ConflictError) as conflict:
        admin_client.users.create(email="new.person@acme.test", first_name="N", last_name="P")
    assert conflict.value.code == "alreadyExists" and conflict.value.request_id

    # Lucid's quirk: an unknown user is 403, not 404.
    with pytest.raises(PermissionDeniedError):
        admin_client.users.get(10**9)

    colleague, user = user_client(env, ["user.profile", "account.user:readonly"], account["id"])
    profile = colleague.users.profile()
    assert isinstance(profile, Profile) and profile.id == user["userId"] and profile.email == user["email"]
    found = colleague.users.search_by_email([made.email.upper(), "nobody@acme.test"])
    assert [p.id for p in found] == [made.user_id] and found[0].full_name == "New Person"


def test_users_list_auto_pages_over_link_headers(env: Env):
    account = env.server.account()
    ids = [env.server.user(account["id"])["userId"] for _ in range(5)]
    client = account_client(env, account["id"], ["account.user:readonly"])
    first = client.users.list(page_size=2)
    assert [u.user_id for u in first.items] == ids[:2] and first.next_page_token
    assert [u.user_id for u in first] == ids
    assert [len(p.items) for p in first.iter_pages()] == [2, 2, 1]
    resumed = client.users.list(page_size=2, page_token=first.next_page_token)
    assert [u.user_id for u in resumed.items] == ids[2:4]


def test_documents(env: Env):
    client, user = user_client(env)
    folder = client.folders.create("Docs")
    doc = client.documents.create(title="Plan", product="lucidchart", parent=folder.id)
    assert isinstance(doc, Document) and doc.title == "Plan" and doc.parent == folder.id
    assert isinstance(doc.created, datetime) and doc.edit_url and doc.can_edit is True
    got = client.documents.get(doc.document_id)
    assert got.owner is not None and got.owner.type == "user" and got.owner.id == user["userId"]
    copy = client.documents.create(title="Copy", template=doc.document_id)
    assert copy.document_id != doc.document_id

    hits = client.documents.search(keywords="plan", product=["lucidchart"],
                                   created_start_time=datetime.now(UTC) - timedelta(hours=1))
    assert [d.document_id for d in hits][:1] == [doc.document_id]
    assert [d.title for d in client.documents.search(page_size=1)] == ["Plan", "Copy"]

    described = client.documents.describe_link(f"https://lucid.app/lucidchart/{doc.document_id}/edit?page=0_0")
    assert isinstance(described, LinkDescription) and described.document is not None
    assert (described.document.document_id, described.document.page) == (doc.document_id, "0_0")

    assert client.documents.trash(doc.document_id) is None
    assert client.documents.get(doc.document_id).trashed is not None


def test_folders(env: Env):
    client, _ = user_client(env)
    parent = client.folders.create("Parent")
    child = client.folders.create("Child", parent=parent.id)
    assert isinstance(child, Folder) and (child.type, child.parent) == ("folder", parent.id)
    assert client.folders.get(child.id) == child
    assert client.folders.update(child.id, name="Kid").name == "Kid"
    moved = client.folders.update(child.id, parent=None)  # None moves to the root; NOT_GIVEN keeps it
    assert moved.parent is None and client.folders.update(child.id, name="Kid2", parent=NOT_GIVEN).parent is None

    client.documents.create(title="Inside", parent=parent.id)
    contents = list(client.folders.contents(parent.id))
    assert [(c.type, c.name) for c in contents] == [("document", "Inside")]
    assert isinstance(contents[0], FolderContent) and contents[0].product == "lucidchart"
    assert {c.name for c in client.folders.contents("root")} >= {"Parent", "Kid2"}
    assert [f.name for f in client.folders.search(keywords="parent")] == ["Parent"]

    client.folders.trash(parent.id)
    assert client.folders.get(parent.id).trashed is not None
    client.folders.restore(parent.id)
    assert client.folders.get(parent.id).trashed is None


def test_document_and_folder_collaborators(env: Env):
    owner, owner_user = user_client(env)
    mate, mate_user = user_client(env, account_id=owner_user["accountId"])
    doc = owner.documents.create(title="Shared")
    added = owner.documents.collaborators.put(doc.document_id, mate_user["userId"], "edit")
    assert isinstance(added, DocumentCollaborator) and added.role == "edit" and isinstance(added.created, datetime)
    assert owner.documents.collaborators.get(doc.document_id, mate_user["userId"]).role == "edit"
    assert [(c.user_id, c.role) for c in owner.documents.collaborators.list(doc.document_id)] == [
        (owner_user["userId"], "owner"), (mate_user["userId"], "edit")]
    assert mate.documents.get(doc.document_id).can_edit is True
    with pytest.raises(BadRequestError):  # owner cannot be given
        owner.documents.collaborators.put(doc.document_id, mate_user["userId"], "owner")  # type: ignore[arg-type]
    owner.documents.collaborators.delete(doc.document_id, mate_user["userId"])
    with pytest.raises(PermissionDeniedError):
        mate.documents.get(doc.document_id)

    folder = owner.folders.create("Team stuff")
    grant = owner.folders.collaborators.put(folder.id, mate_user["userId"], "view")
    assert isinstance(grant, FolderCollaborator) and grant.folder_id == folder.id
    assert [c.user_id for c in owner.folders.collaborators.list(folder.id)] == [owner_user["userId"], mate_user["userId"]]
    assert owner.folders.collaborators.get(folder.id, mate_user["userId"]).role == "view"
    owner.folders.collaborators.delete(folder.id, mate_user["userId"])
    assert [c.user_id for c in owner.folders.collaborators.list(folder.id)] == [owner_user["userId"]]

    group = admin.create_group(env.server.store, account_id=owner_user["accountId"], name="Crew")["id"]
    admin.add_group_member(env.server.store, group_id=group, user_id=mate_user["userId"])
    team = owner.folders.group_collaborators.put(folder.id, group, "edit")
    assert isinstance(team, FolderGroupCollaborator) and (team.group_id, team.role) == (group, "edit")
    assert owner.folders.group_collaborators.get(folder.id, group).role == "edit"
    assert [g.group_id for g in owner.folders.group_collaborators.list(folder.id)] == [group]
    owner.folders.group_collaborators.delete(folder.id, group)
    assert list(owner.folders.group_collaborators.list(folder.id)) == []


def test_share_links(env: Env):
    client, user = user_client(env)
    doc = client.documents.create(title="Linked")
    expires = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    link = client.share_links.create(doc.document_id, role="view",
                                     link_security=LinkSecurity(passcode="s3cret", expires=expires))
    assert isinstance(link, ShareLink) and link.role == "view" and link.created_by == user["userId"]
    assert link.link_security is not None and link.link_security.passcode == "s3cret"
    assert link.link_security.expires == expires and link.accept_url
    assert client.share_links.get(doc.document_id, link.share_link_id) == link
    changed = client.share_links.update(doc.document_id, link.share_link_id, role="edit",
                                        link_security={"passcode": None})
    assert changed.role == "edit" and changed.link_security.passcode is None
    assert client.share_links.update(doc.document_id, link.share_link_id).role == "edit"
    client.share_links.delete(doc.document_id, link.share_link_id)
    with pytest.raises(NotFoundError):
        client.share_links.get(doc.document_id, link.share_link_id)


def test_embeds(env: Env):
    client, _ = user_client(env)
    doc = client.documents.create(title="Embedded")
    token = client.embeds.token(origin="https://yourapp.example", session_config={"products": ["lucidchart"]})
    assert token.count(".") == 2 and not token.startswith('"')
    assert client.embeds.viewer_url(token) == f"{env.server.base_url}/embeds?token={token}"

    embed = client.embeds.create(doc.document_id, embed_version="snapshot-version")
    assert isinstance(embed, Embed) and embed.embed_version == "snapshot-version" and isinstance(embed.created, datetime)
    assert client.embeds.get(doc.document_id, embed.embed_id) == embed
    about = client.embeds.get_document(doc.document_id, embed.embed_id)
    assert isinstance(about, EmbedDocument) and about.title == "Embedded"
    latest = client.embeds.change_version(doc.document_id, embed.embed_id, embed_version="latest-version")
    assert latest.embed_version == "latest-version"
    client.embeds.delete(doc.document_id, embed.embed_id)
    with pytest.raises(PermissionDeniedError):
        client.embeds.get(doc.document_id, embed.embed_id)
    assert token != client.embeds.token(origin="https://yourapp.example", embed_id=None)  # fresh each time


def test_transfer_user_content(env: Env):
    account = env.server.account()
    leaver, leaver_user = user_client(env, account_id=account["id"])
    heir_user = env.server.user(account["id"])
    doc = leaver.documents.create(title="Handover")
    admin_client = account_client(env, account["id"], ["account.user.transfercontent", *ALL_DOCS])
    assert admin_client.users.transfer_content(from_user=leaver_user["email"], to_user=heir_user["email"]) is None
    heir = env.lucid(env.server.token(user_id=heir_user["userId"], scopes=ALL_DOCS)["access_token"])
    assert heir.documents.get(doc.document_id).creator_id == leaver_user["userId"]
    with pytest.raises(BadRequestError):
        admin_client.users.transfer_content(from_user=heir_user["email"], to_user=heir_user["email"])


def test_rest_requests_carry_the_version_header(env: Env):
    seen: list[httpx.Request] = []
    client, _ = user_client(env, ["user.profile"])
    spy = env.lucid(client.token_provider.access_token,  # type: ignore[union-attr]
                    http_client=httpx.Client(transport=env.server.client._transport,
                                             event_hooks={"request": [seen.append]}))
    spy.users.profile()
    assert seen[0].headers["Lucid-Api-Version"] == "1" and seen[0].headers["Authorization"].startswith("Bearer ")
    assert seen[0].url.path == "/users/me/profile"
