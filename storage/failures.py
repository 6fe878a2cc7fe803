"""Handler failures counted by day and error class, for admins: /healthz and the weekly digest."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_insert
from storage.models import HandlerFailure


def _day(moment: datetime) -> str:
    return moment.date().isoformat()


async def count_failure(session: AsyncSession, error: str, now: datetime) -> None:
    """One more failure of class `error` today (one row per day and class, updated in place by any process)."""
    statement = dialect_insert(session, HandlerFailure).values(day=_day(now), error=error[:120], count=1)
    statement = statement.on_conflict_do_update(index_elements=["day", "error"], set_={"count": HandlerFailure.count + 1})
    await session.execute(statement)


async def failures_between(session: AsyncSession, start: datetime, end: datetime) -> dict[str, int]:
    """Failures by error class on the UTC days from `start` up to (not including) `end`, most frequent first."""
    total = func.sum(HandlerFailure.count)
    rows = await session.execute(
        select(HandlerFailure.error, total)
        .where(HandlerFailure.day >= _day(start), HandlerFailure.day < _day(end))
        .group_by(HandlerFailure.error)
        .order_by(total.desc(), HandlerFailure.error)
    )
    return {error: int(count) for error, count in rows}


async def recent_failures(session: AsyncSession, now: datetime, days: int = 7) -> dict[str, int]:
    """Failures by error class over the last `days` days, today included."""
    return await failures_between(session, now - timedelta(days=days - 1), now + timedelta(days=1))
