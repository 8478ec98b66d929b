"""Collaborator roles and how a user's effective role is resolved. I/O-free.

Seed 002, "Collaboration": direct access to an item always takes priority; a user reached both
directly and through a group gets the greater of the two; otherwise the effective role is the
greatest role from all the folders the item descends from. Owning an enclosing folder counts as
`editandshare` on its contents (ownership itself never passes down).
"""

from __future__ import annotations

from typing import Iterable

OWNER = "owner"
EDIT_AND_SHARE = "editandshare"
EDIT = "edit"
COMMENT = "comment"
VIEW = "view"

# Weakest first.
ORDER = (VIEW, COMMENT, EDIT, EDIT_AND_SHARE, OWNER)
_RANK = {role: rank for rank, role in enumerate(ORDER, start=1)}
GRANTABLE = (EDIT_AND_SHARE, EDIT, COMMENT, VIEW)  # what the Collaborator APIs may assign


def rank(role: str | None) -> int:
    """A role's place in the ordering; no role ranks lowest."""
    return _RANK.get(role, 0) if role else 0


def at_least(role: str | None, needed: str) -> bool:
    """Whether `role` grants at least what `needed` does."""
    return rank(role) >= rank(needed)


def greatest(roles: Iterable[str | None]) -> str | None:
    """The strongest of several roles (a user can hold one directly and one via a folder)."""
    best = None
    for role in roles:
        if rank(role) > rank(best):
            best = role
    return best


def resolve(direct: Iterable[str | None], inherited: Iterable[str | None]) -> str | None:
    """The effective role: the best direct grant if there is one, else the best inherited one."""
    mine = greatest(direct)
    return mine if mine is not None else greatest(inherited)


def as_inherited(role: str | None) -> str | None:
    """A folder role as it applies to the folder's contents: ownership becomes `editandshare`."""
    return EDIT_AND_SHARE if role == OWNER else role


def data_service_role(role: str | None) -> str | None:
    """A document role as Data Service grants see it: editors edit, everyone else only views."""
    if role is None:
        return None
    return "edit" if at_least(role, EDIT) else "view"
