"""The database handle: engine set-up per backend, transactions, and migrations."""

from __future__ import annotations

import functools
import random
import threading
import time
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from . import sqlfunctions

if TYPE_CHECKING:  # pragma: no cover
    from .fast import Query

MIGRATIONS = Path(__file__).parent / "migrations"

# PostgreSQL's serialization_failure and deadlock_detected: the transaction was rolled back,
# wrote nothing, and may simply run again.
CONFLICTS = frozenset({"40001", "40P01"})
ATTEMPTS = 5


def is_conflict(error: BaseException) -> bool:
    """Whether a database error is a lost deadlock or serialization conflict: raised through
    SQLAlchemy (which wraps the driver's error) or by the driver itself (`fast.execute_raw`)."""
    driver_error = error.orig if isinstance(error, sa.exc.DBAPIError) else error
    return getattr(driver_error, "sqlstate", None) in CONFLICTS


def retrying(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn`, run again (up to ATTEMPTS times, after a short random pause) when one of its
    transactions loses a deadlock or a serialization conflict. For work whose writes are one
    transaction, or idempotent ones before it: the failed transaction was rolled back whole."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return fn(*args, **kwargs)
            except Exception as error:
                if attempt == ATTEMPTS or not is_conflict(error):
                    raise
            time.sleep(random.uniform(0, 0.005 * 2**attempt))

    return run


def now_ms() -> int:
    """The time in integer milliseconds since the epoch, as every table stores it."""
    return int(time.time() * 1000)


def _normalise_url(url: str) -> str:
    # `postgresql://` means psycopg 3 here, the driver we ship.
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Store:
    """One engine per process. `read()` gives a snapshot, `write()` one atomic transaction."""

    def __init__(self, url: str, *, pool_size: int = 10, max_connections: int = 40) -> None:
        """`max_connections`: the most PostgreSQL connections this process opens; past them a
        transaction waits for one (processes x max_connections must fit the server's max_connections)."""
        self.url = _normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        self.engine = self._create_engine(min(pool_size, max_connections), max_connections)
        self._local = threading.local()
        self.timing: Callable[[str, float], None] | None = None  # told each transaction's kind and seconds (metrics)

    def _create_engine(self, pool_size: int, max_connections: int) -> Engine:
        if self.is_sqlite:
            database = sa.engine.make_url(self.url).database
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: pysqlite must not open transactions behind our back;
            # Store emits BEGIN itself (deferred for reads, IMMEDIATE for writes).
            engine = sa.create_engine(
                self.url,
                connect_args={"check_same_thread": False, "isolation_level": None, "timeout": 30},
                pool_size=pool_size,
                # Each worker thread keeps a connection of its own (`_sqlite_transaction`): the
                # thread pools bound them, the pool need not (SQLite connections are file handles).
                max_overflow=-1,
            )
            # A pool listener only: any ConnectionEvents listener (such as "begin") would put
            # SQLAlchemy's event dispatch on every execute, ~90% of a one-row read.
            event.listen(engine, "connect", _sqlite_on_connect)
            return engine
        return sa.create_engine(
            self.url, pool_size=pool_size, max_overflow=max_connections - pool_size, pool_pre_ping=True,
        )

    def read(self) -> AbstractContextManager[Connection]:
        """A read-only transaction."""
        transaction = self._transaction("BEGIN")
        return transaction if self.timing is None else self._timed("read", transaction)

    def write(self) -> AbstractContextManager[Connection]:
        """A write transaction: committed when the block ends, rolled back when it raises."""
        # IMMEDIATE takes SQLite's write lock up front, so a read-then-write never deadlocks.
        transaction = self._transaction("BEGIN IMMEDIATE")
        return transaction if self.timing is None else self._timed("write", transaction)

    @contextmanager
    def _timed(self, kind: str, transaction: AbstractContextManager[Connection]) -> Iterator[Connection]:
        started = time.perf_counter()
        try:
            with transaction as conn:
                yield conn
        finally:
            self.timing(kind, time.perf_counter() - started)

    @contextmanager
    def _transaction(self, sqlite_begin: str) -> Iterator[Connection]:
        if self.is_sqlite:
            with self._sqlite_transaction(sqlite_begin) as conn:
                yield conn
            return
        with self.engine.connect() as conn:
            with conn.begin():
                yield conn

    @contextmanager
    def autocommit(self) -> Iterator[Connection]:
        """A connection outside any transaction, for statements that refuse one (PostgreSQL's
        CREATE INDEX CONCURRENTLY)."""
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            yield conn

    def first(self, query: "Query", **params: Any) -> Any:
        """The first row of a single-statement read: a statement is atomic on its own, so no
        transaction is opened (the hottest reads, such as the token check, skip BEGIN/COMMIT)."""
        if self.timing is not None:
            started = time.perf_counter()
            try:
                return self._first(query, params)
            finally:
                self.timing("read", time.perf_counter() - started)
        return self._first(query, params)

    def _first(self, query: "Query", params: dict[str, Any]) -> Any:
        if self.is_sqlite:
            local = self._local
            if getattr(local, "conn", None) is not None and not local.busy:
                return query.first_on(local.raw, self.engine.dialect, params)  # no checkout at all
            with self._sqlite_transaction(None) as conn:
                return query.first(conn, **params)
        with self.engine.connect() as conn:
            return query.first(conn, **params)

    def write_first(self, query: "Query", **params: Any) -> Any:
        """`first` of a single-statement write (`INSERT ... RETURNING`), committed at once: on
        SQLite the autocommit connection commits it by itself, without BEGIN/COMMIT round trips."""
        if self.is_sqlite:
            return self.first(query, **params)
        with self.engine.begin() as conn:
            return query.first(conn, **params)

    @contextmanager
    def _sqlite_transaction(self, begin: str | None) -> Iterator[Connection]:
        """SQLite: a per-thread connection and a transaction we open and close ourselves.

        SQLAlchemy's own transaction bookkeeping and pool checkout cost ~25 µs per use, more
        than the queries of a simple request; SQLite connections are cheap to keep per thread.
        """
        local = self._local
        if getattr(local, "conn", None) is None:
            local.conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            local.raw = local.conn.connection.driver_connection
            local.busy = False
        if local.busy:
            # A nested transaction on this thread (rare) gets a connection of its own.
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as nested:
                yield from _sqlite_managed(nested, nested.connection.driver_connection, begin)
            return
        local.busy = True
        try:
            yield from _sqlite_managed(local.conn, local.raw, begin)
        finally:
            local.busy = False

    def migrate(self) -> None:
        """Bring the schema to the newest revision (idempotent; safe with several processes)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.connect() as conn:
            if not self.is_sqlite:
                # Serialise concurrent start-ups of several server processes.
                conn.exec_driver_sql("SELECT pg_advisory_lock(7412001)")
            try:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")  # on SQLite, statement by statement, as Alembic assumes
                conn.commit()
            finally:
                if not self.is_sqlite:
                    conn.exec_driver_sql("SELECT pg_advisory_unlock(7412001)")
                    conn.commit()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _sqlite_managed(conn: Connection, raw: Any, begin: str | None) -> Iterator[Connection]:
    if begin is None:  # one statement, atomic by itself
        yield conn
        return
    raw.execute(begin)
    try:
        yield conn
    except BaseException:
        raw.execute("ROLLBACK")
        raise
    raw.execute("COMMIT")


def _sqlite_on_connect(dbapi_conn, _record) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
    sqlfunctions.register_sqlite(dbapi_conn)

