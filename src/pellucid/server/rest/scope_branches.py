"""Which document scopes of a token reach a document. I/O-free.

Seed 002, "Document Access": every product has three branches of document scopes.
`document.content` reaches all of the user's documents, `document.app.folder` the documents
inside the client's app folder, `document.app.picker` the documents the user picked for the
client. A route accepts a list of scopes; the branches a token may use on a document of one
product are those of the accepted scopes of that product which the token's scopes grant.
"""

from __future__ import annotations

from typing import Iterable

from ..auth import scopes as scope_rules

PRODUCTS = ("lucidchart", "lucidscale", "lucidspark")
CONTENT = "content"
APP_FOLDER = "app.folder"
APP_PICKER = "app.picker"
BRANCHES = (CONTENT, APP_FOLDER, APP_PICKER)


def parse(scope: str) -> tuple[str, str] | None:
    """(product, branch) of a product document scope, None for any other scope."""
    base = scope_rules.canonical(scope).partition(":")[0]
    product, _, rest = base.partition(".document.")
    if product not in PRODUCTS:
        return None
    for branch in BRANCHES:
        if rest == branch or rest.startswith(branch + "."):
            return product, branch
    return None


def admitted(held: Iterable[str], accepted: Iterable[str], product: str) -> set[str]:
    """The branches through which `held` reaches a `product` document on a route accepting `accepted`."""
    held = tuple(held)
    branches: set[str] = set()
    for scope in accepted:
        parsed = parse(scope)
        if parsed and parsed[0] == product and scope_rules.satisfies(held, (scope,)):
            branches.add(parsed[1])
    return branches


def writable(product: str) -> tuple[str, ...]:
    """The scopes that let a token edit a `product` document (the Document resource's canEdit)."""
    return tuple(f"{product}.document.{branch}" for branch in BRANCHES)


def products_readable(held: Iterable[str]) -> list[str]:
    """Products whose documents the token may search (`{product}.document.content:readonly`)."""
    held = tuple(held)
    return [p for p in PRODUCTS if scope_rules.satisfies(held, (f"{p}.document.content:readonly",))]


def route_scopes(*suffixes: str, products: Iterable[str] = PRODUCTS) -> tuple[str, ...]:
    """Expand `("content:readonly", "app.folder")` into the doc's per-product scope list."""
    return tuple(f"{p}.document.{suffix}" for p in products for suffix in suffixes)
