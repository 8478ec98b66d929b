"""Users: get, list, create, search by email, and the caller's profile."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from ..http import validation
from ..store import credentials
from ..auth.policies import REST
from ..http.errors import bad_request, conflict, forbidden
from ..http.request import Request
from ..http.responses import Response, json_response
from ..http.routing import RouteTable
from ..store import accounts, users
from .pagination import QUERY_DOC, page_request, page_response
from .resources import profile_resource, user_resource

routes = RouteTable(REST, tags=("Users",))

ROLES = ("billing-admin", "document-approver", "team-admin")
SEARCH_LIMIT = 200
USER_DENIED = "The user does not belong to the authenticated account or does not exist"


@routes.get("/users/me/profile", summary="Get Profile", scopes=("user.profile",), openapi={"response": "Profile"})
def get_profile(request: Request) -> dict:
    """Basic information about the authenticated user."""
    return profile_resource(request.ctx.store.first(users.BY_ID, user_id=request.principal.user_id))


@routes.get("/users/{id}", summary="Get User", scopes=("account.user:readonly",),
            token_types=("user", "account"), openapi={"response": "User"})
def get_user(request: Request, id: str) -> dict:
    """A user of the authenticated account. An unknown user answers 403, as Lucid does."""
    user_id = validation.number_id(id, "id")
    user = request.ctx.store.first(users.BY_ID, user_id=user_id)
    if user is None or user.account_id != request.principal.account_id:
        raise forbidden(USER_DENIED)
    return user_resource(user)


@routes.get("/users", summary="List Users", scopes=("account.user:readonly",), token_types=("account",),
            openapi={"response": "UserList", "query": QUERY_DOC})
def list_users(request: Request) -> Response:
    """Every user of the authenticated account, a page at a time, in id order."""
    page = page_request(request.query)
    with request.ctx.store.read() as conn:
        rows = users.page(conn, request.principal.account_id, page.after, page.size + 1)
    more = len(rows) > page.size
    rows = rows[:page.size]
    return page_response(request, [user_resource(u) for u in rows],
                         {"a": rows[-1].id} if more else None, page.size)


@routes.post("/users/searchByEmail", summary="Search Users By Email", scopes=("account.user:readonly",),
             openapi={"body": "SearchByEmailBody", "response": "ProfileList"})
def search_by_email(request: Request) -> list:
    """Profiles of the caller's account whose email matches exactly, ignoring case."""
    emails = validation.body(request).get("emails")
    if not isinstance(emails, list):
        raise bad_request("emails must be an array of email addresses")
    if len(emails) > SEARCH_LIMIT:
        raise bad_request(f"emails is limited to {SEARCH_LIMIT} items; got {len(emails)}")
    wanted = [validation.email(email, "emails[]") for email in emails]
    with request.ctx.store.read() as conn:
        return [profile_resource(u) for u in users.by_emails(conn, request.principal.account_id, wanted)]


@routes.post("/users", summary="Create User", scopes=("account.user",), token_types=("account",),
             openapi={"body": "CreateUserBody", "response": "User", "status": 201})
def create_user(request: Request) -> Response:
    """A new user on the authenticated (Enterprise) account."""
    data = validation.body(request)
    email = validation.email(validation.string(data, "email", required=True), "email")
    first_name = validation.string(data, "firstName", required=True, max_length=100)
    last_name = validation.string(data, "lastName", required=True, max_length=100)
    username = validation.string(data, "username", max_length=254, required=False)
    password = validation.string(data, "password", max_length=1000, required=False)
    roles = data.get("roles") or []
    if not isinstance(roles, list) or any(role not in ROLES for role in roles):
        raise bad_request(f"roles must be an array of: {', '.join(ROLES)}")
    password_hash = credentials.hash_password(password) if password else None
    try:
        with request.ctx.store.write() as conn:
            account = accounts.get_account(conn, request.principal.account_id)
            if account.license != "enterprise":
                raise forbidden("Creating users needs an account with an Enterprise license")
            user = accounts.create_user(
                conn, account_id=account.id, email=email, first_name=first_name, last_name=last_name,
                username=username, password_hash=password_hash, roles=list(dict.fromkeys(roles)),
            )
    except (accounts.DuplicateUser, IntegrityError):  # IntegrityError: a concurrent twin won the race
        raise conflict(f"A user with email {email!r} or username {username or email!r} already exists") from None
    return json_response(user_resource(user), status=201)

