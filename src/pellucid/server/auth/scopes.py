"""OAuth 2.0 scopes of seed 002: descriptions, hierarchy, deprecated names, token types.

A scope grants itself and its descendants: `lucidchart.document.app` grants
`lucidchart.document.app.folder`, and a writable scope grants its `:readonly` twin.
"""

from __future__ import annotations

from typing import Iterable

USER = "user"
ACCOUNT = "account"

# Scope -> consent-screen description, as the seed's table gives them.
DESCRIPTIONS: dict[str, str] = {
    "account.info": "View basic information about your account (e.g., account ID and account name).",
    "account.user": "Create, view, edit, and delete users on your account.",
    "account.user:readonly": "View users on your account.",
    "account.user.transfercontent": "Transfer ownership of a user's resources to another user on your account.",
    "folder": "Create, view, edit, share, and delete your folders. Organize your folders and their contents.",
    "folder:readonly": "View any of your folders and list their contents.",
    "invitation.accept": "Accept document and folder share links.",
    "offline_access": "Continue to perform authorized actions when you’re not logged in (required to refresh tokens).",
    "user.profile": "Allow applications to view basic information about you (e.g., full name, username, and email).",
    "data-service.admin": "Create, view, edit, and delete your data sets, data sources and collections in the Data Service.",
}

_PRODUCT_NOUNS = {"lucidchart": ("Lucidchart", "document"), "lucidscale": ("Lucidscale", "model"), "lucidspark": ("Lucidspark", "board")}


def _product_scopes() -> dict[str, str]:
    scopes: dict[str, str] = {}
    for product, (name, noun) in _PRODUCT_NOUNS.items():
        p = f"{product}.document"
        picked = f"any {name} {noun} selected for this third-party application"
        team = f"any {name} {noun} on your team or enterprise account selected for the third-party application"
        yours = f"any of your {name} {noun}s on your team or enterprise account"
        scopes.update({
            f"{p}.app": f"View, edit, and manage {picked}.",
            f"{p}.app.folder": f"Create, view, edit, and manage any {name} {noun} within its app-specific folder.",
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


DESCRIPTIONS.update(_product_scopes())

# "they will be mapped to their Lucidchart scope equivalent (ex. document.content becomes lucidchart.document.content)"
DEPRECATED = {
    name: f"lucidchart.{name}"
    for name in (
        "document.app", "document.app.folder", "document.app.picker", "document.app.picker:readonly",
        "document.content", "document.content:readonly",
    )
}

ACCOUNT_ONLY = frozenset({"account.user", "account.user.transfercontent"})
USER_ONLY = frozenset({"user.profile", "invitation.accept", "data-service.admin"})


def canonical(scope: str) -> str:
    return DEPRECATED.get(scope, scope)


def is_known(scope: str) -> bool:
    return canonical(scope) in DESCRIPTIONS


def allowed_for(scope: str, token_type: str) -> bool:
    scope = canonical(scope)
    if token_type == USER:
        return scope not in ACCOUNT_ONLY
    return scope not in USER_ONLY


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
    held = tuple(held)
    return any(grants(h, a) for a in accepted for h in held)
