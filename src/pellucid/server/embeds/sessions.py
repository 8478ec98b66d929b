"""What an embed session may do, and doing it: the picker's documents, creating an embed from
the picker (which also grants the app the picked document), the embed a viewer shows, and the
settings of an embed. Database steps over one connection; the pages call them in a transaction.

The session acts for the user (or account) the app's token belonged to (seed 002, "Embed
Owner"), whoever sits at the browser; so it shows only what that user can read through the API.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection, Row

from ..auth.embed_tokens import EmbedSession
from ..rest import access, roles
from ..store import accounts, documents, embeds, oauth_clients

PICKER_LIMIT = 50  # documents the picker lists at once; a search narrows them
EMBED_GONE = "This embed was deleted, or its owner can no longer view the document."
NOT_PICKABLE = "That document cannot be embedded here: it does not exist, or you cannot view it in this app."


class Refused(Exception):
    """The session may not do this; the message is safe to show."""


@dataclass(frozen=True, slots=True)
class Viewed:
    """An embed and the document it shows, at `version` (None: the latest)."""

    embed: Row
    document: Row
    viewer_type: str
    version: int | None


def client(conn: Connection, session: EmbedSession) -> Row:
    """The app the session was issued to."""
    row = oauth_clients.get_client(conn, session.client_id)
    if row is None:
        raise Refused("The app of this embed session no longer exists.")
    return row


def can_read(conn: Connection, user_id: int, document: Row | None) -> bool:
    """Whether a person may see the document in a page: it exists, is not in the trash, and
    they hold at least `view` on it (the REST API's collaborator rules)."""
    return (document is not None and document.trashed is None
            and roles.at_least(access.person_role(conn, user_id, document), roles.VIEW))


def _readable(conn: Connection, session: EmbedSession, document: Row | None) -> bool:
    if session.user_id is None:
        return document is not None and document.trashed is None and document.account_id == session.account_id
    return can_read(conn, session.user_id, document)


def picker_documents(conn: Connection, session: EmbedSession, search: str) -> list[Row]:
    """The documents the picker offers, newest first (account sessions have no user to pick)."""
    if session.user_id is None or not session.products:
        return []
    return documents.pickable(conn, session.user_id, products=session.products, title_contains=search,
                              limit=PICKER_LIMIT)


def choose(conn: Connection, session: EmbedSession, app: Row, document_id: str, version: str) -> Row:
    """The user picked a document: it becomes the app's through its document.app.picker scopes
    (until the user revokes it) and gets a new embed owned by the user. One transaction."""
    document = documents.get(conn, document_id)
    if session.user_id is None or not _readable(conn, session, document) or document.product not in session.products:
        raise Refused(NOT_PICKABLE)
    user = accounts.get_user(conn, session.user_id)
    documents.pick(conn, app.id, user.id, document.id)
    return embeds.create(conn, document, version, account_id=user.account_id, user_id=user.id,
                         viewer_type=session.viewer_default)


def viewed(conn: Connection, session: EmbedSession, embed_id: str) -> Viewed:
    """The session's embed as its viewer shows it, or Refused."""
    embed = embeds.get(conn, embed_id)
    if embed is None or not embeds.owned_by(embed, user_id=session.user_id, account_id=session.account_id):
        raise Refused(EMBED_GONE)
    document = documents.get(conn, embed.document_id)
    if not _readable(conn, session, document):
        raise Refused(EMBED_GONE)
    version = embed.snapshot_version if embed.version == embeds.SNAPSHOT else None
    return Viewed(embed, document, embed.viewer_type or session.viewer_default, version)


def save_settings(conn: Connection, shown: Viewed, viewer_type: str, version: str) -> bool:
    """Apply the settings form; whether anything changed. Choosing snapshot-version on a latest
    embed snapshots the document as it is now."""
    changed = False
    if viewer_type != shown.viewer_type:
        embeds.change_viewer_type(conn, shown.embed, viewer_type)
        changed = True
    if version != shown.embed.version:
        embeds.change_version(conn, shown.embed, shown.document, version)
        changed = True
    return changed
