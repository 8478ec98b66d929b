"""Documents: get (with the owner block), create (blank, in a folder, from a template), trash,
and search. Import shares create's path and its location rules (`imports.py`); image export
shares get's (`export.py`)."""

from __future__ import annotations

import uuid

from sqlalchemy.engine import Connection, Row

from ..auth.policies import REST
from ..auth.principal import Principal
from ..documents import contents
from ..gcpause import gc_paused
from ..http import validation
from ..http.errors import bad_request, forbidden
from ..http.request import Request
from ..http.responses import Response
from ..http.routing import OpenApi, RouteTable
from ..store import accounts, document_contents, documents, folders, oauth_clients
from . import access, datetimes, export, imports, relevance, roles
from .limits import SEARCH
from .pagination import QUERY_DOC, offset_page, page_request, page_response
from .resources import document_resource
from .scope_branches import CONTENT, PRODUCTS, admitted, products_readable, route_scopes

routes = RouteTable(REST, tags=("Documents",))

READ_SCOPES = route_scopes("content:readonly", "app.picker:readonly", "app.folder")
CREATE_SCOPES = imports.SCOPES  # seed 002 lists the same four scopes for Create and Import
TRASH_SCOPES = route_scopes("content", "app.folder")
SEARCH_SCOPES = route_scopes("content:readonly")
DEFAULT_PRODUCT = "lucidchart"
MAX_TITLE = 255


def _resource(conn: Connection, request: Request, document: Row, can_edit: bool,
              licenses: dict[int, str] | None = None) -> dict:
    """The Document resource; `licenses` caches account licenses across a page of results."""
    licenses = {} if licenses is None else licenses
    if document.account_id not in licenses:
        licenses[document.account_id] = accounts.get_account(conn, document.account_id).license
    return document_resource(document, request.ctx.base_url, can_edit=can_edit,
                             enterprise=licenses[document.account_id] == "enterprise")


def _owner(conn: Connection, grant: access.DocumentAccess) -> dict:
    """A document in a team folder is owned by the account; any other by its user."""
    if grant.in_team_folder:
        return {"id": grant.document.account_id, "type": "account"}
    owner = accounts.get_user(conn, grant.document.owner_id)
    return {"id": owner.id, "type": "user", "name": f"{owner.first_name} {owner.last_name}".strip()}


@routes.get("/documents/{id}", summary="Get Document", scopes=READ_SCOPES, token_types=("user", "account"),
            openapi=OpenApi(response="Document", query=export.QUERY_DOC, response_media_also=export.MEDIA_DOC))
async def get_document(request: Request, id: str) -> dict | Response:
    """The document and, for anyone who can view it, its owner. With `Accept: image/png` or
    `image/jpeg` (`;dpi=N`), Export Document: a page of it as an image (`export.py`)."""
    document_id = validation.uuid_text(id, "id")
    if export.requested(request):
        return await export.export_document(request, document_id)
    return await request.ctx.run(_document, request, document_id)


def _document(request: Request, document_id: str) -> dict:
    with request.ctx.store.read() as conn:
        grant = access.document_access(conn, request.principal, document_id, READ_SCOPES)
        resource = _resource(conn, request, grant.document, grant.can_edit)
        resource["owner"] = _owner(conn, grant)
    request.ctx.events.document_opened.send(request, document_id)
    return resource


def _bootstrap(value: object) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise bad_request("extensionBootstrapData must be a JSON object")
    for field in ("packageId", "extensionName", "minimumVersion"):
        validation.string(value, field, required=True, max_length=255)
    if not isinstance(value.get("data", {}), dict):
        raise bad_request("extensionBootstrapData.data must be a JSON object")
    unknown = set(value) - {"packageId", "extensionName", "minimumVersion", "data"}
    if unknown:
        raise bad_request(f"extensionBootstrapData has unknown fields: {', '.join(sorted(unknown))}")
    return value


def _location(conn: Connection, principal: Principal, branches: set[str], parent: int | None) -> int | None:
    """Where a new document goes: the given folder (which the caller may edit, inside the app
    folder when only app scopes allow it), else My Documents for content scopes, else the app folder."""
    if parent is None:
        if CONTENT in branches:
            return None
        user = accounts.get_user(conn, principal.user_id)
        client = oauth_clients.get_client_by_pk(conn, principal.client_id)
        return folders.ensure_app_folder(conn, user_id=user.id, account_id=user.account_id,
                                         client_id=client.id, name=client.name).id
    folder = access.folder_access(conn, principal, parent, need=roles.EDIT)
    if CONTENT not in branches and not access.in_app_folder(principal, folder.chain):
        raise forbidden("With app folder scopes, documents can only be created inside the app's folder")
    return parent


@routes.post("/documents", summary="Create or Import Document", scopes=CREATE_SCOPES, body_limit=imports.body_limit,
             status=201, openapi=OpenApi(bodies={"application/json": "CreateDocumentBody",
                                                 "multipart/form-data": "ImportDocumentBody"},
                                         response="Document"))
async def create_document(request: Request) -> dict:
    """A new document for the caller: blank (one page), a copy of a template or document (JSON
    body), or an imported file (multipart/form-data body)."""
    if imports.is_import(request):
        # An import's model is a few hundred thousand small objects, none cyclic: freed before
        # collections resume, none of them is ever scanned (30-50 ms of a 5,000-shape import).
        # The body is in memory already: the pause never waits on the client.
        with gc_paused():
            upload = await imports.read(request)
            resource = await request.ctx.run(_import, request, upload)
            del upload
        return resource
    return await request.ctx.run(_create, request)


def _create(request: Request) -> dict:
    data = validation.body(request)
    title = validation.string(data, "title", required=True, max_length=MAX_TITLE)
    product = validation.choice(data, "product", PRODUCTS, required=False)
    parent = validation.integer(data, "parent", integral_floats=False, bounds=validation.INT64)
    template_id = validation.uuid_text(data["template"], "template") if data.get("template") is not None else None
    bootstrap = _bootstrap(data.get("extensionBootstrapData"))
    principal = request.principal
    with request.ctx.store.write() as conn:
        content = None
        if template_id is not None:
            template = access.document_access(conn, principal, template_id, READ_SCOPES).document
            if product is not None and product != template.product:
                raise bad_request(f"product {product!r} differs from the template's product {template.product!r}")
            product, content = template.product, document_contents.load(conn, template_id)
        product = product or DEFAULT_PRODUCT
        document = _new(conn, request, product, title, parent, bootstrap=bootstrap, content=content)
        resource = _resource(conn, request, document, can_edit=True)
    return resource


def _import(request: Request, upload: imports.Upload) -> dict:
    """Store an import: the document, its content, images and data, in one transaction."""
    with request.ctx.store.write() as conn:
        document_id = str(uuid.uuid4())
        content = imports.store(conn, document_id, request.principal, upload)
        document = _new(conn, request, upload.product, upload.title, upload.parent, content=content,
                        document_id=document_id)
        resource = _resource(conn, request, document, can_edit=True)
    return resource


def _new(conn: Connection, request: Request, product: str, title: str, parent: int | None, **create) -> Row:
    """Create a document where the caller's scopes and `parent` put it (403 where they may not)."""
    principal = request.principal
    branches = admitted(principal.scopes, CREATE_SCOPES, product)
    if not branches:
        raise forbidden(f"The access token's scopes do not allow creating {product} documents")
    user = accounts.get_user(conn, principal.user_id)
    if create.get("content") is not None:  # rendered once for Get Document Contents
        shown = contents.shown(create["content"])
        create["shown"] = (shown.pages, shown.stored())
    return documents.create(conn, account_id=user.account_id, owner_id=user.id, title=title, product=product,
                            parent_id=_location(conn, principal, branches, parent), **create)


@routes.post("/documents/{id}/trash", summary="Trash Document", scopes=TRASH_SCOPES,
             status=204)
def trash_document(request: Request, id: str) -> None:
    """Move a document to the trash: its owner may, and editandshare collaborators of a team folder."""
    document_id = validation.uuid_text(id, "id")
    with request.ctx.store.write() as conn:
        grant = access.document_access(conn, request.principal, document_id, TRASH_SCOPES)
        if grant.role != roles.OWNER and not (grant.in_team_folder and roles.at_least(grant.role, roles.EDIT_AND_SHARE)):
            raise forbidden("Only the document's owner, or an editandshare collaborator of its team folder, can trash it")
        documents.trash(conn, document_id)
    return None


def _search_filters(data: dict, readable: list[str]) -> dict:
    products = data.get("product")
    if products is None:
        products = readable
    elif not isinstance(products, list) or any(p not in PRODUCTS for p in products):
        raise bad_request(f"product must be an array of: {', '.join(PRODUCTS)}")
    missing = sorted(set(products) - set(readable))
    if missing:
        raise forbidden("The access token lacks the readonly content scope for: " + ", ".join(missing))
    times = {}
    for field, key in (("createdStartTime", "created_after"), ("createdEndTime", "created_before"),
                       ("lastModifiedAfter", "modified_after")):
        times[key] = datetimes.parse(data[field], field) if data.get(field) is not None else None
    return {"products": list(dict.fromkeys(products)), **times}


@routes.post("/documents/search", summary="Search Documents", scopes=SEARCH_SCOPES, limits=(SEARCH,),
             openapi=OpenApi(body="SearchDocumentsBody", response="DocumentList", query=QUERY_DOC))
def search_documents(request: Request) -> None:
    """Documents the caller can view, filtered by product and dates, ranked by keywords if given."""
    data = validation.body(request)
    filters = _search_filters(data, products_readable(request.principal.scopes))
    keywords = validation.string(data, "keywords", allow_empty=True, required=False)
    page = page_request(request.query)
    principal = request.principal
    with request.ctx.store.read() as conn:
        rows = documents.search(conn, principal.user_id, **filters)
        if keywords and keywords.strip():
            rows = relevance.rank(rows, keywords, lambda d: d.title)
        chunk, following = offset_page(rows, page)
        licenses: dict[int, str] = {}
        items = [_resource(conn, request, d, access.can_edit(conn, principal, d), licenses) for d in chunk]
    return page_response(request, items, following, page.size)
