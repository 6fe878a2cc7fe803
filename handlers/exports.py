"""/export: submissions, dialogues and polls with their results as one XLSX workbook, for officials.

What the access policy lets the official see: an admin everything, an official their unit's submissions
(`handlers.access`) and the dialogues and polls their unit created. Authors as the inbox shows them: never
for anonymous submissions, confidential ones only to admins. Cells hold typed text as text
(`handlers.spreadsheets`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.conversation import Check, Context, Router
from bot.messages import OutFile, Reply
from bot.offload import in_child
from handlers import access
from handlers.base import XLSX_MIME
from handlers.tracking import topic_label
from storage import reports
from storage.models import Person, Submission
from storage.reports import Scope

router = Router()

Row = list[Any]
SUBMISSION_COLUMNS = (
    ("code", 11), ("received", 17), ("topic", 22), ("privacy", 12), ("status", 18), ("unit", 22), ("author", 24),
    ("workplace", 24), ("commune", 20), ("text", 80), ("first_answer", 17), ("rating", 7),
)
EVENT_COLUMNS = (("title", 40), ("starts", 17), ("place", 30), ("event_status", 12), ("capacity", 9), ("attend", 11),
                 ("maybe", 9), ("decline", 10), ("waitlist", 12))
POLL_COLUMNS = (("question", 50), ("closes", 17), ("poll_status", 12), ("invited", 10), ("voters", 12), ("results", 60))


def _local(moment: datetime | None, tz: ZoneInfo) -> datetime | None:
    """Excel has no time zones: local wall-clock time, without one."""
    return moment.astimezone(tz).replace(tzinfo=None) if moment is not None else None


def _author(ctx: Context, submission: Submission, person: Person | None) -> tuple[str, str, str]:
    """(name, workplace, commune) as far as this viewer may know the author."""
    if submission.privacy == "anonymous":
        return ctx.t("export.anonymous"), "", ""
    if submission.privacy == "confidential" and not ctx.has_role("admin"):
        return ctx.t("export.confidential"), "", ""
    if person is None:
        return ctx.t("export.erased"), "", ""
    name = person.full_name or ctx.t("synthesis.author_unnamed", id=person.id)
    return name, person.workplace or "", person.commune or ""


async def _submission_rows(ctx: Context, scope: Scope) -> list[Row]:
    tz = ctx.calendar.tz
    rows = []
    for submission, person, first_answer in await reports.submission_rows(ctx.session, scope):
        author = _author(ctx, submission, person)
        rows.append([
            submission.code, _local(submission.created_at, tz), topic_label(ctx.lang, submission.topic),
            ctx.t(f"privacy.{submission.privacy}"), ctx.t(f"status.{submission.status}"), submission.unit or "", *author,
            submission.text, _local(first_answer, tz), submission.rating,
        ])
    return rows


async def _event_rows(ctx: Context, scope: Scope) -> list[Row]:
    status = {"published": "", "cancelled": ctx.t("export.cancelled")}
    return [
        [event.title, _local(event.starts_at, ctx.calendar.tz), event.place, status.get(event.status, event.status), event.capacity,
         counts["attend"], counts["maybe"], counts["decline"], counts["waitlist"]]
        for event, counts in await reports.event_rows(ctx.session, scope)
    ]


async def _poll_rows(ctx: Context, scope: Scope) -> list[Row]:
    rows = []
    for poll, invited, voters, votes in await reports.poll_rows(ctx.session, scope):
        results = " · ".join(f"{option}: {count}" for option, count in zip(poll.options, votes, strict=True))
        state = ctx.t("export.closed") if poll.status == "closed" or poll.closes_at <= ctx.now else ctx.t("export.open")
        rows.append([poll.question, _local(poll.closes_at, ctx.calendar.tz), state, invited, voters, results])
    return rows


@router.command("export", role="official", check=Check("manage"))
async def export(ctx: Context) -> list[Reply]:
    """What the official may see as XLSX: submissions (authors as the viewer may know them), dialogues, polls with results."""
    scope = access.scope(ctx)
    assert scope is not None, "the access policy lets only officials with a unit (and admins) here"
    sheets = [
        (ctx.t("export.sheet.submissions"), SUBMISSION_COLUMNS, await _submission_rows(ctx, scope)),
        (ctx.t("export.sheet.events"), EVENT_COLUMNS, await _event_rows(ctx, scope)),
        (ctx.t("export.sheet.polls"), POLL_COLUMNS, await _poll_rows(ctx, scope)),
    ]
    tables = [
        (title, [width for _, width in columns], [ctx.t(f"export.col.{name}") for name, _ in columns], rows)
        for title, columns, rows in sheets
    ]
    content = await in_child("handlers.spreadsheets:tables", tables)  # openpyxl loads in the child only
    today = ctx.now.astimezone(ctx.calendar.tz)
    out = OutFile(f"hien-ke-{today:%Y-%m-%d}.xlsx", content, XLSX_MIME)
    return [Reply(ctx.t("export.caption", date=f"{today:%d/%m/%Y}"), document=out)]
