"""Per-account endpoint limits the seed documents, declared on the routes they cover.

Import (50 per minute) and image export (75 per 5 s) join when those endpoints do.
"""

from __future__ import annotations

from ..http.routing import EndpointLimit

SEARCH = EndpointLimit("search", 300, 5)  # document and folder search: 300 requests per 5 s
CONTENTS = EndpointLimit("contents", 100, 5)  # document contents: 100 per 5 s
TRANSFER = EndpointLimit("transfer", 30, 5)  # transferUserContent: 30 per 5 s
