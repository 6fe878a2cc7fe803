"""Summaries for leaders on their phones: /summary [week|month|YYYY-MM-DD YYYY-MM-DD] — one short message
compared with the period before (▲▼), a chart, buttons to drill down by topic, by commune and to the
overdue list — and the same summary pushed to every admin once a week.

Admins see the whole organisation; an official sees their unit's submissions (`handlers.access`).
Figures come from SQL aggregates (`storage.reports`); themes from a bounded sample of recent texts.
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation import Check, Context, Router
from bot.messages import OutFile, Reply
from bot.org import DigestSchedule, Organisation
from bot.reading import TIMESTAMP_DIGITS, number
from bot.texts import num, t
from handlers import access
from handlers.base import buttons, in_rows, payload_parts
from handlers.themes import Theme, excerpts, terms, themes
from handlers.tracking import TOPICS, topic_label
from storage import repo, reports
from storage.models import PRIVACY, Submission
from storage.reports import DraftFigure, EventFigure, PollFigure, Scope, SubmissionFigures

if TYPE_CHECKING:
    from handlers import charts

router = Router()

SAMPLE = 2000  # themes are read from at most this many of the period's most recent texts
TOPICS_SHOWN = 3
OVERDUE_SHOWN = 10
CHART_WEEKS = 8
CHART_BARS = 12  # a period longer than CHART_WEEKS weeks is drawn in bars of whole weeks, at most this many
MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    """[start, end) in UTC, and the period it is compared with: [before, start)."""

    start: datetime
    end: datetime
    before: datetime
    kind: str  # week, month, range, digest, year

    @classmethod
    def rolling(cls, now: datetime, days: int, kind: str, tz: ZoneInfo) -> Period:
        """Today and the `days` - 1 days before it, local time."""
        today = now.astimezone(tz).date()
        return cls.days(today - timedelta(days=days - 1), today, tz, kind)

    @classmethod
    def days(cls, first: date, last: date, tz: ZoneInfo, kind: str = "range") -> Period:
        """From the start of `first` to the end of `last`, local time."""
        start = datetime.combine(first, time(0), tz)
        end = datetime.combine(last + timedelta(days=1), time(0), tz)
        return cls(start, end, start - (end - start), kind)

    @classmethod
    def year(cls, year: int, tz: ZoneInfo) -> Period:
        start = datetime(year, 1, 1, tzinfo=tz)
        return cls(start, datetime(year + 1, 1, 1, tzinfo=tz), datetime(year - 1, 1, 1, tzinfo=tz), "year")

    @property
    def previous(self) -> Period:
        return Period(self.before, self.start, self.before - (self.start - self.before), self.kind)

    def token(self) -> str:
        return f"{int(self.start.timestamp())}:{int(self.end.timestamp())}"

    @classmethod
    def from_token(cls, parts: list[str], tz: ZoneInfo) -> Period | None:
        seconds = [number(p, TIMESTAMP_DIGITS) for p in parts]
        if len(seconds) != 2 or None in seconds:
            return None
        start, end = (datetime.fromtimestamp(s, tz) for s in seconds if s is not None)
        return cls(start, end, start - (end - start), "range") if start < end else None


def parse_period(args: str, now: datetime, tz: ZoneInfo) -> Period | None:
    """`` / week / tuần: the last 7 days; month / tháng: the last 30; two dates: from the one to the other."""
    words = args.casefold().split()
    if words in ([], ["week"], ["tuần"]):
        return Period.rolling(now, 7, "week", tz)
    if words in (["month"], ["tháng"]):
        return Period.rolling(now, 30, "month", tz)
    if len(words) != 2:
        return None
    first, last = _date(words[0]), _date(words[1])
    if first is None or last is None or not 0 <= (last - first).days < MAX_DAYS:
        return None
    return Period.days(first, last, tz)


def _date(word: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(word, pattern).date()
        except ValueError:
            continue
    return None


def dates(period: Period, tz: ZoneInfo) -> str:
    """23/11–29/11/2026 (local days, the last one inclusive)."""
    first = period.start.astimezone(tz).date()
    last = (period.end - timedelta(microseconds=1)).astimezone(tz).date()
    head = f"{first:%d/%m}" if first.year == last.year else f"{first:%d/%m/%Y}"
    return f"{head}–{last:%d/%m/%Y}" if first != last else f"{last:%d/%m/%Y}"


# ------------------------------------------------------------------ numbers as leaders read them


def trend(lang: str, now: float | None, before: float | None, decimals: int = 0) -> str:
    """` ▲3`, ` ▼1,5` or ` =` against the previous period; nothing when either is unknown."""
    if now is None or before is None:
        return ""
    diff = round(now - before, decimals)
    if diff == 0:
        return " ="
    return f" {'▲' if diff > 0 else '▼'}{num(lang, abs(diff), decimals)}"


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _duration_unit(seconds: float) -> tuple[str, float]:
    return ("summary.hours", 3600.0) if seconds < 48 * 3600 else ("summary.days", 86400.0)


def duration(lang: str, seconds: float) -> str:
    """Hours under two days, else days, one decimal."""
    key, unit = _duration_unit(seconds)
    return t(lang, key, n=num(lang, seconds / unit, 1))


def duration_trend(lang: str, seconds: float, before: float | None) -> str:
    """The change in the unit the current value is shown in."""
    unit = _duration_unit(seconds)[1]
    return trend(lang, seconds / unit, None if before is None else before / unit, 1)


# ------------------------------------------------------------------ the figures


@dataclass(frozen=True)
class Activity:
    """What the whole organisation did in a period beyond submissions."""

    events: list[EventFigure]
    polls: list[PollFigure]
    drafts: list[DraftFigure]
    joined: int


@dataclass(frozen=True)
class Summary:
    period: Period
    scope: Scope
    current: SubmissionFigures
    previous: SubmissionFigures
    activity: tuple[Activity, Activity] | None  # None for a unit: these are not a unit's
    themes: list[Theme]
    excerpts: list[str]
    sampled: int


async def activity(session: AsyncSession, start: datetime, end: datetime, now: datetime) -> Activity:
    """Dialogues held (up to now), polls closed, drafts consulted on and people who joined in [start, end)."""
    return Activity(
        await reports.events_held(session, start, min(end, now)),
        await reports.polls_closed(session, start, end),
        await reports.drafts_open_during(session, start, end),
        await reports.registrations(session, start, end),
    )


async def sample_themes(session: AsyncSession, period: Period, scope: Scope) -> tuple[list[Theme], list[str], int]:
    """Themes of the period's latest SAMPLE texts, and excerpts quoted only from authors who are not anonymous."""
    sample = await reports.recent_texts(session, period.start, period.end, scope, SAMPLE)
    found = [terms(text) for text, _ in sample]
    top = themes(found)
    quotable = [i for i, (_, privacy) in enumerate(sample) if privacy != "anonymous"]
    quoted = excerpts([sample[i][0] for i in quotable], [found[i] for i in quotable], top)
    return top, quoted, len(sample)


async def build(session: AsyncSession, period: Period, scope: Scope, now: datetime) -> Summary:
    """All the figures of a period and of the one before it."""
    current = await reports.submission_figures(session, period.start, period.end, scope, now)
    previous = await reports.submission_figures(session, period.before, period.start, scope, now)
    both = None
    if scope.unit is None:
        both = (await activity(session, period.start, period.end, now), await activity(session, period.before, period.start, now))
    top, quoted, sampled = await sample_themes(session, period, scope)
    return Summary(period, scope, current, previous, both, top, quoted, sampled)


# ------------------------------------------------------------------ the message


def ranked_topics(figures: SubmissionFigures) -> list[tuple[str, int]]:
    """Topics by how many submissions they had, the catalogue's order between equals."""
    order = {topic: n for n, topic in enumerate(TOPICS)}
    return sorted(figures.by_topic.items(), key=lambda item: (-item[1], order.get(item[0], len(order))))


def _topic_lines(lang: str, now: SubmissionFigures, before: SubmissionFigures) -> list[str]:
    ranked = ranked_topics(now)
    lines = [
        t(lang, "summary.topic_line", topic=topic_label(lang, topic), count=num(lang, n), trend=trend(lang, n, before.by_topic[topic]))
        for topic, n in ranked[:TOPICS_SHOWN]
    ]
    shown = {topic for topic, _ in ranked[:TOPICS_SHOWN]}
    rest, rest_before = (sum(n for k, n in f.by_topic.items() if k not in shown) for f in (now, before))
    if rest:
        lines.append(t(lang, "summary.other_topics", count=num(lang, rest), trend=trend(lang, rest, rest_before)))
    return lines


def _status_lines(lang: str, now: SubmissionFigures, before: SubmissionFigures) -> list[str]:
    lines = [t(lang, "summary.by_now")]
    for status in reports.STATUS_CLASSES:
        count, earlier = now.by_status[status], before.by_status[status]
        if status != "closed" or count or earlier:
            lines.append(t(lang, f"summary.{status}", count=num(lang, count), trend=trend(lang, count, earlier)))
    wait = now.median_answer_seconds
    if wait is None:
        lines.append(t(lang, "summary.no_answer"))
    else:
        shift = duration_trend(lang, wait, before.median_answer_seconds)
        lines.append(t(lang, "summary.first_answer", time=duration(lang, wait), trend=shift))
    if now.average_rating is None:
        lines.append(t(lang, "summary.no_rating"))
    else:
        shift = trend(lang, now.average_rating, before.average_rating, 1)
        lines.append(t(lang, "summary.rating", average=num(lang, now.average_rating, 1), count=num(lang, now.rated), trend=shift))
    return lines


def submission_lines(lang: str, now: SubmissionFigures, before: SubmissionFigures) -> list[str]:
    """New submissions by topic and privacy, then how they stand now, the first-answer time and satisfaction."""
    lines = [t(lang, "summary.new", count=num(lang, now.total), trend=trend(lang, now.total, before.total))]
    if now.total == 0:
        return lines
    lines += _topic_lines(lang, now, before)
    lines.append(t(lang, "summary.privacy", **{p: num(lang, now.by_privacy[p]) for p in PRIVACY}))
    return lines + ["", *_status_lines(lang, now, before)]


def _theme_lines(lang: str, summary: Summary) -> list[str]:
    if not summary.themes:
        return []
    lines = [t(lang, "summary.themes", themes=" · ".join(theme.phrase for theme in summary.themes))]
    if summary.sampled < summary.current.total:
        lines.append(t(lang, "summary.themes_sample", count=num(lang, summary.sampled)))
    if summary.excerpts:
        lines += [t(lang, "summary.excerpts"), *(t(lang, "summary.excerpt", text=text) for text in summary.excerpts)]
    return ["", *lines]


def _turnout(lang: str, polls: list[PollFigure]) -> str:
    known = [p for p in polls if p.invited]
    ballots = sum(p.ballots for p in polls)
    if len(known) < len(polls):
        return t(lang, "summary.ballots", ballots=num(lang, ballots))
    invited = sum(p.invited or 0 for p in known)
    return t(lang, "summary.turnout", ballots=num(lang, ballots), invited=num(lang, invited), percent=percent(ballots, invited))


def activity_lines(lang: str, now: Activity, before: Activity) -> list[str]:
    """Dialogues held with registrations, polls closed with turnout, drafts with comments, new members."""
    people, people_before = (sum(e.registered for e in a.events) for a in (now, before))
    comments, comments_before = (sum(d.comments for d in a.drafts) for a in (now, before))
    lines = [t(lang, "summary.events", count=len(now.events), trend=trend(lang, len(now.events), len(before.events)))]
    if now.events:
        lines.append(t(lang, "summary.events_people", count=num(lang, people), trend=trend(lang, people, people_before)))
    lines.append(t(lang, "summary.polls", count=len(now.polls), trend=trend(lang, len(now.polls), len(before.polls))))
    if now.polls:
        lines.append(_turnout(lang, now.polls))
    lines.append(t(lang, "summary.drafts", count=len(now.drafts), trend=trend(lang, len(now.drafts), len(before.drafts))))
    if now.drafts:
        lines.append(t(lang, "summary.draft_comments", count=num(lang, comments), trend=trend(lang, comments, comments_before)))
    lines.append(t(lang, "summary.joined", count=num(lang, now.joined), trend=trend(lang, now.joined, before.joined)))
    return lines


def header(lang: str, period: Period, scope: Scope, org: Organisation, tz: ZoneInfo) -> list[str]:
    who = t(lang, "summary.scope_unit", unit=scope.unit) if scope.unit else org.name
    when = t(lang, "summary.dates", dates=dates(period, tz), before=dates(period.previous, tz))
    return [t(lang, f"summary.title.{period.kind}"), when, who]


def summary_reply(lang: str, summary: Summary, org: Organisation, tz: ZoneInfo, overdue: int) -> Reply:
    """The summary message, with its drill-down buttons."""
    lines = [*header(lang, summary.period, summary.scope, org, tz), ""]
    lines += submission_lines(lang, summary.current, summary.previous)
    lines += _theme_lines(lang, summary)
    if summary.activity is not None:
        lines += ["", *activity_lines(lang, *summary.activity)]
    token = summary.period.token()
    rows = buttons(
        [(t(lang, "summary.by_topic"), f"sm:t:{token}"), (t(lang, "summary.by_commune"), f"sm:c:{token}")],
        [(t(lang, "summary.overdue_button", count=num(lang, overdue)), "sm:o")],
    )
    return Reply("\n".join(lines), rows)


# ------------------------------------------------------------------ the chart


@dataclass(frozen=True)
class ChartSpec:
    """Bars of `weeks` weeks each from `origin`, the last one cut at `end`."""

    origin: datetime
    end: datetime
    weeks: int
    buckets: int

    @property
    def step(self) -> timedelta:
        return timedelta(weeks=self.weeks)


def chart_spec(period: Period) -> ChartSpec:
    """One bar a week for the CHART_WEEKS weeks up to the period's end; a longer period from its start, in bars of whole weeks."""
    if period.end - period.start <= timedelta(weeks=CHART_WEEKS):
        return ChartSpec(period.end - timedelta(weeks=CHART_WEEKS), period.end, 1, CHART_WEEKS)
    weeks = math.ceil((period.end - period.start) / timedelta(weeks=CHART_BARS))
    return ChartSpec(period.start, period.end, weeks, math.ceil((period.end - period.start) / timedelta(weeks=weeks)))


def chart_data(lang: str, spec: ChartSpec, rows: list[tuple[int, str, str, int]], tz: ZoneInfo) -> charts.ChartData:
    """Counts per bucket for the largest topics (the rest as one) and per status, labelled in `lang`."""
    from handlers import charts  # matplotlib loads with the first chart

    totals: Counter[str] = Counter()
    for _, topic, _, count in rows:
        totals[topic] += count
    shown = [topic for topic, _ in totals.most_common(charts.TOPIC_SERIES)]
    other = t(lang, "chart.other")
    by_topic = {topic_label(lang, topic): [0] * spec.buckets for topic in shown} | {other: [0] * spec.buckets}
    by_status = {t(lang, f"summary.status.{s}"): [0] * spec.buckets for s in reports.STATUS_CLASSES}
    for bucket, topic, status, count in rows:
        by_topic[topic_label(lang, topic) if topic in shown else other][bucket] += count
        by_status[t(lang, f"summary.status.{status}")][bucket] += count
    labels = [f"{(spec.origin + spec.step * i).astimezone(tz):%d/%m}" for i in range(spec.buckets)]
    return charts.ChartData(labels, by_topic, by_status, t(lang, "chart.by_topic"), t(lang, "chart.by_status"), t(lang, "chart.axis"))


async def chart_reply(lang: str, spec: ChartSpec, rows: list[tuple[int, str, str, int]], tz: ZoneInfo) -> Reply:
    """The chart as a photo, drawn off the event loop."""
    from handlers import charts

    png = await asyncio.to_thread(charts.render, chart_data(lang, spec, rows, tz))
    last = spec.end - timedelta(microseconds=1)
    first = f"{spec.origin.astimezone(tz):%d/%m}"
    caption = t(lang, "summary.chart_caption", first=first, last=f"{last.astimezone(tz):%d/%m/%Y}", weeks=spec.weeks)
    return Reply(caption, photo=OutFile("tong-hop.png", png, "image/png"))


@dataclass(frozen=True)
class Prepared:
    """A summary with everything its messages need, in no language yet."""

    summary: Summary
    overdue: int
    chart: ChartSpec
    chart_rows: list[tuple[int, str, str, int]]


async def prepare(session: AsyncSession, period: Period, scope: Scope, now: datetime) -> Prepared:
    spec = chart_spec(period)
    rows = await reports.bucket_counts(session, spec.origin, spec.end, spec.step.total_seconds(), scope, now)
    overdue, _ = await reports.overdue_now(session, scope, now, 0)
    return Prepared(await build(session, period, scope, now), overdue, spec, rows)


async def summary_replies(prepared: Prepared, lang: str, org: Organisation, tz: ZoneInfo) -> list[Reply]:
    """The chart (when there is anything to draw), then the summary with its buttons, so they end the conversation."""
    chart = [await chart_reply(lang, prepared.chart, prepared.chart_rows, tz)] if prepared.chart_rows else []
    return [*chart, summary_reply(lang, prepared.summary, org, tz, prepared.overdue)]


# ------------------------------------------------------------------ /summary and its buttons


def _scope(ctx: Context) -> Scope:
    found = access.scope(ctx)
    assert found is not None, "the access policy lets only officials with a unit (and admins) here"
    return found


@router.command("summary", role="official", check=Check("manage"))
async def show_summary(ctx: Context) -> list[Reply]:
    """The summary of the last week, month or given days, compared with the period before."""
    scope = _scope(ctx)
    period = parse_period(ctx.inbound.args, ctx.now, ctx.calendar.tz)
    if period is None:
        return [Reply(ctx.t("summary.usage"))]
    prepared = await prepare(ctx.session, period, scope, ctx.now)
    return await summary_replies(prepared, ctx.lang, ctx.org, ctx.calendar.tz)


def _drill_line(ctx: Context, name: str, now: Counter[str], before: int) -> str:
    total = sum(now.values())
    counts = {s: num(ctx.lang, now[s]) for s in ("answered", "open", "overdue")}
    return ctx.t("summary.drill_line", name=name, count=num(ctx.lang, total), trend=trend(ctx.lang, total, before), **counts)


async def _by_topic(ctx: Context, period: Period, scope: Scope) -> Reply:
    now = await reports.submission_figures(ctx.session, period.start, period.end, scope, ctx.now)
    before = await reports.submission_figures(ctx.session, period.before, period.start, scope, ctx.now)
    lines = [ctx.t("summary.topics_title", dates=dates(period, ctx.calendar.tz))]
    ranked = [(topic, now.topic_status[topic]) for topic, _ in ranked_topics(now)]
    lines += [_drill_line(ctx, topic_label(ctx.lang, topic), counts, before.by_topic[topic]) for topic, counts in ranked]
    return Reply("\n".join(lines if ranked else [*lines, ctx.t("summary.drill_empty")]))


async def _by_commune(ctx: Context, period: Period, scope: Scope) -> Reply:
    now = await reports.commune_counts(ctx.session, period.start, period.end, scope, ctx.now)
    before = await reports.commune_counts(ctx.session, period.before, period.start, scope, ctx.now)
    grouped: dict[str | None, Counter[str]] = {}
    for commune, status, count in now:
        grouped.setdefault(commune, Counter())[status] += count
    earlier: Counter[str | None] = Counter()
    for commune, _, count in before:
        earlier[commune] += count
    unknown = ctx.t("summary.commune_unknown_admin" if scope.sees_confidential else "summary.commune_unknown")
    ranked = sorted(grouped.items(), key=lambda item: (item[0] is None, -sum(item[1].values()), item[0] or ""))
    lines = [ctx.t("summary.communes_title", dates=dates(period, ctx.calendar.tz))]
    lines += [_drill_line(ctx, commune or unknown, counts, earlier[commune]) for commune, counts in ranked]
    return Reply("\n".join(lines if ranked else [*lines, ctx.t("summary.drill_empty")]))


def _missed(item: Submission, now: datetime) -> datetime:
    """The earliest deadline an overdue submission has missed."""
    deadlines = [item.answer_due_at] + ([item.ack_due_at] if item.acknowledged_at is None else [])
    return min(d for d in deadlines if d < now)


async def _overdue(ctx: Context, scope: Scope) -> Reply:
    """The submissions overdue now, longest first, each with a button to open it."""
    count, items = await reports.overdue_now(ctx.session, scope, ctx.now, OVERDUE_SHOWN)
    if count == 0:
        return Reply(ctx.t("summary.overdue_none"))
    lines = [ctx.t("summary.overdue_title", count=num(ctx.lang, count))]
    for item in items:
        late = duration(ctx.lang, (ctx.now - _missed(item, ctx.now)).total_seconds())
        lines.append(ctx.t("summary.overdue_line", code=item.code, topic=topic_label(ctx.lang, item.topic), late=late))
    if count > len(items):
        lines.append(ctx.t("summary.overdue_more", count=num(ctx.lang, count - len(items))))
    return Reply("\n".join(lines), in_rows([(item.code, f"fo:open:{item.id}") for item in items], 3))


@router.callback("sm", role="official", check=Check("manage"))
async def drill_down(ctx: Context) -> list[Reply]:
    """sm:t:<start>:<end> by topic, sm:c:<start>:<end> by commune, sm:o the overdue list (in the scope of now)."""
    scope = _scope(ctx)
    parts = payload_parts(ctx)
    action = parts[1] if len(parts) > 1 else ""
    if action == "o":
        return [await _overdue(ctx, scope)]
    period = Period.from_token(parts[2:], ctx.calendar.tz)
    if period is None or action not in ("t", "c"):
        return [Reply(ctx.t("error.stale_button"), notice=True)]
    return [await (_by_topic if action == "t" else _by_commune)(ctx, period, scope)]


# ------------------------------------------------------------------ the weekly digest


def last_due(now: datetime, tz: ZoneInfo, schedule: DigestSchedule) -> datetime:
    """The latest scheduled moment at or before `now` (local time)."""
    local = now.astimezone(tz)
    day = local.date() - timedelta(days=(local.weekday() - schedule.weekday) % 7)
    due = datetime.combine(day, schedule.at, tz)
    return due if due <= local else due - timedelta(weeks=1)


def week_key(due: datetime) -> str:
    year, week, _ = due.isocalendar()
    return f"{year}-W{week:02d}"


async def send_digest(session: AsyncSession, now: datetime, *, org: Organisation, tz: ZoneInfo) -> None:
    """Push last week's summary to every admin once per week (the row and the messages in this one transaction).

    The very first check only records the week it finds past: a new installation does not send a digest of a
    week it never saw. Later, a digest missed while the bot was down is sent at the next start.
    """
    due = last_due(now, tz, org.digest)
    week = week_key(due)
    if await reports.digest_recorded(session, week):
        return
    first = not await reports.any_digest(session)
    admins = [] if first else await repo.people_with_role(session, "admin")
    if not await reports.record_digest(session, week, due, None if first else len(admins), now) or first:
        return
    period = Period.days(due.date() - timedelta(weeks=1), due.date() - timedelta(days=1), tz, "digest")
    prepared = await prepare(session, period, Scope(sees_confidential=True), now)
    rendered: dict[str, list[Reply]] = {}
    for person_id in admins:
        person = await repo.find_person(session, person_id)
        if person is None:
            continue
        if person.language not in rendered:
            rendered[person.language] = await summary_replies(prepared, person.language, org, tz)
        for reply in rendered[person.language]:
            await repo.enqueue_for_person(session, person_id, {"reply": reply.to_json()}, now=now)
