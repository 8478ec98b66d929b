"""Export Document through HTTP: `GET /documents/{id}` with an image Accept. Spec TV7's whole
matrix on a document holding TV6's content, pixels of what comes back, every error path,
scopes and access, and the per-account limit. Content is stored with the storage module, as an
import would store it."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from pellucid.server.documents.model import Content, Fill, Page, PageSettings, Style
from pellucid.server.store import document_contents
from tests.documents.models import Picture, close, pixels, shape, tv6

pytestmark = pytest.mark.wire

CONTENT = ["lucidchart.document.content", "lucidspark.document.content"]
PNG, JPEG = {"Accept": "image/png"}, {"Accept": "image/jpeg"}


def stored(user, server, content: Content, **document) -> str:
    """A new document of `user` holding `content`."""
    document_id = user.new_document("Export", **document)["documentId"]
    with server.store.write() as conn:
        document_contents.save(conn, document_id, content, user.user_id)
    return document_id


@pytest.fixture
def owner(actors):
    return actors.user(CONTENT)


@pytest.fixture
def tv6_doc(owner, server) -> str:
    return stored(owner, server, tv6())


def size(response) -> tuple[int, int]:
    return Image.open(io.BytesIO(response.content)).size


# ---------------------------------------------------------------------------- TV7


def test_tv7_png_at_the_default_dpi_is_page_one_at_1360_by_1760(owner, tv6_doc):
    response = owner.api.get(f"/documents/{tv6_doc}", headers=PNG)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png; dpi=160"
    assert response.content.startswith(b"\x89PNG") and size(response) == (1360, 1760)
    image = Image.open(io.BytesIO(response.content))
    assert round(image.info["dpi"][0]) == 160
    picture = Picture(response.content, 160)
    assert picture.dark_pixels(104, 104, 72, 52) > 20 and picture.dark_pixels(224, 104, 72, 52) > 20  # "A", "B"
    assert picture.dark_pixels(100, 200, 60, 20) > 20  # "note"
    assert picture.at(140, 150) == (255, 255, 255) and picture.at(100, 130)[0] < 100  # white box, black outline


def test_tv7_jpeg_at_96_dpi_is_816_by_1056_on_white(owner, tv6_doc):
    response = owner.api.get(f"/documents/{tv6_doc}", headers={"Accept": "image/jpeg;dpi=96"})
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg; dpi=96"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "JPEG" and image.mode == "RGB" and image.size == (816, 1056)
    assert image.info["dpi"] == (96, 96)
    assert all(close(image.getpixel(p), (255, 255, 255), 2) for p in [(5, 5), (810, 1050), (400, 600)])


@pytest.mark.parametrize("query", ["?pageId=d2", "?page=2"])
def test_tv7_page_two_at_256_dpi(owner, tv6_doc, query):
    response = owner.api.get(f"/documents/{tv6_doc}{query}", headers={"Accept": "image/png;dpi=256"})
    assert response.status_code == 200 and response.headers["content-type"] == "image/png; dpi=256"
    assert size(response) == (2176, 2816)
    assert set(pixels(Image.open(io.BytesIO(response.content)).reduce(16))) == {(255, 255, 255)}  # the empty page


def test_tv7_crop_rectangle_is_50_by_12(owner, tv6_doc):
    response = owner.api.get(f"/documents/{tv6_doc}?crop=10,30,30,7", headers=PNG)
    assert response.status_code == 200 and size(response) == (50, 12)


def test_tv7_crop_to_content_is_333_by_200(owner, tv6_doc):
    response = owner.api.get(f"/documents/{tv6_doc}?crop=content", headers=PNG)
    assert response.status_code == 200 and size(response) == (333, 200)
    picture = Picture(response.content, 160, (100, 100))
    assert picture.dark_pixels(104, 104, 72, 52) > 20 and picture.at(140, 150) == (255, 255, 255)


@pytest.mark.parametrize("query", ["?page=1&pageId=d1", "?page=1&page=2", "?pageId=d1&pageId=d2",
                                   "?crop=1,2,3", "?crop=content&crop=1,2,3,4", "?page=0", "?page=x",
                                   "?crop=0,0,0,5", "?crop=a,b,c,d", "?pageId=", "?crop=0,0,2000000,5"])
def test_tv7_conflicting_or_malformed_selectors_are_400(owner, tv6_doc, query):
    response = owner.api.get(f"/documents/{tv6_doc}{query}", headers=PNG)
    assert response.status_code == 400 and response.json()["code"] == "badRequest"


@pytest.mark.parametrize("accept", ["image/png;dpi=abc", "image/png;dpi=0", "image/png; dpi=2401",
                                    "image/jpeg;dpi=-5"])
def test_tv7_a_malformed_dpi_is_400(owner, tv6_doc, accept):
    response = owner.api.get(f"/documents/{tv6_doc}", headers={"Accept": accept})
    assert response.status_code == 400 and "dpi" in response.json()["message"]


@pytest.mark.parametrize("query", ["?page=3", "?pageId=zzz"])
def test_tv7_an_unknown_page_is_404(owner, tv6_doc, query):
    response = owner.api.get(f"/documents/{tv6_doc}{query}", headers=PNG)
    assert response.status_code == 404 and response.json()["code"] == "notFound"


@pytest.mark.parametrize("accept", ["image/gif", "image/svg+xml", "application/pdf", "IMAGE/WEBP;dpi=10"])
def test_tv7_other_image_types_are_406_with_details(owner, tv6_doc, accept):
    response = owner.api.get(f"/documents/{tv6_doc}", headers={"Accept": accept})
    assert response.status_code == 406
    body = response.json()
    assert body["code"] == "invalidExportType" and body["message"] == "The requested export type is not supported"
    assert body["details"] == {"requested": accept.split(";")[0].lower(), "supported": ["image/jpeg", "image/png"]}
    assert body["requestId"]


@pytest.mark.parametrize("accept", [None, "application/json", "*/*", "application/json, image/png"])
def test_tv7_json_stays_the_answer_without_an_image_accept(owner, tv6_doc, accept):
    headers = {"Accept": accept} if accept else {}
    response = owner.api.get(f"/documents/{tv6_doc}", headers=headers)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert response.json()["documentId"] == tv6_doc and response.json()["pageCount"] == 2


def test_tv7_a_caller_without_access_is_403(actors, tv6_doc):
    stranger = actors.user(CONTENT)
    response = stranger.api.get(f"/documents/{tv6_doc}", headers=PNG)
    assert response.status_code == 403 and response.json()["code"] == "accessForbidden"


# ---------------------------------------------------------------------------- the rest of the surface


def test_accept_is_case_insensitive_and_only_its_first_range_counts(owner, tv6_doc):
    response = owner.api.get(f"/documents/{tv6_doc}?crop=content",
                             headers={"Accept": "IMAGE/JPEG ; q=0.9; DPI=48, image/png;dpi=300"})
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg; dpi=48"
    assert size(response) == (100, 60)
    assert owner.api.get(f"/documents/{tv6_doc}?crop=content", headers={"Accept": "image/*"}).headers[
        "content-type"] == "image/png; dpi=160"


def test_crop_takes_spaces_and_decimals(owner, tv6_doc):
    response = owner.api.get(f"/documents/{tv6_doc}", params={"crop": " 100 , 100.5, 48 ,24.5"}, headers=PNG)
    assert response.status_code == 200 and size(response) == (80, 41)


def test_an_oversized_export_is_made_at_the_highest_dpi_that_fits(owner, tv6_doc):
    response = owner.api.get(f"/documents/{tv6_doc}?crop=0,0,100000,10", headers=PNG)
    assert response.status_code == 200 and response.headers["content-type"] == "image/png; dpi=15"
    assert size(response) == (15625, 2)


def test_each_shape_shows_its_colour_at_its_centre(owner, server):
    colours = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4"]
    types = ["process", "decision", "circle", "terminator", "database", "hexagon"]
    shapes = [shape(f"s{i}", t, 50 + i * 120, 100, 100, 80, fill=c) for i, (t, c) in enumerate(zip(types, colours))]
    document_id = stored(owner, server, Content(pages=[Page(id="p", title="P", shapes=shapes)]))
    response = owner.api.get(f"/documents/{document_id}", headers={"Accept": "image/png;dpi=120"})
    picture = Picture(response.content, 120)
    for s, colour in zip(shapes, colours):
        expected = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert close(picture.at(*s.bbox.centre), expected), s.type


def test_image_fills_are_read_from_stored_blobs(owner, server):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 128, 255)).save(buffer, "PNG")
    with server.store.write() as conn:
        digest = document_contents.put_blob(conn, buffer.getvalue(), "image/png")
    logo = shape("logo", "image", 10, 10, 80, 80, style=Style(fill=Fill("image", image=f"blob:{digest}")))
    document_id = stored(owner, server, Content(pages=[Page(id="p", title="P", shapes=[logo])]))
    response = owner.api.get(f"/documents/{document_id}?crop=0,0,100,100", headers={"Accept": "image/png;dpi=96"})
    assert close(Picture(response.content).at(50, 50), (0, 128, 255))


def test_a_board_exports_its_content_with_a_margin_on_its_grey_canvas(owner, server):
    board = Page(id="b", title="Board", settings=PageSettings(fill="#f2f3f5", infinite=True),
                 shapes=[shape("n", "stickyNote", 1000, 2000, 100, 100, fill="#ffeb3b")])
    document_id = stored(owner, server, Content(pages=[board]), product="lucidspark")
    response = owner.api.get(f"/documents/{document_id}", headers={"Accept": "image/png;dpi=96"})
    assert size(response) == (140, 140)
    picture = Picture(response.content, 96, (980, 1980))
    assert close(picture.at(985, 1985), (0xf2, 0xf3, 0xf5)) and close(picture.at(1050, 2050), (0xff, 0xeb, 0x3b))


def test_a_blank_document_exports_its_empty_letter_page(owner):
    document_id = owner.new_document("Blank")["documentId"]
    response = owner.api.get(f"/documents/{document_id}", headers=JPEG)
    assert response.status_code == 200 and size(response) == (1360, 1760)


def test_viewers_and_picked_documents_export_and_other_tokens_do_not(actors, server, owner, tv6_doc):
    viewer = actors.user(CONTENT, account_id=owner.account_id)
    assert viewer.api.get(f"/documents/{tv6_doc}", headers=PNG).status_code == 403
    owner.api.put(f"/documents/{tv6_doc}/shares/users/{viewer.user_id}", json={"role": "view"})
    assert viewer.api.get(f"/documents/{tv6_doc}?crop=content", headers=PNG).status_code == 200
    readonly = owner.another_token(["lucidchart.document.content:readonly"])
    assert readonly.get(f"/documents/{tv6_doc}?crop=content", headers=PNG).status_code == 200
    picker = owner.another_token(["lucidchart.document.app.picker:readonly"])
    assert picker.get(f"/documents/{tv6_doc}?crop=content", headers=PNG).status_code == 403
    from pellucid.server import admin

    admin.pick_document(server.store, client_id=owner.client_id, user_id=owner.user_id, document_id=tv6_doc)
    assert picker.get(f"/documents/{tv6_doc}?crop=content", headers=PNG).status_code == 200
    spark_only = owner.another_token(["lucidspark.document.content"])
    assert spark_only.get(f"/documents/{tv6_doc}", headers=PNG).status_code == 403
    no_documents = owner.another_token(["folder"])
    assert no_documents.get(f"/documents/{tv6_doc}", headers=PNG).status_code == 403
    account = actors.account(["lucidchart.document.content:readonly"], account_id=owner.account_id)
    denied = account.api.get(f"/documents/{tv6_doc}", headers=PNG)
    assert denied.status_code == 403 and "user tokens" in denied.json()["message"]


def test_unknown_trashed_and_malformed_documents(owner, tv6_doc):
    assert owner.api.get("/documents/00000000-0000-4000-8000-000000000000", headers=PNG).status_code == 403
    assert owner.api.get("/documents/not-a-uuid", headers=PNG).status_code == 400
    assert owner.api.get(f"/v1/documents/{tv6_doc}?crop=content", headers=PNG).status_code == 200


def test_exports_are_limited_to_75_per_5_seconds_per_account(actors, server, owner, tv6_doc):
    # Cheap exports (a 400 after the limit is counted) from several users, so that no user
    # meets the per-user limit of 15 a second first.
    users = [owner] + [actors.user(CONTENT, account_id=owner.account_id) for _ in range(6)]
    raws = [server.caller(u.token["access_token"], lucid_api_version="1", accept="image/png") for u in users]
    statuses: list[int] = []
    while 429 not in statuses and len(statuses) < 200:  # a slow machine may see the window slide
        limited = raws[len(statuses) % len(raws)].get(f"/documents/{tv6_doc}?crop=bad")
        statuses.append(limited.status_code)
    assert set(statuses[:75]) == {400} and statuses[-1] == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.json()["code"] == "tooManyRequests"
    fresh = actors.user(CONTENT, account_id=owner.account_id)  # Get Document itself is not limited so
    owner.api.put(f"/documents/{tv6_doc}/shares/users/{fresh.user_id}", json={"role": "view"})
    assert fresh.api.get(f"/documents/{tv6_doc}").status_code == 200
    other = actors.user(CONTENT)  # another account has its own count
    assert server.caller(other.token["access_token"], lucid_api_version="1", accept="image/png").get(
        f"/documents/{tv6_doc}?crop=bad").status_code == 400


def test_openapi_lists_the_image_answers_and_the_export_query(server):
    operation = server.client.get("/openapi.json").json()["paths"]["/documents/{id}"]["get"]
    assert set(operation["responses"]["200"]["content"]) == {"application/json", "image/png", "image/jpeg"}
    assert {"page", "pageId", "crop"} <= {p["name"] for p in operation["parameters"]}
