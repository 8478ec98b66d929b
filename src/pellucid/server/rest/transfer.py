"""`POST /transferUserContent`: hand one user's documents and folders to another user."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..http import validation
from ..auth.policies import REST
from ..http.errors import bad_request, forbidden
from ..http.request import Request
from ..http.responses import Response, empty
from ..http.routing import RouteTable
from ..store import accounts, collaborators, documents, folders, users
from ..store import tables as t
from . import roles
from .limits import TRANSFER

routes = RouteTable(REST, tags=("Transfer Content",))


@routes.post("/transferUserContent", summary="Transfer User Content", token_types=("account",),
             scopes=("account.user.transfercontent",), limits=(TRANSFER,),
             openapi={"body": "TransferBody", "status": 204})
def transfer_user_content(request: Request) -> Response:
    """Documents and folders of `fromUser` become `toUser`'s, who also gets editandshare on every
    team folder `fromUser` could edit and share. Both users must be on the (Enterprise) account."""
    data = validation.body(request)
    from_email = validation.email(data.get("fromUser"), "fromUser")
    to_email = validation.email(data.get("toUser"), "toUser")
    if from_email.lower() == to_email.lower():
        raise bad_request("fromUser and toUser must be different users")
    account_id = request.principal.account_id
    with request.ctx.store.write() as conn:
        if accounts.get_account(conn, account_id).license != "enterprise":
            raise forbidden("Transferring content needs an account with an Enterprise license")
        source, target = users.by_email(conn, from_email), users.by_email(conn, to_email)
        if source is None or target is None or source.account_id != account_id or target.account_id != account_id:
            raise forbidden("Both users must exist and be on the authenticated account")
        documents.transfer(conn, source.id, target.id)
        folders.transfer(conn, source.id, target.id)
        for folder_id in _team_folders_shared_with(conn, source.id):
            held = collaborators.get(conn, collaborators.FOLDER_USERS, folder_id, target.id)
            if held is None or not roles.at_least(held.role, roles.EDIT_AND_SHARE):
                collaborators.put(conn, collaborators.FOLDER_USERS, folder_id, target.id, roles.EDIT_AND_SHARE)
    return empty(204)


def _team_folders_shared_with(conn: Connection, user_id: int) -> list[int]:
    f, s = t.folders, t.folder_user_shares
    return list(conn.execute(
        sa.select(f.c.id).join(s, s.c.folder_id == f.c.id)
        .where(f.c.type == folders.TEAM, s.c.user_id == user_id, s.c.role == roles.EDIT_AND_SHARE)
    ).scalars())
