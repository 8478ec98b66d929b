"""The floor for HTTP benchmarks: the smallest ASGI app that answers a JSON document."""

BODY = b'{"uri":"http://127.0.0.1/collections/1/items/5","collection":"http://127.0.0.1/collections/1","fields":{"A":"1"}}'
HEADERS = [(b"content-type", b"application/json")]


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
