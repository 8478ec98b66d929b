"""Document embeds: session tokens (signed JWTs) and the embed resources."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import jwt
import orjson
from sqlalchemy.engine import Connection, Row

from ..http import validation
from ..auth import scopes as scope_rules
from ..auth.policies import REST
from ..auth.principal import Principal
from ..http.errors import bad_request, forbidden, not_found
from ..http.request import Request
from ..http.responses import Response, empty, json_response
from ..http.routing import RouteTable
from ..store import embeds, oauth_clients, server_state
from . import access
from .resources import embed_document_resource, embed_resource
from .scope_branches import PRODUCTS, route_scopes

routes = RouteTable(REST, tags=("Embeds",), token_types=("user", "account"))

TOKEN_SCOPES = route_scopes("app.picker.share.embed")
READ = route_scopes("content.share.embed:readonly", "app.picker.share.embed:readonly")
WRITE = route_scopes("content.share.embed", "app.picker.share.embed")
EMBED_TOKEN_TTL = 600  # seconds; the doc's example token lives ten minutes
SECRET_KEY = "embed_token_secret"
EMBED_DENIED = "The token may not access this embed, or the document or embed does not exist"
SESSION_OPTIONS = {"ui": ("viewer", "settings"), "state": ("viewer", "settings"),
                   "customSettings": ("postMessage", "none")}
VIEWER_TYPES = ("rich", "simple")


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
    if viewer is not None and (not isinstance(viewer, dict) or viewer.get("default", "rich") not in VIEWER_TYPES):
        raise bad_request(f"sessionConfig.viewerType must be an object whose default is one of: {', '.join(VIEWER_TYPES)}")
    return value


def _origin(value: object) -> str:
    origin = validation.string({"origin": value}, "origin", required=True, max_length=2048)
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise bad_request(f"origin must be the http(s) origin of the embedding page, e.g. https://yourapp.example; got {origin!r}")
    return origin


def _owned(principal: Principal, embed: Row) -> bool:
    if principal.user_id is not None:
        return embed.owner_user_id == principal.user_id
    return embed.owner_user_id is None and embed.owner_account_id == principal.account_id


@routes.post("/embeds/token", summary="Generate Embed Session Token", scopes=TOKEN_SCOPES,
             openapi={"body": "EmbedTokenBody", "response": {"type": "string"}, "response_media": "application/jwt"})
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
    now = int(time.time())
    claims = {
        "iss": urlsplit(request.ctx.base_url).netloc,
        "scopes": " ".join(s for s in sorted(principal.scopes) if scope_rules.satisfies((s,), TOKEN_SCOPES)),
        "config": config,
        "sub": client.client_id,
        "aud": request.ctx.base_url,
        **({"userId": principal.user_id} if principal.user_id is not None else {"accountId": principal.account_id}),
        "origin": origin,
        **({"embedId": embed_id} if embed_id else {}),
        "iat": now,
        "exp": now + EMBED_TOKEN_TTL,
        "token_type": "embed",
    }
    token = jwt.encode(claims, server_state.get_or_create(request.ctx.store, SECRET_KEY), algorithm="HS256")
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
             openapi={"body": "EmbedVersionBody", "response": "Embed", "status": 201})
def create_embed(request: Request, id: str) -> Response:
    """An embed of the document, owned by the caller; a snapshot keeps today's title and pages."""
    document_id = validation.uuid_text(id, "id")
    version = _version(request)
    principal = request.principal
    with request.ctx.store.write() as conn:
        document = access.document_access(conn, principal, document_id, WRITE).document
        embed = embeds.create(conn, document, version, account_id=principal.account_id, user_id=principal.user_id)
    return json_response(embed_resource(embed), status=201)


@routes.get("/documents/{id}/embeds/{embedId}", summary="Get Document Embed", scopes=READ, openapi={"response": "Embed"})
def get_embed(request: Request, id: str, embedId: str) -> dict:
    document_id = validation.uuid_text(id, "id")
    with request.ctx.store.read() as conn:
        access.document_access(conn, request.principal, document_id, READ)
        return embed_resource(_embed(conn, request.principal, document_id, embedId))


@routes.get("/documents/{id}/embeds/{embedId}/document", summary="Get Document Embed Document", scopes=READ,
            openapi={"response": "EmbedDocument"})
def get_embed_document(request: Request, id: str, embedId: str) -> dict:
    """Title and page count of the embedded document (as of the snapshot, for snapshot embeds)."""
    document_id = validation.uuid_text(id, "id")
    with request.ctx.store.read() as conn:
        document = access.document_access(conn, request.principal, document_id, READ).document
        return embed_document_resource(_embed(conn, request.principal, document_id, embedId), document)


@routes.post("/documents/{id}/embeds/{embedId}/changeVersion", summary="Change Document Embed Version",
             scopes=WRITE, openapi={"body": "EmbedVersionBody", "response": "Embed"})
def change_embed_version(request: Request, id: str, embedId: str) -> dict:
    """Switch between latest and snapshot; a snapshot is always re-taken from the document now."""
    document_id = validation.uuid_text(id, "id")
    version = _version(request)
    with request.ctx.store.write() as conn:
        document = access.document_access(conn, request.principal, document_id, WRITE).document
        embed = _embed(conn, request.principal, document_id, embedId)
        return embed_resource(embeds.change_version(conn, embed, document, version))


@routes.delete("/documents/{id}/embeds/{embedId}", summary="Delete Document Embed", scopes=WRITE,
               openapi={"status": 204})
def delete_embed(request: Request, id: str, embedId: str) -> Response:
    document_id = validation.uuid_text(id, "id")
    with request.ctx.store.write() as conn:
        access.document_access(conn, request.principal, document_id, WRITE)
        embeds.delete(conn, _embed(conn, request.principal, document_id, embedId))
    return empty(204)
