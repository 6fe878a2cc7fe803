"""Backups: an SQLite database copied while the bot runs (SQLite's online backup), a PostgreSQL database with
pg_dump's custom format; either restored into an empty database of the same kind."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL, make_url

from storage.db import make_engine

PG_RECIPE = (
    'pg_dump --format=custom --file=FILE "postgresql://USER@HOST:5432/DB"  (restore: pg_restore --no-owner'
    ' --exit-on-error --dbname="postgresql://USER@HOST:5432/NEW_EMPTY_DB" FILE)'
)


class BackupError(Exception):
    """Why a backup or restore could not be made, in one line."""


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("DATABASE_URL names no SQLite file")
    return Path(url.database)


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL pg_dump and pg_restore understand (no driver), and the environment carrying the password
    (so it never shows in the process list)."""
    plain = url.set(drivername="postgresql", password=None)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return plain.render_as_string(hide_password=False), env


async def _run(tool: str, *args: str, env: dict[str, str]) -> None:
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client); by hand: {PG_RECIPE}")
    process = await asyncio.create_subprocess_exec(tool, *args, env=env, stderr=asyncio.subprocess.PIPE)
    _, err = await process.communicate()
    if process.returncode != 0:
        lines = err.decode(errors="replace").strip().splitlines()
        raise BackupError(f"{tool} failed: {lines[-1] if lines else process.returncode}")


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy page by page through SQLite's backup API: a consistent copy even while the bot writes."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()


def _sqlite_tables(path: Path) -> list[str]:
    if not path.exists():
        return []
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not an SQLite database ({exc})") from None
    finally:
        connection.close()


async def _postgres_tables(database_url: str) -> list[str]:
    engine = make_engine(database_url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    finally:
        await engine.dispose()


async def backup(database_url: str, target: Path) -> None:
    """Write a backup of the database to `target` (a new file)."""
    if target.exists():
        raise BackupError(f"{target} exists already: give a new file name")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        await asyncio.to_thread(_sqlite_copy, _sqlite_path(url), target)
        return
    dsn, env = _libpq(url)
    await _run("pg_dump", "--format=custom", "--no-owner", f"--file={target}", f"--dbname={dsn}", env=env)


async def restore(database_url: str, source: Path) -> None:
    """Load the backup `source` into the database, which must be empty (nothing is overwritten)."""
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        target = _sqlite_path(url)
        if _sqlite_tables(target):
            raise BackupError(f"{target} is not empty: restore into a new database file")
        if "alembic_version" not in _sqlite_tables(source):
            raise BackupError(f"{source} is not a backup of a Hiến kế database")
        await asyncio.to_thread(_sqlite_copy, source, target)
        return
    if await _postgres_tables(database_url):
        raise BackupError(f"database {url.database} is not empty: create a new one (createdb) and restore into it")
    dsn, env = _libpq(url)
    await _run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={dsn}", str(source), env=env)
