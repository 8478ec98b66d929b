"""`client.share_links` and `client.embeds` (seed 002, "Sharing" and "Document Embedding")."""

from __future__ import annotations

from typing import Literal, TypedDict
from urllib.parse import urlencode

from .._call import Call, nothing, string
from .._resource import Mode, Resource, endpoint
from .._types import NOT_GIVEN, NotGiven, Product, Role, given, present
from ..models.embeds import Embed, EmbedDocument
from ..models.sharing import LinkSecurity, ShareLink
from ._common import dump, rest, rest_model, seg

EmbedVersion = Literal["latest-version", "snapshot-version"]


class LinkSecurityParam(TypedDict, total=False):
    """Share link security (enterprise accounts); `expires` is an RFC 3339 DateTime."""

    restrictToAccount: bool
    expires: str | None
    passcode: str | None
    allowAnonymous: bool


class ViewerTypeParam(TypedDict, total=False):
    default: Literal["rich", "simple"]


class SessionConfig(TypedDict, total=False):
    """The embed session's configuration (seed 002, "Session Config")."""

    products: list[Product]
    viewerType: ViewerTypeParam
    ui: Literal["viewer", "settings"]
    state: Literal["viewer", "settings"]
    customSettings: Literal["postMessage", "none"]


class ShareLinks(Resource[Mode]):
    """Share links of documents. Lucid shows a client only the share links it created."""

    @endpoint
    def get(self, document_id: str, share_link_id: str) -> Call[ShareLink]:
        """One share link of a document."""
        return rest_model("GET", f"/documents/{seg(document_id)}/shares/shareLinks/{seg(share_link_id)}", ShareLink)

    @endpoint
    def create(self, document_id: str, *, role: Role,
               link_security: LinkSecurity | LinkSecurityParam | None = None) -> Call[ShareLink]:
        """Create a share link granting `role`; security settings need an enterprise account."""
        body = present({"role": role, "linkSecurity": dump(link_security) if link_security is not None else None})
        return rest_model("POST", f"/documents/{seg(document_id)}/shares/shareLinks", ShareLink, json=body)

    @endpoint
    def update(self, document_id: str, share_link_id: str, *, role: Role | NotGiven = NOT_GIVEN,
               link_security: LinkSecurity | LinkSecurityParam | NotGiven = NOT_GIVEN) -> Call[ShareLink]:
        """Change a share link; what is left out stays as it is."""
        body = given(role=role, linkSecurity=dump(link_security) if link_security is not NOT_GIVEN else NOT_GIVEN)
        return rest_model("PATCH", f"/documents/{seg(document_id)}/shares/shareLinks/{seg(share_link_id)}",
                          ShareLink, json=body)

    @endpoint
    def delete(self, document_id: str, share_link_id: str) -> Call[None]:
        """Delete a share link."""
        return rest("DELETE", f"/documents/{seg(document_id)}/shares/shareLinks/{seg(share_link_id)}", nothing)


class Embeds(Resource[Mode]):
    """Document embeds: session tokens for the iframe, and the embed resources."""

    @endpoint
    def token(self, *, origin: str, embed_id: str | None = None,
              session_config: SessionConfig | None = None) -> Call[str]:
        """A short-lived embed session token (a JWT) for the page at `origin` to show the document
        picker, or the embed `embed_id`. Put it in `viewer_url(token)`."""
        body = present({"origin": origin, "embedId": embed_id, "sessionConfig": session_config})
        return rest("POST", "/embeds/token", string, json=body, idempotent=True)

    def viewer_url(self, token: str) -> str:
        """The iframe `src` that shows an embed (or the picker) for an embed session token."""
        return f"{self._urls.web}/embeds?{urlencode({'token': token})}"

    def direct_embed_url(self, document: str, client_id: str) -> str:
        """The iframe `src` of a direct (cookie-authenticated) embed of a document link or id."""
        return f"{self._urls.web}/embeds/link?{urlencode({'document': document, 'clientId': client_id})}"

    @endpoint
    def create(self, document_id: str, *, embed_version: EmbedVersion = "latest-version") -> Call[Embed]:
        """Create an embed of a document (a snapshot freezes the document as it is now)."""
        return rest_model("POST", f"/documents/{seg(document_id)}/embeds", Embed, json={"embedVersion": embed_version})

    @endpoint
    def get(self, document_id: str, embed_id: str) -> Call[Embed]:
        """An embed of a document."""
        return rest_model("GET", f"/documents/{seg(document_id)}/embeds/{seg(embed_id)}", Embed)

    @endpoint
    def get_document(self, document_id: str, embed_id: str) -> Call[EmbedDocument]:
        """The embedded document's title and page count (as of the snapshot, for snapshot embeds)."""
        return rest_model("GET", f"/documents/{seg(document_id)}/embeds/{seg(embed_id)}/document", EmbedDocument)

    @endpoint
    def change_version(self, document_id: str, embed_id: str, *, embed_version: EmbedVersion) -> Call[Embed]:
        """Switch an embed between the latest version and a (new) snapshot; a snapshot cannot be undone."""
        return rest_model("POST", f"/documents/{seg(document_id)}/embeds/{seg(embed_id)}/changeVersion", Embed,
                          json={"embedVersion": embed_version})

    @endpoint
    def delete(self, document_id: str, embed_id: str) -> Call[None]:
        """Delete an embed (iframes showing it stop working)."""
        return rest("DELETE", f"/documents/{seg(document_id)}/embeds/{seg(embed_id)}", nothing)
