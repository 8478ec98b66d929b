"""Content storage per document version: blank documents, saved versions (immutable), copies
via `template`, and image blobs stored once by sha256 — on SQLite and PostgreSQL."""

import hashlib
import zlib

import orjson
import pytest
import sqlalchemy as sa

from pellucid.server.documents.model import BoundingBox, Content, DataPair, Page, Shape, TextArea
from pellucid.server.store import document_contents, documents
from pellucid.server.store import tables as t

CONTENT = ["lucidchart.document.content", "lucidspark.document.content"]


def _two_pages() -> Content:
    shape = Shape(id="s1", type="process", class_name="ProcessBlock", bbox=BoundingBox(10, 20, 160, 80),
                  text_areas=[TextArea("Text", "<b>Grüße</b> 日本")])
    return Content(pages=[Page(id="p1", title="One", shapes=[shape]), Page(id="p2", title="Two")])


def test_a_blank_document_is_one_empty_page_version_1_and_complete(actors, server):
    user = actors.user(CONTENT)
    doc = user.new_document("Blank")
    assert doc["status"] == "COMPLETE" and doc["version"] == 1 and doc["pageCount"] == 1
    with server.store.read() as conn:
        content = document_contents.load(conn, doc["documentId"])
    assert [(p.id, p.title, p.shapes, p.lines) for p in content.pages] == [
        (document_contents.blank_page_id(doc["documentId"], 0), "Page 1", [], [])]
    assert content.pages[0].settings.infinite is False


def test_a_blank_lucidspark_board_is_infinite_and_grey(actors, server):
    doc = actors.user(CONTENT).new_document("Board", product="lucidspark")
    with server.store.read() as conn:
        settings = document_contents.load(conn, doc["documentId"]).pages[0].settings
    assert settings.infinite is True and settings.fill == "#f2f3f5"


def test_save_adds_a_version_and_moves_the_document(actors, server):
    user = actors.user(CONTENT)
    doc = user.new_document("Versions")
    document_id = doc["documentId"]
    editor = actors.user(CONTENT, account_id=user.account_id)
    with server.store.write() as conn:
        version = document_contents.save(conn, document_id, _two_pages(), editor.user_id)
    assert version == 2
    resource = user.api.get(f"/documents/{document_id}").json()
    assert resource["version"] == 2 and resource["pageCount"] == 2
    assert resource["lastModifiedUserId"] == editor.user_id and resource["status"] == "COMPLETE"
    with server.store.read() as conn:
        latest = document_contents.load(conn, document_id)
        first = document_contents.load(conn, document_id, version=1)
        again = document_contents.load(conn, document_id, version=7)
    assert latest == _two_pages() == again
    assert latest.pages[0].shapes[0].text_areas[0].html == "<b>Grüße</b> 日本"
    assert len(first.pages) == 1 and first.pages[0].shapes == []  # versions are immutable


def test_a_failed_transaction_leaves_no_version_behind(actors, server):
    doc = actors.user(CONTENT).new_document("Atomic")
    with pytest.raises(RuntimeError):
        with server.store.write() as conn:
            document_contents.save(conn, doc["documentId"], _two_pages(), doc["creatorId"])
            raise RuntimeError("boom")
    with server.store.read() as conn:
        assert document_contents.stored_version(conn, doc["documentId"]) is None
        assert documents.get(conn, doc["documentId"]).version == 1


def test_save_of_an_unknown_document_is_refused(server):
    with pytest.raises(LookupError):
        with server.store.write() as conn:
            document_contents.save(conn, "00000000-0000-4000-8000-000000000000", _two_pages(), 1)


def test_a_copy_via_template_copies_the_content(actors, server):
    user = actors.user(CONTENT)
    template = user.new_document("Template")
    with server.store.write() as conn:
        document_contents.save(conn, template["documentId"], _two_pages(), user.user_id)
    copy = user.api.post("/documents", json={"title": "Copy", "template": template["documentId"]})
    assert copy.status_code == 201, copy.text
    body = copy.json()
    assert body["pageCount"] == 2 and body["version"] == 1 and body["status"] == "COMPLETE"
    with server.store.read() as conn:
        assert document_contents.load(conn, body["documentId"]) == _two_pages()


def test_blobs_are_stored_once_by_sha256(server):
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    with server.store.write() as conn:
        first = document_contents.put_blob(conn, data, "image/png")
        second = document_contents.put_blob(conn, data, "image/png")
    assert first == second == hashlib.sha256(data).hexdigest()
    with server.store.read() as conn:
        assert document_contents.get_blob(conn, first) == ("image/png", data)
        assert document_contents.get_blob(conn, first.upper()) == ("image/png", data)
        assert document_contents.get_blob(conn, "0" * 64) is None


def test_contents_are_the_same_from_a_version_stored_without_its_shown_form_or_in_another_format(actors, server):
    """Versions stored before contents were kept as shown (and their model deflated), or kept in
    an older format, are shown from their model: the same resource."""
    user = actors.user(CONTENT)
    document_id = user.new_document("Old")["documentId"]
    content = _two_pages()
    content.pages[0].shapes[0].text_areas.append(TextArea("Note", "for {{=@'owner'}}"))
    content.pages[0].shapes[0].custom_data = [DataPair("owner", "Ana")]
    with server.store.write() as conn:
        document_contents.save(conn, document_id, content, user.user_id)
    as_stored = user.api.get(f"/documents/{document_id}/contents").json()
    assert as_stored["pages"][0]["items"]["shapes"][0]["textAreas"] == [
        {"label": "Text", "text": "Grüße 日本"}, {"label": "Note", "text": "for Ana"}]
    rows = t.document_contents.c
    older_format = orjson.dumps({"format": 0, "collections": [], "linked": []})
    for values in ({"content": content.to_json(), "shown_pages": None, "shown_links": None},  # plain JSON, as once
                   {"shown_pages": zlib.compress(b"[]"), "shown_links": older_format}):
        with server.store.write() as conn:
            conn.execute(sa.update(t.document_contents).where(rows.document_id == document_id).values(**values))
        assert user.api.get(f"/documents/{document_id}/contents").json() == as_stored
        with server.store.read() as conn:
            assert document_contents.load(conn, document_id) == content
