"""The legacy OAuth 1.0a provider of the Data Service (seed 001; seed 002 "Legacy APIs").

oauthlib does the protocol and the signatures; this package gives it the store
(`validator`), adapts requests to it (`signed`), and serves the token endpoints (`endpoints`),
the user authorization page (`authorize`) and the check of signed Data Service requests
(`resource`).
"""

from . import authorize, endpoints

ROUTE_TABLES = [endpoints.routes, authorize.routes]
