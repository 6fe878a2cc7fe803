"""Alembic migrations driven from code, on the application's own async engine.

Alembic itself (about 11 MB resident) is imported only to upgrade: a start on an up-to-date database reads
the revision from the database and the known ones from the migration files.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*[\"']?([\w-]+)[\"']?\s*$", re.MULTILINE)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _revisions() -> tuple[set[str], set[str]]:
    """The revisions the migration files define, and those they name as their `down_revision`."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            parents.add(found.get("down_revision", "None"))
    return revisions, parents


def head_revision() -> str | None:
    """The newest revision: the one no migration file names as its `down_revision`."""
    revisions, parents = _revisions()
    heads = sorted(revisions - parents)
    if len(heads) > 1:
        raise RuntimeError(f"the migrations have several heads: {', '.join(heads)}")
    return heads[0] if heads else None


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(_current_revision)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema to `revision` (the newest by default)."""
    from alembic import command

    config = alembic_config()

    def run(connection: Connection) -> None:
        if connection.dialect.name == "postgresql":  # processes starting together on a new database migrate one by one
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtextextended('hienke:migrate', 0))"))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # a table rebuilt in place must not cascade to the rows that refer to it (outside a transaction)
            await conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        await conn.run_sync(run)
        await conn.commit()
        if sqlite:
            await conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            await conn.commit()


def _known(revision: str) -> bool:
    return revision in _revisions()[0]


async def schema_problem(engine: AsyncEngine) -> str | None:
    """Why the schema does not suit this version, or None. A revision this version does not know means a newer
    version ran `hienke db upgrade` (migrations add, never break): this process serves on until it is restarted."""
    current, head = await current_revision(engine), head_revision()
    if current == head or (current is not None and not _known(current)):
        return None
    return f"database schema at {current}, this version needs {head}: run `hienke db upgrade`"


async def is_up_to_date(engine: AsyncEngine) -> bool:
    return await current_revision(engine) == head_revision()
