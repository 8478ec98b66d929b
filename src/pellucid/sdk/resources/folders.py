"""`client.folders` (seed 002, "Folders")."""

from __future__ import annotations

from typing import Any, Literal

from .._call import Call, nothing
from .._resource import Mode, Resource, endpoint, paged
from .._types import NOT_GIVEN, NotGiven, given, present
from ..models.folders import Folder, FolderContent
from ..pagination import PageData
from ._common import rest, rest_list, rest_model, seg
from .collaborators import FolderCollaborators, FolderGroupCollaborators


class Folders(Resource[Mode]):
    def __init__(self, core: Any) -> None:
        super().__init__(core)
        self.collaborators: FolderCollaborators[Mode] = FolderCollaborators(core)
        self.group_collaborators: FolderGroupCollaborators[Mode] = FolderGroupCollaborators(core)

    @endpoint
    def get(self, folder_id: int) -> Call[Folder]:
        """A folder (trashed ones too)."""
        return rest_model("GET", f"/folders/{seg(folder_id)}", Folder)

    @endpoint
    def create(self, name: str, *, parent: int | None = None) -> Call[Folder]:
        """Create a folder in `parent`, or in the root ("My Documents")."""
        return rest_model("POST", "/folders", Folder, json=present({"name": name, "type": "folder", "parent": parent}))

    @endpoint
    def update(self, folder_id: int, *, name: str | NotGiven = NOT_GIVEN,
               parent: int | None | NotGiven = NOT_GIVEN) -> Call[Folder]:
        """Rename and/or move a folder; `parent=None` moves it to the root, leaving it out keeps it."""
        return rest_model("PATCH", f"/folders/{seg(folder_id)}", Folder, json=given(name=name, parent=parent))

    @endpoint
    def trash(self, folder_id: int) -> Call[None]:
        """Move a folder and its contents to the trash."""
        return rest("POST", f"/folders/{seg(folder_id)}/trash", nothing, idempotent=True)

    @endpoint
    def restore(self, folder_id: int) -> Call[None]:
        """Bring a trashed folder and its contents back where they were."""
        return rest("POST", f"/folders/{seg(folder_id)}/restore", nothing, idempotent=True)

    @paged
    def search(self, *, type: Literal["folder", "team"] | None = None, keywords: str | None = None,
               page_size: int | None = None, page_token: str | None = None) -> Call[PageData[Folder]]:
        """Folders the user can view, auto-paging (ranked by relevance with `keywords`)."""
        return rest_list("POST", "/folders/search", Folder, page_size, page_token,
                         json=present({"type": type, "keywords": keywords}), idempotent=True)

    @paged
    def contents(self, folder_id: int | Literal["root"], *, page_size: int | None = None,
                 page_token: str | None = None) -> Call[PageData[FolderContent]]:
        """What a folder holds (folders, documents, shortcuts), auto-paging; "root" is My Documents."""
        return rest_list("GET", f"/folders/{seg(folder_id)}/contents", FolderContent, page_size, page_token)
