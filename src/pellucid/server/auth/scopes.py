"""OAuth 2.0 scopes of seed 002: descriptions, hierarchy, deprecated names, token types.

A scope grants itself and its descendants: `lucidchart.document.app` grants
`lucidchart.document.app.folder`, and a writable scope grants its `:readonly` twin.

Which scopes are user-only or account-only. The seed's scope table lost its tags, so the sets
below are derived from the endpoints of seed 002, each of which lists its "Valid Access Token
Types" and "Valid Access Scopes". The rule: a scope is valid for a token type when an endpoint
that names it, or names a scope it grants, accepts that token type (a parent grants its
children, so `folder` on an account token is at least `folder:readonly`). Applied:

- account-only: `account.user` (only `POST /users`, Account; the prose settles it although it
  grants `account.user:readonly`: "User tokens can't be used to perform actions like managing
  users on an account") and `account.user.transfercontent` (only `POST /transferUserContent`).
- user-only: `user.profile` (`GET /users/me/profile`, User); the `share.collaborator` and
  `share.link` scopes of both branches and their `:readonly` twins (document collaborators and
  share links, User).
  Named by no REST endpoint but user-only by nature: `invitation.accept` (a person accepts a
  share link) and `data-service.admin` (seed 002: "Only user OAuth 2.0 tokens are valid ... for
  the Data API").
- both: `account.info` (`GET /accounts/me`), `account.user:readonly` (`GET /users/{id}` takes
  both), `folder` and `folder:readonly` (`GET /folders/{id}` takes both), `{product}.document.content`
  (create, import and trash take user tokens only, but it grants `:readonly`) and its `:readonly`,
  `.app.folder` and `.app.picker:readonly` (`GET /documents/{id}` takes both), the `share.embed`
  scopes (embeds take both), `.app` and `.app.picker` (their children take both), and
  `offline_access`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

USER = "user"
ACCOUNT = "account"

OFFLINE_ACCESS = "offline_access"

# Scope -> consent-screen description, as the seed's table gives them (user-token wording).
_BASE: dict[str, str] = {
    "account.info": "View basic information about your account (e.g., account ID and account name).",
    "account.user": "Create, view, edit, and delete users on your account.",
    "account.user:readonly": "View users on your account.",
    "account.user.transfercontent": "Transfer ownership of a user's resources to another user on your account.",
    "folder": "Create, view, edit, share, and delete your folders. Organize your folders and their contents.",
    "folder:readonly": "View any of your folders and list their contents.",
    "invitation.accept": "Accept document and folder share links.",
    OFFLINE_ACCESS: "Continue to perform authorized actions when you’re not logged in (required to refresh tokens).",
    "user.profile": "Allow applications to view basic information about you (e.g., full name, username, and email).",
    # Not in the REST scope table; the Data section of seed 002 names it on every Data endpoint.
    "data-service.admin": "Create, view, edit, and delete your data sets, data sources and collections in the Data Service.",
}

_PRODUCTS = {"lucidchart": ("Lucidchart", "document"), "lucidscale": ("Lucidscale", "model"), "lucidspark": ("Lucidspark", "board")}


def _product_scopes(token_type: str) -> dict[str, str]:
    """The document scopes of every product. Account tokens act for the whole account, so their
    consent screen says "any X on your ... account" where a user grant says "any of your Xs"."""
    scopes: dict[str, str] = {}
    for product, (name, noun) in _PRODUCTS.items():
        p = f"{product}.document"
        picked = f"any {name} {noun} selected for this third-party application"
        team = f"any {name} {noun} on your team or enterprise account selected for the third-party application"
        yours = (f"any of your {name} {noun}s" if token_type == USER else f"any {name} {noun}") + " on your team or enterprise account"
        in_folder = f"Create, view, edit, and manage any {name} {noun} within its app-specific folder."
        scopes.update({
            f"{p}.app": f"View, edit, and manage {picked}. {in_folder}",
            f"{p}.app.folder": in_folder,
            f"{p}.app.picker": f"View, edit, and manage {picked}.",
            f"{p}.app.picker:readonly": f"View and download {picked}.",
            f"{p}.app.picker.share.collaborator": f"Create, view, edit, and delete collaborators and invitations of {team}.",
            f"{p}.app.picker.share.collaborator:readonly": f"View collaborators and invitations of {team}.",
            f"{p}.app.picker.share.embed": f"Create, view, edit, and delete embeds of {team}.",
            f"{p}.app.picker.share.link": f"Create, view, edit, and delete the third party application's share links of {team}.",
            f"{p}.app.picker.share.link:readonly": f"View the third party application's share links of {team}.",
            f"{p}.content": f"Create, view, edit, and delete any {name} {noun} on your account.",
            f"{p}.content:readonly": f"View and download any {name} {noun} on your account.",
            f"{p}.content.share.collaborator": f"Create, view, edit, and delete collaborators and invitations for {yours}.",
            f"{p}.content.share.collaborator:readonly": f"View collaborators and invitations for {yours}.",
            f"{p}.content.share.embed": f"Create, view, edit, and delete embeds for {yours}.",
            f"{p}.content.share.link": f"Create, view, edit, and delete the third party application's share links for {yours}.",
            f"{p}.content.share.link:readonly": f"View the third party application's share links for {yours}.",
        })
    return scopes


DESCRIPTIONS: dict[str, str] = {**_BASE, **_product_scopes(USER)}
_ACCOUNT_DESCRIPTIONS: dict[str, str] = {
    **DESCRIPTIONS,
    **_product_scopes(ACCOUNT),
    "folder:readonly": "View any folder on your account and list its contents.",
}

# "they will be mapped to their Lucidchart scope equivalent (ex. document.content becomes lucidchart.document.content)"
DEPRECATED = {
    name: f"lucidchart.{name}"
    for name in (
        "document.app", "document.app.folder", "document.app.picker", "document.app.picker:readonly",
        "document.content", "document.content:readonly",
    )
}

ACCOUNT_ONLY = frozenset({"account.user", "account.user.transfercontent"})
USER_ONLY = frozenset(
    {"user.profile", "invitation.accept", "data-service.admin"}
    | {
        f"{product}.document.{branch}"
        for product in _PRODUCTS
        for branch in (
            "content.share.collaborator", "content.share.collaborator:readonly",
            "content.share.link", "content.share.link:readonly",
            "app.picker.share.collaborator", "app.picker.share.collaborator:readonly",
            "app.picker.share.link", "app.picker.share.link:readonly",
        )
    }
)


class ScopeError(ValueError):
    """A requested scope is unknown or not valid for the token type (OAuth `invalid_scope`)."""


def canonical(scope: str) -> str:
    """The current name of a deprecated scope; others as they are."""
    return DEPRECATED.get(scope, scope)


def is_known(scope: str) -> bool:
    """Whether the scope exists (under any of its names)."""
    return canonical(scope) in DESCRIPTIONS


def allowed_for(scope: str, token_type: str) -> bool:
    """Whether a token of this type may hold the scope."""
    scope = canonical(scope)
    if token_type == USER:
        return scope not in ACCOUNT_ONLY
    return scope not in USER_ONLY


def named_in(*values: str | None) -> list[str]:
    """The scope names of space-separated parameter values, in order.

    Authorization and refresh requests name scopes in `scope` (seed 002, RFC 6749) or in
    `scopes`, which Lucid's own sample application sends and Lucid accepts; a request with
    both asks for every scope either names (docs/fidelity.md).
    """
    return [name for value in values if value for name in value.split()]


def resolve(requested: Iterable[str], token_type: str) -> list[str]:
    """The scopes to grant: canonical names in request order, duplicates dropped.

    The one validation every way of getting a token goes through (consent, token endpoint,
    `pellucid admin issue-token`); raises ScopeError naming the first bad scope.
    """
    granted: list[str] = []
    for scope in requested:
        if not is_known(scope):
            raise ScopeError(f"unknown scope {scope!r}")
        if not allowed_for(scope, token_type):
            raise ScopeError(f"scope {scope!r} is not valid for {token_type} tokens")
        name = canonical(scope)
        if name not in granted:
            granted.append(name)
    if not granted:
        raise ScopeError("at least one scope is required")
    return granted


def description(scope: str, token_type: str) -> str:
    """The consent-screen wording, which differs slightly between user and account tokens."""
    table = DESCRIPTIONS if token_type == USER else _ACCOUNT_DESCRIPTIONS
    return table[canonical(scope)]


def _split(scope: str) -> tuple[str, bool]:
    base, _, suffix = scope.partition(":")
    return base, suffix == "readonly"


def grants(held: str, wanted: str) -> bool:
    """Whether holding `held` admits an endpoint that accepts `wanted`."""
    held_base, held_readonly = _split(canonical(held))
    wanted_base, wanted_readonly = _split(canonical(wanted))
    if held_readonly and not wanted_readonly:
        return False
    return wanted_base == held_base or wanted_base.startswith(held_base + ".")


def satisfies(held: Iterable[str], accepted: Iterable[str]) -> bool:
    """True when any held scope grants any of the endpoint's accepted scopes."""
    return _satisfies(frozenset(held), tuple(accepted))


@lru_cache(maxsize=4096)
def _satisfies(held: frozenset[str], accepted: tuple[str, ...]) -> bool:
    """Every request asks it of its token's scopes and its route's: few pairs, asked often."""
    return any(grants(h, a) for a in accepted for h in held)
