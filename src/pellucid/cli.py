"""The `pellucid` command: run the server, administer it, work with data and connectors."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Optional

import typer

from pellucid.commands.data import data_app
from pellucid.commands.documents import documents_app
from pellucid.commands.progress import counting
from pellucid.commands.push import push
from pellucid.mcp.cli import mcp_app
from pellucid.sdk.connector.cli import connector_app

app = typer.Typer(
    help="pellucid: a Lucid-compatible REST / Data Service API server and Python SDK.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
admin_app = typer.Typer(
    help="Operator commands. Each prints exactly one JSON object on success.",
    no_args_is_help=True,
)
app.add_typer(admin_app, name="admin")

connector_app.command("push")(push)  # registered here: it uses the CLI's CSV reading and progress bars
app.add_typer(connector_app, name="connector")
app.add_typer(data_app, name="data")
app.add_typer(documents_app, name="documents")
app.add_typer(mcp_app, name="mcp")

DatabaseOption = typer.Option(
    None, "--database", metavar="URL", envvar="PELLUCID_DATABASE_URL",
    help="SQLAlchemy URL, e.g. postgresql+psycopg://127.0.0.1/test. Default: sqlite under ./.pellucid/",
)


def _require_server_extra(command: str) -> None:
    """The server and admin commands need the `server` extra: say so in one line, not a traceback."""
    try:
        import pellucid.server.app  # noqa: F401
    except ModuleNotFoundError as exc:
        typer.echo(f"error: `pellucid {command}` needs pellucid's server extra ({exc.name} is missing): "
                   "install 'pellucid[server]', e.g. pip install -e '.[server]' in a clone", err=True)
        raise typer.Exit(1) from None


@admin_app.callback()
def _admin() -> None:
    _require_server_extra("admin")


def _emit(obj: dict) -> None:
    typer.echo(json.dumps(obj))


def _store(database: Optional[str]):
    from pellucid.server.settings import default_database_url
    from pellucid.server.store.db import Store

    store = Store(database or default_database_url())
    store.migrate()
    return store


def _run_admin(action) -> None:
    from pellucid.server.admin import AdminError

    try:
        _emit(action())
    except AdminError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", metavar="HOST", help="Interface to listen on."),
    port: int = typer.Option(8080, envvar="PELLUCID_PORT", metavar="PORT", help="TCP port."),
    database: Optional[str] = DatabaseOption,
    public_url: Optional[str] = typer.Option(
        None, envvar="PELLUCID_PUBLIC_URL", metavar="URL", help="Origin of absolute links. Default: http://HOST:PORT"),
    redis_url: Optional[str] = typer.Option(
        None, envvar="PELLUCID_REDIS_URL", metavar="URL", help="Share rate-limit counters between processes through Redis."),
    rate_limits: str = typer.Option(
        "on", envvar="PELLUCID_RATE_LIMITS", metavar="on|off", help="'off' disables every rate limiter (load tests)."),
    data_service_rate: int = typer.Option(
        750, envvar="PELLUCID_DATA_SERVICE_RATE", metavar="N", help="Data Service requests per minute per user."),
    workers: int = typer.Option(1, metavar="N", help="Server processes (use with PostgreSQL and --redis-url)."),
    access_log: str = typer.Option("on", envvar="PELLUCID_ACCESS_LOG", metavar="on|off", help="'off' silences per-request logs."),
    log_format: str = typer.Option("text", metavar="text|json", help="'text' (key=value) or 'json'."),
    max_body_bytes: int = typer.Option(
        32 * 1024 * 1024, envvar="PELLUCID_MAX_BODY_BYTES", metavar="BYTES", help="Largest request body, in bytes (413 beyond)."),
    file_size_limit: int = typer.Option(
        3 * 1024 * 1024, envvar="PELLUCID_FILE_SIZE_LIMIT", metavar="BYTES", help="Largest file the CSV and Excel adapters accept, in bytes."),
    google_client_id: Optional[str] = typer.Option(
        None, envvar="PELLUCID_GOOGLE_CLIENT_ID", metavar="ID", help="OAuth 2.0 client id for linking Google accounts (Google Sheets adapter)."),
    google_client_secret: Optional[str] = typer.Option(
        None, envvar="PELLUCID_GOOGLE_CLIENT_SECRET", metavar="SECRET", help="Its client secret; also keys the encryption of stored Google tokens."),
    google_auth_url: Optional[str] = typer.Option(
        None, envvar="PELLUCID_GOOGLE_AUTH_URL", metavar="URL", help="Google's authorization endpoint (default accounts.google.com)."),
    google_token_url: Optional[str] = typer.Option(
        None, envvar="PELLUCID_GOOGLE_TOKEN_URL", metavar="URL", help="Google's token endpoint (default oauth2.googleapis.com/token)."),
    google_sheets_url: Optional[str] = typer.Option(
        None, envvar="PELLUCID_GOOGLE_SHEETS_URL", metavar="URL", help="Base URL of the Sheets API v4 (default sheets.googleapis.com)."),
    connector_poll_interval: Optional[float] = typer.Option(
        None, envvar="PELLUCID_CONNECTOR_POLL_INTERVAL", metavar="SECONDS",
        help="Seconds between Poll actions for documents with connector data (default 30; 0 disables)."),
    connector_refresh_age: Optional[float] = typer.Option(
        None, envvar="PELLUCID_CONNECTOR_REFRESH_AGE", metavar="SECONDS",
        help="Seconds after its last refresh that opening a document sends HardRefresh (default 300)."),
    connector_action_timeout: Optional[float] = typer.Option(
        None, envvar="PELLUCID_CONNECTOR_ACTION_TIMEOUT", metavar="SECONDS", help="Seconds per action request attempt (default 30)."),
    connector_action_retries: Optional[int] = typer.Option(
        None, envvar="PELLUCID_CONNECTOR_ACTION_RETRIES", metavar="N",
        help="Extra attempts after a connection error, timeout or 5xx (default 2; never after a 4xx)."),
    connector_update_token_ttl: Optional[float] = typer.Option(
        None, envvar="PELLUCID_CONNECTOR_UPDATE_TOKEN_TTL", metavar="SECONDS", help="Seconds a documentUpdateToken lives (default 3600)."),
    connector_concurrency: Optional[int] = typer.Option(
        None, envvar="PELLUCID_CONNECTOR_CONCURRENCY", metavar="N", help="Background connector actions at once (default 4)."),
    login_rate: str = typer.Option(
        "10/300", envvar="PELLUCID_LOGIN_RATE", metavar="COUNT/SECONDS",
        help="Sign-in attempts per client address and login."),
    login_ceiling: str = typer.Option(
        "100/3600", envvar="PELLUCID_LOGIN_CEILING", metavar="COUNT/SECONDS",
        help="Sign-in attempts per login from all addresses together; browsers that signed in as the user before are exempt."),
    forwarded_allow_ips: str = typer.Option(
        "", envvar="PELLUCID_FORWARDED_ALLOW_IPS", metavar="ADDRESSES",
        help="Comma-separated addresses of proxies whose X-Forwarded-For/-Proto are trusted "
             "(e.g. the load balancer's). Default: none, the TCP peer is the client."),
    header_timeout: float = typer.Option(
        10.0, envvar="PELLUCID_HEADER_TIMEOUT", metavar="SECONDS",
        help="Seconds a client has to send a request line and headers (408 and close beyond)."),
    body_timeout: float = typer.Option(
        60.0, envvar="PELLUCID_BODY_TIMEOUT", metavar="SECONDS",
        help="Seconds a client has to send a request body once its headers are in."),
    keep_alive_timeout: float = typer.Option(
        5.0, envvar="PELLUCID_KEEP_ALIVE_TIMEOUT", metavar="SECONDS", help="Seconds an idle kept-alive connection stays open."),
    max_header_bytes: int = typer.Option(
        65536, envvar="PELLUCID_MAX_HEADER_BYTES", metavar="BYTES", help="Largest request line and headers, in bytes (431 beyond)."),
    limit_concurrency: Optional[int] = typer.Option(
        None, envvar="PELLUCID_LIMIT_CONCURRENCY", metavar="N",
        help="Connections or requests at once per worker beyond which new requests get 503 (default: no limit)."),
    database_connections: int = typer.Option(
        40, envvar="PELLUCID_DATABASE_CONNECTIONS", metavar="N",
        help="Most PostgreSQL connections one process (each worker) opens; beyond, requests wait for one. "
             "Processes x N must stay under the server's max_connections."),
    threads: int = typer.Option(
        16, envvar="PELLUCID_THREADS", metavar="N",
        help="Worker threads per process for requests that only read, and as many for the others "
             "(handlers run there, never on the event loop). With PostgreSQL keep 2 x N under --database-connections."),
    filter_build_process: str = typer.Option(
        "on", envvar="PELLUCID_FILTER_BUILD_PROCESS", metavar="on|off",
        help="Build the filter columns of bulk-written items in a process of its own, beside the server "
             "('off': in a thread of each server process)."),
    metrics_token: Optional[str] = typer.Option(
        None, envvar="PELLUCID_METRICS_TOKEN", metavar="TOKEN",
        help="Serve Prometheus metrics at /metrics to scrapes sending `Authorization: Bearer TOKEN`. "
             "Default: /metrics is off (404)."),
    import_max_file_bytes: Optional[int] = typer.Option(
        None, envvar="PELLUCID_IMPORT_MAX_FILE_BYTES", metavar="BYTES", help="Largest file a document import accepts (default 50 MiB)."),
    import_max_uncompressed_bytes: Optional[int] = typer.Option(
        None, envvar="PELLUCID_IMPORT_MAX_UNCOMPRESSED_BYTES", metavar="BYTES",
        help="Most an imported archive or compressed diagram may inflate to (default 50 MiB)."),
    import_max_ratio: Optional[int] = typer.Option(
        None, envvar="PELLUCID_IMPORT_MAX_RATIO", metavar="N", help="Largest inflated/compressed ratio of an archive entry (default 200)."),
    import_max_entries: Optional[int] = typer.Option(
        None, envvar="PELLUCID_IMPORT_MAX_ENTRIES", metavar="N", help="Most files in an imported archive (default 10000)."),
    import_max_document_json_bytes: Optional[int] = typer.Option(
        None, envvar="PELLUCID_IMPORT_MAX_DOCUMENT_JSON_BYTES", metavar="BYTES",
        help="Largest document.json of a Standard Import (default 2 MiB)."),
    import_max_data_bytes: Optional[int] = typer.Option(
        None, envvar="PELLUCID_IMPORT_MAX_DATA_BYTES", metavar="BYTES", help="Largest data/ folder of a Standard Import (default 1 MiB)."),
    import_max_image_bytes: Optional[int] = typer.Option(
        None, envvar="PELLUCID_IMPORT_MAX_IMAGE_BYTES", metavar="BYTES", help="Most image bytes one import may hold (default 50 MiB)."),
    import_max_image_pixels: Optional[int] = typer.Option(
        None, envvar="PELLUCID_IMPORT_MAX_IMAGE_PIXELS", metavar="N", help="Largest image, width x height (default 40000000)."),
    import_max_pages: Optional[int] = typer.Option(
        None, envvar="PELLUCID_IMPORT_MAX_PAGES", metavar="N", help="Most pages of an imported document (default 500)."),
    import_max_items: Optional[int] = typer.Option(
        None, envvar="PELLUCID_IMPORT_MAX_ITEMS", metavar="N",
        help="Most shapes, lines, groups and layers of an imported document (default 100000)."),
    import_max_pdf_pages: Optional[int] = typer.Option(
        None, envvar="PELLUCID_IMPORT_MAX_PDF_PAGES", metavar="N", help="Most pages of an imported board PDF (default 100)."),
    max_items: Optional[int] = typer.Option(
        None, envvar="PELLUCID_MAX_ITEMS", metavar="N",
        help="Most items one Data Service request creates, updates or deletes (default 10000; 413 beyond)."),
    max_name_length: Optional[int] = typer.Option(
        None, envvar="PELLUCID_MAX_NAME_LENGTH", metavar="CHARS",
        help="Longest name of a data set, data source, collection, field or property (default 1000; 400 beyond)."),
    max_value_length: Optional[int] = typer.Option(
        None, envvar="PELLUCID_MAX_VALUE_LENGTH", metavar="CHARS",
        help="Longest string value of a data item or field default (default 65536; 400 beyond)."),
    mcp: str = typer.Option(
        "auto", envvar="PELLUCID_MCP", metavar="auto|on|off",
        help="The MCP endpoint at /mcp: 'auto' (when the mcp extra is installed), 'on' or 'off'."),
    loopback_client_documents: str = typer.Option(
        "off", envvar="PELLUCID_LOOPBACK_CLIENT_DOCUMENTS", metavar="on|off",
        help="'on' also fetches OAuth client metadata documents from http(s)://127.0.0.1 (tests, development)."),
) -> None:
    """Run the server: REST API, Data Service API and web pages on one origin."""
    _require_server_extra("serve")
    import uvicorn

    from pellucid.server.logs import configure_logging
    from pellucid.server.settings import default_database_url, parse_window

    for option, window in (("--login-rate", login_rate), ("--login-ceiling", login_ceiling)):
        try:
            parse_window(window)
        except ValueError:
            raise typer.BadParameter(f"expected COUNT/SECONDS, e.g. 10/300, not {window!r}", param_hint=option) from None

    env = {
        "PELLUCID_HOST": host,
        "PELLUCID_PORT": str(port),
        "PELLUCID_DATABASE_URL": database or default_database_url(),
        "PELLUCID_RATE_LIMITS": rate_limits,
        "PELLUCID_DATA_SERVICE_RATE": str(data_service_rate),
        "PELLUCID_ACCESS_LOG": access_log,
        "PELLUCID_LOG_FORMAT": log_format,
        "PELLUCID_FILE_SIZE_LIMIT": str(file_size_limit),
        "PELLUCID_MAX_BODY_BYTES": str(max_body_bytes),
        "PELLUCID_LOGIN_RATE": login_rate,
        "PELLUCID_LOGIN_CEILING": login_ceiling,
        "PELLUCID_HEADER_TIMEOUT": str(header_timeout),
        "PELLUCID_BODY_TIMEOUT": str(body_timeout),
        "PELLUCID_MAX_HEADER_BYTES": str(max_header_bytes),
        "PELLUCID_DATABASE_CONNECTIONS": str(database_connections),
        "PELLUCID_THREADS": str(threads),
        "PELLUCID_FILTER_BUILD_PROCESS": filter_build_process,
        "PELLUCID_MCP": mcp,
        "PELLUCID_LOOPBACK_CLIENT_DOCUMENTS": loopback_client_documents,
    }
    if mcp not in ("auto", "on", "off"):
        typer.echo("error: --mcp must be auto, on or off", err=True)
        raise typer.Exit(2)
    from pellucid.mcp.cli import mcp_installed
    from pellucid.server.mcp import EXTRA_MISSING

    if mcp == "on" and not mcp_installed():
        typer.echo(f"error: {EXTRA_MISSING}", err=True)
        raise typer.Exit(2)
    google = {
        "PELLUCID_GOOGLE_CLIENT_ID": google_client_id, "PELLUCID_GOOGLE_CLIENT_SECRET": google_client_secret,
        "PELLUCID_GOOGLE_AUTH_URL": google_auth_url, "PELLUCID_GOOGLE_TOKEN_URL": google_token_url,
        "PELLUCID_GOOGLE_SHEETS_URL": google_sheets_url,
    }
    env.update({name: value for name, value in google.items() if value})
    if public_url:
        env["PELLUCID_PUBLIC_URL"] = public_url
    if redis_url:
        env["PELLUCID_REDIS_URL"] = redis_url
    connector_knobs = {
        "POLL_INTERVAL": connector_poll_interval, "REFRESH_AGE": connector_refresh_age,
        "ACTION_TIMEOUT": connector_action_timeout, "ACTION_RETRIES": connector_action_retries,
        "UPDATE_TOKEN_TTL": connector_update_token_ttl, "CONCURRENCY": connector_concurrency,
    }
    env.update({f"PELLUCID_CONNECTOR_{name}": str(value) for name, value in connector_knobs.items() if value is not None})
    metrics_dir = None
    if metrics_token:
        # One fresh directory per run: prometheus-client's multiprocess mode sums the workers' files.
        metrics_dir = tempfile.mkdtemp(prefix="pellucid-metrics-")
        env.update({"PELLUCID_METRICS_TOKEN": metrics_token, "PROMETHEUS_MULTIPROC_DIR": metrics_dir})
    import_limits = {
        "MAX_FILE_BYTES": import_max_file_bytes, "MAX_UNCOMPRESSED_BYTES": import_max_uncompressed_bytes,
        "MAX_RATIO": import_max_ratio, "MAX_ENTRIES": import_max_entries,
        "MAX_DOCUMENT_JSON_BYTES": import_max_document_json_bytes, "MAX_DATA_BYTES": import_max_data_bytes,
        "MAX_IMAGE_BYTES": import_max_image_bytes, "MAX_IMAGE_PIXELS": import_max_image_pixels,
        "MAX_PAGES": import_max_pages, "MAX_ITEMS": import_max_items, "MAX_PDF_PAGES": import_max_pdf_pages,
    }
    env.update({f"PELLUCID_IMPORT_{name}": str(value) for name, value in import_limits.items() if value is not None})
    request_limits = {"MAX_ITEMS": max_items, "MAX_NAME_LENGTH": max_name_length, "MAX_VALUE_LENGTH": max_value_length}
    env.update({f"PELLUCID_{name}": str(value) for name, value in request_limits.items() if value is not None})
    os.environ.update(env)
    configure_logging(log_format)
    _store(env["PELLUCID_DATABASE_URL"]).dispose()  # create and migrate once, before any worker
    proxies = [address.strip() for address in forwarded_allow_ips.split(",") if address.strip()]
    try:
        uvicorn.run(
            "pellucid.server.asgi:create_app", factory=True, host=host, port=port, workers=workers,
            log_config=None, access_log=False, lifespan="on",
            http="pellucid.server.http.connections:GuardedHttpToolsProtocol",
            timeout_keep_alive=keep_alive_timeout, limit_concurrency=limit_concurrency,
            proxy_headers=bool(proxies), forwarded_allow_ips=proxies or None,
        )
    finally:
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)


@admin_app.command("create-account")
def create_account(
    name: str = typer.Option(..., metavar="NAME", help="Account name."),
    license: str = typer.Option("enterprise", metavar="LICENSE", help="enterprise, team or free."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Create an account -> {"id", "name"}."""
    from pellucid.server import admin

    _run_admin(lambda: admin.create_account(_store(database), name, license))


@admin_app.command("create-user")
def create_user(
    account: int = typer.Option(..., metavar="ID", help="Account id."),
    email: str = typer.Option(..., metavar="EMAIL"),
    first_name: str = typer.Option(..., "--first-name", metavar="NAME"),
    last_name: str = typer.Option(..., "--last-name", metavar="NAME"),
    username: Optional[str] = typer.Option(None, metavar="NAME", help="Defaults to the email."),
    password: Optional[str] = typer.Option(None, metavar="PASSWORD", help="Lets the user log in to the OAuth pages."),
    role: list[str] = typer.Option([], "--role", metavar="ROLE", help="billing-admin, document-approver or team-admin; repeatable."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Create a user -> the User resource of the REST API."""
    from pellucid.server import admin

    _run_admin(lambda: admin.create_user(
        _store(database), account_id=account, email=email, first_name=first_name,
        last_name=last_name, username=username, password=password, roles=role,
    ))


@admin_app.command("create-client")
def create_client(
    name: str = typer.Option(..., metavar="NAME", help="Client name, shown on the consent page."),
    redirect_uri: list[str] = typer.Option([], "--redirect-uri", metavar="URL", help="Registered redirect URI; repeatable."),
    public: bool = typer.Option(False, "--public", help="A public native client: PKCE, no secret, loopback "
                                "redirect URIs on any port (desktop apps, assistants)."),
    embed_domain: list[str] = typer.Option(
        [], "--embed-domain", metavar="ORIGIN",
        help="Origin that may frame the client's direct embeds (/embeds/link), e.g. https://yourapp.example; "
             "repeatable."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Register an OAuth 2.0 client -> {"client_id", "client_secret", "redirect_uris"[, "embed_domains"]}."""
    from pellucid.server import admin

    _run_admin(lambda: admin.create_client(_store(database), name, redirect_uri, public=public,
                                           embed_domains=embed_domain))


@admin_app.command("issue-token")
def issue_token(
    client: str = typer.Option(..., metavar="CLIENT_ID", help="client_id of a registered client."),
    user: Optional[int] = typer.Option(None, metavar="ID", help="Issue a user token for this user id."),
    account: Optional[int] = typer.Option(None, metavar="ID", help="Issue an account token for this account id."),
    scope: list[str] = typer.Option(..., "--scope", metavar="SCOPE", help="Scope to grant; repeatable."),
    expires_in: Optional[int] = typer.Option(None, metavar="SECONDS", help="Access token lifetime in seconds (default 3600)."),
    resource: Optional[str] = typer.Option(
        None, metavar="URL", help="Bind the token to a protected resource (RFC 8707), e.g. "
                                  "http://127.0.0.1:8080/mcp; it then works there only."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Issue a token without the browser flow -> the OAuth2 Token resource."""
    from pellucid.server import admin

    _run_admin(lambda: admin.issue_token(
        _store(database), client_id=client, scope_list=scope, user_id=user,
        account_id=account, expires_in=expires_in, resource=resource,
    ))


@admin_app.command("create-consumer")
def create_consumer(
    name: str = typer.Option(..., metavar="NAME", help="The application's name, shown on the authorization page."),
    callback_uri: list[str] = typer.Option(
        ..., "--callback-uri", metavar="URL",
        help="Registered oauth_callback URL; repeatable. Requests may add query parameters."),
    rsa_public_key: Optional[Path] = typer.Option(
        None, "--rsa-public-key", metavar="FILE", help="PEM file of the consumer's RSA public key, for RSA-SHA1 signatures."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Register an OAuth 1.0 consumer -> {"consumer_key", "consumer_secret", "callback_uris"}."""
    from pellucid.server import admin

    def create() -> dict:
        pem = None
        if rsa_public_key is not None:
            try:
                pem = rsa_public_key.read_text(encoding="utf-8")
            except OSError as exc:
                raise admin.AdminError(f"cannot read --rsa-public-key: {exc}") from None
        return admin.create_consumer(_store(database), name=name, callback_uris=callback_uri, rsa_public_key=pem)

    _run_admin(create)


@admin_app.command("issue-oauth1-token")
def issue_oauth1_token(
    consumer: str = typer.Option(..., metavar="KEY", help="consumer_key of a registered consumer."),
    user: int = typer.Option(..., metavar="ID", help="The user the token acts for."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Issue an OAuth 1.0 access token without the browser flow -> {"oauth_token", "oauth_token_secret"}."""
    from pellucid.server import admin

    _run_admin(lambda: admin.issue_oauth1_token(_store(database), consumer_key=consumer, user_id=user))


@admin_app.command("revoke-oauth1-token")
def revoke_oauth1_token(
    token: str = typer.Option(..., metavar="TOKEN", help="The oauth_token of an access token."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Revoke an OAuth 1.0 access token -> {"revoked": true}."""
    from pellucid.server import admin

    _run_admin(lambda: admin.revoke_oauth1_token(_store(database), token=token))


@admin_app.command("create-group")
def create_group(
    account: int = typer.Option(..., metavar="ID", help="Account id."),
    name: str = typer.Option(..., metavar="NAME", help="Group name."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Create a group of users -> {"id", "name", "accountId"}."""
    from pellucid.server import admin

    _run_admin(lambda: admin.create_group(_store(database), account_id=account, name=name))


@admin_app.command("add-group-member")
def add_group_member(
    group: int = typer.Option(..., metavar="ID", help="Group id."),
    user: int = typer.Option(..., metavar="ID", help="User id (on the group's account)."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Add a user to a group -> {"groupId", "userId"}."""
    from pellucid.server import admin

    _run_admin(lambda: admin.add_group_member(_store(database), group_id=group, user_id=user))


@admin_app.command("create-team-folder")
def create_team_folder(
    account: int = typer.Option(..., metavar="ID", help="Account id."),
    name: str = typer.Option(..., metavar="NAME", help="Folder name."),
    user: Optional[int] = typer.Option(None, metavar="ID", help="A user of the account who gets editandshare on it."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Create a team folder -> {"id", "type", "name", "accountId"}."""
    from pellucid.server import admin

    _run_admin(lambda: admin.create_team_folder(_store(database), account_id=account, name=name, admin_user_id=user))


@admin_app.command("create-shortcut")
def create_shortcut(
    folder: int = typer.Option(..., metavar="ID", help="Folder the shortcut lives in."),
    document: Optional[str] = typer.Option(None, metavar="ID", help="Document the shortcut points at."),
    target_folder: Optional[int] = typer.Option(None, "--target-folder", metavar="ID", help="Folder the shortcut points at."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Put a shortcut to a document or folder in a folder -> {"id", "folderId", ...}."""
    from pellucid.server import admin

    _run_admin(lambda: admin.create_shortcut(_store(database), folder_id=folder, document_id=document,
                                             target_folder_id=target_folder))


@admin_app.command("set-sharing-policy")
def set_sharing_policy(
    account: int = typer.Option(..., metavar="ID", help="Account id."),
    max_link_expiry_days: Optional[int] = typer.Option(None, metavar="DAYS", help="Longest share link lifetime; expiries beyond are clamped."),
    restrict_links_to_account: bool = typer.Option(False, help="Force restrictToAccount on every share link."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Set an account's share link policy -> {"accountId", "maxLinkExpiryDays", "restrictLinksToAccount"}."""
    from pellucid.server import admin

    _run_admin(lambda: admin.set_sharing_policy(_store(database), account_id=account,
                                                max_link_expiry_days=max_link_expiry_days,
                                                restrict_links_to_account=restrict_links_to_account))


@admin_app.command("pick-document")
def pick_document(
    client: str = typer.Option(..., metavar="CLIENT_ID", help="client_id of a registered client."),
    user: int = typer.Option(..., metavar="ID", help="User who picks the document."),
    document: str = typer.Option(..., metavar="ID", help="Document id."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Let a client's document.app.picker scopes reach a document -> {"clientId", "userId", "documentId"}."""
    from pellucid.server import admin

    _run_admin(lambda: admin.pick_document(_store(database), client_id=client, user_id=user, document_id=document))


@admin_app.command("seed")
def seed(
    file: str = typer.Argument(..., metavar="FILE", hidden=True),  # described in the docstring
    database: Optional[str] = DatabaseOption,
) -> None:
    """Create accounts, users, clients, tokens, folders, documents and data from FILE (JSON or
    YAML; docs/testing.md) -> {"accounts", "users", "clients", "tokens", "documents", ...}.

    Progress bars (entries, and data items) go to stderr; the file is checked whole before anything
    is written.
    """
    from pellucid.server import seed as seeding
    from pellucid.server.admin import AdminError

    def run() -> dict:
        try:
            spec = seeding.load(file)
        except OSError as exc:
            raise AdminError(f"cannot read {file}: {exc.strerror}") from None
        steps = seeding.plan(spec)
        items = sum(step.items for step in steps)
        store = _store(database)
        with counting() as bars:
            advance = bars.add("seeding", len(steps))
            on_items = bars.add("items", items) if items else (lambda count: None)
            return seeding.run(store, steps, lambda where: advance(1, where), on_items)

    _run_admin(run)


@admin_app.command("register-package")
def register_package(
    manifest: Optional[str] = typer.Option(None, metavar="FILE", help="A lucid-package manifest.json (id, version, dataConnectors)."),
    name: Optional[str] = typer.Option(None, metavar="NAME", help="Short form: the package name."),
    id: Optional[str] = typer.Option(None, "--id", metavar="UUID", help="Short form: the package id (default: a new UUID)."),
    version: Optional[str] = typer.Option(None, metavar="VERSION", help="Short form: the package version (default 1.0.0)."),
    connector: list[str] = typer.Option([], "--connector", metavar="NAME=URL", help="Short form: NAME=CALLBACK_URL; repeatable."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Register an extension package's data connectors -> {"packageId", "version", "dataConnectors"}."""
    from pellucid.server.admin import AdminError
    from pellucid.server.connectors import packages

    def register() -> dict:
        if (manifest is None) == (name is None):
            raise AdminError("give either --manifest or --name with --connector NAME=URL")
        if manifest is not None:
            try:
                with open(manifest, encoding="utf-8") as handle:
                    document = json.load(handle)
            except (OSError, ValueError) as exc:
                raise AdminError(f"cannot read the manifest: {exc}") from None
            return packages.register_manifest(_store(database), document)
        return packages.register_short(_store(database), name, connector, package_id=id, version=version)

    _run_admin(register)


@admin_app.command("set-credential")
def set_credential(
    user: int = typer.Option(..., metavar="ID", help="User id."),
    package: str = typer.Option(..., metavar="ID", help="Package id."),
    credential: str = typer.Option(..., metavar="TOKEN", help="The user's OAuth access token for the package's provider."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """Store a user's credential for a package (sent as userCredential) -> {"userId", "packageId"}."""
    from pellucid.server.connectors import packages

    _run_admin(lambda: packages.set_credential(_store(database), user_id=user, package_id=package,
                                               credential=credential))


@admin_app.command("connector-status")
def connector_status(
    package: str = typer.Option(..., metavar="ID", help="Package id."),
    connector: str = typer.Option(..., metavar="NAME", help="Data connector name."),
    document: str = typer.Option(..., metavar="ID", help="Document id."),
    public_url: str = typer.Option("http://127.0.0.1:8080", envvar="PELLUCID_PUBLIC_URL", metavar="URL", help="Origin of links."),
    database: Optional[str] = DatabaseOption,
) -> None:
    """What a data connector did on a document: actions and errors, refresh and poll times, Patches."""
    from pellucid.server.admin import AdminError
    from pellucid.server.connectors import packages, status

    def show() -> dict:
        store = _store(database)
        with store.read() as conn:
            found = packages.find(conn, package, connector)
            if found is None:
                raise AdminError(f"no data connector {package}/{connector}")
            return status.render(conn, public_url.rstrip("/"), found, document)

    _run_admin(show)


def main() -> None:
    """The `pellucid` console script."""
    app(prog_name="pellucid")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
