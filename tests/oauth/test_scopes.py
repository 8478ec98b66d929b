"""The scope rules: hierarchy, deprecated names, and which token types each scope is valid for."""

from __future__ import annotations

import pytest

from pellucid.server import admin
from pellucid.server.auth import scopes

U, A = "user", "account"
PRODUCTS = ("lucidchart", "lucidscale", "lucidspark")


def each(*branches: str, products=PRODUCTS) -> list[str]:
    return [f"{product}.document.{branch}" for product in products for branch in branches]


# Seed 002, every REST endpoint: (Valid Access Token Types, Valid Access Scopes).
ENDPOINTS: list[tuple[set[str], list[str]]] = [
    ({A, U}, ["account.info"]),  # GET /accounts/me
    ({U}, each("content.share.collaborator:readonly", "app.picker.share.collaborator:readonly", "app.folder")),
    ({U}, each("content.share.collaborator", "app.picker.share.collaborator", "app.folder")),
    ({U}, ["folder:readonly"]),  # folder user collaborators: get, list
    ({U}, ["folder"]),  # folder collaborators: put, delete; create, update, trash, restore folders
    ({U}, ["folder", "folder:readonly"]),  # folder group collaborators: get, list
    ({A, U}, each("content:readonly", "app.picker:readonly", "app.folder")),  # GET /documents/{id}
    ({U}, each("content", "app.folder", products=("lucidchart", "lucidspark"))),  # create, import
    ({U}, each("content:readonly", "app.folder", "app.picker:readonly")),  # export
    ({U}, each("content", "app.folder")),  # trash
    ({U}, each("content:readonly")),  # search
    ({U}, each("content:readonly", "app.picker:readonly", "app.folder", products=("lucidchart",))),  # contents
    ({A, U}, each("app.picker.share.embed")),  # POST /embeds/token
    ({A, U}, ["folder:readonly"]),  # GET /folders/{id}
    ({U}, ["folder:readonly"]),  # search, contents
    ({U}, each("content.share.link:readonly", "app.picker.share.link:readonly", "app.folder")),
    ({U}, each("content.share.link", "app.picker.share.link", "app.folder")),
    ({A}, ["account.user.transfercontent"]),
    ({A, U}, ["account.user:readonly"]),  # GET /users/{id}
    ({A}, ["account.user:readonly"]),  # GET /users
    ({U}, ["account.user:readonly"]),  # searchByEmail
    ({U}, ["user.profile"]),
    ({A}, ["account.user"]),  # POST /users
    ({A, U}, each("content.share.embed:readonly", "app.picker.share.embed:readonly")),  # get embeds
    ({A, U}, each("content.share.embed", "app.picker.share.embed")),  # create, change, delete embeds
]
# Scopes no REST endpoint names, nor any child of theirs.
BY_NATURE = {"offline_access": {A, U}, "invitation.accept": {U}, "data-service.admin": {U}}


def derived_token_types(scope: str) -> set[str]:
    """The rule scopes.py documents: the token types of the endpoints naming the scope or a
    scope it grants (a parent grants its children)."""
    if scope in BY_NATURE:
        return BY_NATURE[scope]
    if scope == "account.user":  # "User tokens can't be used to perform actions like managing users"
        return {A}
    granted = [other for other in scopes.DESCRIPTIONS if scopes.grants(scope, other)]
    named = [types for types, accepted in ENDPOINTS if any(g in accepted for g in granted)]
    assert named, f"{scope} is named by no endpoint and grants nothing an endpoint names"
    return set().union(*named)


@pytest.mark.parametrize("scope", sorted(scopes.DESCRIPTIONS))
def test_token_types_follow_the_endpoints_of_seed_002(scope):
    types = derived_token_types(scope)
    assert scopes.allowed_for(scope, U) == (U in types)
    assert scopes.allowed_for(scope, A) == (A in types)


def test_the_documented_example_of_each_kind():
    assert not scopes.allowed_for("account.user", U)
    assert not scopes.allowed_for("user.profile", A)
    assert scopes.allowed_for("account.info", U) and scopes.allowed_for("account.info", A)


def test_a_parent_grants_its_children_and_a_writable_scope_its_readonly_twin():
    assert scopes.grants("lucidchart.document.app", "lucidchart.document.app.folder")
    assert scopes.grants("lucidchart.document.app", "lucidchart.document.app.picker.share.link:readonly")
    assert scopes.grants("folder", "folder:readonly")
    assert not scopes.grants("folder:readonly", "folder")
    assert not scopes.grants("lucidchart.document.app.folder", "lucidchart.document.app")
    assert not scopes.grants("lucidchart.document.app", "lucidspark.document.app")
    assert not scopes.grants("account.user", "account.userx")


def test_deprecated_names_map_to_lucidchart():
    assert scopes.resolve(["document.content", "document.app.picker:readonly"], U) == [
        "lucidchart.document.content", "lucidchart.document.app.picker:readonly",
    ]
    assert scopes.grants("document.app", "lucidchart.document.app.folder")
    assert scopes.resolve(["document.content", "lucidchart.document.content"], U) == ["lucidchart.document.content"]


@pytest.mark.parametrize(("requested", "token_type"), [
    (["nope"], U), ([], U), (["account.user"], U), (["user.profile"], A), (["data-service.admin"], A),
])
def test_resolve_refuses(requested, token_type):
    with pytest.raises(scopes.ScopeError):
        scopes.resolve(requested, token_type)


def test_descriptions_differ_by_token_type_where_the_owner_matters():
    scope = "lucidchart.document.content.share.embed"
    assert "any of your Lucidchart documents" in scopes.description(scope, U)
    assert "any Lucidchart document on your team" in scopes.description(scope, A)
    assert scopes.description("account.info", U) == scopes.description("account.info", A)
    assert scopes.description("document.app", U).startswith("View, edit, and manage any Lucidchart document selected")
    assert "within its app-specific folder" in scopes.description("document.app", U)


def test_admin_issue_token_enforces_token_types(server):
    account = server.account()
    with pytest.raises(admin.AdminError, match="not valid for user tokens"):
        server.token(user_id=server.user(account["id"])["userId"], scopes=["account.user"])
    with pytest.raises(admin.AdminError, match="not valid for account tokens"):
        server.token(account_id=account["id"], scopes=["user.profile"])
    with pytest.raises(admin.AdminError, match="unknown scope"):
        server.token(account_id=account["id"], scopes=["no.such"])
    assert server.token(account_id=account["id"], scopes=["account.user"])["scopes"] == ["account.user"]
