"""A synchronous httpx transport that drives an ASGI app on a background event loop.

Like Starlette's TestClient, without its deprecated httpx coupling: requests reach the app as
real ASGI calls, one event loop serves them all (so the app may call itself back). Used by
`pellucid admin seed` (the seed goes through the API without a running server) and by tests.
"""

from __future__ import annotations

import anyio.from_thread
import httpx


class PortalTransport(httpx.BaseTransport):
    def __init__(self, app) -> None:
        self.app = app
        self._portal_cm = anyio.from_thread.start_blocking_portal()
        self.portal = self._portal_cm.__enter__()
        self._inner = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        self.portal.call(app.startup)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send the request to the app on the portal's event loop and wait for the answer."""
        content = request.read()

        async def forward() -> tuple[int, list, bytes]:
            inner_request = httpx.Request(request.method, request.url, headers=request.headers, content=content)
            response = await self._inner.handle_async_request(inner_request)
            body = await response.aread()
            return response.status_code, response.headers.raw, body

        status, headers, body = self.portal.call(forward)
        return httpx.Response(status, headers=headers, content=body, request=request)

    def close(self) -> None:
        """Shut the app down and stop the portal's event loop."""
        if self._portal_cm is not None:
            self.portal.call(self.app.shutdown)
            self._portal_cm.__exit__(None, None, None)
            self._portal_cm = None
