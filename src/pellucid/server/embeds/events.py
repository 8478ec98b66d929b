"""The postMessage events an embed sends its parent window (seed 002, "Document Embedding Event").
I/O-free: each function returns the exact message object; the pages hand them to `embed.js`,
which posts them to the session's origin only (never "*").
"""

from __future__ import annotations

import base64
import hashlib
import hmac

TYPE = "LucidEmbedEvent"


def embed_created(document_id: str, embed_id: str, signature: str) -> dict:
    """Fired when the user creates a new embed in the document picker."""
    return {"type": TYPE, "event": "EmbedCreated", "documentId": document_id, "embedId": embed_id,
            "signature": signature}


def settings_closed(settings_updated: bool) -> dict:
    """Fired when the user leaves the embed settings; `settingsUpdated`: whether they changed any."""
    return {"type": TYPE, "event": "SettingsClosed", "settingsUpdated": settings_updated}


def open_custom_settings() -> dict:
    """Fired when the user clicks "Settings for <app>" (sessionConfig.customSettings: postMessage)."""
    return {"type": TYPE, "event": "OpenCustomSettings"}


def embed_signature(key: str, *, embed_id: str, document_id: str, client_id: str) -> str:
    """The `signature` of EmbedCreated. The seed leaves it opaque; ours is an HMAC-SHA256 under a
    server key of the embed, its document and the app it was made for (base64url, unpadded), so
    the server can later tell an embed id it issued to that app from a guessed one."""
    message = f"{embed_id}\n{document_id}\n{client_id}".encode()
    digest = hmac.new(key.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
