"""OpenAPI component schemas of the REST resources (seed 002)."""

from __future__ import annotations

_S = {"type": "string"}
_N = {"type": "integer"}
_B = {"type": "boolean"}
_DT = {"type": ["string", "null"], "format": "date-time"}
_ROLE = {"type": "string", "enum": ["owner", "editandshare", "edit", "comment", "view"]}
_PRODUCT = {"type": "string", "enum": ["lucidchart", "lucidscale", "lucidspark"]}


def _obj(properties: dict, required: tuple[str, ...] | None = None) -> dict:
    return {"type": "object", "properties": properties,
            "required": list(required if required is not None else properties)}


def _list(name: str) -> dict:
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}}


LINK_SECURITY = _obj({"restrictToAccount": _B, "expires": _DT, "passcode": {"type": ["string", "null"]},
                      "allowAnonymous": _B}, ())

SCHEMAS = {
    "Account": _obj({"id": _N, "name": {"type": ["string", "null"]}}),
    "User": _obj({"accountId": _N, "email": _S, "name": _S, "userId": _N, "username": _S,
                  "roles": {"type": "array", "items": _S}}),
    "Profile": _obj({"accountId": _N, "username": _S, "email": _S, "fullName": _S, "id": _N}),
    "Document": _obj({
        "documentId": {"type": "string", "format": "uuid"}, "title": _S, "editUrl": _S, "viewUrl": _S,
        "version": _N, "pageCount": _N, "canEdit": _B, "created": _DT, "creatorId": _N,
        "lastModified": _DT, "lastModifiedUserId": _N, "customAttributes": {"type": "array"},
        "customTags": {"type": "array", "items": _S}, "product": _PRODUCT,
        "status": {"type": "string"}, "trashed": _DT, "parent": {"type": ["integer", "null"]},
        "owner": _obj({"id": _N, "type": {"type": "string", "enum": ["user", "account"]}, "name": _S}, ("id", "type")),
    }, ("documentId", "title", "product")),
    "Folder": _obj({"id": _N, "type": {"type": "string", "enum": ["folder", "team"]}, "name": _S,
                    "parent": {"type": ["integer", "null"]}, "created": _DT, "trashed": _DT},
                   ("id", "type", "name", "created")),
    "FolderContent": _obj({"id": {"type": ["integer", "string"]}, "type": {"type": "string", "enum": ["folder", "document"]},
                           "name": _S, "shortcut": _B, "product": _PRODUCT}, ("id", "type", "name", "shortcut")),
    "DocumentUserCollaborator": _obj({"documentId": _S, "userId": _N, "role": _ROLE, "created": _DT}),
    "FolderUserCollaborator": _obj({"folderId": _N, "userId": _N, "role": _ROLE, "created": _DT}),
    "FolderGroupCollaborator": _obj({"folderId": _N, "groupId": _N, "role": _ROLE, "created": _DT}),
    "RoleBody": _obj({"role": _ROLE}),
    "DocumentLinkSecurity": LINK_SECURITY,
    "ShareLink": _obj({"shareLinkId": _S, "documentId": _S, "role": _ROLE, "linkSecurity": LINK_SECURITY,
                       "created": _DT, "createdBy": _N, "lastModified": _DT, "acceptUrl": _S}),
    "ShareLinkBody": _obj({"role": _ROLE, "linkSecurity": LINK_SECURITY, "invitationSecurity": LINK_SECURITY}, ()),
    "Embed": _obj({"embedId": _S, "documentId": _S,
                   "embedVersion": {"type": "string", "enum": ["latest-version", "snapshot-version"]},
                   "created": _DT, "modified": _DT}),
    "EmbedDocument": _obj({"embedId": _S, "documentId": _S, "pageCount": _N, "title": _S}),
    "EmbedVersionBody": _obj({"embedVersion": {"type": "string", "enum": ["latest-version", "snapshot-version"]}}),
    "EmbedTokenBody": _obj({"embedId": _S, "origin": _S, "sessionConfig": {"type": "object"}}, ("origin",)),
    "CreateDocumentBody": _obj({"title": _S, "product": _PRODUCT, "parent": _N, "template": _S,
                                "extensionBootstrapData": {"type": "object"}}, ("title",)),
    "ImportDocumentBody": _obj({"file": {"type": "string", "format": "binary"}, "type": _S, "product": _PRODUCT,
                                "title": _S, "parent": _N}, ("file",)),
    "SearchDocumentsBody": _obj({"product": {"type": "array", "items": _PRODUCT}, "createdStartTime": _DT,
                                 "createdEndTime": _DT, "lastModifiedAfter": _DT, "keywords": _S}, ()),
    "CreateFolderBody": _obj({"name": _S, "type": {"type": "string", "enum": ["folder"]}, "parent": _N}, ("name",)),
    "UpdateFolderBody": _obj({"name": _S, "parent": {"type": ["integer", "null"]}}, ()),
    "SearchFoldersBody": _obj({"type": {"type": "string", "enum": ["folder", "team"]}, "keywords": _S}, ()),
    "CreateUserBody": _obj({"email": _S, "firstName": _S, "lastName": _S, "username": _S, "password": _S,
                            "roles": {"type": "array", "items": _S}}, ("email", "firstName", "lastName")),
    "SearchByEmailBody": _obj({"emails": {"type": "array", "items": _S, "maxItems": 200}}),
    "TransferBody": _obj({"fromUser": _S, "toUser": _S}),
    "DescribeLinkBody": _obj({"url": _S}),
    "Link": _obj({"document": {"type": ["object", "null"]}, "invitation": {"type": ["object", "null"]}}),
    "UserList": _list("User"),
    "ProfileList": _list("Profile"),
    "DocumentList": _list("Document"),
    "FolderList": _list("Folder"),
    "FolderContentList": _list("FolderContent"),
    "DocumentUserCollaboratorList": _list("DocumentUserCollaborator"),
    "FolderUserCollaboratorList": _list("FolderUserCollaborator"),
    "FolderGroupCollaboratorList": _list("FolderGroupCollaborator"),
}
