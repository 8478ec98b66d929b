"""Server configuration: one immutable object built from CLI options and environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_DATA_DIR = Path(".pellucid")


def default_database_url() -> str:
    """SQLite in the default data directory, so the server runs with no setup."""
    return f"sqlite:///{DEFAULT_DATA_DIR / 'pellucid.db'}"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() not in {"0", "off", "false", "no"}


def parse_window(text: str) -> tuple[int, int]:
    """"COUNT/SECONDS", e.g. "10/300", as (10, 300)."""
    count, _, seconds = text.partition("/")
    window = int(count), int(seconds)
    if window[0] < 1 or window[1] < 1:
        raise ValueError(f"a rate window must be COUNT/SECONDS with both above 0, not {text!r}")
    return window


@dataclass(frozen=True)
class RateLimits:
    """Documented defaults; `enabled=False` is the operator's switch for load tests."""

    enabled: bool = True
    data_service_per_minute: int = 750  # seed 002, Data section: "User API Rate 750 requests per minute"
    rest_user_per_second: int = 15
    rest_account_per_second: int = 50
    # Sign-in attempts (docs/operations.md): per client address and login together, and a
    # ceiling per login for browsers that have never signed in as that user.
    login_per_address: tuple[int, int] = (10, 300)
    login_per_user: tuple[int, int] = (100, 3600)


@dataclass(frozen=True)
class ConnectionLimits:
    """How long a client may take to send a request (`pellucid serve`; docs/operations.md). The
    idle time between requests is uvicorn's own `timeout_keep_alive`."""

    header_timeout: float = 10.0  # from the connection's opening (or a request's first byte) to its last header
    body_timeout: float = 60.0  # from the last header to the body's last byte
    max_header_bytes: int = 65536  # request line and headers together (431 beyond)

    @classmethod
    def from_env(cls) -> "ConnectionLimits":
        """Connection limits from `PELLUCID_*` environment variables, defaults elsewhere."""
        env = os.environ
        return cls(
            header_timeout=float(env.get("PELLUCID_HEADER_TIMEOUT", cls.header_timeout)),
            body_timeout=float(env.get("PELLUCID_BODY_TIMEOUT", cls.body_timeout)),
            max_header_bytes=int(env.get("PELLUCID_MAX_HEADER_BYTES", cls.max_header_bytes)),
        )


@dataclass(frozen=True)
class Google:
    """The OAuth 2.0 client through which users link Google accounts for the Google Sheets adapter."""

    client_id: str | None = None
    client_secret: str | None = None
    auth_url: str = "https://accounts.google.com/o/oauth2/v2/auth"
    token_url: str = "https://oauth2.googleapis.com/token"
    sheets_url: str = "https://sheets.googleapis.com"

    @property
    def configured(self) -> bool:
        """Whether both the Google client id and secret are set."""
        return bool(self.client_id and self.client_secret)


@dataclass(frozen=True)
class ConnectorSettings:
    """How the server drives data connectors (see docs/connectors.md)."""

    poll_interval: float = 30.0  # seconds between Polls of a document's connector data; 0: never
    refresh_age: float = 300.0  # a document opened this long after its last refresh gets a HardRefresh
    action_timeout: float = 30.0  # seconds one attempt of an action request may take
    action_retries: int = 2  # extra attempts after a connection error, timeout or 5xx
    update_token_ttl: float = 3600.0  # seconds a documentUpdateToken stays valid
    concurrency: int = 4  # background actions (Poll, HardRefresh, Patch, ManageWebhook) at once

    @classmethod
    def from_env(cls) -> "ConnectorSettings":
        """Connector settings from `PELLUCID_CONNECTOR_*` variables, defaults elsewhere."""
        env = os.environ
        return cls(
            poll_interval=float(env.get("PELLUCID_CONNECTOR_POLL_INTERVAL", cls.poll_interval)),
            refresh_age=float(env.get("PELLUCID_CONNECTOR_REFRESH_AGE", cls.refresh_age)),
            action_timeout=float(env.get("PELLUCID_CONNECTOR_ACTION_TIMEOUT", cls.action_timeout)),
            action_retries=int(env.get("PELLUCID_CONNECTOR_ACTION_RETRIES", cls.action_retries)),
            update_token_ttl=float(env.get("PELLUCID_CONNECTOR_UPDATE_TOKEN_TTL", cls.update_token_ttl)),
            concurrency=int(env.get("PELLUCID_CONNECTOR_CONCURRENCY", cls.concurrency)),
        )


MIB = 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    """What `POST /documents` accepts as an import (see docs/documents.md); over a limit is a 400.
    Standard Import's own limits are Lucid's: contents 50 MB, document.json 2 MB, data/ 1 MB."""

    max_file_bytes: int = 50 * MIB  # the uploaded file
    max_uncompressed_bytes: int = 50 * MIB  # what an archive (.lucid, .vsdx) or compressed diagram inflates to
    max_ratio: int = 200  # inflated / compressed size of one archive entry (zip bombs)
    max_entries: int = 10_000  # files in an archive
    max_document_json_bytes: int = 2 * MIB  # Standard Import document.json
    max_data_bytes: int = 1 * MIB  # Standard Import data/ (CSV files)
    max_image_bytes: int = 50 * MIB  # all images of one import, as stored
    max_image_pixels: int = 40_000_000  # one image, width x height
    max_pages: int = 500
    max_items: int = 100_000  # shapes, lines, groups and layers of one document
    max_pdf_pages: int = 100  # board PDF

    @classmethod
    def from_env(cls) -> "ImportLimits":
        """Import limits from `PELLUCID_IMPORT_<NAME>` variables, defaults elsewhere."""
        env = os.environ
        return cls(**{name: int(env[f"PELLUCID_IMPORT_{name.upper()}"]) for name in cls.__dataclass_fields__
                      if env.get(f"PELLUCID_IMPORT_{name.upper()}")})


@dataclass(frozen=True)
class RequestLimits:
    """What one Data Service request may hold (docs/operations.md), so that its cost in rows,
    memory and response size is bounded by its body. Over a limit: 413 (items) or 400 (a name or
    value), naming the limit, nothing written."""

    max_items: int = 10_000  # items one POST, PATCH or DELETE of /collections/{id}/items names
    max_name_length: int = 1_000  # characters of a data set, data source, collection or field name, label, property name
    max_value_length: int = 65_536  # characters of one string value of an item or a field default

    @classmethod
    def from_env(cls) -> "RequestLimits":
        """Request limits from `PELLUCID_<NAME>` variables, defaults elsewhere."""
        env = os.environ
        return cls(**{name: int(env[f"PELLUCID_{name.upper()}"]) for name in cls.__dataclass_fields__
                      if env.get(f"PELLUCID_{name.upper()}")})


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=default_database_url)
    host: str = "127.0.0.1"
    port: int = 8080
    public_url: str | None = None
    redis_url: str | None = None
    rate_limits: RateLimits = RateLimits()
    max_body_bytes: int = 32 * 1024 * 1024
    file_size_limit_bytes: int = 3 * 1024 * 1024  # seed 002: "File Size Limit 3 MB"
    google: Google = Google()
    access_log: bool = True
    log_format: str = "text"  # "text" (key=value) or "json"
    connectors: ConnectorSettings = ConnectorSettings()
    metrics_token: str | None = None  # /metrics is off (404) without one
    database_connections: int = 40  # PostgreSQL connections one process opens at most
    threads: int = 16  # worker threads per pool (threads.py): reads, and everything else
    filter_build_process: bool = False  # build filter columns in a process of its own (dataservice/filter_builds.py)
    # Fetch Client ID Metadata Documents from http(s)://127.0.0.1 / localhost too (tests and
    # development); otherwise only https URLs on public addresses.
    loopback_client_documents: bool = False
    mcp: str = "auto"  # the MCP endpoint at /mcp: "auto" (when the mcp extra is installed), "on", "off"
    imports: ImportLimits = ImportLimits()
    requests: RequestLimits = RequestLimits()

    @property
    def base_url(self) -> str:
        """Origin every absolute link is built on, without a trailing slash."""
        url = self.public_url or f"http://{self.host}:{self.port}"
        return url.rstrip("/")

    @property
    def is_sqlite(self) -> bool:
        """Whether the database URL names SQLite."""
        return self.database_url.startswith("sqlite")

    def with_overrides(self, **changes) -> "Settings":
        """A copy with the given settings changed; None means keep the current value."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Settings from PELLUCID_* environment variables; explicit overrides win."""
        env = os.environ
        base = cls(
            database_url=env.get("PELLUCID_DATABASE_URL") or default_database_url(),
            public_url=env.get("PELLUCID_PUBLIC_URL") or None,
            redis_url=env.get("PELLUCID_REDIS_URL") or None,
            rate_limits=RateLimits(
                enabled=_env_bool("PELLUCID_RATE_LIMITS", True),
                data_service_per_minute=int(env.get("PELLUCID_DATA_SERVICE_RATE", "750")),
                login_per_address=parse_window(env.get("PELLUCID_LOGIN_RATE", "10/300")),
                login_per_user=parse_window(env.get("PELLUCID_LOGIN_CEILING", "100/3600")),
            ),
            access_log=_env_bool("PELLUCID_ACCESS_LOG", True),
            log_format=env.get("PELLUCID_LOG_FORMAT", "text"),
            file_size_limit_bytes=int(env.get("PELLUCID_FILE_SIZE_LIMIT", str(3 * 1024 * 1024))),
            max_body_bytes=int(env.get("PELLUCID_MAX_BODY_BYTES", str(32 * 1024 * 1024))),
            google=Google(
                client_id=env.get("PELLUCID_GOOGLE_CLIENT_ID") or None,
                client_secret=env.get("PELLUCID_GOOGLE_CLIENT_SECRET") or None,
                auth_url=env.get("PELLUCID_GOOGLE_AUTH_URL") or Google.auth_url,
                token_url=env.get("PELLUCID_GOOGLE_TOKEN_URL") or Google.token_url,
                sheets_url=env.get("PELLUCID_GOOGLE_SHEETS_URL") or Google.sheets_url,
            ),
            host=env.get("PELLUCID_HOST", "127.0.0.1"),
            port=int(env.get("PELLUCID_PORT", "8080")),
            connectors=ConnectorSettings.from_env(),
            metrics_token=env.get("PELLUCID_METRICS_TOKEN") or None,
            database_connections=int(env.get("PELLUCID_DATABASE_CONNECTIONS", "40")),
            threads=int(env.get("PELLUCID_THREADS", "16")),
            filter_build_process=_env_bool("PELLUCID_FILTER_BUILD_PROCESS", False),
            loopback_client_documents=_env_bool("PELLUCID_LOOPBACK_CLIENT_DOCUMENTS", False),
            mcp=env.get("PELLUCID_MCP", "auto").strip().lower(),
            imports=ImportLimits.from_env(),
            requests=RequestLimits.from_env(),
        )
        return base.with_overrides(**overrides)
