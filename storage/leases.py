"""Leases and locks that let several processes share one database: a lease names work one process at a time
does (held until it lapses, renewed by its holder); an exclusive lock lasts one transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_insert
from storage.models import Lease


def _on_postgresql(session: AsyncSession) -> bool:
    return session.bind is not None and session.bind.dialect.name == "postgresql"


async def acquire(session: AsyncSession, name: str, holder: str, now: datetime, ttl: timedelta, replacing: str | None = None) -> bool:
    """Take or renew the lease `name` for `holder` until now + ttl; True if held now.

    It is taken when free, lapsed, already ours, or held by `replacing` (a holder known to be dead).
    Two processes racing for it: the row lock makes one of them find it taken.
    """
    holders = [holder] if replacing is None else [holder, replacing]
    renewed = await session.execute(
        update(Lease)
        .where(Lease.name == name, or_(Lease.holder.in_(holders), Lease.expires_at < now))
        .values(holder=holder, expires_at=now + ttl)
        .execution_options(synchronize_session=False)
    )
    if getattr(renewed, "rowcount", 0):
        return True
    inserted = await session.execute(
        dialect_insert(session, Lease)
        .values(name=name, holder=holder, expires_at=now + ttl)
        .on_conflict_do_nothing(index_elements=["name"])
        .returning(Lease.name)
    )
    return inserted.first() is not None


async def last_holder(session: AsyncSession, name: str) -> tuple[str, datetime] | None:
    """Who holds or last held the lease `name`, and until when (past: lapsed or given up then)."""
    row = (await session.execute(select(Lease.holder, Lease.expires_at).where(Lease.name == name))).first()
    return None if row is None else (row.holder, row.expires_at)


async def release(session: AsyncSession, holder: str, now: datetime) -> None:
    """Give up every lease `holder` holds, so another process takes them at once (and knows since when they are free)."""
    await session.execute(
        update(Lease).where(Lease.holder == holder).values(expires_at=now).execution_options(synchronize_session=False)
    )


async def clear(session: AsyncSession) -> None:
    """Forget every lease (a restored backup's belong to the processes of the database it was taken from)."""
    await session.execute(delete(Lease))


async def try_exclusive(session: AsyncSession, key: str) -> bool:
    """Take a lock on `key` until this transaction ends, if no other transaction holds it; False if one does.

    PostgreSQL: a transaction-level advisory lock (freed by commit, rollback or a dropped connection).
    SQLite serves one process, whose own callers keep such work apart: always True.
    """
    if not _on_postgresql(session):
        return True
    return bool(await session.scalar(select(func.pg_try_advisory_xact_lock(func.hashtextextended(key, 0)))))
