"""`client.accounts` and `client.users` (seed 002, "Accounts" and "Users")."""

from __future__ import annotations

import builtins
from collections.abc import Sequence

from .._call import Call, models, nothing
from .._resource import Mode, Resource, endpoint, paged
from .._types import present
from ..models.users import Account, Profile, User
from ..pagination import PageData
from ._common import rest, rest_list, rest_model, seg


class Accounts(Resource[Mode]):
    @endpoint
    def me(self) -> Call[Account]:
        """The authenticated account (`GET /accounts/me`; scope `account.info`)."""
        return rest_model("GET", "/accounts/me", Account)


class Users(Resource[Mode]):
    @endpoint
    def get(self, user_id: int) -> Call[User]:
        """A user of the authenticated account. Lucid answers 403 (not 404) for an unknown user."""
        return rest_model("GET", f"/users/{seg(user_id)}", User)

    @paged
    def list(self, *, page_size: int | None = None, page_token: str | None = None) -> Call[PageData[User]]:
        """Every user on the account, auto-paging (account token, `account.user:readonly`)."""
        return rest_list("GET", "/users", User, page_size, page_token)

    @endpoint
    def create(self, *, email: str, first_name: str, last_name: str, username: str | None = None,
               password: str | None = None, roles: Sequence[str] | None = None) -> Call[User]:
        """Create a user on the account (enterprise; account token, `account.user`). 409 if taken."""
        body = present({"email": email, "firstName": first_name, "lastName": last_name, "username": username,
                        "password": password, "roles": list(roles) if roles is not None else None})
        return rest_model("POST", "/users", User, json=body)

    @endpoint
    def search_by_email(self, emails: Sequence[str]) -> Call[builtins.list[Profile]]:
        """Profiles of the account's users with these emails (exact, case-insensitive; at most 200)."""
        return rest("POST", "/users/searchByEmail", models(Profile), json={"emails": list(emails)}, idempotent=True)

    @endpoint
    def profile(self) -> Call[Profile]:
        """The authenticated user's profile (`GET /users/me/profile`; scope `user.profile`)."""
        return rest_model("GET", "/users/me/profile", Profile)

    @endpoint
    def transfer_content(self, *, from_user: str, to_user: str) -> Call[None]:
        """Transfer documents, folders and objects between two users of the account, by email
        (enterprise admins; account token, `account.user.transfercontent`)."""
        return rest("POST", "/transferUserContent", nothing, json={"fromUser": from_user, "toUser": to_user})
