"""Report queries done in SQL: the figures of /summary, /report and the weekly digest, and the rows of /export.

Every figure is an aggregate computed by the database (GROUP BY, SUM(CASE …), a median by
percentile_cont on PostgreSQL or by ORDER BY … LIMIT/OFFSET over a materialised CTE on SQLite);
Python only folds the few grouped rows. Periods are half-open: [start, end). Nothing here commits.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Float, Integer, and_, case, cast, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.db import dialect_insert
from storage.models import (
    OPEN_STATUSES,
    Ballot,
    Broadcast,
    Digest,
    Draft,
    DraftComment,
    DraftSection,
    Event,
    Person,
    Poll,
    Rsvp,
    Submission,
    SubmissionEvent,
)
from storage.submissions import overdue

STATUS_CLASSES = ("answered", "open", "overdue", "closed")  # overdue ones are not counted as open
POSTGRADUATE = ("master", "doctorate")


@dataclass(frozen=True)
class Scope:
    """What an official may see: everything (admins, `unit` None) or one unit's — the submissions forwarded to
    it (with `intake`, also those not yet forwarded) and the events, polls and drafts its officials created."""

    unit: str | None = None
    sees_confidential: bool = False  # admins: confidential authors' communes are counted too
    intake: bool = False  # the organisation's intake unit: new submissions not yet forwarded are its own

    def condition(self) -> ColumnElement[bool]:
        """The submissions in scope, in SQL (`includes` says the same of one row)."""
        if self.unit is None:
            return true()
        mine = Submission.unit == self.unit
        return or_(mine, Submission.unit.is_(None)) if self.intake else mine

    def includes(self, submission_unit: str | None) -> bool:
        """Whether a submission forwarded to `submission_unit` (None: not yet forwarded) is in scope."""
        return self.unit is None or submission_unit == self.unit or (self.intake and submission_unit is None)

    def owns(self, column: Any) -> ColumnElement[bool]:
        """The events, polls or drafts in scope, in SQL: those whose `unit` column is this scope's."""
        return true() if self.unit is None else column == self.unit

    def manages(self, unit: str | None) -> bool:
        """Whether an event, poll or draft created by `unit` is in scope."""
        return self.unit is None or unit == self.unit


@dataclass
class SubmissionFigures:
    """Submissions received in a period, with their status as of now (`status_class`)."""

    total: int = 0
    by_topic: Counter[str] = field(default_factory=Counter)
    by_privacy: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    topic_status: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    rated: int = 0
    rating_sum: int = 0
    median_answer_seconds: float | None = None

    @property
    def average_rating(self) -> float | None:
        return self.rating_sum / self.rated if self.rated else None


@dataclass(frozen=True)
class EventFigure:
    title: str
    starts_at: datetime
    registered: int  # people who answered "attend"


@dataclass(frozen=True)
class PollFigure:
    question: str
    ballots: int
    invited: int | None  # recipients of the poll's broadcast, when it was sent through the bot


@dataclass(frozen=True)
class DraftFigure:
    title: str
    deadline: datetime
    comments: int


@dataclass(frozen=True)
class Share:
    """`count` of the `known` people who answered the question."""

    count: int
    known: int


@dataclass(frozen=True)
class Indicators:
    """The plan's indicators, counted only over people who consented and answered the question."""

    consented: int
    profiled: int  # answered at least one of the questions below
    postgraduate: Share
    under_40: Share
    women: Share
    minorities: Share
    by_field: list[tuple[str, int]]
    by_commune: list[tuple[str, int]]


def _in_period(column: Any, start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(column >= start, column < end)


def status_class(now: datetime) -> ColumnElement[str]:
    """answered / open / overdue / closed (declined or closed without an answer), as of `now`."""
    return case(
        (overdue(now), "overdue"),
        (Submission.status.in_(OPEN_STATUSES), "open"),
        (Submission.answered_at.is_not(None), "answered"),
        else_="closed",
    )


def _dialect(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind is not None else "sqlite"


def epoch_seconds(session: AsyncSession, column: Any) -> ColumnElement[float]:
    """Seconds since 1970 of a UTCDateTime column, in SQL."""
    if _dialect(session) == "postgresql":
        return cast(func.extract("epoch", column), Float)
    return (func.julianday(column) - 2440587.5) * 86400.0


async def submission_figures(session: AsyncSession, start: datetime, end: datetime, scope: Scope, now: datetime) -> SubmissionFigures:
    """Counts by topic, privacy and status, ratings and the median time to a first answer."""
    state = status_class(now).label("state")
    ratings = func.coalesce(func.sum(Submission.rating), 0), func.count(Submission.rating)
    rows = await session.execute(
        select(Submission.topic, Submission.privacy, state, func.count(), *ratings)
        .where(_in_period(Submission.created_at, start, end), scope.condition())
        .group_by(Submission.topic, Submission.privacy, state)
    )
    figures = SubmissionFigures()
    for topic, privacy, status, count, rating_sum, rated in rows:
        figures.total += count
        figures.by_topic[topic] += count
        figures.by_privacy[privacy] += count
        figures.by_status[status] += count
        figures.topic_status[topic][status] += count
        figures.rating_sum += int(rating_sum or 0)
        figures.rated += rated
    figures.median_answer_seconds = await median_first_answer(session, start, end, scope)
    return figures


async def median_first_answer(session: AsyncSession, start: datetime, end: datetime, scope: Scope) -> float | None:
    """The median time from receipt to the first answer, over submissions received in the period that have one."""
    first = func.min(SubmissionEvent.at)
    waits = (
        select((epoch_seconds(session, first) - epoch_seconds(session, Submission.created_at)).label("s"))
        .join(SubmissionEvent, and_(SubmissionEvent.submission_id == Submission.id, SubmissionEvent.kind == "answered"))
        .where(_in_period(Submission.created_at, start, end), scope.condition())
        .group_by(Submission.id, Submission.created_at)
    )
    if _dialect(session) == "postgresql":
        seconds = waits.subquery()
        value = await session.scalar(select(func.percentile_cont(0.5).within_group(seconds.c.s)))
    else:
        table = waits.cte("waits").prefix_with("MATERIALIZED")
        n = select(func.count()).select_from(table).scalar_subquery()
        middle = select(table.c.s).order_by(table.c.s).limit(2 - n % 2).offset((n - 1) // 2).subquery()
        value = await session.scalar(select(func.avg(middle.c.s)))
    return float(value) if value is not None else None


async def bucket_counts(
    session: AsyncSession, origin: datetime, end: datetime, step_seconds: float, scope: Scope, now: datetime
) -> list[tuple[int, str, str, int]]:
    """(bucket, topic, status class, count) of submissions received in [origin, end), in steps of `step_seconds`."""
    offset = (epoch_seconds(session, Submission.created_at) - origin.timestamp()) / step_seconds
    bucket = (func.floor(offset) if _dialect(session) == "postgresql" else cast(offset, Integer)).label("bucket")
    state = status_class(now).label("state")
    rows = await session.execute(
        select(bucket, Submission.topic, state, func.count())
        .where(_in_period(Submission.created_at, origin, end), scope.condition())
        .group_by(bucket, Submission.topic, state)
    )
    return [(int(b), topic, status, count) for b, topic, status, count in rows]


async def recent_texts(session: AsyncSession, start: datetime, end: datetime, scope: Scope, limit: int) -> list[tuple[str, str]]:
    """(text, privacy) of the `limit` most recent submissions of the period: a bounded sample for themes."""
    rows = await session.execute(
        select(Submission.text, Submission.privacy)
        .where(_in_period(Submission.created_at, start, end), scope.condition())
        .order_by(Submission.created_at.desc())
        .limit(limit)
    )
    return [(text, privacy) for text, privacy in rows]


async def commune_counts(
    session: AsyncSession, start: datetime, end: datetime, scope: Scope, now: datetime
) -> list[tuple[str | None, str, int]]:
    """(author's commune or None, status class, count): anonymous authors, and confidential ones for non-admins, are None."""
    visible = Submission.privacy == "named" if not scope.sees_confidential else Submission.privacy != "anonymous"
    state = status_class(now).label("state")
    rows = await session.execute(
        select(Person.commune, state, func.count())
        .select_from(Submission)
        .outerjoin(Person, and_(Person.id == Submission.person_id, visible))
        .where(_in_period(Submission.created_at, start, end), scope.condition())
        .group_by(Person.commune, state)
    )
    return [(commune, status, count) for commune, status, count in rows]


async def overdue_now(session: AsyncSession, scope: Scope, now: datetime, limit: int) -> tuple[int, list[Submission]]:
    """How many submissions are overdue now, and the `limit` longest overdue."""
    condition = and_(overdue(now), scope.condition())
    count = await session.scalar(select(func.count()).select_from(Submission).where(condition)) or 0
    rows = await session.scalars(select(Submission).where(condition).order_by(Submission.answer_due_at, Submission.id).limit(limit))
    return count, list(rows)


async def events_held(session: AsyncSession, start: datetime, end: datetime) -> list[EventFigure]:
    """Dialogue meetings that took place in the period (not cancelled), with how many registered to attend."""
    registered = func.count(Rsvp.id)
    rows = await session.execute(
        select(Event.title, Event.starts_at, registered)
        .outerjoin(Rsvp, and_(Rsvp.event_id == Event.id, Rsvp.answer == "attend"))
        .where(_in_period(Event.starts_at, start, end), Event.status != "cancelled")
        .group_by(Event.id, Event.title, Event.starts_at)
        .order_by(Event.starts_at)
    )
    return [EventFigure(title, starts_at, count) for title, starts_at, count in rows]


async def polls_closed(session: AsyncSession, start: datetime, end: datetime) -> list[PollFigure]:
    """Polls closed in the period with their ballots and how many were invited. A poll whose closing time is in the
    period counts as closed even before the closing job marked it, as the official's view has it (the caller ends
    the period at most at now)."""
    closed_at = func.coalesce(Poll.closed_at, Poll.closes_at)
    ballots = select(func.count()).where(Ballot.poll_id == Poll.id).scalar_subquery()
    invited = select(func.max(Broadcast.total)).where(Broadcast.kind == "poll", Broadcast.ref_id == Poll.id).scalar_subquery()
    rows = await session.execute(
        select(Poll.question, ballots, invited)
        .where(or_(Poll.status == "closed", Poll.closes_at < end), _in_period(closed_at, start, end))
        .order_by(closed_at, Poll.id)
    )
    return [PollFigure(question, count, total) for question, count, total in rows]


async def drafts_open_during(session: AsyncSession, start: datetime, end: datetime) -> list[DraftFigure]:
    """Drafts whose consultation was open at some time in the period, with their comment counts."""
    comments = (
        select(func.count(DraftComment.id))
        .join(DraftSection, DraftSection.id == DraftComment.section_id)
        .where(DraftSection.draft_id == Draft.id)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(Draft.title, Draft.deadline, comments)
        .where(Draft.status == "published", Draft.published_at < end, Draft.deadline >= start)
        .order_by(Draft.deadline, Draft.id)
    )
    return [DraftFigure(title or "", deadline, count) for title, deadline, count in rows]


async def registrations(session: AsyncSession, start: datetime, end: datetime) -> int:
    """People who joined (consented) in the period."""
    return await session.scalar(select(func.count()).select_from(Person).where(_in_period(Person.consent_at, start, end))) or 0


def share_sums(count: ColumnElement[bool], known: ColumnElement[bool]) -> tuple[Any, Any]:
    return func.sum(case((and_(known, count), 1), else_=0)), func.sum(case((known, 1), else_=0))


async def profile_indicators(session: AsyncSession, year: int) -> Indicators:
    """The plan's indicators from the profiles of people who consented; each over those who answered it."""
    consented = Person.consent_at.is_not(None)
    ethnicity = func.lower(func.trim(Person.ethnicity))
    columns = [
        *share_sums(Person.qualification.in_(POSTGRADUATE), Person.qualification.is_not(None)),
        *share_sums(Person.birth_year > year - 40, Person.birth_year.is_not(None)),
        *share_sums(Person.gender == "female", Person.gender.is_not(None)),
        *share_sums(ethnicity != "kinh", Person.ethnicity.is_not(None)),
    ]
    questions = (Person.field, Person.qualification, Person.commune, Person.birth_year, Person.gender, Person.ethnicity)
    answered = or_(*(column.is_not(None) for column in questions))
    row = (await session.execute(select(func.count(), func.sum(case((answered, 1), else_=0)), *columns).where(consented))).one()
    values = [int(v or 0) for v in row]
    return Indicators(
        consented=values[0],
        profiled=values[1],
        postgraduate=Share(values[2], values[3]),
        under_40=Share(values[4], values[5]),
        women=Share(values[6], values[7]),
        minorities=Share(values[8], values[9]),
        by_field=await _counts_by(session, Person.field),
        by_commune=await _counts_by(session, Person.commune),
    )


async def _counts_by(session: AsyncSession, column: Any) -> list[tuple[str, int]]:
    """Consenting people by the value of one profile column (unanswered left out), largest first."""
    rows = await session.execute(
        select(column, func.count())
        .where(Person.consent_at.is_not(None), column.is_not(None))
        .group_by(column)
        .order_by(func.count().desc(), column)
    )
    return [(value, count) for value, count in rows]


async def submission_rows(session: AsyncSession, scope: Scope) -> list[tuple[Submission, Person | None, datetime | None]]:
    """Every submission in scope with its named or confidential author (if not erased) and its first answer time."""
    first_answer = (
        select(SubmissionEvent.submission_id, func.min(SubmissionEvent.at).label("at"))
        .where(SubmissionEvent.kind == "answered")
        .group_by(SubmissionEvent.submission_id)
        .subquery()
    )
    rows = await session.execute(
        select(Submission, Person, first_answer.c.at)
        .outerjoin(Person, and_(Person.id == Submission.person_id, Submission.privacy != "anonymous"))
        .outerjoin(first_answer, first_answer.c.submission_id == Submission.id)
        .where(scope.condition())
        .order_by(Submission.created_at, Submission.id)
    )
    return [(submission, person, at) for submission, person, at in rows]


async def event_rows(session: AsyncSession, scope: Scope) -> list[tuple[Event, dict[str, int]]]:
    """Every event in scope with its answers counted: attend, maybe, decline, waitlist."""
    answers = ("attend", "maybe", "decline", "waitlist")
    sums = [func.sum(case((Rsvp.answer == answer, 1), else_=0)) for answer in answers]
    rows = await session.execute(
        select(Event, *sums)
        .outerjoin(Rsvp, Rsvp.event_id == Event.id)
        .where(scope.owns(Event.unit))
        .group_by(Event.id)
        .order_by(Event.starts_at, Event.id)
    )
    return [(event, {answer: int(n or 0) for answer, n in zip(answers, counts, strict=True)}) for event, *counts in rows]


async def poll_rows(session: AsyncSession, scope: Scope) -> list[tuple[Poll, int | None, int, list[int]]]:
    """Every poll in scope with how many were invited, how many voted, and the votes for each option."""
    invited = select(func.max(Broadcast.total)).where(Broadcast.kind == "poll", Broadcast.ref_id == Poll.id).scalar_subquery()
    polls = (await session.execute(select(Poll, invited).where(scope.owns(Poll.unit)).order_by(Poll.created_at, Poll.id))).all()
    voters: Counter[int] = Counter()
    votes: dict[int, Counter[int]] = defaultdict(Counter)
    ballots = select(Ballot.poll_id, Ballot.choices).join(Poll, Poll.id == Ballot.poll_id).where(scope.owns(Poll.unit))
    for poll_id, choices in await session.execute(ballots):
        voters[poll_id] += 1
        votes[poll_id].update(int(c) for c in choices or [])
    return [(poll, total, voters[poll.id], [votes[poll.id][i] for i in range(len(poll.options))]) for poll, total in polls]


async def digest_recorded(session: AsyncSession, week: str) -> bool:
    return await session.scalar(select(Digest.id).where(Digest.week == week)) is not None


async def any_digest(session: AsyncSession) -> bool:
    return await session.scalar(select(Digest.id).limit(1)) is not None


async def record_digest(session: AsyncSession, week: str, scheduled_for: datetime, recipients: int | None, now: datetime) -> bool:
    """Claim the week's digest; False if another run already did (the week is unique)."""
    result = await session.execute(
        dialect_insert(session, Digest)
        .values(week=week, scheduled_for=scheduled_for, recipients=recipients, created_at=now)
        .on_conflict_do_nothing(index_elements=["week"])
        .returning(Digest.id)
    )
    return result.first() is not None
