"""An embed session with an embed id: the viewer (the embed's viewer type; a snapshot shows the
version it was made from), or first the settings (`ui: settings`), which fire SettingsClosed and,
with `customSettings: postMessage`, offer "Settings for <app>" (OpenCustomSettings)."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from PIL import Image

from pellucid.server.documents.model import Content, Page
from pellucid.server.store import document_contents
from tests.documents.models import shape, tv6
from tests.oauth.flow import browser
from tests.rest.conftest import Actor

from .sessions import APP_ORIGIN, EMBED_SCOPES, frame_ancestors, messages, open_embed, submit

pytestmark = pytest.mark.wire


def _document(user: Actor, title: str = "Embedded") -> str:
    """A document of the user's holding spec TV6's pages ("One": A, B and note; "Two": empty)."""
    document_id = user.new_document(title)["documentId"]
    _save(user, document_id, tv6())
    return document_id


def _save(user: Actor, document_id: str, content: Content) -> None:
    with user.server.store.write() as conn:
        document_contents.save(conn, document_id, content, user.user_id)


def _embed(user: Actor, document_id: str, version: str = "latest-version") -> str:
    created = user.api.post(f"/documents/{document_id}/embeds", json={"embedVersion": version})
    assert created.status_code == 201, created.text
    return created.json()["embedId"]


def _link(page, text: str) -> str:
    return unescape(re.search(rf'<a href="([^"]+)"[^>]*>{text}</a>', page.text).group(1))


def test_the_viewer_of_an_embed_framed_by_the_sessions_origin(actors):
    user = actors.user(EMBED_SCOPES)
    document_id = _document(user, "Quarterly plan")
    viewer = open_embed(user, embedId=_embed(user, document_id))
    assert viewer.status_code == 200, viewer.text
    assert "<svg" in viewer.text and ">A<" in viewer.text and ">note<" in viewer.text
    assert "Quarterly plan" in viewer.text
    assert frame_ancestors(viewer) == f"frame-ancestors {APP_ORIGIN}"
    assert '<header class="site">' not in viewer.text  # framed: nothing of the site around it
    second = browser(user.server).get(_link(viewer, "Two"))  # the page tabs keep the session
    assert second.status_code == 200 and ">A<" not in second.text
    assert frame_ancestors(second) == f"frame-ancestors {APP_ORIGIN}"


def test_the_simple_viewer_by_the_sessions_default_and_its_image(actors):
    user = actors.user(EMBED_SCOPES)
    embed_id = _embed(user, _document(user))
    viewer = open_embed(user, embedId=embed_id, sessionConfig={"viewerType": {"default": "simple"}})
    assert viewer.status_code == 200 and "<svg" not in viewer.text
    source = unescape(re.search(r'<img src="([^"]+)"', viewer.text).group(1))
    image = browser(user.server).get(source)
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(image.content)).size == (1632, 2112)


def test_a_snapshot_embed_shows_the_version_it_was_made_from(actors):
    user = actors.user(EMBED_SCOPES)
    document_id = _document(user, "Before")
    snapshot = _embed(user, document_id, "snapshot-version")
    latest = _embed(user, document_id)
    _save(user, document_id, Content(pages=[Page(id="n1", title="Rewritten",
                                                 shapes=[shape("z", "rectangle", 10, 10, 50, 50, "Changed")])]))
    old = open_embed(user, embedId=snapshot)
    assert ">A<" in old.text and ">Changed<" not in old.text and ">Two</a>" in old.text
    new = open_embed(user, embedId=latest)
    assert ">Changed<" in new.text and ">A<" not in new.text


def test_a_deleted_embed_fails_to_load_in_its_frame(actors):
    user = actors.user(EMBED_SCOPES)
    document_id = _document(user)
    embed_id = _embed(user, document_id)
    token_page = open_embed(user, embedId=embed_id)
    assert user.api.delete(f"/documents/{document_id}/embeds/{embed_id}").status_code == 204
    gone = browser(user.server).get(_link(token_page, "Two"))
    assert gone.status_code == 404 and "This embed is not available" in gone.text
    assert frame_ancestors(gone) == f"frame-ancestors {APP_ORIGIN}"


def test_the_viewer_shows_nothing_its_owner_can_no_longer_read(actors, server):
    owner = actors.user(EMBED_SCOPES)
    document_id = _document(owner)
    collaborator = actors.user(EMBED_SCOPES, account_id=owner.account_id)
    shared = owner.api.put(f"/documents/{document_id}/shares/users/{collaborator.user_id}", json={"role": "view"})
    assert shared.status_code in (200, 201), shared.text
    embed_id = _embed(collaborator, document_id)
    assert open_embed(collaborator, embedId=embed_id).status_code == 200
    assert owner.api.delete(f"/documents/{document_id}/shares/users/{collaborator.user_id}").status_code == 204
    refused = open_embed(collaborator, embedId=embed_id)
    assert refused.status_code == 404 and ">A<" not in refused.text


def test_settings_first_then_settings_closed_and_the_viewer(actors):
    user = actors.user(EMBED_SCOPES)
    document_id = _document(user)
    embed_id = _embed(user, document_id)
    settings = open_embed(user, embedId=embed_id, sessionConfig={"ui": "settings", "customSettings": "none"})
    assert settings.status_code == 200 and "Embed settings" in settings.text
    assert "Settings for" not in settings.text  # customSettings: none
    assert messages(settings) == []
    unchanged = submit(user, settings, action="save-settings", viewerType="rich", embedVersion="latest-version")
    assert [m["event"] for m in messages(unchanged)] == ["SettingsClosed"]
    assert messages(unchanged)[0] == {"type": "LucidEmbedEvent", "event": "SettingsClosed",
                                      "settingsUpdated": False, "_to": APP_ORIGIN}
    changed = submit(user, settings, action="save-settings", viewerType="simple", embedVersion="snapshot-version")
    assert messages(changed)[0]["settingsUpdated"] is True
    viewer = browser(user.server).get(_link(changed, "Open the document"))  # where the frame moves on to
    assert viewer.status_code == 200 and "<img src=" in viewer.text and "<svg" not in viewer.text
    embed = user.api.get(f"/documents/{document_id}/embeds/{embed_id}").json()
    assert embed["embedVersion"] == "snapshot-version"


def test_custom_settings_offer_the_apps_settings_link(actors, server):
    user = actors.user(EMBED_SCOPES)
    embed_id = _embed(user, _document(user))
    settings = open_embed(user, embedId=embed_id, sessionConfig={"ui": "settings", "customSettings": "postMessage"})
    assert re.search(r">Settings for client \d+</button>", settings.text)  # the app's registered name
    assert 'data-lucid-event="OpenCustomSettings"' in settings.text
    assert '"onClick": {"OpenCustomSettings": {"event": "OpenCustomSettings", "type": "LucidEmbedEvent"}}' in settings.text


def test_settings_forms_are_checked(actors):
    user = actors.user(EMBED_SCOPES)
    embed_id = _embed(user, _document(user))
    settings = open_embed(user, embedId=embed_id, sessionConfig={"ui": "settings"})
    assert submit(user, settings, action="save-settings", viewerType="fancy",
                  embedVersion="latest-version").status_code == 400
    assert submit(user, settings, action="save-settings", viewerType="rich", embedVersion="latest-version",
                  csrf="forged").status_code == 403



def test_an_account_tokens_embed_opens_for_that_account_only(actors):
    user = actors.user(EMBED_SCOPES)
    document_id = _document(user, "Account doc")
    account = actors.account(["lucidchart.document.content.share.embed", "lucidchart.document.app.picker.share.embed"],
                             account_id=user.account_id)
    embed_id = _embed(account, document_id)
    viewer = open_embed(account, embedId=embed_id)
    assert viewer.status_code == 200 and ">A<" in viewer.text
    stranger = actors.account(["lucidchart.document.app.picker.share.embed"])
    assert stranger.api.post("/embeds/token", json={"origin": APP_ORIGIN, "embedId": embed_id}).status_code == 403
