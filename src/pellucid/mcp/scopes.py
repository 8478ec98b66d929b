"""The OAuth scopes each tool needs, for the HTTP endpoint's 403 `insufficient_scope` answers.

A requirement is a tuple of groups; every group must be met, by any one of its scopes (or a
scope that grants it). The first scope of each unmet group is what the challenge asks for.
The same names are Lucid's own scopes, so a token made for Lucid's cloud fits the same table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Group = tuple[str, ...]

_PRODUCTS = ("lucidchart", "lucidspark", "lucidscale")


def _documents(suffix: str, products: Iterable[str] = _PRODUCTS) -> Group:
    return tuple(f"{product}.document.{suffix}" for product in products)


READ_DOCUMENTS = _documents("content:readonly")
WRITE_DOCUMENTS = _documents("content", ("lucidchart", "lucidspark"))
SHARE_LINKS = _documents("content.share.link")
COLLABORATORS = _documents("content.share.collaborator")
FIND_USERS = ("account.user:readonly",)
READ_FOLDERS = ("folder:readonly",)
WRITE_FOLDERS = ("folder",)
DATA = ("data-service.admin",)

TOOL_SCOPES: dict[str, tuple[Group, ...]] = {
    "search": (READ_DOCUMENTS,),
    "fetch": (READ_DOCUMENTS,),
    "export_image": (READ_DOCUMENTS,),
    "import_diagram": (WRITE_DOCUMENTS,),
    "validate_standard_import": (),
    "create_share_link": (SHARE_LINKS,),
    "share_with_user": (COLLABORATORS, FIND_USERS),
    "list_folder": (READ_FOLDERS,),
    "create_folder": (WRITE_FOLDERS,),
    "trash_document": (WRITE_DOCUMENTS,),
    "list_data_sources": (DATA,),
    "get_collection_items": (DATA,),
    "create_data_source_from_csv": (DATA,),
    "upsert_items": (DATA,),
    "create_linked_diagram": (DATA, WRITE_DOCUMENTS),
}

# What the protected resource metadata advertises: one consent covers every tool.
SCOPES_SUPPORTED = [
    "lucidchart.document.content", "lucidspark.document.content",
    "lucidchart.document.content.share.link", "lucidchart.document.content.share.collaborator",
    "account.user:readonly", "folder", "data-service.admin",
]

Satisfies = Callable[[Iterable[str], Iterable[str]], bool]


def exact(held: Iterable[str], accepted: Iterable[str]) -> bool:
    """Scope matching without a hierarchy (the server passes its own, which has one)."""
    return not set(held).isdisjoint(accepted)


def missing(tool: str, held: Iterable[str], satisfies: Satisfies = exact) -> list[str]:
    """The scopes to ask for before `tool` may run with `held`; [] when it may."""
    held = tuple(held)
    return [group[0] for group in TOOL_SCOPES.get(tool, ()) if not satisfies(held, group)]
