"""The Lucid REST API (seed 002, before its "Legacy APIs" section).

Importing this package registers the OpenAPI schemas and installs the Data Service's document
grant resolver (`access`), so every process that serves REST routes also resolves those grants.
"""

from . import schemas  # noqa: F401 - registers the component schemas
from .accounts import routes as accounts
from .collaborators import routes as collaborators
from .contents import routes as contents
from .documents import routes as documents
from .embeds import routes as embeds
from .folders import routes as folders
from .links import routes as links
from .share_links import routes as share_links
from .transfer import routes as transfer
from .users import routes as users

ROUTE_TABLES = [accounts, users, documents, contents, folders, collaborators, share_links, embeds, transfer, links]
