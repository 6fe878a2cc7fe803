"""Queries on dialogue events, their answers and questions; nothing here commits."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.models import Event, EventQuestion, Person, QuestionVote, Rsvp
from storage.repo import insert_ignoring_duplicates, lock

ANSWER_ORDER = ("attend", "waitlist", "maybe", "decline")


async def lock_event(session: AsyncSession, event_id: int) -> Event | None:
    """The event, locked until commit: answers that depend on the seats taken are decided one at a time."""
    event: Event | None = await lock(session, Event, event_id)
    return event


async def find_rsvp(session: AsyncSession, event_id: int, person_id: int) -> Rsvp | None:
    return await session.scalar(select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.person_id == person_id))


async def answer_counts(session: AsyncSession, event_id: int) -> dict[str, int]:
    """How many people gave each answer."""
    rows = await session.execute(select(Rsvp.answer, func.count()).where(Rsvp.event_id == event_id).group_by(Rsvp.answer))
    return {answer: int(n) for answer, n in rows}


async def waitlist_position(session: AsyncSession, rsvp: Rsvp) -> int:
    """1 for the first in line (the order of `first_waiting`)."""
    earlier = or_(
        Rsvp.waitlisted_at < rsvp.waitlisted_at,
        and_(Rsvp.waitlisted_at == rsvp.waitlisted_at, Rsvp.id < rsvp.id),
    )
    ahead = await session.scalar(
        select(func.count()).where(Rsvp.event_id == rsvp.event_id, Rsvp.answer == "waitlist", earlier)
    )
    return int(ahead or 0) + 1


async def first_waiting(session: AsyncSession, event_id: int) -> Rsvp | None:
    statement = (
        select(Rsvp)
        .where(Rsvp.event_id == event_id, Rsvp.answer == "waitlist")
        .order_by(Rsvp.waitlisted_at, Rsvp.id)
        .limit(1)
    )
    return await session.scalar(statement)


async def attendee_ids(session: AsyncSession, event_id: int) -> list[int]:
    statement = select(Rsvp.person_id).where(Rsvp.event_id == event_id, Rsvp.answer == "attend").order_by(Rsvp.id)
    return list((await session.scalars(statement)).all())


async def answers_of(session: AsyncSession, person_id: int, event_ids: list[int]) -> dict[int, Rsvp]:
    """The person's answers to these events, by event id."""
    rows = await session.scalars(select(Rsvp).where(Rsvp.person_id == person_id, Rsvp.event_id.in_(event_ids)))
    return {rsvp.event_id: rsvp for rsvp in rows}


async def events_starting(session: AsyncSession, after: datetime, limit: int, where: ColumnElement[bool] | None = None) -> list[Event]:
    """Published events that start after `after` (and meet `where`), soonest first."""
    statement = (
        select(Event)
        .where(Event.status == "published", Event.starts_at > after, true() if where is None else where)
        .order_by(Event.starts_at, Event.id)
        .limit(limit)
    )
    return list((await session.scalars(statement)).all())


async def due_for_reminders(session: AsyncSession, now: datetime) -> list[Event]:
    """Events starting within 24 hours with a reminder not yet sent (locked, skipping rows another worker holds)."""
    statement = (
        select(Event)
        .where(
            Event.status == "published",
            Event.starts_at > now,
            Event.starts_at <= now + timedelta(hours=24),
            or_(Event.reminded_24h_at.is_(None), Event.reminded_1h_at.is_(None)),
        )
        .order_by(Event.id)
        .with_for_update(skip_locked=True)
    )
    return list((await session.scalars(statement)).all())


async def ranked_questions(session: AsyncSession, event_id: int, limit: int) -> list[tuple[EventQuestion, str | None]]:
    """Questions with their askers' names, most up-voted first, earlier first among equals."""
    statement = (
        select(EventQuestion, Person.full_name)
        .outerjoin(Person, Person.id == EventQuestion.person_id)
        .where(EventQuestion.event_id == event_id)
        .order_by(EventQuestion.votes.desc(), EventQuestion.id)
        .limit(limit)
    )
    return [(question, name) for question, name in await session.execute(statement)]


async def question_count(session: AsyncSession, event_id: int) -> int:
    return int(await session.scalar(select(func.count()).where(EventQuestion.event_id == event_id)) or 0)


async def voted_questions(session: AsyncSession, person_id: int, question_ids: list[int]) -> set[int]:
    statement = select(QuestionVote.question_id).where(
        QuestionVote.person_id == person_id, QuestionVote.question_id.in_(question_ids)
    )
    return set((await session.scalars(statement)).all())


async def up_vote(session: AsyncSession, question_id: int, person_id: int) -> bool:
    """One vote per person and question; False if they had already voted."""
    added = await insert_ignoring_duplicates(
        session, QuestionVote, [{"question_id": question_id, "person_id": person_id}], ["question_id", "person_id"]
    )
    if added:
        await session.execute(
            update(EventQuestion).where(EventQuestion.id == question_id).values(votes=EventQuestion.votes + 1)
        )
    return added > 0


async def attendance(session: AsyncSession, event_id: int) -> list[tuple[Rsvp, Person]]:
    """Every answer with the person who gave it: attending, waiting (in line), maybe, declined."""
    statement = (
        select(Rsvp, Person)
        .join(Person, Person.id == Rsvp.person_id)
        .where(Rsvp.event_id == event_id)
        .order_by(case({a: i for i, a in enumerate(ANSWER_ORDER)}, value=Rsvp.answer), Rsvp.waitlisted_at, Rsvp.updated_at, Rsvp.id)
    )
    return [(rsvp, person) for rsvp, person in await session.execute(statement)]
