"""Engine, sessions and the unit of work (the only place that commits)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, tzinfo
from typing import Any

import aiosqlite
from sqlalchemy import DateTime, MetaData, event, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import AsyncAttrs, AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Errors that mean "the database is not reachable right now": retry later, never answer 200.
DATABASE_DOWN_ERRORS: tuple[type[Exception], ...] = (
    OperationalError,
    DisconnectionError,
    PoolTimeoutError,
    InterfaceError,
    OSError,
    ConnectionError,
)


class Base(AsyncAttrs, DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class UTCDay(UTCDateTime):
    """A UTC datetime kept to the day (its midnight where the organisation is): for times that must not pin a
    person's action, still counted in the right local day by reports."""

    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return super().process_bind_param(day_of(value) if value is not None else None, dialect)


_day_zone: tzinfo = UTC


def keep_days_in(zone: tzinfo) -> None:
    """The time zone whose days UTCDay columns keep (HIENKE_TIMEZONE, set by the composition root)."""
    global _day_zone
    _day_zone = zone


def day_of(moment: datetime) -> datetime:
    """The start of the day `moment` falls on in the organisation's time zone, in UTC."""
    return moment.astimezone(_day_zone).replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def dialect_insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT that can say ON CONFLICT DO NOTHING (or DO UPDATE) on both backends."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert  # loaded with the PostgreSQL dialect, so not on SQLite

        return insert(table)
    return sqlite_insert(table)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL for concurrent readers, a busy timeout instead of 'database is locked', foreign keys on."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _run_statement(connection: sqlite3.Connection, sql: str, parameters: Any, many: bool) -> tuple[list[Any], Any, int, int | None]:
    """On the connection's thread: execute, fetch every row, close; what the cursor reports afterwards."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return rows, cursor.description, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneTripCursor:
    """An aiosqlite cursor that executes a statement and fetches its rows in one trip to the connection's
    thread; aiosqlite's own takes four (open, execute, fetch, close), each a wake-up of that thread and then
    of the event loop, which cost more than SQLite's work on most statements."""

    arraysize = 1

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self._rows: list[Any] = []
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._rows = []

    async def _run(self, sql: str, parameters: Any, many: bool) -> OneTripCursor:
        self._rows, self.description, self.rowcount, self.lastrowid = await self._connection.on_thread(
            _run_statement, sql, () if parameters is None else parameters, many
        )
        return self

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> OneTripCursor:
        return await self._run(sql, parameters, many=False)

    async def executemany(self, sql: str, parameters: Sequence[Sequence[Any]]) -> OneTripCursor:
        return await self._run(sql, parameters, many=True)

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        taken, self._rows = self._rows[: size or self.arraysize], self._rows[size or self.arraysize :]
        return taken

    async def fetchall(self) -> list[Any]:
        taken, self._rows = self._rows, []
        return taken

    async def close(self) -> None:
        self._rows = []


class OneTripConnection(aiosqlite.Connection):
    """aiosqlite's connection (its thread, commit, rollback, close) with `OneTripCursor`s."""

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)

    async def on_thread(self, function: Callable[..., Any], *args: Any) -> Any:
        """`function(sqlite3 connection, *args)` run on the connection's thread."""
        return await self._execute(lambda: function(self._conn, *args))


def _one_trip_connect(database: str, **kwargs: Any) -> OneTripConnection:
    """What SQLAlchemy's aiosqlite dialect calls instead of `aiosqlite.connect` (and awaits): a `OneTripConnection`
    to the file, opened as aiosqlite would (so the dialect's own connect path and its events still run)."""
    connection = OneTripConnection(lambda: sqlite3.connect(database, **kwargs), 64)
    connection._thread.daemon = True  # as SQLAlchemy does for aiosqlite's: an unclosed one never holds up exit
    return connection


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Build the async engine; SQLite gets WAL mode, a busy timeout and one-trip cursors."""
    kwargs.setdefault("hide_parameters", True)  # no message text or person id in error messages and logs
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 10, "async_creator_fn": _one_trip_connect}, **kwargs)
        event.listen(engine.sync_engine, "connect", _set_sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10, **kwargs)


def keep_loaded(session: AsyncSession) -> None:
    """Keep every object the session loads until it ends. SQLAlchemy's identity map holds them only weakly, so a
    row read by one step (an access check) and then dropped was read again by the next (the handler)."""
    kept: list[object] = []
    event.listen(session.sync_session, "loaded_as_persistent", lambda _session, instance: kept.append(instance))


class Database:
    """The engine and a session factory; `transaction()` is the unit of work."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)

    @property
    def single_writer(self) -> bool:
        """SQLite: one writing transaction at a time (others wait in its busy handler, sleeping up to 100 ms a turn)."""
        return self.engine.dialect.name == "sqlite"

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(make_engine(url))

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One transaction: commits when the block ends, rolls back if it raises."""
        async with self.sessions() as session:
            async with session.begin():
                yield session

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return True
        except DATABASE_DOWN_ERRORS:
            return False

    async def dispose(self) -> None:
        await self.engine.dispose()


Clock = Callable[[], datetime]  # what tells the time: `utcnow`, or a test's hand-moved clock


def utcnow() -> datetime:
    return datetime.now(UTC)
