"""`documents.export` against the server: bytes, a path or a file object, sync and async; the
server's errors as the SDK's exceptions."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from pellucid.sdk import APIStatusError, BadRequestError, NotFoundError, PermissionDeniedError
from pellucid.server.store import document_contents
from tests.documents.models import tv6

from .conftest import ALL_DOCS, Env, run

pytestmark = pytest.mark.wire


@pytest.fixture
def document(env: Env) -> tuple[str, str]:
    """(access token, document id) of a user's document holding spec TV6's two pages."""
    token = env.user_token(ALL_DOCS)
    created = env.lucid(token["access_token"]).documents.create(title="Export")
    with env.server.store.write() as conn:
        document_contents.save(conn, created.document_id, tv6(), token["user"]["userId"])
    return token["access_token"], created.document_id


def test_export_returns_the_image_bytes(env: Env, document):
    token, document_id = document
    client = env.lucid(token)
    image = Image.open(io.BytesIO(client.documents.export(document_id)))
    assert image.format == "PNG" and image.size == (1360, 1760) and round(image.info["dpi"][0]) == 160
    cropped = client.documents.export(document_id, format="jpeg", dpi=96, crop=(100, 100.5, 48, 24.5))
    assert Image.open(io.BytesIO(cropped)).size == (48, 25)
    second = client.documents.export(document_id, page=2, dpi=48)
    assert second == client.documents.export(document_id, page_id="d2", dpi=48)
    assert Image.open(io.BytesIO(second)).size == (408, 528)


def test_export_writes_to_a_path_or_a_file_object(env: Env, document, tmp_path):
    token, document_id = document
    client = env.lucid(token)
    path = tmp_path / "page.png"
    data = client.documents.export(document_id, crop="content", file=path)
    assert path.read_bytes() == data and Image.open(io.BytesIO(data)).size == (333, 200)
    buffer = io.BytesIO()
    client.documents.export(document_id, format="jpeg", crop="content", dpi=96, file=buffer)
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "JPEG"
    with pytest.raises(NotFoundError):
        client.documents.export(document_id, page=3, file=tmp_path / "never.png")
    assert not (tmp_path / "never.png").exists()


def test_async_export_to_a_path(env: Env, document, tmp_path):
    token, document_id = document
    path = tmp_path / "async.jpg"

    async def main() -> bytes:
        async with env.async_lucid(token) as client:
            return await client.documents.export(document_id, format="jpeg", dpi=96, file=str(path))

    data = run(main())
    assert path.read_bytes() == data and Image.open(io.BytesIO(data)).size == (816, 1056)


def test_export_errors_are_the_sdk_exceptions(env: Env, document):
    token, document_id = document
    client = env.lucid(token)
    with pytest.raises(BadRequestError):
        client.documents.export(document_id, page=1, page_id="d1")
    with pytest.raises(BadRequestError):
        client.documents.export(document_id, dpi=0)
    with pytest.raises(NotFoundError):
        client.documents.export(document_id, page_id="zzz")
    with pytest.raises(APIStatusError) as unsupported:
        client.documents.export(document_id, format="gif")  # type: ignore[arg-type]
    assert unsupported.value.status_code == 406 and unsupported.value.code == "invalidExportType"
    assert unsupported.value.details == {"requested": "image/gif", "supported": ["image/jpeg", "image/png"]}
    stranger = env.lucid(env.user_token(ALL_DOCS)["access_token"])
    with pytest.raises(PermissionDeniedError):
        stranger.documents.export(document_id)
