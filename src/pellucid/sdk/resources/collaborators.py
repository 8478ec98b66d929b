"""Collaborators of documents and folders (seed 002, "Collaboration").

Reached as `client.documents.collaborators`, `client.folders.collaborators` (users) and
`client.folders.group_collaborators`. Roles: editandshare, edit, comment, view; `owner` cannot
be given (Lucid answers 400) and the owner's own grant cannot be changed or removed.
"""

from __future__ import annotations

from typing import TypeVar

from .._call import Call, nothing
from .._resource import Mode, Resource, endpoint, paged
from .._types import Role
from ..models.base import Model
from ..models.sharing import DocumentCollaborator, FolderCollaborator, FolderGroupCollaborator
from ..pagination import PageData
from ._common import rest, rest_list, rest_model, seg

C = TypeVar("C", bound=Model)


def _get(prefix: str, member: object, cls: type[C]) -> Call[C]:
    return rest_model("GET", f"{prefix}/{seg(member)}", cls)


def _put(prefix: str, member: object, role: Role, cls: type[C]) -> Call[C]:
    # 200 when the role changed, 201 when the grant is new; either way the resource.
    return rest_model("PUT", f"{prefix}/{seg(member)}", cls, json={"role": role})


def _delete(prefix: str, member: object) -> Call[None]:
    return rest("DELETE", f"{prefix}/{seg(member)}", nothing)


class DocumentCollaborators(Resource[Mode]):
    @endpoint
    def get(self, document_id: str, user_id: int) -> Call[DocumentCollaborator]:
        """A user's collaborator role on a document (404 if the user has none)."""
        return _get(f"/documents/{seg(document_id)}/shares/users", user_id, DocumentCollaborator)

    @paged
    def list(self, document_id: str, *, page_size: int | None = None,
             page_token: str | None = None) -> Call[PageData[DocumentCollaborator]]:
        """Every user collaborator of a document, auto-paging."""
        return rest_list("GET", f"/documents/{seg(document_id)}/shares/users", DocumentCollaborator,
                         page_size, page_token)

    @endpoint
    def put(self, document_id: str, user_id: int, role: Role) -> Call[DocumentCollaborator]:
        """Give a user a role on a document, or change it."""
        return _put(f"/documents/{seg(document_id)}/shares/users", user_id, role, DocumentCollaborator)

    @endpoint
    def delete(self, document_id: str, user_id: int) -> Call[None]:
        """Remove a user's direct access to a document (folder access may remain)."""
        return _delete(f"/documents/{seg(document_id)}/shares/users", user_id)


class FolderCollaborators(Resource[Mode]):
    @endpoint
    def get(self, folder_id: int, user_id: int) -> Call[FolderCollaborator]:
        """A user's direct collaborator role on a folder (inherited access is not shown)."""
        return _get(f"/folders/{seg(folder_id)}/shares/users", user_id, FolderCollaborator)

    @paged
    def list(self, folder_id: int, *, page_size: int | None = None,
             page_token: str | None = None) -> Call[PageData[FolderCollaborator]]:
        """Every direct user collaborator of a folder, auto-paging."""
        return rest_list("GET", f"/folders/{seg(folder_id)}/shares/users", FolderCollaborator, page_size, page_token)

    @endpoint
    def put(self, folder_id: int, user_id: int, role: Role) -> Call[FolderCollaborator]:
        """Give a user a role on a folder (and so on its contents), or change it."""
        return _put(f"/folders/{seg(folder_id)}/shares/users", user_id, role, FolderCollaborator)

    @endpoint
    def delete(self, folder_id: int, user_id: int) -> Call[None]:
        """Remove a user's direct access to a folder."""
        return _delete(f"/folders/{seg(folder_id)}/shares/users", user_id)


class FolderGroupCollaborators(Resource[Mode]):
    @endpoint
    def get(self, folder_id: int, group_id: int) -> Call[FolderGroupCollaborator]:
        """A group's direct collaborator role on a folder."""
        return _get(f"/folders/{seg(folder_id)}/shares/groups", group_id, FolderGroupCollaborator)

    @paged
    def list(self, folder_id: int, *, page_size: int | None = None,
             page_token: str | None = None) -> Call[PageData[FolderGroupCollaborator]]:
        """Every direct group collaborator of a folder, auto-paging."""
        return rest_list("GET", f"/folders/{seg(folder_id)}/shares/groups", FolderGroupCollaborator,
                         page_size, page_token)

    @endpoint
    def put(self, folder_id: int, group_id: int, role: Role) -> Call[FolderGroupCollaborator]:
        """Give a group a role on a folder, or change it."""
        return _put(f"/folders/{seg(folder_id)}/shares/groups", group_id, role, FolderGroupCollaborator)

    @endpoint
    def delete(self, folder_id: int, group_id: int) -> Call[None]:
        """Remove a group's direct access to a folder."""
        return _delete(f"/folders/{seg(folder_id)}/shares/groups", group_id)
