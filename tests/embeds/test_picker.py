"""The document picker: it lists what the user may embed in the session's products, searches,
and choosing a document creates the embed, tells the parent (EmbedCreated) and gives the app
that one document through its `document.app.picker` scopes, until the user revokes it."""

from __future__ import annotations

import pytest

from tests.oauth.flow import PASSWORD, browser, csrf
from tests.rest.conftest import Actor
from tests.web.people import signed_in

from .sessions import APP_ORIGIN, EMBED_SCOPES, fields, messages, open_embed, submit

pytestmark = pytest.mark.wire

PICKER_READ = ["lucidchart.document.app.picker:readonly"]


def _user(actors) -> Actor:
    return actors.user(EMBED_SCOPES, password=PASSWORD)


def _choose(user: Actor, document_id: str, version: str = "latest-version", **session) -> dict:
    picker = open_embed(user, **session)
    created = submit(user, picker, action="choose", documentId=document_id, embedVersion=version)
    assert created.status_code == 200, created.text
    [message] = messages(created)
    return message


def test_the_picker_lists_the_users_documents_in_the_sessions_products(actors):
    user = _user(actors)
    chart = user.new_document("Roadmap chart")
    board = user.new_document("Retro board", product="lucidspark")
    stranger = actors.user(EMBED_SCOPES).new_document("Someone else's chart")
    everything = open_embed(user).text
    assert chart["documentId"] in everything and board["documentId"] in everything
    assert stranger["documentId"] not in everything
    charts_only = open_embed(user, sessionConfig={"products": ["lucidchart"]}).text
    assert chart["documentId"] in charts_only and board["documentId"] not in charts_only


def test_the_picker_offers_only_products_the_token_may_embed(actors):
    user = actors.user(["lucidspark.document.app.picker.share.embed", "lucidchart.document.content"])
    chart = user.new_document("A chart")
    assert chart["documentId"] not in open_embed(user).text


def test_search_by_title(actors):
    user = _user(actors)
    roadmap = user.new_document("Roadmap 2027")
    other = user.new_document("Org chart")
    found = submit(user, open_embed(user), action="search", search="ROADMAP")
    assert found.status_code == 200
    assert roadmap["documentId"] in found.text and other["documentId"] not in found.text
    none = submit(user, open_embed(user), action="search", search="100%_")
    assert roadmap["documentId"] not in none.text and "No document of yours matches" in none.text


def test_every_form_needs_the_sessions_csrf_value(actors):
    user = _user(actors)
    doc = user.new_document()
    picker = open_embed(user)
    forged = browser(user.server).post("/embeds", data={"token": fields(picker)["token"], "csrf": "forged",
                                                        "action": "choose", "documentId": doc["documentId"],
                                                        "embedVersion": "latest-version"})
    assert forged.status_code == 403
    assert "lucid-embed" in forged.text and '"messages": []' in forged.text  # nothing was created
    assert user.another_token(PICKER_READ).get(f"/documents/{doc['documentId']}").status_code == 403


def test_choosing_creates_the_embed_and_tells_the_parent_only(actors):
    user = _user(actors)
    doc = user.new_document("Picked")
    message = _choose(user, doc["documentId"], "snapshot-version")
    assert set(message) == {"type", "event", "documentId", "embedId", "signature", "_to"}
    assert message["type"] == "LucidEmbedEvent" and message["event"] == "EmbedCreated"
    assert message["documentId"] == doc["documentId"] and message["signature"]
    assert message["_to"] == APP_ORIGIN  # the targetOrigin: the session's origin, never "*"
    embed = user.api.get(f"/documents/{doc['documentId']}/embeds/{message['embedId']}")
    assert embed.status_code == 200, embed.text
    assert embed.json()["embedVersion"] == "snapshot-version"


def test_the_picked_document_and_no_other_becomes_the_apps(actors, server):
    user = _user(actors)
    picked, kept = user.new_document("Picked"), user.new_document("Not picked")
    picker_token = user.another_token(PICKER_READ)
    assert picker_token.get(f"/documents/{picked['documentId']}").status_code == 403  # nothing picked yet
    _choose(user, picked["documentId"])
    assert picker_token.get(f"/documents/{picked['documentId']}").status_code == 200
    assert picker_token.get(f"/documents/{kept['documentId']}").status_code == 403
    other_app = user.another_token(PICKER_READ, client_id=server.oauth_client()["client_id"])
    assert other_app.get(f"/documents/{picked['documentId']}").status_code == 403  # picked for one app only
    assert user.another_token(["lucidspark.document.app.picker:readonly"]).get(
        f"/documents/{picked['documentId']}").status_code == 403  # through that product's scopes only


def test_a_document_the_user_cannot_view_cannot_be_picked(actors):
    user = _user(actors)
    foreign = actors.user(EMBED_SCOPES).new_document("Not yours")
    board = user.new_document("A board", product="lucidspark")
    for document_id, session in ((foreign["documentId"], {}),
                                 (board["documentId"], {"sessionConfig": {"products": ["lucidchart"]}})):
        refused = submit(user, open_embed(user, **session), action="choose", documentId=document_id,
                         embedVersion="latest-version")
        assert refused.status_code == 403
        assert "cannot be embedded here" in refused.text and '"messages": []' in refused.text
        assert user.another_token(["lucidchart.document.app.picker:readonly",
                                   "lucidspark.document.app.picker:readonly"]).get(
            f"/documents/{document_id}").status_code == 403


def test_bad_choices_are_clear_400s(actors):
    user = _user(actors)
    doc = user.new_document()
    assert submit(user, open_embed(user), action="choose", documentId="nope",
                  embedVersion="latest-version").status_code == 400
    assert submit(user, open_embed(user), action="choose", documentId=doc["documentId"],
                  embedVersion="forever").status_code == 400


def test_the_user_revokes_a_picked_document(actors, server):
    user = _user(actors)
    doc, other = user.new_document("Picked"), user.new_document("Also picked")
    _choose(user, doc["documentId"])
    _choose(user, other["documentId"])
    picker_token = user.another_token(PICKER_READ)
    person = signed_in(server, {"email": _email(server, user)}, "/embeds/access")
    listing = person.get("/embeds/access")
    assert listing.status_code == 200 and "Picked" in listing.text
    assert listing.headers["x-frame-options"] == "DENY"
    form = {"csrf_token": csrf(listing), "clientId": user.client_id, "documentId": doc["documentId"]}
    assert person.post("/embeds/access", data={**form, "csrf_token": "forged"}).status_code == 403
    assert picker_token.get(f"/documents/{doc['documentId']}").status_code == 200
    revoked = person.post("/embeds/access", data=form)
    assert revoked.status_code == 303 and revoked.headers["location"] == "/embeds/access"
    assert picker_token.get(f"/documents/{doc['documentId']}").status_code == 403
    assert picker_token.get(f"/documents/{other['documentId']}").status_code == 200  # only that one
    assert person.post("/embeds/access", data=form).status_code == 404  # nothing left to revoke


def test_revoking_needs_a_signed_in_person_and_their_own_picks(actors, server):
    user = _user(actors)
    doc = user.new_document()
    _choose(user, doc["documentId"])
    anonymous = browser(server).get("/embeds/access")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login?next=")
    intruder = actors.user(EMBED_SCOPES, password=PASSWORD)
    person = signed_in(server, {"email": _email(server, intruder)}, "/embeds/access")
    page = person.get("/embeds/access")
    assert doc["documentId"] not in page.text
    refused = person.post("/embeds/access", data={"csrf_token": csrf(page), "clientId": user.client_id,
                                                  "documentId": doc["documentId"]})
    assert refused.status_code == 404
    assert user.another_token(PICKER_READ).get(f"/documents/{doc['documentId']}").status_code == 200


def test_account_sessions_have_no_picker(actors):
    account = actors.account(["lucidchart.document.app.picker.share.embed", "lucidchart.document.content"])
    page = open_embed(account)
    assert page.status_code == 200 and "made from a user token" in page.text


def _email(server, actor: Actor) -> str:
    profile = actor.another_token(["user.profile"]).get("/users/me/profile")
    assert profile.status_code == 200, profile.text
    return profile.json()["email"]


def test_trashed_documents_are_not_offered(actors):
    user = _user(actors)
    kept, trashed = user.new_document("Kept"), user.new_document("Trashed")
    assert user.api.post(f"/documents/{trashed['documentId']}/trash").status_code in (200, 204)
    listing = open_embed(user).text
    assert kept["documentId"] in listing and trashed["documentId"] not in listing


def test_picking_twice_makes_two_embeds_and_one_grant_that_one_revoke_ends(actors, server):
    user = _user(actors)
    doc = user.new_document("Twice")
    first, second = _choose(user, doc["documentId"]), _choose(user, doc["documentId"])
    assert first["embedId"] != second["embedId"]
    person = signed_in(server, {"email": _email(server, user)}, "/embeds/access")
    listing = person.get("/embeds/access")
    assert listing.text.count(f'value="{doc["documentId"]}"') == 1
    assert person.post("/embeds/access", data={"csrf_token": csrf(listing), "clientId": user.client_id,
                                               "documentId": doc["documentId"]}).status_code == 303
    assert user.another_token(PICKER_READ).get(f"/documents/{doc['documentId']}").status_code == 403
    assert user.api.get(f"/documents/{doc['documentId']}/embeds/{first['embedId']}").status_code == 200  # kept
