"""The floor issue 11 names for GET one item: a bare Starlette route answering the same JSON
document as bare_app.py, through Starlette's router, Request and JSONResponse."""

import orjson
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from .bare_app import BODY

DOCUMENT = orjson.loads(BODY)  # JSONResponse renders it back to BODY's very bytes


async def item(request):
    return JSONResponse(DOCUMENT)


app = Starlette(routes=[Route("/collections/{c}/items/{i}", item)])
