"""The expert roster and the invitations sent to experts; like `repo`, nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.audience import Audience, conditions, json_has_any
from storage.db import dialect_insert
from storage.models import Draft, Event, ExpertInvitation, Person, Rsvp
from storage.reports import Scope

KINDS = ("draft", "event")


@dataclass(frozen=True)
class Expert:
    """What an official may see of an expert: the name and the fields offered, never contact details."""

    person_id: int
    name: str
    fields: list[str]


@dataclass(frozen=True)
class Sent:
    """One consultation or dialogue experts were invited to, and how many."""

    kind: str
    ref_id: int
    title: str
    invited: int


def _expert_conditions(audience: Audience, year: int) -> list[ColumnElement[bool]]:
    """The audience's criteria over the roster: the field criterion reads the fields the expert offered."""
    found = [*conditions(replace(audience, fields=()), year), Person.expert_since.is_not(None)]
    return found + ([json_has_any(Person.expert_fields, audience.fields)] if audience.fields else [])


async def count_experts(session: AsyncSession, audience: Audience, year: int) -> int:
    statement = select(func.count(Person.id)).where(and_(*_expert_conditions(audience, year)))
    return int(await session.scalar(statement) or 0)


async def find_experts(session: AsyncSession, audience: Audience, year: int, limit: int) -> list[Expert]:
    """The experts matching the criteria, by name."""
    rows = await session.execute(
        select(Person.id, Person.full_name, Person.expert_fields)
        .where(*_expert_conditions(audience, year))
        .order_by(Person.full_name, Person.id)
        .limit(limit)
    )
    return [Expert(person_id, name or "", list(fields or [])) for person_id, name, fields in rows]


async def still_on_roster(session: AsyncSession, person_ids: Sequence[int]) -> list[int]:
    """Those of these people who are still on the roster (one may have withdrawn since the search)."""
    if not person_ids:
        return []
    rows = await session.scalars(
        select(Person.id).where(Person.id.in_(person_ids), Person.expert_since.is_not(None), Person.consent_at.is_not(None))
    )
    return sorted(rows)


async def record_invitations(
    session: AsyncSession, kind: str, ref_id: int, person_ids: Sequence[int], invited_by: int, now: datetime
) -> None:
    """That these experts were invited (once each, whatever is sent again)."""
    if not person_ids:
        return
    rows = [
        {"kind": kind, "ref_id": ref_id, "person_id": p, "invited_by": invited_by, "created_at": now} for p in person_ids
    ]
    await session.execute(
        dialect_insert(session, ExpertInvitation).values(rows).on_conflict_do_nothing(index_elements=["kind", "ref_id", "person_id"])
    )


async def find_invitation(session: AsyncSession, kind: str, ref_id: int, person_id: int) -> ExpertInvitation | None:
    return await session.scalar(
        select(ExpertInvitation).where(
            ExpertInvitation.kind == kind, ExpertInvitation.ref_id == ref_id, ExpertInvitation.person_id == person_id
        )
    )


def _title(kind: str) -> Any:
    """The title of what an invitation is to, as a correlated subquery."""
    if kind == "draft":
        return select(Draft.title).where(Draft.id == ExpertInvitation.ref_id).scalar_subquery()
    return select(Event.title).where(Event.id == ExpertInvitation.ref_id).scalar_subquery()


async def invitations_sent(session: AsyncSession, scope: Scope, limit: int) -> list[Sent]:
    """The latest consultations and dialogues experts were invited to, of those in `scope` (their unit's)."""
    found: list[tuple[datetime, Sent]] = []
    for kind in KINDS:
        owner: Any = Draft if kind == "draft" else Event
        statement = (
            select(ExpertInvitation.ref_id, owner.title, func.count(), func.max(ExpertInvitation.created_at))
            .join(owner, owner.id == ExpertInvitation.ref_id)
            .where(ExpertInvitation.kind == kind, scope.owns(owner.unit))
            .group_by(ExpertInvitation.ref_id, owner.title)
        )
        for ref_id, title, count, at in await session.execute(statement):
            found.append((at, Sent(kind, ref_id, title or "", count)))
    found.sort(key=lambda pair: pair[0], reverse=True)
    return [sent for _, sent in found[:limit]]


@dataclass(frozen=True)
class Answers:
    """Who was invited to one consultation or dialogue, each with accepted / declined / None."""

    title: str
    people: list[tuple[str, str | None]]


async def answers(session: AsyncSession, kind: str, ref_id: int) -> Answers | None:
    """The experts invited, by name, with their answer; to a dialogue the answer is the RSVP (attend or maybe accepts)."""
    if kind == "event":
        answer: Any = select(Rsvp.answer).where(Rsvp.event_id == ref_id, Rsvp.person_id == ExpertInvitation.person_id).scalar_subquery()
    else:
        answer = ExpertInvitation.answer
    rows = (
        await session.execute(
            select(Person.full_name, answer, _title(kind))
            .select_from(ExpertInvitation)
            .join(Person, Person.id == ExpertInvitation.person_id)
            .where(ExpertInvitation.kind == kind, ExpertInvitation.ref_id == ref_id)
            .order_by(Person.full_name, Person.id)
        )
    ).all()
    if not rows:
        return None
    meaning = {"attend": "accepted", "maybe": "accepted", "waitlist": "accepted", "decline": "declined"}
    people = [(name or "", meaning.get(value) if kind == "event" else value) for name, value, _ in rows]
    return Answers(rows[0][2] or "", people)


async def person_export(session: AsyncSession, person: Person) -> dict[str, Any]:
    """The roster consent and the invitations a person received, for /mydata."""
    title = func.coalesce(Draft.title, Event.title)
    rows = await session.execute(
        select(ExpertInvitation.kind, title, ExpertInvitation.answer, ExpertInvitation.created_at)
        .outerjoin(Draft, and_(ExpertInvitation.kind == "draft", Draft.id == ExpertInvitation.ref_id))
        .outerjoin(Event, and_(ExpertInvitation.kind == "event", Event.id == ExpertInvitation.ref_id))
        .where(ExpertInvitation.person_id == person.id)
        .order_by(ExpertInvitation.id)
    )
    roster = {"since": person.expert_since.isoformat(), "fields": person.expert_fields or []} if person.expert_since else None
    return {
        "expert_roster": roster,
        "expert_invitations": [{"kind": k, "title": t, "answer": a, "invited_at": at.isoformat()} for k, t, a, at in rows],
    }
