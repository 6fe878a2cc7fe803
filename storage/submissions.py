"""Queries and writes on submissions and their timelines; nothing here commits (the unit of work does)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OPEN_STATUSES, Submission, SubmissionEvent


def add_event(
    session: AsyncSession,
    submission: Submission,
    kind: str,
    *,
    now: datetime,
    status: str | None = None,
    actor: int | None = None,
    detail: str | None = None,
) -> SubmissionEvent:
    """Record one step of the timeline (the status column is set by the caller)."""
    event = SubmissionEvent(submission_id=submission.id, kind=kind, status=status, actor_id=actor, detail=detail, at=now)
    session.add(event)
    return event


async def code_taken(session: AsyncSession, code: str) -> bool:
    return await session.scalar(select(Submission.id).where(Submission.code == code)) is not None


async def create(session: AsyncSession, **values: Any) -> Submission:
    """Store a new submission with its first timeline step, 'received'."""
    submission = Submission(status="received", **values)
    session.add(submission)
    await session.flush()
    add_event(session, submission, "received", status="received", now=submission.created_at)
    return submission


async def by_code(session: AsyncSession, code: str) -> Submission | None:
    return await session.scalar(select(Submission).where(Submission.code == code))


async def by_id(session: AsyncSession, submission_id: int) -> Submission | None:
    return await session.get(Submission, submission_id)


async def of_person(session: AsyncSession, person_id: int) -> list[Submission]:
    """The person's named and confidential submissions, newest first."""
    result = await session.scalars(
        select(Submission).where(Submission.person_id == person_id).order_by(Submission.id.desc())
    )
    return list(result)


async def count_of_person_since(session: AsyncSession, person_id: int, since: datetime) -> int:
    return await session.scalar(
        select(func.count()).select_from(Submission).where(Submission.person_id == person_id, Submission.created_at >= since)
    ) or 0


async def events(session: AsyncSession, submission_id: int) -> list[SubmissionEvent]:
    result = await session.scalars(
        select(SubmissionEvent).where(SubmissionEvent.submission_id == submission_id).order_by(SubmissionEvent.id)
    )
    return list(result)


async def last_answer(session: AsyncSession, submission_id: int) -> SubmissionEvent | None:
    return await session.scalar(
        select(SubmissionEvent)
        .where(SubmissionEvent.submission_id == submission_id, SubmissionEvent.kind == "answered")
        .order_by(SubmissionEvent.id.desc())
        .limit(1)
    )


def overdue(now: datetime) -> ColumnElement[bool]:
    """Open, and past the acknowledgement deadline unacknowledged or past the answer deadline."""
    return Submission.status.in_(OPEN_STATUSES) & or_(
        Submission.acknowledged_at.is_(None) & (Submission.ack_due_at < now),
        Submission.answer_due_at < now,
    )


async def count_open(session: AsyncSession, scope: ColumnElement[bool]) -> int:
    """How many submissions are open among those `scope` selects."""
    statement = select(func.count()).select_from(Submission).where(Submission.status.in_(OPEN_STATUSES), scope)
    return await session.scalar(statement) or 0


async def open_page(session: AsyncSession, now: datetime, offset: int, limit: int, scope: ColumnElement[bool]) -> list[Submission]:
    """A page of the open submissions `scope` selects: overdue first, then new ones, then by answer deadline."""
    rank = case((overdue(now), 0), (Submission.status == "received", 1), else_=2)
    rows = await session.scalars(
        select(Submission)
        .where(Submission.status.in_(OPEN_STATUSES), scope)
        .order_by(rank, Submission.answer_due_at, Submission.id)
        .offset(offset)
        .limit(limit)
    )
    return list(rows)


async def claim_answer(session: AsyncSession, submission_id: int, now: datetime) -> bool:
    """Mark the submission answered if nobody has answered it yet; False if someone else was first."""
    result = await session.execute(
        update(Submission)
        .where(
            Submission.id == submission_id,
            Submission.answered_at.is_(None),
            Submission.status.in_(OPEN_STATUSES),
        )
        .values(status="answered", answered_at=now, acknowledged_at=func.coalesce(Submission.acknowledged_at, now))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


async def overdue_unreminded(session: AsyncSession, now: datetime, since: datetime) -> list[Submission]:
    """Overdue submissions nobody was reminded of since `since`."""
    result = await session.scalars(
        select(Submission)
        .where(overdue(now), or_(Submission.last_reminded_at.is_(None), Submission.last_reminded_at < since))
        .order_by(Submission.answer_due_at, Submission.id)
    )
    return list(result)


async def mark_reminded(session: AsyncSession, submission_id: int, now: datetime, since: datetime) -> bool:
    """Record a reminder unless one was recorded since `since` (by another run); True if this run may send it."""
    result = await session.execute(
        update(Submission)
        .where(
            Submission.id == submission_id,
            or_(Submission.last_reminded_at.is_(None), Submission.last_reminded_at < since),
        )
        .values(last_reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


async def unlink_person(session: AsyncSession, person_id: int) -> None:
    """Keep the person's named and confidential submissions for the record, without their person id."""
    await session.execute(update(Submission).where(Submission.person_id == person_id).values(person_id=None))
