"""`POST /describeLink`: what a Lucid document link points at (unfurling). Parsing is I/O-free."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlencode, urlsplit

from ..auth.policies import REST
from ..http import validation
from ..http.errors import forbidden
from ..http.request import Request
from ..http.routing import OpenApi, RouteTable
from .scope_branches import PRODUCTS

routes = RouteTable(REST, tags=("Unfurling",), token_types=("user", "account"))

LUCID_HOSTS = frozenset({
    "lucid.app", "www.lucid.app", "lucidchart.com", "www.lucidchart.com", "lucidspark.com",
    "www.lucidspark.com", "lucidscale.com", "www.lucidscale.com", "lucidgov.app", "www.lucidgov.app",
})
NOT_A_LINK = "The url is not a valid Lucid link"


def uuid_or_none(text: str) -> str | None:
    """The canonical UUID if `text` is one in its 36-character form, else None."""
    try:
        return str(uuid.UUID(text)) if len(text) == 36 else None
    except ValueError:
        return None


def describe(url: str, base_url: str) -> dict | None:
    """The Link resource for a Lucid URL (on lucid.app or this server), None when it is not one."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or (host not in LUCID_HOSTS and parts.netloc != urlsplit(base_url).netloc):
        return None
    segments = [s for s in parts.path.split("/") if s]
    query = parse_qs(parts.query)
    invitation_id = query.get("invitationId", [None])[0]
    document = None
    if len(segments) >= 2 and (segments[0] in PRODUCTS or segments[0] == "documents") and uuid_or_none(segments[1]):
        document_id = uuid_or_none(segments[1])
        page = query.get("page", [None])[0]
        embed_query = urlencode({**({"page": page} if page else {}), "authType": "local"})
        document = {
            "documentId": document_id,
            "page": page,
            "product": segments[0] if segments[0] in PRODUCTS else None,
            "basicEmbed": f"{base_url}/documents/{document_id}/viewer?{embed_query}",
        }
    elif len(segments) == 4 and segments[0] in PRODUCTS and segments[1:3] == ["invitations", "accept"]:
        invitation_id = segments[3]
    if document is None and invitation_id is None:
        return None
    return {"document": document, "invitation": {"invitationId": invitation_id} if invitation_id else None}


@routes.post("/describeLink", summary="Describe Link", openapi=OpenApi(body="DescribeLinkBody", response="Link"))
def describe_link(request: Request) -> dict:
    """Parse a Lucid document link; whether the document exists is not checked."""
    url = validation.string(validation.body(request), "url", required=True, max_length=8192)
    link = describe(url, request.ctx.base_url)
    if link is None:
        raise forbidden(NOT_A_LINK)
    return link
