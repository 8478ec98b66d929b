"""The Google side of the Google Sheets adapter: an OAuth 2.0 client and a Sheets API v4 reader.

Linking (authorization code flow with PKCE, RFC 7636): `start_link` hands the API caller a URL
of ours; opening it binds the browser (cookie) and redirects to Google's consent screen with a
one-time `state`; Google redirects back to `/adapter/googleSheets/callback`, which exchanges the
code and stores the tokens for the user who started the link. Access tokens are refreshed when
they are about to expire or Google answers 401. Tokens are stored encrypted with a key derived
from the client secret (a new secret means users link again) and never returned.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any
from urllib.parse import quote, urlencode

import httpx
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ...http.errors import ApiError, forbidden, not_found
from ...http.request import Request
from ...settings import Google
from ...store import google_accounts
from ...store.db import now_ms
from . import gsheets

SCOPE = "https://www.googleapis.com/auth/spreadsheets.readonly"
LINK_TTL_MS = 10 * 60 * 1000
REFRESH_MARGIN_MS = 60 * 1000
TIMEOUT = httpx.Timeout(30.0)
CALLBACK_PATH = "/adapter/googleSheets/callback"
AUTHORIZE_PATH = "/adapter/googleSheets/authorize"


def digest(value: str) -> bytes:
    """SHA-256 of a link state, so the database holds no usable state value."""
    return hashlib.sha256(value.encode()).digest()


def not_configured() -> ApiError:
    """503: the operator has not configured the Google client id and secret."""
    return ApiError(503, "serviceUnavailable", "The Google Sheets adapter is not configured on this server: the "
                    "operator must set --google-client-id and --google-client-secret")


def not_linked() -> ApiError:
    """403 telling the caller to link a Google account first, and how."""
    return forbidden("Link a Google account first: POST /adapter/googleSheets/link gives the URL to open in a browser")


def upstream(message: str) -> ApiError:
    """502: Google answered, but not with what we needed."""
    return ApiError(502, "badGateway", message)


class Sealer:
    """Fernet encryption keyed by HKDF-SHA256 of the Google client secret."""

    def __init__(self, google: Google) -> None:
        if not google.configured:
            raise not_configured()
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                   info=b"pellucid google credentials").derive(google.client_secret.encode())
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def seal(self, text: str) -> bytes:
        """Encrypt a Google token for storage."""
        return self._fernet.encrypt(text.encode())

    def open(self, blob: bytes | None) -> str | None:
        """The token in the clear; None when absent or unreadable (the client secret changed)."""
        if blob is None:
            return None
        try:
            return self._fernet.decrypt(bytes(blob)).decode()
        except InvalidToken:
            return None


# --------------------------------------------------------------------------- linking


def start_link(request: Request) -> tuple[str, int]:
    """(the URL the user opens in a browser, its expiry in ms)."""
    sealer = Sealer(request.ctx.settings.google)
    state = secrets.token_urlsafe(32)
    expires = now_ms() + LINK_TTL_MS
    with request.ctx.store.write() as conn:
        google_accounts.create_link(conn, digest(state), request.principal.user_id,
                                    sealer.seal(secrets.token_urlsafe(48)), expires)
    return f"{request.ctx.base_url}{AUTHORIZE_PATH}?{urlencode({'state': state})}", expires


def consent_url(request: Request, state: str, verifier: str) -> str:
    """Google's consent URL: offline access (a refresh token), PKCE S256, our callback."""
    google = request.ctx.settings.google
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return google.auth_url + "?" + urlencode({
        "client_id": google.client_id, "redirect_uri": request.ctx.base_url + CALLBACK_PATH,
        "response_type": "code", "scope": SCOPE, "access_type": "offline", "prompt": "consent",
        "include_granted_scopes": "true", "state": state,
        "code_challenge": challenge, "code_challenge_method": "S256",
    })


class TokenError(Exception):
    """Google's token endpoint refused: `error` is its OAuth error code."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(error, description)
        self.error = error
        self.description = description


async def _token_request(google: Google, form: dict[str, str]) -> dict[str, Any]:
    form = {**form, "client_id": google.client_id, "client_secret": google.client_secret}
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT) as client:
            response = await client.post(google.token_url, data=form, headers={"Accept": "application/json"})
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise upstream(f"Google's token endpoint could not be reached or answered garbage: {exc}") from None
    if response.status_code != 200 or not isinstance(body, dict) or "access_token" not in body:
        body = body if isinstance(body, dict) else {}
        raise TokenError(str(body.get("error", response.status_code)), str(body.get("error_description", "")))
    return body


async def exchange_code(request: Request, code: str, verifier: str) -> dict[str, Any]:
    """Google's token response for the authorization code and its PKCE verifier."""
    return await _token_request(request.ctx.settings.google, {
        "grant_type": "authorization_code", "code": code, "code_verifier": verifier,
        "redirect_uri": request.ctx.base_url + CALLBACK_PATH,
    })


def save_tokens(request: Request, user_id: int, body: dict[str, Any]) -> None:
    """Store the user's Google tokens sealed; a missing `expires_in` counts as one hour."""
    sealer = Sealer(request.ctx.settings.google)
    expires_in = body.get("expires_in")
    refresh = body.get("refresh_token")
    with request.ctx.store.write() as conn:
        google_accounts.save_credentials(
            conn, user_id, access_token=sealer.seal(str(body["access_token"])),
            access_expires=now_ms() + int(expires_in if isinstance(expires_in, (int, float)) else 3600) * 1000,
            refresh_token=sealer.seal(refresh) if isinstance(refresh, str) else None,
            scope=body.get("scope") if isinstance(body.get("scope"), str) else None,
        )


# ---------------------------------------------------------------------- access tokens


async def access_token(request: Request, *, force_refresh: bool = False) -> str:
    """A live access token for the caller's linked Google account; 403 when there is none."""
    google = request.ctx.settings.google
    sealer = Sealer(google)
    user_id = request.principal.user_id
    row = await request.ctx.run(_credentials, request, user_id)
    if row is None:
        raise not_linked()
    token = sealer.open(row.access_token)
    if token is not None and not force_refresh and row.access_expires > now_ms() + REFRESH_MARGIN_MS:
        return token
    refresh = sealer.open(row.refresh_token)
    if refresh is None:
        await request.ctx.run(_forget, request, user_id)
        raise forbidden("The Google authorization has expired; link the Google account again "
                        "(POST /adapter/googleSheets/link)")
    try:
        body = await _token_request(google, {"grant_type": "refresh_token", "refresh_token": refresh})
    except TokenError as exc:
        if exc.error in ("invalid_grant", "unauthorized_client"):
            await request.ctx.run(_forget, request, user_id)
            raise forbidden("Google refused to refresh the authorization (revoked or expired); link the Google "
                            "account again (POST /adapter/googleSheets/link)") from None
        raise upstream(f"Google's token endpoint refused the refresh: {exc.error} {exc.description}".strip()) from None
    await request.ctx.run(save_tokens, request, user_id, body)
    return str(body["access_token"])


def _credentials(request: Request, user_id: int):
    with request.ctx.store.read() as conn:
        return google_accounts.credentials(conn, user_id)


def _forget(request: Request, user_id: int) -> None:
    with request.ctx.store.write() as conn:
        google_accounts.delete_credentials(conn, user_id)


# ------------------------------------------------------------------------- Sheets API


async def spreadsheet(request: Request, doc_id: str, *, ranges: list[str] | None = None) -> dict[str, Any]:
    """spreadsheets.get: the tab list, or with `ranges` the grid data of those tabs."""
    google = request.ctx.settings.google
    params: list[tuple[str, str]] = [("fields", gsheets.TABS_FIELDS)]
    if ranges is not None:
        params = [("includeGridData", "true"), ("fields", gsheets.GRID_FIELDS), *(("ranges", r) for r in ranges)]
    url = f"{google.sheets_url.rstrip('/')}/v4/spreadsheets/{quote(doc_id, safe='')}"
    token = await access_token(request)
    for attempt in (1, 2):
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT) as client:
                response = await client.get(url, params=params, headers={"Authorization": f"Bearer {token}"})
        except httpx.HTTPError as exc:
            raise upstream(f"The Google Sheets API could not be reached: {exc}") from None
        if response.status_code == 401 and attempt == 1:
            token = await access_token(request, force_refresh=True)
            continue
        break
    if response.status_code == 200:
        try:
            return response.json()
        except ValueError:
            raise upstream("The Google Sheets API answered with invalid JSON") from None
    raise _sheets_error(doc_id, response)


def _sheets_error(doc_id: str, response: httpx.Response) -> ApiError:
    try:
        error = response.json().get("error", {})
        message = str(error.get("message", ""))
    except (ValueError, AttributeError):
        message = ""
    status = response.status_code
    if status in (401, 403):
        return forbidden(f"The linked Google account cannot open spreadsheet {doc_id!r}: {message}".rstrip(": "))
    if status == 404:
        return not_found(f"Google spreadsheet {doc_id!r} not found: {message}".rstrip(": "))
    if status == 400:
        return ApiError(400, "badRequest", f"Google rejected the request for spreadsheet {doc_id!r}: {message}")
    if status == 429:
        return ApiError(429, "tooManyRequests", "Google's Sheets API rate limit was reached; try again later",
                        headers={"Retry-After": response.headers.get("Retry-After", "60")})
    return upstream(f"The Google Sheets API failed with HTTP {status}: {message}".rstrip(": "))
