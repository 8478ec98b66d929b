"""pellucid's Python SDK (client side): it never imports the server.

`Lucid` / `AsyncLucid` are typed clients for Lucid's REST API, OAuth 2.0 and Data Service, against
Lucid's cloud or a pellucid server; `pellucid.sdk.connector` is the data connector framework.
"""

from . import errors, filters, models, pkce
from ._types import NOT_GIVEN
from .auth import RefreshingToken, StaticToken, TokenProvider
from .client import AsyncLucid, Lucid
from .config import LUCID_API_URL, LUCID_DATA_URL, LUCID_WEB_URL, BaseURLs
from .errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    AuthorizationCallbackError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    LockedError,
    LucidError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from .models import OAuthToken
from .oauth1 import OAuth1Credentials, OAuth1Flow, TemporaryCredentials
from .pagination import AsyncPage, AsyncPager, SyncPage
from .ratelimit import TokenBucket
from .resources.oauth import AuthorizationRequest
from .retries import RetryPolicy

__all__ = [
    "LUCID_API_URL",
    "LUCID_DATA_URL",
    "LUCID_WEB_URL",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncLucid",
    "AsyncPage",
    "AsyncPager",
    "AuthenticationError",
    "AuthorizationCallbackError",
    "AuthorizationRequest",
    "BadRequestError",
    "BaseURLs",
    "ConflictError",
    "InternalServerError",
    "LockedError",
    "Lucid",
    "LucidError",
    "NotFoundError",
    "OAuth1Credentials",
    "OAuth1Flow",
    "OAuthToken",
    "PermissionDeniedError",
    "RateLimitError",
    "RefreshingToken",
    "RetryPolicy",
    "StaticToken",
    "SyncPage",
    "TemporaryCredentials",
    "TokenBucket",
    "TokenProvider",
    "errors",
    "filters",
    "models",
    "pkce",
]
