"""Who a bulk send reaches: consenting people filtered by profile, and the channel to reach each on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import String, and_, cast, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.models import Identity, Person, used_last_first

AGE_GROUPS: dict[str, tuple[int, int]] = {  # inclusive ages
    "under_30": (0, 29),
    "30_39": (30, 39),
    "40_49": (40, 49),
    "50_59": (50, 59),
    "60_plus": (60, 200),
}


@dataclass(frozen=True)
class Audience:
    """A selection of people; empty criteria mean everyone. Within a criterion any value matches.

    `people` names the persons themselves (experts invited from the roster): then only they are in it.
    """

    fields: tuple[str, ...] = ()
    qualifications: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    associations: tuple[str, ...] = ()
    age_groups: tuple[str, ...] = ()
    people: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {k: list(v) for k, v in asdict(self).items() if v}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Audience:
        data = data or {}
        return cls(**{name: tuple(data.get(name, ())) for name in cls.__dataclass_fields__})

    @property
    def is_everyone(self) -> bool:
        return not any(asdict(self).values())


@dataclass(frozen=True)
class Recipient:
    person_id: int
    language: str
    channel: str
    chat_id: str


def json_has_any(column: Any, codes: Sequence[str]) -> ColumnElement[bool]:
    """Whether a JSON list of codes (such as associations) holds any of `codes`, on every backend."""
    text = cast(column, String)
    return or_(*(text.like(f'%"{code}"%') for code in codes))


def conditions(audience: Audience, year: int) -> list[ColumnElement[bool]]:
    """The WHERE of an audience: consenting people matching every criterion."""
    found: list[ColumnElement[bool]] = [Person.consent_at.is_not(None)]
    if audience.people:
        found.append(Person.id.in_(audience.people))
    if audience.fields:
        found.append(Person.field.in_(audience.fields))
    if audience.qualifications:
        found.append(Person.qualification.in_(audience.qualifications))
    if audience.communes:
        found.append(Person.commune.in_(audience.communes))
    if audience.associations:
        found.append(json_has_any(Person.associations, audience.associations))
    if audience.age_groups:
        ranges = [AGE_GROUPS[g] for g in audience.age_groups if g in AGE_GROUPS]
        found.append(
            or_(*(Person.birth_year.between(year - high, year - low) for low, high in ranges)) if ranges else false()
        )
    return found


async def count_audience(session: AsyncSession, audience: Audience, year: int) -> int:
    statement = select(func.count(Person.id)).where(and_(*conditions(audience, year)))
    return int(await session.scalar(statement) or 0)


async def audience_ids(session: AsyncSession, audience: Audience, year: int) -> list[int]:
    statement = select(Person.id).where(and_(*conditions(audience, year))).order_by(Person.id)
    return list((await session.scalars(statement)).all())


async def recipients(session: AsyncSession, person_ids: Sequence[int]) -> list[Recipient]:
    """For each person, the reachable account they used last (people with none are left out)."""
    found: dict[int, Recipient] = {}
    for start in range(0, len(person_ids), 5000):
        chunk = person_ids[start : start + 5000]
        rows = await session.execute(
            select(Identity.person_id, Person.language, Identity.channel, Identity.chat_id)
            .join(Person, Person.id == Identity.person_id)
            .where(Identity.person_id.in_(chunk), Identity.unreachable_at.is_(None))
            .order_by(Identity.person_id, *used_last_first())
        )
        for person_id, language, channel, chat_id in rows:
            found.setdefault(person_id, Recipient(person_id, language, channel, chat_id))
    return [found[p] for p in person_ids if p in found]


async def includes(session: AsyncSession, audience: Audience, person: Person, year: int) -> bool:
    """Whether the person is (still) among the audience; everyone is whoever consents, seen without a query."""
    if audience.is_everyone:
        return person.consent_at is not None
    statement = select(Person.id).where(Person.id == person.id, *conditions(audience, year))
    return await session.scalar(statement) is not None
