"""Where the APIs live: Lucid's three origins by default, or one pellucid server for all."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

#: REST API and OAuth 2.0 token endpoints.
LUCID_API_URL = "https://api.lucid.co"
#: Data Service API.
LUCID_DATA_URL = "https://data.lucid.app"
#: Pages a browser visits: the OAuth 2.0 authorization (consent) pages and embeds.
LUCID_WEB_URL = "https://lucid.app"

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2
#: The longest `Retry-After` the client waits out by itself; Lucid may ask for 3600 seconds.
DEFAULT_MAX_RETRY_AFTER = 60.0
#: Refresh an access token this long before it expires.
DEFAULT_REFRESH_SKEW = 300.0


@dataclass(frozen=True)
class BaseURLs:
    """The origins the client talks to, without trailing slashes."""

    api: str = LUCID_API_URL
    data: str = LUCID_DATA_URL
    web: str = LUCID_WEB_URL

    @classmethod
    def resolve(
        cls,
        base_url: str | None = None,
        *,
        api_url: str | None = None,
        data_url: str | None = None,
        web_url: str | None = None,
    ) -> BaseURLs:
        """`base_url` puts every role on one origin (a pellucid server); the others override one role."""
        def clean(url: str | None, fallback: str) -> str:
            return (url or base_url or fallback).rstrip("/")

        return cls(clean(api_url, LUCID_API_URL), clean(data_url, LUCID_DATA_URL), clean(web_url, LUCID_WEB_URL))
