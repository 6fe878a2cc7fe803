"""/report [year] for admins: the year's figures, gathered here and written as DOCX by `handlers.report` in a child
process, so python-docx never loads in the bot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation import Context, Router
from bot.messages import OutFile, Reply
from bot.offload import in_child
from bot.reading import number
from handlers.base import DOCX_MIME
from handlers.summary import Activity, Period, activity, sample_themes
from handlers.themes import Theme
from storage import honours, reports
from storage.honours import HonourFigures
from storage.reports import Indicators, Scope, SubmissionFigures

router = Router()

FIRST_YEAR = 2000


def _year(ctx: Context) -> int | None:
    """The year asked for: this year by default; a past year from FIRST_YEAR on."""
    this_year = ctx.now.astimezone(ctx.calendar.tz).year
    raw = ctx.inbound.args.strip()
    if not raw:
        return this_year
    year = number(raw)
    return year if year is not None and FIRST_YEAR <= year <= this_year else None


@dataclass(frozen=True)
class YearReport:
    """Everything the report says, in the language it is written in."""

    year: int
    language: str
    tz: ZoneInfo
    issued_on: date
    until: date  # the last day the figures cover
    current: SubmissionFigures
    previous: SubmissionFigures
    themes: list[Theme]
    sampled: int
    activity: Activity
    indicators: Indicators
    honours: HonourFigures


async def gather(session: AsyncSession, year: int, language: str, now: datetime, tz: ZoneInfo) -> YearReport:
    """The year's figures and the year before's, the themes, the activity and the indicators."""
    period = Period.year(year, tz)
    scope = Scope(sees_confidential=True)
    current = await reports.submission_figures(session, period.start, period.end, scope, now)
    previous = await reports.submission_figures(session, period.before, period.start, scope, now)
    found, _, sampled = await sample_themes(session, period, scope)
    today = now.astimezone(tz).date()
    until = min(today, period.end.astimezone(tz).date() - timedelta(days=1))
    return YearReport(
        year, language, tz, today, until, current, previous, found, sampled,
        await activity(session, period.start, period.end, now), await reports.profile_indicators(session, year),
        await honours.year_figures(session, period.start, period.end, year),
    )


@router.command("report", role="admin")
async def year_report(ctx: Context) -> list[Reply]:
    """The year's report as DOCX."""
    year = _year(ctx)
    if year is None:
        return [Reply(ctx.t("report.usage"))]
    found = await gather(ctx.session, year, ctx.lang, ctx.now, ctx.calendar.tz)
    content = await in_child("handlers.report:report_docx", found, ctx.org)
    name = ctx.t("report.file", year=year)
    return [Reply(ctx.t("report.caption", year=year), document=OutFile(name, content, DOCX_MIME))]
