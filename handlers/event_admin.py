"""Dialogue events for officials: /newevent, an event's management view, the ranked questions,
the attendance list as XLSX, the deep link and its QR code, and the follow-up to attendees.

An event belongs to the unit of the official who created it; that unit's officials (and admins) manage it.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from bot.conversation import Check, Context, Router, Target, in_payload
from bot.messages import OutFile, Reply
from bot.reading import number, number_at
from bot.texts import label, num, t
from handlers.base import XLSX_MIME, buttons, payload_parts
from handlers.broadcasts import start_broadcast
from handlers.dates import parse_date_time, parse_time_on, span, when
from handlers.events import invitation, invitation_text, published
from handlers.forms import Draft, Field, Form, Invalid, future_moment, parse_future
from storage import events as events_db
from storage import experts
from storage.audience import Audience, audience_ids, count_audience
from storage.models import Event, Person, Rsvp

router = Router()

MAX_CAPACITY = 100_000
MAX_FOLLOWUP = 3500
OFFICIAL_QUESTIONS = 50


def parse_ends(ctx: Context, text: str, draft: Draft) -> str:
    """`16:30` on the day it starts, or a full date and time."""
    starts = datetime.fromisoformat(draft["starts"])
    moment = parse_time_on(text, starts, ctx.zone) or parse_date_time(text, ctx.zone)
    if moment is None:
        raise Invalid(ctx.t("ne.bad_end"))
    if moment <= starts:
        raise Invalid(ctx.t("ne.end_before_start", starts=when(ctx.lang, starts, ctx.zone)))
    return moment.isoformat()


def parse_capacity(ctx: Context, text: str, draft: Draft) -> int:
    capacity = number(text.replace(".", "").replace(",", "").replace(" ", ""))
    if capacity is None or not 1 <= capacity <= MAX_CAPACITY:
        raise Invalid(ctx.t("ne.bad_capacity", most=num(ctx.lang, MAX_CAPACITY)))
    return capacity


def parse_deadline(ctx: Context, text: str, draft: Draft) -> str:
    moment = future_moment(ctx, text)
    starts = datetime.fromisoformat(draft["starts"])
    if moment > starts:
        raise Invalid(ctx.t("ne.deadline_after_start", starts=when(ctx.lang, starts, ctx.zone)))
    return moment.isoformat()


def event_from(ctx: Context, draft: Draft, audience: Audience) -> Event:
    """An unsaved event made of a finished draft; no deadline means answers close at the start."""
    starts = datetime.fromisoformat(draft["starts"])
    return Event(
        title=draft["title"],
        description=draft["description"],
        starts_at=starts,
        ends_at=datetime.fromisoformat(draft["ends"]),
        place=draft["place"],
        capacity=draft["capacity"],
        rsvp_deadline=datetime.fromisoformat(draft["deadline"]) if draft["deadline"] else starts,
        audience=audience.to_json(),
        created_by=ctx.person.id,
        unit=ctx.person.unit,
        status="published",
        created_at=ctx.now,
    )


async def preview_event(ctx: Context, draft: Draft, audience: Audience | None) -> str:
    assert audience is not None
    event = event_from(ctx, draft, audience)
    reach = await count_audience(ctx.session, audience, ctx.now.year)
    return ctx.t("ne.preview", preview=invitation_text(ctx.lang, event, ctx.zone), count=num(ctx.lang, reach))


async def send_event(ctx: Context, draft: Draft, audience: Audience | None) -> list[Reply]:
    """Save the event and queue the invitations; answer with the deep link and its QR code."""
    assert audience is not None
    event = event_from(ctx, draft, audience)
    if event.rsvp_deadline <= ctx.now:
        return [Reply(ctx.t("ne.too_late"), edit=True)]
    ctx.session.add(event)
    await ctx.session.flush()
    people = await audience_ids(ctx.session, audience, ctx.now.year)
    zone, now = ctx.zone, ctx.now
    broadcast = await start_broadcast(
        ctx.session,
        kind="invitation",
        person_ids=people,
        now=now,
        created_by=ctx.person.id,
        ref_id=event.id,
        render=lambda language: invitation(language, event, zone, now),
        progress_to=ctx,
    )
    if audience.people:
        await experts.record_invitations(ctx.session, "event", event.id, people, ctx.person.id, now)
    return [Reply(ctx.t("ne.sent", count=num(ctx.lang, broadcast.total)), edit=True), link_reply(ctx, event)]


new_event = Form(
    "ne",
    (
        Field("title", 200),
        Field("description", 1500),
        Field("starts", 40, parse_future),
        Field("ends", 40, parse_ends),
        Field("place", 300),
        Field("capacity", 20, parse_capacity, skippable=True),
        Field("deadline", 40, parse_deadline, skippable=True),
    ),
    preview_event,
    send_event,
    router,
)


@router.command("newevent", role="official", check=Check("manage"))
async def new_event_command(ctx: Context) -> list[Reply]:
    """Create a dialogue event and invite an audience."""
    return await new_event.begin(ctx)


def link_reply(ctx: Context, event: Event) -> Reply:
    """The deep link with its QR code for posters; where links do not exist, the command to type."""
    payload = f"ev_{event.id}"
    link = ctx.deep_link(payload)
    if link is None:
        return Reply(ctx.t("event.link_typed", command=f"/start {payload}"))
    from handlers.images import qr_png  # qrcode loads with the first code drawn

    return Reply(ctx.t("event.link", link=link), photo=OutFile(f"event-{event.id}-qr.png", qr_png(link), "image/png"))


def ended(ctx: Context, event: Event) -> bool:
    return ctx.now >= (event.ends_at or event.starts_at)


async def manage_reply(ctx: Context, event: Event) -> Reply:
    """The event with its answers so far and the officials' tools."""
    counts = await events_db.answer_counts(ctx.session, event.id)
    questions = await events_db.question_count(ctx.session, event.id)
    stats = ctx.t(
        "manage.stats",
        attend=counts.get("attend", 0),
        capacity=event.capacity or "∞",
        waitlist=counts.get("waitlist", 0),
        maybe=counts.get("maybe", 0),
        decline=counts.get("decline", 0),
    )
    rows = buttons(
        [(ctx.t("manage.questions", count=questions), f"eo:q:{event.id}"), (ctx.t("manage.export"), f"eo:x:{event.id}")],
        [(ctx.t("manage.link"), f"eo:l:{event.id}")],
    )
    if ended(ctx, event) and event.followup_sent_at is None:
        rows += buttons([(ctx.t("manage.followup"), f"eo:f:{event.id}")])
    return Reply(f"{invitation_text(ctx.lang, event, ctx.zone)}\n\n{stats}", rows)


@router.callback("eo", role="official", check=Check("manage", in_payload("event", 2)))
async def manage_button(ctx: Context) -> list[Reply]:
    """Open (eo:o:<id>), ranked questions (eo:q), attendance XLSX (eo:x), link and QR (eo:l), follow-up (eo:f)."""
    parts = payload_parts(ctx)
    key = number_at(parts, 2) if len(parts) == 3 else None
    event = await published(ctx, key) if key is not None else None
    if event is None:
        return [Reply(ctx.t("event.not_found"), notice=True)]
    action = parts[1]
    if action == "o":
        return [await manage_reply(ctx, event)]
    if action == "q":
        return [await ranked_questions_reply(ctx, event)]
    if action == "x":
        return [await attendance_reply(ctx, event)]
    if action == "l":
        return [link_reply(ctx, event)]
    if action == "f":
        if not ended(ctx, event) or event.followup_sent_at is not None:
            return [Reply(ctx.t("followup.not_now"), notice=True)]
        return await follow_up.begin(ctx, event=event.id)
    return [Reply(ctx.t("error.stale_button"), notice=True)]


async def ranked_questions_reply(ctx: Context, event: Event) -> Reply:
    ranked = await events_db.ranked_questions(ctx.session, event.id, OFFICIAL_QUESTIONS)
    if not ranked:
        return Reply(ctx.t("question.none_official"))
    lines = [ctx.t("question.ranked_head", title=event.title)]
    for n, (question, name) in enumerate(ranked, 1):
        line = ctx.t("question.line", n=n, votes=question.votes, text=question.text)
        lines.append(f"{line} — {name or ctx.t('question.no_name')}")
    return Reply("\n".join(lines))


async def attendance_reply(ctx: Context, event: Event) -> Reply:
    rows = await events_db.attendance(ctx.session, event.id)
    content = attendance_xlsx(ctx.lang, event, rows, ctx.zone)
    out = OutFile(f"event-{event.id}-attendance.xlsx", content, XLSX_MIME)
    return Reply(ctx.t("xlsx.caption", title=event.title, count=len(rows)), document=out)


def attendance_xlsx(language: str, event: Event, rows: list[tuple[Rsvp, Person]], zone: tzinfo) -> bytes:
    """One sheet: the event on top, then a row per answer (attending, waiting in order, maybe, declined)."""
    from openpyxl import Workbook  # loaded on the first attendance list
    from openpyxl.styles import Font

    from handlers import spreadsheets

    book = Workbook()
    sheet = book.active
    sheet.title = t(language, "xlsx.sheet")
    sheet.append(spreadsheets.row(sheet, [event.title]))
    sheet.append(spreadsheets.row(sheet, [f"{span(language, event.starts_at, event.ends_at, zone)} — {event.place}"]))
    columns = ("n", "name", "field", "qualification", "workplace", "commune", "answer", "answered_at")
    sheet.append(spreadsheets.row(sheet, [t(language, f"xlsx.col.{column}") for column in columns]))
    sheet["A1"].font = Font(bold=True, size=13)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for n, (rsvp, person) in enumerate(rows, 1):
        sheet.append(spreadsheets.row(sheet, _row(language, n, rsvp, person, zone)))
        sheet.cell(sheet.max_row, 8).number_format = "dd/mm/yyyy hh:mm"
    for letter, width in zip("ABCDEFGH", (5, 28, 20, 12, 28, 20, 18, 17), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    return spreadsheets.save(book)


def _row(language: str, n: int, rsvp: Rsvp, person: Person, zone: tzinfo) -> list[Any]:
    return [
        n,
        person.full_name or "",
        label(language, "field", person.field) if person.field else "",
        label(language, "qualification", person.qualification) if person.qualification else "",
        person.workplace or "",
        person.commune or "",
        t(language, f"rsvp.{rsvp.answer}"),
        rsvp.updated_at.astimezone(zone).replace(tzinfo=None),
    ]


def followup_text(language: str, event: Event, text: str) -> str:
    return t(language, "followup.message", title=event.title, text=text)


async def preview_followup(ctx: Context, draft: Draft, audience: Audience | None) -> str:
    event = await published(ctx, draft["event"])
    assert event is not None
    attending = await events_db.attendee_ids(ctx.session, event.id)
    return ctx.t("followup.preview", preview=followup_text(ctx.lang, event, draft["text"]), count=num(ctx.lang, len(attending)))


async def send_followup(ctx: Context, draft: Draft, audience: Audience | None) -> list[Reply]:
    """To those who answered 'attend', once per event."""
    event = await published(ctx, draft["event"], lock=True)
    if event is None or event.followup_sent_at is not None:
        return [Reply(ctx.t("followup.not_now"), edit=True)]
    text = draft["text"]
    attending = await events_db.attendee_ids(ctx.session, event.id)
    broadcast = await start_broadcast(
        ctx.session,
        kind="followup",
        person_ids=attending,
        now=ctx.now,
        created_by=ctx.person.id,
        ref_id=event.id,
        render=lambda language: Reply(followup_text(language, event, text)),
        progress_to=ctx,
    )
    event.followup_sent_at = ctx.now
    return [Reply(ctx.t("followup.sent", count=num(ctx.lang, broadcast.total)), edit=True)]


def _followed_up(ctx: Context) -> Target | None:
    """The event whose follow-up is being written (kept in the form's draft)."""
    event = (ctx.state.data or {}).get("draft", {}).get("event")
    return ("event", str(event)) if event is not None else None


follow_up = Form(
    "ef", (Field("text", MAX_FOLLOWUP),), preview_followup, send_followup, router, with_audience=False, check=Check("manage", _followed_up)
)
