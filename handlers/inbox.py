"""Officials handle submissions: /inbox, one item with its timeline, take it, forward it to a unit,
change its status with a reason, answer it once, note something internally; and the daily reminder
of overdue items.

Nothing here shows who wrote an anonymous submission, nor a confidential one's author to non-admins.
An official sees only the submissions of their unit (`handlers.access`), checked at every press and step.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from math import ceil
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation import Check, Context, Router, in_payload_by_action, in_state
from bot.messages import Button, Reply
from bot.org import Organisation
from bot.reading import number_at
from bot.texts import num, t
from bot.workdays import WorkCalendar
from handlers import access
from handlers.base import buttons, in_rows, payload_parts, resend_files, text_problem
from handlers.tracking import answer_reply, is_overdue, relay, status_news, text_limit, timeline, topic_label, when
from storage import repo, submissions
from storage.models import OPEN_STATUSES, Person, Submission

router = Router()

PAGE_SIZE = 5
REASON_MAX = 500


def _next_statuses(submission: Submission) -> list[str]:
    """What an official may move a submission to: an open one onwards, an answered (unrated) one to closed."""
    if submission.status in OPEN_STATUSES:
        return [s for s in ("in_review", "closed", "declined") if s != submission.status]
    return ["closed"] if submission.status == "answered" else []


def _name(lang: str, person: Person) -> str:
    return person.full_name or t(lang, "inbox.official_n", id=person.id)


async def _names(ctx: Context, ids: Iterable[int | None]) -> dict[int, str]:
    """Officials' display names by person id."""
    names: dict[int, str] = {}
    for person_id in {i for i in ids if i is not None}:
        person = await repo.find_person(ctx.session, person_id)
        if person is not None:
            names[person_id] = _name(ctx.lang, person)
    return names


async def _author(ctx: Context, submission: Submission) -> str:
    """Who sent it, as far as this viewer may know: never for anonymous, only admins for confidential."""
    if submission.privacy == "anonymous":
        return ctx.t("inbox.author_anonymous")
    if submission.privacy == "confidential" and not ctx.has_role("admin"):
        return ctx.t("inbox.author_confidential")
    person = await repo.find_person(ctx.session, submission.person_id) if submission.person_id else None
    if person is None:
        return ctx.t("inbox.author_forgotten")
    details = [person.full_name or ctx.t("inbox.no_name")]
    details += [d for d in (person.workplace, person.commune) if d]
    return ", ".join(details)


async def item_view(ctx: Context, submission: Submission, *, edit: bool = False) -> Reply:
    """One submission for officials: header, text, timeline and what they can do with it."""
    tz = ctx.calendar.tz
    flags = [ctx.t("inbox.overdue")] if is_overdue(submission, ctx.now) else []
    flags += [ctx.t("inbox.urgent_flag")] if submission.urgent else []
    events = await submissions.events(ctx.session, submission.id)
    names = await _names(ctx, [submission.assignee_id, *(e.actor_id for e in events)])
    lines = [
        " ".join([ctx.t("track.title", code=submission.code), *flags]),
        ctx.t("track.topic", topic=topic_label(ctx.lang, submission.topic)),
        ctx.t("inbox.author", author=await _author(ctx, submission)),
        ctx.t("track.privacy", privacy=ctx.t(f"privacy.{submission.privacy}")),
        ctx.t("track.status", status=ctx.t(f"status.{submission.status}")),
        ctx.t(
            "inbox.handler",
            name=names.get(submission.assignee_id or 0, ctx.t("inbox.nobody")),
            unit=submission.unit or "—",
        ),
        ctx.t("inbox.received_at", when=when(tz, submission.created_at)),
    ]
    if submission.status in OPEN_STATUSES:
        lines.append(ctx.t("inbox.dues", ack=when(tz, submission.ack_due_at), answer=when(tz, submission.answer_due_at)))
    if submission.language:
        lines.append(ctx.t("inbox.language", name=ctx.t(f"language.name.{submission.language}")))
    if submission.attachments:
        lines.append(ctx.t("inbox.files", count=len(submission.attachments)))
    lines += ["", submission.text, "", ctx.t("track.timeline")]
    return Reply(_fit(ctx, lines, timeline(ctx.lang, tz, events, names)), _item_buttons(ctx, submission), edit=edit)


def _fit(ctx: Context, head: list[str], steps: list[str]) -> str:
    """Head and timeline in one message (an edit cannot be split): the oldest steps give way first."""
    shown = len(steps)
    while shown > 0 and len("\n".join([*head, *steps[-shown:]])) > ctx.max_text - 40:
        shown -= 1
    earlier = [ctx.t("inbox.earlier_steps", count=len(steps) - shown)] if shown < len(steps) else []
    return "\n".join([*head, *earlier, *steps[len(steps) - shown :]])


def _item_buttons(ctx: Context, submission: Submission) -> tuple[tuple[Button, ...], ...]:
    sid = submission.id
    rows: list[list[tuple[str, str]]] = []
    if submission.status in OPEN_STATUSES:  # "Answer" first: a numbered menu keeps it at 1
        first = [(ctx.t("inbox.answer"), f"fo:ans:{sid}")]
        first += [] if submission.assignee_id == ctx.person.id else [(ctx.t("inbox.take"), f"fo:take:{sid}")]
        second = [(ctx.t("inbox.forward"), f"fo:fwd:{sid}")] if ctx.org.units else []
        second += [] if submission.urgent else [(ctx.t("inbox.urgent"), f"fo:urgent:{sid}")]
        rows += [first, second]
    third = [(ctx.t("inbox.status"), f"fo:st:{sid}")] if _next_statuses(submission) else []
    third += [(ctx.t("inbox.note"), f"fo:note:{sid}")]
    third += [(ctx.t("inbox.files_button", count=len(submission.attachments)), f"fo:files:{sid}")] if submission.attachments else []
    rows += [third, [(ctx.t("inbox.back"), "fo:page:0")]]
    return buttons(*(row for row in rows if row))


def _item_line(ctx: Context, submission: Submission) -> str:
    flag = "⚠️ " if is_overdue(submission, ctx.now) else ("🆕 " if submission.status == "received" else "")
    due = when(ctx.calendar.tz, submission.answer_due_at)
    topic = topic_label(ctx.lang, submission.topic)
    return f"{flag}{submission.code} · {topic} · {ctx.t(f'status.{submission.status}')} · {ctx.t('inbox.due_short', due=due)}"


async def _page(ctx: Context, page: int, *, edit: bool = False) -> Reply:
    """A page of the open submissions this official may see, overdue and new ones first, with a button per item."""
    found = access.scope(ctx)
    assert found is not None, "the access policy lets only officials with a unit (and admins) here"
    total = await submissions.count_open(ctx.session, found.condition())
    if total == 0:
        return Reply(ctx.t("inbox.empty"), edit=edit)
    pages = ceil(total / PAGE_SIZE)
    page = min(max(page, 0), pages - 1)
    items = await submissions.open_page(ctx.session, ctx.now, page * PAGE_SIZE, PAGE_SIZE, found.condition())
    lines = [ctx.t("inbox.title", total=total, page=page + 1, pages=pages), *(_item_line(ctx, s) for s in items)]
    nav = [(ctx.t("inbox.prev"), f"fo:page:{page - 1}")] if page > 0 else []
    nav += [(ctx.t("inbox.next"), f"fo:page:{page + 1}")] if page + 1 < pages else []
    rows = in_rows([(s.code, f"fo:open:{s.id}") for s in items], 3) + (buttons(nav) if nav else ())
    return Reply("\n".join(lines), rows, edit=edit)


@router.command("inbox", role="official", check=Check("manage"))
async def inbox(ctx: Context) -> list[Reply]:
    """Open submissions, overdue and new ones first."""
    return [await _page(ctx, 0)]


async def _move(ctx: Context, submission: Submission, status: str, kind: str = "status", detail: str | None = None) -> None:
    """Change the status (acknowledging the submission), record it and tell the author."""
    submission.status = status
    submission.acknowledged_at = submission.acknowledged_at or ctx.now
    if status in ("closed", "declined"):
        submission.closed_at = ctx.now
    event = submissions.add_event(ctx.session, submission, kind, status=status, actor=ctx.person.id, detail=detail, now=ctx.now)
    await relay(ctx, submission, lambda lang: status_news(lang, submission, event))


async def _open(ctx: Context, submission: Submission, _rest: list[str]) -> list[Reply]:
    return [await item_view(ctx, submission, edit=True)]


async def _take(ctx: Context, submission: Submission, _rest: list[str]) -> list[Reply]:
    """Assign to oneself; a new submission is thereby acknowledged and in review."""
    submission.assignee_id = ctx.person.id
    submissions.add_event(ctx.session, submission, "assigned", actor=ctx.person.id, now=ctx.now)
    if submission.status == "received":
        await _move(ctx, submission, "in_review")
    return [await item_view(ctx, submission, edit=True)]


async def _choose_unit(ctx: Context, submission: Submission, _rest: list[str]) -> list[Reply]:
    pairs = [(unit, f"fo:unit:{submission.id}:{i}") for i, unit in enumerate(ctx.org.units)]
    rows = in_rows(pairs, 1) + buttons([(ctx.t("button.cancel"), f"fo:open:{submission.id}")])
    return [Reply(ctx.t("inbox.choose_unit", code=submission.code), rows, edit=True)]


async def _forward(ctx: Context, submission: Submission, rest: list[str]) -> list[Reply]:
    index = number_at(rest, 0)
    if index is None or index >= len(ctx.org.units):
        return [Reply(ctx.t("error.stale_button"), notice=True)]
    submission.unit = ctx.org.units[index]
    await _move(ctx, submission, "forwarded", kind="forwarded", detail=submission.unit)
    if not access.may_manage(ctx.person, ctx.org, submission):  # handed over to another unit: no longer this official's
        submission.assignee_id = None  # one of that unit takes it; until then overdue reminders go to the admins
        back = buttons([(ctx.t("inbox.back"), "fo:page:0")])
        return [Reply(ctx.t("inbox.forwarded_away", code=submission.code, unit=submission.unit), back, edit=True)]
    return [await item_view(ctx, submission, edit=True)]


async def _choose_status(ctx: Context, submission: Submission, _rest: list[str]) -> list[Reply]:
    pairs = [(ctx.t(f"status.{s}"), f"fo:set:{submission.id}:{s}") for s in _next_statuses(submission)]
    if not pairs:
        return [Reply(ctx.t("inbox.not_open"), notice=True)]
    rows = in_rows(pairs, 1) + buttons([(ctx.t("button.cancel"), f"fo:open:{submission.id}")])
    return [Reply(ctx.t("inbox.choose_status", code=submission.code), rows, edit=True)]


async def _ask_reason(ctx: Context, submission: Submission, rest: list[str]) -> list[Reply]:
    if not rest or rest[0] not in _next_statuses(submission):
        return [Reply(ctx.t("inbox.not_open"), notice=True)]
    ctx.goto("inbox.reason", sid=submission.id, status=rest[0])
    text = ctx.t("inbox.ask_reason", code=submission.code, status=ctx.t(f"status.{rest[0]}"))
    return [Reply(text, buttons([(ctx.t("button.cancel"), "fo:cancel")]), edit=True, free_text=True)]


async def _ask_answer(ctx: Context, submission: Submission, _rest: list[str]) -> list[Reply]:
    ctx.goto("inbox.answer", sid=submission.id)
    text = ctx.t("inbox.ask_answer", code=submission.code, limit=num(ctx.lang, text_limit(ctx)))
    return [Reply(text, buttons([(ctx.t("button.cancel"), "fo:cancel")]), edit=True, free_text=True)]


async def _send_answer(ctx: Context, submission: Submission, _rest: list[str]) -> list[Reply]:
    """Send the previewed answer, unless someone answered first (one answer per round, checked in SQL)."""
    if ctx.step != "inbox.confirm" or ctx.state.data.get("sid") != submission.id:
        return [Reply(ctx.t("error.already_answered"), notice=True)]
    answer = str(ctx.state.data["answer"])
    ctx.finish()
    if not await submissions.claim_answer(ctx.session, submission.id, ctx.now):
        return [Reply(ctx.t("inbox.answered_elsewhere", code=submission.code), edit=True)]
    await ctx.session.refresh(submission)
    submission.assignee_id = submission.assignee_id or ctx.person.id
    submissions.add_event(ctx.session, submission, "answered", status="answered", actor=ctx.person.id, detail=answer, now=ctx.now)
    delivered = await relay(ctx, submission, lambda lang: answer_reply(lang, submission, answer))
    return [Reply(ctx.t("inbox.answer_sent" if delivered else "inbox.answer_kept", code=submission.code), edit=True)]


async def _ask_note(ctx: Context, submission: Submission, _rest: list[str]) -> list[Reply]:
    ctx.goto("inbox.note", sid=submission.id)
    rows = buttons([(ctx.t("button.cancel"), "fo:cancel")])
    return [Reply(ctx.t("inbox.ask_note", code=submission.code), rows, edit=True, free_text=True)]


async def _urgent(ctx: Context, submission: Submission, _rest: list[str]) -> list[Reply]:
    """Mark urgent: both deadlines come no later than the urgent one."""
    due = ctx.calendar.add_working_hours(ctx.now, ctx.org.deadlines.urgent_hours)
    submission.urgent = True
    submission.ack_due_at = min(submission.ack_due_at, due)
    submission.answer_due_at = min(submission.answer_due_at, due)
    submissions.add_event(ctx.session, submission, "urgent", actor=ctx.person.id, now=ctx.now)
    return [await item_view(ctx, submission, edit=True)]


async def _files(ctx: Context, submission: Submission, _rest: list[str]) -> list[Reply]:
    """The attached files, re-sent by their file id on the channel they came from."""
    code = submission.code
    return resend_files(ctx, submission.attachments, lambda index, count: ctx.t("inbox.file_caption", code=code, index=index, count=count))


Action = Callable[[Context, Submission, list[str]], Awaitable[list[Reply]]]
# payload action -> (only while the submission is open?, handler)
ACTIONS: dict[str, tuple[bool, Action]] = {
    "open": (False, _open),
    "take": (True, _take),
    "fwd": (True, _choose_unit),
    "unit": (True, _forward),
    "st": (False, _choose_status),  # these check _next_statuses: an answered one may still be closed
    "set": (False, _ask_reason),
    "ans": (True, _ask_answer),
    "send": (False, _send_answer),  # checked in SQL: two officials may press at once
    "note": (False, _ask_note),
    "urgent": (True, _urgent),
    "files": (False, _files),
}


# An item button acts on its submission (`fo:<action>:<id>…`); pages and Cancel act on none.
@router.callback("fo", role="official", check=Check("manage", in_payload_by_action(2, dict.fromkeys(ACTIONS, "submission"))))
async def inbox_button(ctx: Context) -> list[Reply]:
    """Every officials' button: pages, items and the actions on them."""
    parts = payload_parts(ctx)
    action = parts[1] if len(parts) > 1 else ""
    if action == "page":
        return [await _page(ctx, number_at(parts, 2) or 0, edit=True)]
    if action == "cancel":
        ctx.finish()
        return [Reply(ctx.t("inbox.cancelled"), edit=True)]
    open_only, handler = ACTIONS.get(action, (False, None))
    key = number_at(parts, 2)
    submission = await submissions.by_id(ctx.session, key) if key is not None else None
    if handler is None or submission is None:
        return [Reply(ctx.t("error.stale_button"), notice=True)]
    if open_only and submission.status not in OPEN_STATUSES:
        why = "inbox.already_answered" if submission.answered_at is not None else "inbox.not_open"
        return [Reply(ctx.t(why), notice=True)]
    return await handler(ctx, submission, parts[3:])


async def _take_reason(ctx: Context, submission: Submission, text: str) -> list[Reply]:
    status = str(ctx.state.data.get("status"))
    ctx.finish()
    await _move(ctx, submission, status, detail=text)
    return [Reply(ctx.t("inbox.status_done", code=submission.code, status=ctx.t(f"status.{status}"))), await item_view(ctx, submission)]


async def _take_answer(ctx: Context, submission: Submission, text: str) -> list[Reply]:
    ctx.goto("inbox.confirm", answer=text)
    rows = buttons(
        [(ctx.t("inbox.send"), f"fo:send:{submission.id}")],
        [(ctx.t("inbox.rewrite"), f"fo:ans:{submission.id}"), (ctx.t("button.cancel"), "fo:cancel")],
    )
    return [Reply(ctx.t("inbox.preview", code=submission.code, answer=text), rows, also_typed=True)]  # or typed anew


async def _take_note(ctx: Context, submission: Submission, text: str) -> list[Reply]:
    ctx.finish()
    submissions.add_event(ctx.session, submission, "note", actor=ctx.person.id, detail=text, now=ctx.now)
    return [Reply(ctx.t("inbox.note_saved")), await item_view(ctx, submission)]


# step -> (longest text accepted, handler); typing while a preview waits replaces the answer
TEXT_STEPS: dict[str, tuple[Callable[[Context], int], Callable[[Context, Submission, str], Awaitable[list[Reply]]]]] = {
    "inbox.reason": (lambda ctx: REASON_MAX, _take_reason),
    "inbox.answer": (text_limit, _take_answer),
    "inbox.confirm": (text_limit, _take_answer),
    "inbox.note": (lambda ctx: REASON_MAX * 4, _take_note),
}


def _still_applies(ctx: Context, submission: Submission) -> bool:
    """Whether what the official is typing still fits the submission (another official may have moved it)."""
    if ctx.step == "inbox.note":
        return True
    if ctx.step == "inbox.reason":
        return str(ctx.state.data.get("status")) in _next_statuses(submission)
    return submission.status in OPEN_STATUSES


@router.step("inbox", role="official", check=Check("manage", in_state("submission", "sid")))
async def inbox_text(ctx: Context) -> list[Reply]:
    """A reason, an answer or a note typed by an official (role and unit are checked again: steps outlive grants)."""
    limit, handler = TEXT_STEPS.get(ctx.step or "", (None, None))
    submission = await submissions.by_id(ctx.session, int(ctx.state.data.get("sid") or 0))
    if handler is None or limit is None or submission is None:
        ctx.finish()
        return [Reply(ctx.t("error.not_understood"))]
    if not _still_applies(ctx, submission):
        ctx.finish()
        return [Reply(ctx.t("inbox.not_open"))]
    problem = text_problem(ctx, limit(ctx))
    if problem is not None:
        return [Reply(problem)]
    return await handler(ctx, submission, (ctx.inbound.text or "").strip())


def _reminder(lang: str, tz: ZoneInfo, items: list[Submission], now: datetime) -> Reply:
    lines = [t(lang, "inbox.reminder", count=len(items))]
    for s in items:
        unacknowledged = s.acknowledged_at is None and s.ack_due_at < now
        key, due = ("inbox.reminder_ack", s.ack_due_at) if unacknowledged else ("inbox.reminder_answer", s.answer_due_at)
        lines.append(t(lang, key, code=s.code, topic=topic_label(lang, s.topic), due=when(tz, due)))
    lines.append(t(lang, "inbox.reminder_end"))
    return Reply("\n".join(lines), in_rows([(s.code, f"fo:open:{s.id}") for s in items[:10]], 3))


async def _reminded(session: AsyncSession, submission: Submission, org: Organisation) -> list[int]:
    """Who hears of an overdue submission: its official while they may still see it, else the admins."""
    assignee = await repo.find_person(session, submission.assignee_id) if submission.assignee_id else None
    if assignee is not None and access.may_manage(assignee, org, submission):
        return [assignee.id]
    return await repo.people_with_role(session, "admin")


async def remind_overdue(session: AsyncSession, now: datetime, calendar: WorkCalendar, org: Organisation) -> None:
    """In office hours, once a local day per item: one message per official listing their overdue items."""
    if not calendar.is_office_time(now):
        return
    since = calendar.start_of_day(now)
    due: defaultdict[int, list[Submission]] = defaultdict(list)
    for submission in await submissions.overdue_unreminded(session, now, since):
        if await submissions.mark_reminded(session, submission.id, now, since):
            for person_id in await _reminded(session, submission, org):
                due[person_id].append(submission)
    for person_id, items in due.items():
        person = await repo.find_person(session, person_id)
        if person is not None:
            payload = {"reply": _reminder(person.language, calendar.tz, items, now).to_json()}
            await repo.enqueue_for_person(session, person_id, payload, now=now)
