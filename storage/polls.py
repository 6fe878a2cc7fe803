"""Queries on polls and ballots, counted in SQL; nothing here commits.

A ballot keeps its choices as a JSON list of option numbers; counting unnests that list in the
database (`json_each` on SQLite, `json_array_elements_text` on PostgreSQL). A ballot whose
choices become empty is deleted, so every ballot is a voter.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, cast, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.models import Ballot, Person, Poll

BREAKDOWNS = ("field", "qualification", "commune")


def _chosen_option(session: AsyncSession) -> tuple[Any, ColumnElement[int]]:
    """A table of each ballot's chosen options (to join on true) and its option-number column."""
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    if dialect == "postgresql":
        elements = func.json_array_elements_text(Ballot.choices).table_valued("value").render_derived(name="chosen")
    else:
        elements = func.json_each(Ballot.choices).table_valued("value").alias("chosen")
    return elements, cast(elements.c.value, Integer)


async def find_ballot(session: AsyncSession, poll_id: int, person_id: int) -> Ballot | None:
    return await session.scalar(select(Ballot).where(Ballot.poll_id == poll_id, Ballot.person_id == person_id))


async def option_counts(session: AsyncSession, poll: Poll) -> list[int]:
    """How many ballots chose each option, in the poll's order."""
    elements, option = _chosen_option(session)
    statement = (
        select(option, func.count())
        .select_from(Ballot)
        .join(elements, true())
        .where(Ballot.poll_id == poll.id)
        .group_by(option)
    )
    found = {int(number): int(n) for number, n in await session.execute(statement)}
    return [found.get(i, 0) for i in range(len(poll.options))]


async def voter_ids(session: AsyncSession, poll_id: int) -> list[int]:
    return list((await session.scalars(select(Ballot.person_id).where(Ballot.poll_id == poll_id).order_by(Ballot.id))).all())


async def breakdown(session: AsyncSession, poll: Poll, column: str) -> list[tuple[str | None, int, list[int]]]:
    """Per value of a profile column: (value, voters, counts per option), largest groups first."""
    group = getattr(Person, column)
    voters = await session.execute(
        select(group, func.count())
        .select_from(Ballot)
        .join(Person, Person.id == Ballot.person_id)
        .where(Ballot.poll_id == poll.id)
        .group_by(group)
        .order_by(func.count().desc(), group)
    )
    elements, option = _chosen_option(session)
    chosen = await session.execute(
        select(group, option, func.count())
        .select_from(Ballot)
        .join(Person, Person.id == Ballot.person_id)
        .join(elements, true())
        .where(Ballot.poll_id == poll.id)
        .group_by(group, option)
    )
    counts: dict[str | None, list[int]] = {}
    for value, number, n in chosen:
        counts.setdefault(value, [0] * len(poll.options))[int(number)] = int(n)
    return [(value, int(n), counts.get(value, [0] * len(poll.options))) for value, n in voters]


async def due_to_close(session: AsyncSession, now: datetime) -> list[Poll]:
    """Open polls whose closing time has come (locked, skipping rows another worker holds)."""
    statement = (
        select(Poll)
        .where(Poll.status == "open", Poll.closes_at <= now)
        .order_by(Poll.id)
        .with_for_update(skip_locked=True)
    )
    return list((await session.scalars(statement)).all())


async def open_polls(session: AsyncSession, now: datetime, limit: int) -> list[Poll]:
    """Polls still taking votes, closing soonest first."""
    statement = (
        select(Poll).where(Poll.status == "open", Poll.closes_at > now).order_by(Poll.closes_at, Poll.id).limit(limit)
    )
    return list((await session.scalars(statement)).all())


async def recent_polls(session: AsyncSession, since: datetime, limit: int, where: ColumnElement[bool]) -> list[Poll]:
    """Polls open now or closed since `since` (and meeting `where`), newest first."""
    statement = (
        select(Poll)
        .where(or_(Poll.status == "open", Poll.closed_at >= since), where)
        .order_by(Poll.created_at.desc(), Poll.id.desc())
        .limit(limit)
    )
    return list((await session.scalars(statement)).all())


async def voted_in(session: AsyncSession, person_id: int, poll_ids: list[int]) -> set[int]:
    statement = select(Ballot.poll_id).where(Ballot.person_id == person_id, Ballot.poll_id.in_(poll_ids))
    return set((await session.scalars(statement)).all())


async def voter_count(session: AsyncSession, poll_id: int) -> int:
    return (await voter_counts(session, [poll_id])).get(poll_id, 0)


async def voter_counts(session: AsyncSession, poll_ids: list[int]) -> dict[int, int]:
    """How many people voted in each poll."""
    rows = await session.execute(
        select(Ballot.poll_id, func.count()).where(Ballot.poll_id.in_(poll_ids)).group_by(Ballot.poll_id)
    )
    return {poll_id: int(n) for poll_id, n in rows}
