"""Honour rounds: their councils, nominations, endorsements and scores, and the year's figures; nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.db import dialect_insert
from storage.models import CouncilSeat, Endorsement, HonourRound, HonourScore, Nomination, Person
from storage.reports import Share, share_sums

REVIEWED = ("accepted", "not_asked")  # what the council sees: consented, or typed in (nobody in the bot to ask)


@dataclass(frozen=True)
class NominationRow:
    """A nomination with its nominee (when in the bot) and its nominator (unless erased)."""

    nomination: Nomination
    nominee: Person | None
    nominator: Person | None

    @property
    def name(self) -> str:
        return (self.nominee.full_name if self.nominee is not None else self.nomination.nominee_name) or ""

    @property
    def workplace(self) -> str:
        return (self.nominee.workplace if self.nominee is not None else self.nomination.nominee_workplace) or ""


@dataclass(frozen=True)
class RoundFigure:
    title: str
    nominations: int
    honoured: int


@dataclass(frozen=True)
class HonourFigures:
    """The year's rounds and who was honoured; shares only over honourees who consented and answered."""

    rounds: list[RoundFigure]
    announced: int
    nominations: int
    reviewed: int
    honoured: int
    in_bot: int  # honourees who are people of the bot (the others were typed in by name)
    by_field: list[tuple[str, int]]
    women: Share
    under_40: Share
    minorities: Share


def nominations_open(honour_round: HonourRound, now: datetime) -> bool:
    return honour_round.closed_at is None and now < honour_round.deadline


async def recent_rounds(session: AsyncSession, since: datetime, limit: int) -> list[HonourRound]:
    """Rounds not yet announced, and those announced since `since`, the newest first."""
    rows = await session.scalars(
        select(HonourRound)
        .where(or_(HonourRound.announced_at.is_(None), HonourRound.announced_at >= since))
        .order_by(HonourRound.created_at.desc(), HonourRound.id.desc())
        .limit(limit)
    )
    return list(rows)


async def council_ids(session: AsyncSession, round_id: int) -> list[int]:
    rows = await session.scalars(select(CouncilSeat.person_id).where(CouncilSeat.round_id == round_id).order_by(CouncilSeat.person_id))
    return list(rows)


async def set_council(session: AsyncSession, round_id: int, person_ids: Sequence[int]) -> None:
    await session.execute(delete(CouncilSeat).where(CouncilSeat.round_id == round_id))
    session.add_all(CouncilSeat(round_id=round_id, person_id=person_id) for person_id in person_ids)


async def people_by_id(session: AsyncSession, person_ids: Sequence[int]) -> dict[int, Person]:
    if not person_ids:
        return {}
    return {p.id: p for p in await session.scalars(select(Person).where(Person.id.in_(person_ids)))}


async def council_candidates(session: AsyncSession) -> list[Person]:
    """Admins, and officials with a unit, who consented: those who may sit on a council (`handlers.access`)."""
    rows = await session.scalars(
        select(Person)
        .where(
            or_(Person.role == "admin", and_(Person.role == "official", Person.unit.is_not(None))),
            Person.consent_at.is_not(None),
        )
        .order_by(Person.full_name, Person.id)
    )
    return list(rows)


def _rows_statement() -> Any:
    nominee, nominator = aliased(Person), aliased(Person)
    return (
        select(Nomination, nominee, nominator)
        .outerjoin(nominee, nominee.id == Nomination.nominee_id)
        .outerjoin(nominator, nominator.id == Nomination.nominator_id)
    )


async def nominations(session: AsyncSession, round_id: int, consents: Sequence[str]) -> list[NominationRow]:
    """The round's nominations in these consent states, in the order they came."""
    rows = await session.execute(
        _rows_statement().where(Nomination.round_id == round_id, Nomination.consent.in_(consents)).order_by(Nomination.id)
    )
    return [NominationRow(n, nominee, nominator) for n, nominee, nominator in rows]


async def nomination_row(session: AsyncSession, nomination_id: int) -> NominationRow | None:
    row = (await session.execute(_rows_statement().where(Nomination.id == nomination_id))).first()
    return NominationRow(*row) if row is not None else None


async def consent_counts(session: AsyncSession, round_id: int) -> dict[str, int]:
    rows = await session.execute(
        select(Nomination.consent, func.count()).where(Nomination.round_id == round_id).group_by(Nomination.consent)
    )
    return {consent: int(n) for consent, n in rows}


async def nominated_already(session: AsyncSession, round_id: int, nominator_id: int, nominee_id: int) -> bool:
    """Whether this nominator already put this person forward in the round (and it still stands)."""
    found = await session.scalar(
        select(Nomination.id).where(
            Nomination.round_id == round_id,
            Nomination.nominator_id == nominator_id,
            Nomination.nominee_id == nominee_id,
            Nomination.consent.in_(("pending", *REVIEWED)),
        )
    )
    return found is not None


async def nominations_by(session: AsyncSession, round_id: int, nominator_id: int) -> list[NominationRow]:
    rows = await session.execute(
        _rows_statement().where(Nomination.round_id == round_id, Nomination.nominator_id == nominator_id).order_by(Nomination.id)
    )
    return [NominationRow(n, nominee, nominator) for n, nominee, nominator in rows]


async def findable_people(session: AsyncSession) -> list[tuple[int, str, str | None]]:
    """(id, name, field) of everyone who agreed to be found by name."""
    rows = await session.execute(
        select(Person.id, Person.full_name, Person.field).where(
            Person.findable_at.is_not(None), Person.consent_at.is_not(None), Person.full_name.is_not(None)
        )
    )
    return [(person_id, name or "", field) for person_id, name, field in rows]


async def endorsements(session: AsyncSession, nomination_ids: Sequence[int]) -> dict[int, list[tuple[Endorsement, str | None]]]:
    """Each nomination's endorsements with the endorser's name (None once they erased their data)."""
    found: dict[int, list[tuple[Endorsement, str | None]]] = {n: [] for n in nomination_ids}
    if not nomination_ids:
        return found
    rows = await session.execute(
        select(Endorsement, Person.full_name)
        .outerjoin(Person, Person.id == Endorsement.person_id)
        .where(Endorsement.nomination_id.in_(nomination_ids))
        .order_by(Endorsement.id)
    )
    for endorsement, name in rows:
        found[endorsement.nomination_id].append((endorsement, name))
    return found


async def add_endorsement(session: AsyncSession, nomination_id: int, person_id: int, text: str, now: datetime) -> bool:
    """Keep the sentence; False if this person had already endorsed the nomination (once each)."""
    result = await session.execute(
        dialect_insert(session, Endorsement)
        .values(nomination_id=nomination_id, person_id=person_id, text=text, created_at=now)
        .on_conflict_do_nothing(index_elements=["nomination_id", "person_id"])
        .returning(Endorsement.id)
    )
    return result.first() is not None


async def has_endorsed(session: AsyncSession, nomination_id: int, person_id: int) -> bool:
    found = await session.scalar(
        select(Endorsement.id).where(Endorsement.nomination_id == nomination_id, Endorsement.person_id == person_id)
    )
    return found is not None


async def scores(session: AsyncSession, nomination_ids: Sequence[int]) -> list[HonourScore]:
    if not nomination_ids:
        return []
    return list(await session.scalars(select(HonourScore).where(HonourScore.nomination_id.in_(nomination_ids))))


async def record_score(session: AsyncSession, nomination_id: int, member_id: int, criterion: int, score: int, now: datetime) -> None:
    """A council member's score against one criterion; a second press replaces the first."""
    statement = dialect_insert(session, HonourScore).values(
        nomination_id=nomination_id, member_id=member_id, criterion=criterion, score=score, updated_at=now
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["nomination_id", "member_id", "criterion"], set_={"score": score, "updated_at": now}
        )
    )


def scrub_nominee(nomination: Nomination, consent: str, now: datetime) -> None:
    """Leave nothing of the nominee: who, where, what was written and sent about them."""
    nomination.nominee_id = None
    nomination.nominee_name = nomination.nominee_workplace = None
    nomination.achievements, nomination.attachments = "", []
    nomination.consent, nomination.answered_at = consent, now


async def drop_support(session: AsyncSession, nomination_id: int) -> None:
    """The endorsements and scores of a nomination that is withdrawn."""
    await session.execute(delete(Endorsement).where(Endorsement.nomination_id == nomination_id))
    await session.execute(delete(HonourScore).where(HonourScore.nomination_id == nomination_id))


async def forget_person(session: AsyncSession, person_id: int, now: datetime) -> None:
    """/forget: nominations of the person are withdrawn with nothing of them left; undecided ones leave the review.

    What they wrote (nominations made, endorsements, scores) stays unsigned: the foreign keys set the author to NULL.
    """
    received = list(await session.scalars(select(Nomination).where(Nomination.nominee_id == person_id)))
    for nomination in received:
        decided = nomination.decision is not None
        scrub_nominee(nomination, nomination.consent if decided else "withdrawn", now)
        if not decided:
            await drop_support(session, nomination.id)


async def person_export(session: AsyncSession, person_id: int) -> dict[str, Any]:
    """Nominations made and received, endorsements and council scores of a person, for /mydata."""
    made = await session.execute(
        _rows_statement().add_columns(HonourRound.title).join(HonourRound, HonourRound.id == Nomination.round_id)
        .where(Nomination.nominator_id == person_id).order_by(Nomination.id)
    )
    received = await session.execute(
        _rows_statement().add_columns(HonourRound.title).join(HonourRound, HonourRound.id == Nomination.round_id)
        .where(Nomination.nominee_id == person_id).order_by(Nomination.id)
    )
    endorsed = await session.execute(
        select(HonourRound.title, Endorsement.text, Endorsement.created_at)
        .join(Nomination, Nomination.id == Endorsement.nomination_id)
        .join(HonourRound, HonourRound.id == Nomination.round_id)
        .where(Endorsement.person_id == person_id)
        .order_by(Endorsement.id)
    )
    given = await session.execute(
        select(HonourRound.title, HonourScore.nomination_id, HonourScore.criterion, HonourScore.score)
        .join(Nomination, Nomination.id == HonourScore.nomination_id)
        .join(HonourRound, HonourRound.id == Nomination.round_id)
        .where(HonourScore.member_id == person_id)
        .order_by(HonourScore.id)
    )

    def nomination(row: Any, *, nominee: bool) -> dict[str, Any]:
        n, title = row[0], row[-1]
        item = NominationRow(*row[:3])
        described = {"round": title, "category": n.category, "achievements": n.achievements, "relation": n.relation}
        who = {"nominee": item.name or None} if nominee else {"nominator": item.nominator.full_name if item.nominator else None}
        return {**described, **who, "consent": n.consent, "decision": n.decision, "created_at": n.created_at.isoformat()}

    return {
        "honour_nominations_made": [nomination(row, nominee=True) for row in made],
        "honour_nominations_received": [nomination(row, nominee=False) for row in received],
        "honour_endorsements": [{"round": title, "text": text, "at": at.isoformat()} for title, text, at in endorsed],
        "honour_scores_given": [
            {"round": title, "nomination": nomination_id, "criterion": criterion + 1, "score": score}
            for title, nomination_id, criterion, score in given
        ],
    }


async def year_figures(session: AsyncSession, start: datetime, end: datetime, year: int) -> HonourFigures:
    """Rounds opened in [start, end), their nominations and honourees (once announced); the honourees' profiles as
    the report counts them."""
    in_period = and_(HonourRound.created_at >= start, HonourRound.created_at < end)
    honoured = and_(Nomination.decision == "honoured", HonourRound.announced_at.is_not(None))
    per_round = await session.execute(
        select(
            HonourRound.title,
            HonourRound.announced_at,
            func.count(Nomination.id),
            func.sum(case((Nomination.consent.in_(REVIEWED), 1), else_=0)),
            func.sum(case((honoured, 1), else_=0)),
        )
        .outerjoin(Nomination, Nomination.round_id == HonourRound.id)
        .where(in_period)
        .group_by(HonourRound.id, HonourRound.title, HonourRound.announced_at)
        .order_by(HonourRound.created_at, HonourRound.id)
    )
    rounds, announced, received, reviewed = [], 0, 0, 0
    for title, announced_at, count, reviewed_n, honoured_n in per_round:
        rounds.append(RoundFigure(title, int(count), int(honoured_n or 0)))
        announced += announced_at is not None
        received += int(count)
        reviewed += int(reviewed_n or 0)
    honourees = (
        select(Nomination.nominee_id)
        .join(HonourRound, HonourRound.id == Nomination.round_id)
        .where(in_period, honoured)
    )
    total = await session.scalar(select(func.count()).select_from(honourees.subquery())) or 0
    people = and_(Person.id.in_(honourees.where(Nomination.nominee_id.is_not(None))), Person.consent_at.is_not(None))
    ethnicity = func.lower(func.trim(Person.ethnicity))
    sums = [
        *share_sums(Person.gender == "female", Person.gender.is_not(None)),
        *share_sums(Person.birth_year > year - 40, Person.birth_year.is_not(None)),
        *share_sums(ethnicity != "kinh", Person.ethnicity.is_not(None)),
    ]
    row = (await session.execute(select(func.count(), *sums).where(people))).one()
    values = [int(v or 0) for v in row]
    by_field = await session.execute(
        select(Person.field, func.count())
        .where(people, Person.field.is_not(None))
        .group_by(Person.field)
        .order_by(func.count().desc(), Person.field)
    )
    return HonourFigures(
        rounds=rounds,
        announced=announced,
        nominations=received,
        reviewed=reviewed,
        honoured=int(total),
        in_bot=values[0],
        by_field=[(str(field), int(n)) for field, n in by_field],
        women=Share(values[1], values[2]),
        under_40=Share(values[3], values[4]),
        minorities=Share(values[5], values[6]),
    )
