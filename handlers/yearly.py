"""/report [year] for admins: the year's report as DOCX (written by `handlers.report`, loaded on first use)."""

from __future__ import annotations

import asyncio

from bot.conversation import Context, Router
from bot.messages import OutFile, Reply
from bot.reading import number
from handlers.base import DOCX_MIME

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


@router.command("report", role="admin")
async def year_report(ctx: Context) -> list[Reply]:
    """The year's report as DOCX."""
    year = _year(ctx)
    if year is None:
        return [Reply(ctx.t("report.usage"))]
    from handlers import report  # python-docx loads with the first report

    found = await report.gather(ctx.session, year, ctx.lang, ctx.now, ctx.calendar.tz)
    content = await asyncio.to_thread(report.report_docx, found, ctx.org)
    name = ctx.t("report.file", year=year)
    return [Reply(ctx.t("report.caption", year=year), document=OutFile(name, content, DOCX_MIME))]
