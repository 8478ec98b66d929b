"""JSON resources of seed 002 built from store rows."""

from __future__ import annotations

import orjson
from sqlalchemy.engine import Row

from ..store.accounts import user_roles
from ..store.embeds import SNAPSHOT
from .datetimes import iso, iso_ms


def user_resource(user: Row) -> dict:
    """The "User" resource."""
    return {
        "accountId": user.account_id,
        "email": user.email,
        "name": f"{user.first_name} {user.last_name}".strip(),
        "userId": user.id,
        "username": user.username,
        "roles": user_roles(user),
    }


def profile_resource(user: Row) -> dict:
    """The "Profile" resource."""
    return {
        "accountId": user.account_id,
        "username": user.username,
        "email": user.email,
        "fullName": f"{user.first_name} {user.last_name}".strip(),
        "id": user.id,
    }


def account_resource(account: Row) -> dict:
    """The "Account Information" resource."""
    return {"id": account.id, "name": account.name}


def document_resource(document: Row, base_url: str, *, can_edit: bool, enterprise: bool) -> dict:
    """The "Document" resource (without the owner block, which only Get Document adds)."""
    resource = {
        "documentId": document.id,
        "title": document.title,
        "editUrl": f"{base_url}/{document.product}/{document.id}/edit",
        "viewUrl": f"{base_url}/{document.product}/{document.id}/view",
        "version": document.version,
        "pageCount": document.page_count,
        "canEdit": can_edit,
        "created": iso(document.created),
        "creatorId": document.creator_id,
        "lastModified": iso(document.last_modified),
        "lastModifiedUserId": document.last_modified_user_id,
    }
    if enterprise:  # "Populated for Enterprise Accounts only"
        resource["customAttributes"] = []
    resource.update({
        "customTags": orjson.loads(document.custom_tags),
        "product": document.product,
        "status": document.status,
        "trashed": iso(document.trashed),
        "parent": document.parent_id,
    })
    return resource


def folder_resource(folder: Row) -> dict:
    """The "Folder" resource; team folders have no parent field."""
    resource = {"id": folder.id, "type": folder.type, "name": folder.name}
    if folder.type != "team":
        resource["parent"] = folder.parent_id
    resource.update({"created": iso(folder.created), "trashed": iso(folder.trashed)})
    return resource


def folder_content(kind: str, item_id, name: str, *, shortcut: bool, product: str | None = None) -> dict:
    """The "Folder Content" resource; documents carry their product, folders do not."""
    resource = {"id": item_id, "type": kind, "name": name, "shortcut": shortcut}
    if kind == "document":
        resource["product"] = product
    return resource


def collaborator_resource(item_field: str, item_id, grantee_field: str, grantee_id: int, role: str,
                          created: int) -> dict:
    """Document User, Folder User and Folder Group Collaborator resources share this shape."""
    return {item_field: item_id, grantee_field: grantee_id, "role": role, "created": iso(created)}


def share_link_resource(link: Row, product: str, base_url: str) -> dict:
    """The "Document Share Link" resource."""
    return {
        "shareLinkId": link.id,
        "documentId": link.document_id,
        "role": link.role,
        "linkSecurity": {
            "restrictToAccount": link.restrict_to_account,
            "expires": iso_ms(link.expires),
            "passcode": link.passcode,
            "allowAnonymous": link.allow_anonymous,
        },
        "created": iso_ms(link.created),
        "createdBy": link.created_by,
        "lastModified": iso_ms(link.last_modified),
        "acceptUrl": f"{base_url}/{product}/invitations/accept/{link.id}",
    }


def embed_resource(embed: Row) -> dict:
    """The "Embed" resource."""
    return {
        "embedId": embed.id,
        "documentId": embed.document_id,
        "embedVersion": embed.version,
        "created": iso_ms(embed.created),
        "modified": iso_ms(embed.modified),
    }


def embed_document_resource(embed: Row, document: Row) -> dict:
    """The "Embed Document" resource: a snapshot embed reports the document as it was."""
    snapshot = embed.version == SNAPSHOT
    return {
        "embedId": embed.id,
        "documentId": embed.document_id,
        "pageCount": embed.snapshot_page_count if snapshot else document.page_count,
        "title": embed.snapshot_title if snapshot else document.title,
    }
