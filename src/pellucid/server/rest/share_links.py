"""Document share links, each visible and editable only by the OAuth client that made it."""

from __future__ import annotations

from sqlalchemy.engine import Connection, Row

from ..http import validation
from ..auth.policies import REST
from ..http.errors import not_found
from ..http.request import Request
from ..http.responses import Response, empty, json_response
from ..http.routing import RouteTable
from ..store import accounts, share_links
from ..store.db import now_ms
from . import access, link_security, roles
from .resources import share_link_resource
from .scope_branches import route_scopes

routes = RouteTable(REST, tags=("Sharing",))

READ = route_scopes("content.share.link:readonly", "app.picker.share.link:readonly", "app.folder")
WRITE = route_scopes("content.share.link", "app.picker.share.link", "app.folder")
PATH = "/documents/{id}/shares/shareLinks"
LINK_NOT_FOUND = "No share link with this id on this document was created by this app"


def _policy(conn: Connection, account_id: int) -> link_security.Policy:
    account = accounts.get_account(conn, account_id)
    policy = share_links.policy(conn, account_id)
    if policy is None:
        return link_security.Policy(account.license)
    return link_security.Policy(account.license, policy.max_link_expiry_days, policy.restrict_links_to_account)


def _link(conn: Connection, request: Request, document_id: str, link_id: str) -> Row:
    link = share_links.get(conn, document_id, link_id, request.principal.client_id)
    if link is None:
        raise not_found(LINK_NOT_FOUND)
    return link


def _role(body: dict, *, required: bool) -> str | None:
    return validation.choice(body, "role", roles.GRANTABLE, required=required)


@routes.get(PATH + "/{shareLinkId}", summary="Get Document Share Link", scopes=READ, openapi={"response": "ShareLink"})
def get_share_link(request: Request, id: str, shareLinkId: str) -> dict:
    """A share link this app made on the document."""
    document_id = validation.uuid_text(id, "id")
    with request.ctx.store.read() as conn:
        document = access.document_access(conn, request.principal, document_id, READ).document
        link = _link(conn, request, document_id, shareLinkId)
    return share_link_resource(link, document.product, request.ctx.base_url)


@routes.post(PATH, summary="Create Document Share Link", scopes=WRITE,
             openapi={"body": "ShareLinkBody", "response": "ShareLink", "status": 201})
def create_share_link(request: Request, id: str) -> Response:
    """A new share link granting `role`, with the link security the document's account allows."""
    document_id = validation.uuid_text(id, "id")
    body = validation.body(request)
    role = _role(body, required=True)
    with request.ctx.store.write() as conn:
        document = access.document_access(conn, request.principal, document_id, WRITE, roles.EDIT_AND_SHARE).document
        policy = _policy(conn, document.account_id)
        requested = link_security.requested_security(body, required=policy.license == link_security.TEAM)
        security = link_security.resolve(requested, None, product=document.product, policy=policy, now=now_ms())
        link = share_links.create(conn, document_id=document_id, client_id=request.principal.client_id,
                                  created_by=request.principal.user_id, role=role, security=security)
    return json_response(share_link_resource(link, document.product, request.ctx.base_url), status=201)


@routes.patch(PATH + "/{shareLinkId}", summary="Update Document Share Link", scopes=WRITE,
              openapi={"body": "ShareLinkBody", "response": "ShareLink"})
def update_share_link(request: Request, id: str, shareLinkId: str) -> dict:
    """Change a share link this app made; omitted settings keep their values."""
    document_id = validation.uuid_text(id, "id")
    body = validation.body(request)
    role = _role(body, required=False)
    with request.ctx.store.write() as conn:
        document = access.document_access(conn, request.principal, document_id, WRITE, roles.EDIT_AND_SHARE).document
        link = _link(conn, request, document_id, shareLinkId)
        current = {"restrict_to_account": link.restrict_to_account, "expires": link.expires,
                   "passcode": link.passcode, "allow_anonymous": link.allow_anonymous}
        requested = link_security.requested_security(body, required=False)
        security = link_security.resolve(requested, current, product=document.product,
                                         policy=_policy(conn, document.account_id), now=now_ms())
        link = share_links.update(conn, link, role=role or link.role, **security)
    return share_link_resource(link, document.product, request.ctx.base_url)


@routes.delete(PATH + "/{shareLinkId}", summary="Delete Document Share Link", scopes=WRITE, openapi={"status": 204})
def delete_share_link(request: Request, id: str, shareLinkId: str) -> Response:
    """Delete a share link this app made."""
    document_id = validation.uuid_text(id, "id")
    with request.ctx.store.write() as conn:
        access.document_access(conn, request.principal, document_id, WRITE, roles.EDIT_AND_SHARE)
        share_links.delete(conn, _link(conn, request, document_id, shareLinkId))
    return empty(204)
