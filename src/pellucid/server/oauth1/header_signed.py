"""The common signed Data Service request, checked without oauthlib's endpoint machinery: an
HMAC-SHA1 or HMAC-SHA256 signature in the `Authorization: OAuth` header, no protocol parameters
in the query, no form body.

The checks are the endpoint's (protocol parameters, timestamp window, token and consumer in one
lookup by digest, the signature over oauthlib's base string, the nonce), done in the order that
costs least; the base string is oauthlib's, built with a faster percent-encoding (tests compare
the two); the nonce is recorded last, by one statement (or one Redis command). A request that fails any check before the nonce is left to
the endpoint (`resource.authenticate`), which checks it again and says why it is refused: the
answers are the endpoint's, only the accepted requests are faster (issue 10's benchmark).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet
from oauthlib.oauth1.rfc5849 import SIGNATURE_HMAC_SHA1, SIGNATURE_HMAC_SHA256
from oauthlib.oauth1.rfc5849.signature import base_string_uri, collect_parameters
from oauthlib.oauth1.rfc5849.utils import escape, unescape

from ..http.request import Request
from ..store import oauth1 as store
from ..store.credentials import digest
from ..store.db import Store
from .nonces import Nonces
from .signed import FORM
from .validator import TIMESTAMP_WINDOW, decrypted, nonce_key, well_formed

HASHES = {SIGNATURE_HMAC_SHA1: hashlib.sha1, SIGNATURE_HMAC_SHA256: hashlib.sha256}
MANDATORY = ("oauth_consumer_key", "oauth_token", "oauth_signature_method", "oauth_signature",
             "oauth_timestamp", "oauth_nonce")


class Replayed:
    """The request was signed correctly, but its nonce was used before."""


REPLAYED = Replayed()


@lru_cache(maxsize=16)
def base_string_origin(base_url: str) -> str:
    """The base string URI of the server's public origin (RFC 5849 §3.4.1.2: scheme and host in
    lower case, default port dropped), onto which a request's path is appended as sent."""
    return base_string_uri(base_url + "/")[:-1]


# One `name="value"` of the header (RFC 5849 §3.5.1); values are percent-encoded, so hold no
# comma or quote. Anything else (a realm with a comma in it, say) is left to oauthlib's parser.
_PARAMETER = re.compile(r'\s*([\w.~%-]+)="([^",]*)"\s*')


def _header_parameters(header: str) -> dict[str, str] | None:
    params = {}
    for part in header[6:].split(","):
        match = _PARAMETER.fullmatch(part)
        if match is None:
            return None
        name, value = match.groups()
        if name != "realm":  # not signed (RFC 5849 §3.4.1.3.1); oauthlib decodes the oauth_ values only
            params[name] = unescape(value) if name.startswith("oauth_") and "%" in value else value
    return params


def _protocol_parameters(request: Request) -> dict[str, str] | None:
    header = request.header("authorization") or ""
    if not header[:6].lower() == "oauth " or (request.header("content-type") or "").startswith(FORM):
        return None
    params = _header_parameters(header)
    if params is None:
        return None
    if any(name not in params for name in MANDATORY) or params["oauth_signature_method"] not in HASHES:
        return None
    if params.get("oauth_version", "1.0") != "1.0":
        return None
    return params


def _fresh(timestamp: str) -> bool:
    return len(timestamp) == 10 and timestamp.isdigit() and abs(time.time() - int(timestamp)) <= TIMESTAMP_WINDOW


_UNRESERVED_ONLY = re.compile(r"[A-Za-z0-9._~-]*")
_RESERVED = re.compile(r"[^A-Za-z0-9._~-]")


def _percent(match: re.Match) -> str:
    return f"%{ord(match.group()):02X}"


def percent_encoded(value: str) -> str:
    """RFC 5849 §3.6, as oauthlib's `escape` encodes: the same bytes, in C for ASCII text
    (`urllib.parse.quote` costs ~0.5 µs a character, the largest cost of a signature)."""
    if _UNRESERVED_ONLY.fullmatch(value):
        return value
    return _RESERVED.sub(_percent, value) if value.isascii() else escape(value)


def base_string(method: str, uri: str, params: list[tuple[str, str]]) -> str:
    """The signature base string (RFC 5849 §3.4.1) of oauthlib's `signature_base_string` over
    `normalize_parameters`: pairs encoded, sorted, joined; encoded once more, which for text
    already encoded means only `%`, `=` and `&`."""
    pairs = sorted((percent_encoded(name), percent_encoded(value)) for name, value in params)
    normalized = "&".join(f"{name}={value}" for name, value in pairs)
    again = normalized.replace("%", "%25").replace("=", "%3D").replace("&", "%26")
    return f"{percent_encoded(method.upper())}&{percent_encoded(uri)}&{again}"


def _signature(params: dict[str, str], query: list[tuple[str, str]], request: Request, consumer_secret: str,
               token_secret: str) -> str:
    signed = [(name, value) for name, value in params.items() if name != "oauth_signature"]
    raw_path = request.scope.get("raw_path") or request.path.encode()
    uri = base_string_origin(request.ctx.base_url) + raw_path.decode("latin-1").replace(" ", "%20")
    key = f"{percent_encoded(consumer_secret)}&{percent_encoded(token_secret)}".encode()
    mac = hmac.new(key, base_string(request.method, uri, signed + query).encode(), HASHES[params["oauth_signature_method"]])
    return base64.b64encode(mac.digest()).decode()


def check(request: Request, store_: Store, box: Fernet, nonces: Nonces) -> Any:
    """The token row (`store.SIGNED_BY`) of a request that passed every check, REPLAYED when only
    its nonce failed, None when the endpoint is to decide."""
    params = _protocol_parameters(request)
    if params is None or not _fresh(params["oauth_timestamp"]):
        return None
    consumer_key, token, nonce = params["oauth_consumer_key"], params["oauth_token"], params["oauth_nonce"]
    if not (well_formed(consumer_key) and well_formed(token) and well_formed(nonce)):
        return None
    query = collect_parameters(uri_query=request.query_string) if request.query_string else []
    if any(name.startswith("oauth_") for name, _ in query):
        return None
    row = store_.first(store.SIGNED_BY, token_hash=digest(token))
    if row is None or row.consumer_key != consumer_key:
        return None
    expected = _signature(params, query, request, decrypted(box, row.consumer_secret), decrypted(box, row.token_secret))
    if not hmac.compare_digest(expected.encode(), params["oauth_signature"].encode()):
        return None
    timestamp = params["oauth_timestamp"]
    key = nonce_key(consumer_key, token, timestamp, nonce)
    if not nonces.first_use(store_, None, key, int(timestamp) + TIMESTAMP_WINDOW):
        return REPLAYED
    return row
