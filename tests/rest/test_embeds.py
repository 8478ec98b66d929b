"""Embeds: the signed session token, and embed create/get/document/changeVersion/delete with
snapshots keeping the title and page count of their moment."""

import jwt
import pytest
import sqlalchemy as sa

from pellucid.server.store import server_state
from pellucid.server.store import tables as t

pytestmark = pytest.mark.wire

SCOPES = ["lucidchart.document.content", "lucidchart.document.content.share.embed",
          "lucidchart.document.app.picker.share.embed"]


def _rename(server, document_id: str, title: str, pages: int) -> None:
    with server.store.write() as conn:
        conn.execute(sa.update(t.documents).where(t.documents.c.id == document_id).values(title=title, page_count=pages))


def test_embed_token_is_a_short_lived_signed_jwt(actors, server):
    user = actors.user(SCOPES)
    response = user.api.post("/embeds/token", json={
        "origin": "https://yourapp.example",
        "sessionConfig": {"products": ["lucidchart", "lucidspark"], "state": "viewer", "customSettings": "postMessage"}})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/jwt"
    token = response.json()
    secret = server_state.get_or_create(server.store, "embed_token_secret")
    claims = jwt.decode(token, secret, algorithms=["HS256"], audience=server.base_url)
    assert claims["token_type"] == "embed" and claims["userId"] == user.user_id
    assert claims["sub"] == user.client_id and claims["origin"] == "https://yourapp.example"
    assert claims["exp"] - claims["iat"] == 600
    assert claims["config"]["products"] == ["lucidchart", "lucidspark"]
    assert "lucidchart.document.app.picker.share.embed" in claims["scopes"]
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, "not the secret, though long enough for HS256", algorithms=["HS256"], audience=server.base_url)


def test_embed_token_validation_and_embed_ids(actors):
    user = actors.user(SCOPES)
    for body in ({}, {"origin": "yourapp"}, {"origin": "https://a.example", "sessionConfig": {"products": ["x"]}},
                 {"origin": "https://a.example", "sessionConfig": {"ui": "popup"}},
                 {"origin": "https://a.example", "embedId": "nope"}):
        assert user.api.post("/embeds/token", json=body).status_code == 400, body
    missing = user.api.post("/embeds/token", json={"origin": "https://a.example",
                                                   "embedId": "00000000-0000-4000-8000-000000000000"})
    assert missing.status_code == 404
    doc = user.new_document()
    embed = user.api.post(f"/documents/{doc['documentId']}/embeds", json={"embedVersion": "latest-version"}).json()
    assert user.api.post("/embeds/token", json={"origin": "https://a.example", "embedId": embed["embedId"]}).status_code == 200
    other = actors.user(SCOPES)
    assert other.api.post("/embeds/token", json={"origin": "https://a.example", "embedId": embed["embedId"]}).status_code == 403


def test_account_tokens_get_embed_tokens(actors):
    account = actors.account(["lucidchart.document.app.picker.share.embed"])
    response = account.api.post("/embeds/token", json={"origin": "https://a.example"})
    assert response.status_code == 200


def test_embed_lifecycle_and_snapshots(actors, server):
    user = actors.user(SCOPES)
    doc = user.new_document("Original")
    url = f"/documents/{doc['documentId']}/embeds"
    snap = user.api.post(url, json={"embedVersion": "snapshot-version"})
    assert snap.status_code == 201
    embed = snap.json()
    assert set(embed) == {"embedId", "documentId", "embedVersion", "created", "modified"}
    assert embed["embedVersion"] == "snapshot-version" and embed["documentId"] == doc["documentId"]
    latest = user.api.post(url, json={"embedVersion": "latest-version"}).json()
    _rename(server, doc["documentId"], "Renamed", 3)
    one = f"{url}/{embed['embedId']}"
    assert user.api.get(one).json() == embed
    assert user.api.get(f"{one}/document").json() == {"embedId": embed["embedId"], "documentId": doc["documentId"],
                                                      "pageCount": 1, "title": "Original"}
    assert user.api.get(f"{url}/{latest['embedId']}/document").json()["title"] == "Renamed"
    changed = user.api.post(f"{one}/changeVersion", json={"embedVersion": "snapshot-version"})
    assert changed.status_code == 200 and changed.json()["embedVersion"] == "snapshot-version"
    assert user.api.get(f"{one}/document").json()["title"] == "Renamed"  # a new snapshot of now
    _rename(server, doc["documentId"], "Again", 5)
    assert user.api.get(f"{one}/document").json()["pageCount"] == 3
    to_latest = user.api.post(f"{one}/changeVersion", json={"embedVersion": "latest-version"}).json()
    assert to_latest["embedVersion"] == "latest-version"
    assert user.api.get(f"{one}/document").json()["pageCount"] == 5
    assert user.api.delete(one).status_code == 204
    assert user.api.get(one).status_code == 403


def test_embed_validation_and_denials(actors):
    user = actors.user(SCOPES)
    doc = user.new_document()
    url = f"/documents/{doc['documentId']}/embeds"
    assert user.api.post(url, json={"embedVersion": "v2"}).status_code == 400
    assert user.api.post(url, json={}).status_code == 400
    embed = user.api.post(url, json={"embedVersion": "latest-version"}).json()
    assert user.api.post(f"{url}/{embed['embedId']}/changeVersion", json={"embedVersion": "old"}).status_code == 400
    other_doc = user.new_document()
    assert user.api.get(f"/documents/{other_doc['documentId']}/embeds/{embed['embedId']}").status_code == 403
    assert user.api.get(f"{url}/00000000-0000-4000-8000-000000000000").status_code == 403
    stranger = actors.user(SCOPES)
    assert stranger.api.get(f"{url}/{embed['embedId']}").status_code == 403
    assert stranger.api.post(url, json={"embedVersion": "latest-version"}).status_code == 403


def test_account_token_embeds_on_the_account(actors):
    user = actors.user(SCOPES)
    doc = user.new_document()
    account = actors.account(["lucidchart.document.content.share.embed"], account_id=user.account_id)
    created = account.api.post(f"/documents/{doc['documentId']}/embeds", json={"embedVersion": "latest-version"})
    assert created.status_code == 201
    assert account.api.get(f"/documents/{doc['documentId']}/embeds/{created.json()['embedId']}").status_code == 200
    # the embed belongs to the account token, not to the document's owner
    assert user.api.get(f"/documents/{doc['documentId']}/embeds/{created.json()['embedId']}").status_code == 403
