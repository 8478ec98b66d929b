"""The server side of data connectors: extension packages, signed action requests, the
`dataSource/update` endpoint, the data-sync endpoints and the reserved actions' scheduler.

Importing this package makes Data Service edits of connector items queue Patch actions and
document opens queue HardRefresh; `scheduler.install(ctx)` sends them.
"""

from ..dataservice import item_events
from ..rest import opened
from . import edits, opening
from .datasync import routes as datasync
from .secrets import routes as signing
from .trigger import routes as trigger
from .update import routes as update

ROUTE_TABLES = [signing, trigger, update, datasync]

item_events.listen(edits.on_item_writes)
opened.listen(opening.on_document_opened)
