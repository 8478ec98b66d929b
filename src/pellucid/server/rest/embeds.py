"""Document embeds: session tokens (signed JWTs) and the embed resources."""

from __future__ import annotations

import orjson
from sqlalchemy.engine import Connection, Row

from ..auth import embed_tokens
from ..auth.policies import REST
from ..auth.principal import Principal
from ..http import validation
from ..http.errors import bad_request, forbidden, not_found
from ..http.request import Request
from ..http.responses import Response
from ..http.routing import OpenApi, RouteTable
from ..store import embeds, oauth_clients
from . import access
from .resources import embed_document_resource, embed_resource
from .scope_branches import PRODUCTS, route_scopes

routes = RouteTable(REST, tags=("Embeds",), token_types=("user", "account"))

TOKEN_SCOPES = route_scopes("app.picker.share.embed")
READ = route_scopes("content.share.embed:readonly", "app.picker.share.embed:readonly")
WRITE = route_scopes("content.share.embed", "app.picker.share.embed")
EMBED_DENIED = "The token may not access this embed, or the document or embed does not exist"
SESSION_OPTIONS = {"ui": ("viewer", "settings"), "state": ("viewer", "settings"),
                   "customSettings": ("postMessage", "none")}


def _session_config(value: object) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise bad_request("sessionConfig must be a JSON object")
    products = value.get("products")
    if products is not None and (not isinstance(products, list) or any(p not in PRODUCTS for p in products)):
        raise bad_request(f"sessionConfig.products must be an array of: {', '.join(PRODUCTS)}")
    for field, options in SESSION_OPTIONS.items():
        if value.get(field) is not None and value[field] not in options:
            raise bad_request(f"sessionConfig.{field} must be one of: {', '.join(options)}")
    viewer = value.get("viewerType")
    if viewer is not None and (not isinstance(viewer, dict) or viewer.get("default", "rich") not in embeds.VIEWER_TYPES):
        raise bad_request(f"sessionConfig.viewerType must be an object whose default is one of: {', '.join(embeds.VIEWER_TYPES)}")
    return value


def _origin(value: object) -> str:
    origin = embed_tokens.origin_of(validation.string({"origin": value}, "origin", required=True, max_length=2048))
    if origin is None:
        raise bad_request("origin must be the http(s) origin of the embedding page (scheme, host and port only), "
                          f"e.g. https://yourapp.example; got {value!r}")
    return origin


def _owned(principal: Principal, embed: Row) -> bool:
    return embeds.owned_by(embed, user_id=principal.user_id, account_id=principal.account_id)


@routes.post("/embeds/token", summary="Generate Embed Session Token", scopes=TOKEN_SCOPES,
             openapi=OpenApi(body="EmbedTokenBody", response={"type": "string"}, response_media="application/jwt"))
def embed_token(request: Request) -> Response:
    """A short-lived signed token that lets the embedding page load the picker or a viewer."""
    body = validation.body(request)
    origin = _origin(body.get("origin"))
    config = _session_config(body.get("sessionConfig"))
    embed_id = validation.uuid_text(body["embedId"], "embedId") if body.get("embedId") is not None else None
    principal = request.principal
    with request.ctx.store.read() as conn:
        if embed_id is not None:
            embed = embeds.get(conn, embed_id)
            if embed is None:
                raise not_found(f"No embed {embed_id}")
            if not _owned(principal, embed):
                raise forbidden("Access to this embed is forbidden")
        client = oauth_clients.get_client_by_pk(conn, principal.client_id)
    token = embed_tokens.issue(
        request.ctx.store, audience=request.ctx.base_url, client_id=client.client_id, user_id=principal.user_id,
        account_id=principal.account_id, held_scopes=principal.scopes, origin=origin, config=config, embed_id=embed_id,
    )
    return Response(200, orjson.dumps(token), "application/jwt")


def _version(request: Request) -> str:
    return validation.choice(validation.body(request), "embedVersion", embeds.VERSIONS, required=True)


def _embed(conn: Connection, principal: Principal, document_id: str, raw_embed_id: str) -> Row:
    embed_id = validation.uuid_text(raw_embed_id, "embedId")
    embed = embeds.get(conn, embed_id)
    if embed is None or embed.document_id != document_id or not _owned(principal, embed):
        raise forbidden(EMBED_DENIED)
    return embed


@routes.post("/documents/{id}/embeds", summary="Create Document Embed", scopes=WRITE,
             status=201, openapi=OpenApi(body="EmbedVersionBody", response="Embed"))
def create_embed(request: Request, id: str) -> dict:
    """An embed of the document, owned by the caller; a snapshot keeps today's title and pages."""
    document_id = validation.uuid_text(id, "id")
    version = _version(request)
    principal = request.principal
    with request.ctx.store.write() as conn:
        document = access.document_access(conn, principal, document_id, WRITE).document
        embed = embeds.create(conn, document, version, account_id=principal.account_id, user_id=principal.user_id)
    return embed_resource(embed)


@routes.get("/documents/{id}/embeds/{embedId}", summary="Get Document Embed", scopes=READ, openapi=OpenApi(response="Embed"))
def get_embed(request: Request, id: str, embedId: str) -> dict:
    """Another document's embed, or one the caller does not own, is a 403, not a 404."""
    document_id = validation.uuid_text(id, "id")
    with request.ctx.store.read() as conn:
        access.document_access(conn, request.principal, document_id, READ)
        return embed_resource(_embed(conn, request.principal, document_id, embedId))


@routes.get("/documents/{id}/embeds/{embedId}/document", summary="Get Document Embed Document", scopes=READ,
            openapi=OpenApi(response="EmbedDocument"))
def get_embed_document(request: Request, id: str, embedId: str) -> dict:
    """Title and page count of the embedded document (as of the snapshot, for snapshot embeds)."""
    document_id = validation.uuid_text(id, "id")
    with request.ctx.store.read() as conn:
        document = access.document_access(conn, request.principal, document_id, READ).document
        return embed_document_resource(_embed(conn, request.principal, document_id, embedId), document)


@routes.post("/documents/{id}/embeds/{embedId}/changeVersion", summary="Change Document Embed Version",
             scopes=WRITE, openapi=OpenApi(body="EmbedVersionBody", response="Embed"))
def change_embed_version(request: Request, id: str, embedId: str) -> dict:
    """Switch between latest and snapshot; a snapshot is always re-taken from the document now."""
    document_id = validation.uuid_text(id, "id")
    version = _version(request)
    with request.ctx.store.write() as conn:
        document = access.document_access(conn, request.principal, document_id, WRITE).document
        embed = _embed(conn, request.principal, document_id, embedId)
        return embed_resource(embeds.change_version(conn, embed, document, version))


@routes.delete("/documents/{id}/embeds/{embedId}", summary="Delete Document Embed", scopes=WRITE,
               status=204)
def delete_embed(request: Request, id: str, embedId: str) -> None:
    """Needs write access; a missing or foreign embed is a 403, not a 404."""
    document_id = validation.uuid_text(id, "id")
    with request.ctx.store.write() as conn:
        access.document_access(conn, request.principal, document_id, WRITE)
        embeds.delete(conn, _embed(conn, request.principal, document_id, embedId))
    return None
