"""Cross-cutting behaviour every endpoint shares."""

import pytest

pytestmark = pytest.mark.wire


def test_healthz_answers_200_with_a_request_id(server):
    response = server.client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(response.headers["x-request-id"]) == 16


def test_unknown_path_is_a_404_error_object(server):
    response = server.client.get("/no/such/thing")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "notFound"
    assert body["requestId"] == response.headers["x-request-id"]


def test_wrong_method_is_405_with_allow(server):
    response = server.client.delete("/healthz")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert response.json()["code"] == "unknownOperation"
