"""The floor of the REST benchmarks: one JSON route, no routing, auth or database."""

import orjson

BODY = orjson.dumps({"username": "floor", "email": "floor@example.com", "fullName": "Floor", "id": 1, "accountId": 1})
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
