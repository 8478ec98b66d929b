"""`pellucid documents import / export`: the document made and the image written, checked over
HTTP and on disk; bad input refused before anything is sent; the server's refusals readable."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from tests.documents.files import lucid

from .conftest import User, one_json_object

DRAWIO = """<mxfile><diagram name="Plan" id="p1"><mxGraphModel><root><mxCell id="0"/>
<mxCell id="1" parent="0"/><mxCell id="2" value="Hello" style="rounded=1;" vertex="1" parent="1">
<mxGeometry x="40" y="40" width="120" height="60" as="geometry"/></mxCell></root></mxGraphModel></diagram></mxfile>"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.drawio"
    path.write_text(DRAWIO)
    return path


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_import_then_export_a_page(user: User, plan: Path, tmp_path: Path):
    imported = user.run("documents", "import", str(plan), "--title", "Roadmap")
    assert imported.returncode == 0, imported.stderr
    document = one_json_object(imported.stdout)
    assert "uploading plan.drawio" in imported.stderr                     # the bytes bar, on stderr
    assert (document["title"], document["product"], document["pageCount"]) == ("Roadmap", "lucidchart", 1)
    fetched = user.rest().get(f"/documents/{document['documentId']}").json()
    assert fetched["title"] == "Roadmap"

    out = tmp_path / "plan.png"
    exported = user.invoke("documents", "export", document["documentId"], "--out", str(out), "--dpi", "72")
    assert exported.exit_code == 0, exported.stderr
    assert one_json_object(exported.stdout) == {"documentId": document["documentId"], "file": str(out),
                                                "format": "png", "bytes": out.stat().st_size}
    assert png_size(out.read_bytes()) == (612, 792)                       # a letter page at 72 dpi

    jpeg = tmp_path / "plan.jpg"
    assert user.invoke("documents", "export", document["documentId"], "--out", str(jpeg)).exit_code == 0
    assert jpeg.read_bytes()[:3] == b"\xff\xd8\xff"                        # the format follows the name

    missing_page = user.invoke("documents", "export", document["documentId"], "--out", str(out), "--page", "2")
    assert missing_page.exit_code == 1 and missing_page.stdout == ""
    assert missing_page.stderr.startswith("error: the Lucid API answered [404 notFound] The document has no page 2")


def test_a_standard_import_takes_the_product(user: User, tmp_path: Path):
    path = tmp_path / "board.lucid"
    path.write_bytes(lucid({"version": 1, "pages": [{"id": "p", "title": "One", "shapes": []}]}))
    without = user.invoke("documents", "import", str(path))
    assert without.exit_code == 1 and "[400 badRequest]" in without.stderr and "product" in without.stderr
    made = user.invoke("documents", "import", str(path), "--product", "lucidspark", "--title", "Board")
    assert made.exit_code == 0, made.stderr
    assert one_json_object(made.stdout)["product"] == "lucidspark"


def test_bad_input_is_refused_before_anything_is_sent(user: User, tmp_path: Path, plan: Path):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    unknown = user.invoke("documents", "import", str(notes))
    assert unknown.exit_code == 2 and unknown.stdout == ""
    assert "cannot tell the import type of notes.txt" in unknown.stderr and "give --type" in unknown.stderr

    wrong_format = user.invoke("documents", "export", "x", "--out", str(tmp_path / "a.gif"), "--format", "gif")
    assert wrong_format.exit_code == 2 and "--format must be png or jpeg" in wrong_format.stderr
    assert user.rest().post("/documents/search", json={}).json() == []


def test_an_unwritable_output_file_is_said_plainly(user: User, plan: Path, tmp_path: Path):
    document = one_json_object(user.invoke("documents", "import", str(plan)).stdout)
    result = user.invoke("documents", "export", document["documentId"], "--out", str(tmp_path / "no" / "x.png"))
    assert result.exit_code == 2 and result.stdout == ""
    assert "cannot write" in result.stderr and "No such file or directory" in result.stderr
