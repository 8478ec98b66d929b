"""Per-account endpoint limits the seed documents, declared on the routes they cover.

Import shares its route with Create Document, so `imports.py` applies its limit itself; image
export shares Get Document's, so `export.py` checks its limit itself, on exports only.
"""

from __future__ import annotations

from ..http.routing import EndpointLimit

SEARCH = EndpointLimit("search", 300, 5)  # document and folder search: 300 requests per 5 s
CONTENTS = EndpointLimit("contents", 100, 5)  # document contents: 100 per 5 s
TRANSFER = EndpointLimit("transfer", 30, 5)  # transferUserContent: 30 per 5 s
IMPORT = EndpointLimit("import", 50, 60)  # import document: 50 per minute
EXPORT = EndpointLimit("export", 75, 5)  # image export (Get Document with an image Accept): 75 per 5 s
