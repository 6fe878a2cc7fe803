"""Dialogue events for the people invited: the invitation, answering it (with a waiting list),
questions sent ahead and up-voted, /events, the `ev_<id>` deep link, and the reminders job.

Only the event's audience (and those who already answered) take part: checked at every press and step.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation import Check, Context, Router, in_payload_by_action, in_state
from bot.messages import Reply
from bot.reading import number, number_at
from bot.texts import t
from handlers import access
from handlers.base import Rows, buttons, in_rows, numbered_choices, payload_parts, text_problem
from handlers.broadcasts import start_broadcast
from handlers.dates import span, when
from storage import events as events_db
from storage import repo
from storage.models import Event, EventQuestion, Rsvp

router = Router()

ANSWERS = {"y": "attend", "m": "maybe", "n": "decline"}
MAX_QUESTION = 500
QUESTIONS_SHOWN = 10
LISTED = 10
OFFICIALS_LOOK_BACK = timedelta(days=30)


def invitation_text(language: str, event: Event, zone: tzinfo) -> str:
    """The event as invitees read it."""
    seats = t(language, "event.seats", capacity=event.capacity) if event.capacity else t(language, "event.no_limit")
    details = t(
        language,
        "event.details",
        when=span(language, event.starts_at, event.ends_at, zone),
        place=event.place,
        seats=seats,
        deadline=when(language, event.rsvp_deadline, zone),
    )
    parts = (t(language, "event.head", title=event.title), event.description, details)
    return "\n\n".join(part for part in parts if part)


def event_buttons(language: str, event: Event, now: datetime, chosen: str | None = None) -> Rows:
    """Attend / Maybe / Decline while answers are open (the chosen one ticked); questions until the start."""
    rows: Rows = ()
    if now <= event.rsvp_deadline:
        ticked = "attend" if chosen == "waitlist" else chosen
        rows += buttons(
            [
                (("✓ " if ANSWERS[code] == ticked else "") + t(language, f"rsvp.button.{code}"), f"ev:r:{event.id}:{code}")
                for code in ANSWERS
            ]
        )
    if now < event.starts_at:
        rows += buttons(
            [(t(language, "question.ask_button"), f"ev:q:{event.id}"), (t(language, "question.list_button"), f"ev:ql:{event.id}")]
        )
    return rows


def invitation(language: str, event: Event, zone: tzinfo, now: datetime) -> Reply:
    return Reply(invitation_text(language, event, zone), event_buttons(language, event, now))


async def answer_line(ctx: Context, rsvp: Rsvp | None) -> str:
    """`Trả lời của bạn: Tham dự.`, or the place in line for someone waiting."""
    if rsvp is None:
        return ctx.t("rsvp.yours_none")
    if rsvp.answer == "waitlist":
        return ctx.t("rsvp.yours_waiting", position=await events_db.waitlist_position(ctx.session, rsvp))
    return ctx.t("rsvp.yours", answer=ctx.t(f"rsvp.{rsvp.answer}"))


async def card(ctx: Context, event: Event, *, edit: bool) -> Reply:
    """The event as this person sees it now: their answer, the seats taken, their buttons."""
    rsvp = await events_db.find_rsvp(ctx.session, event.id, ctx.person.id)
    lines = [invitation_text(ctx.lang, event, ctx.zone), "", await answer_line(ctx, rsvp)]
    if event.capacity:
        taken = (await events_db.answer_counts(ctx.session, event.id)).get("attend", 0)
        lines.append(ctx.t("event.taken", taken=taken, capacity=event.capacity))
    chosen = rsvp.answer if rsvp is not None else None
    return Reply("\n".join(lines), event_buttons(ctx.lang, event, ctx.now, chosen), edit=edit)


async def published(ctx: Context, event_id: int, *, lock: bool = False) -> Event | None:
    event = await (events_db.lock_event(ctx.session, event_id) if lock else ctx.session.get(Event, event_id))
    return event if event is not None and event.status == "published" else None




# An invitee's button is about the event, or (an up-vote, `ev:v:<id>`) one of its questions.
@router.callback("ev", check=Check("take_part", in_payload_by_action(2, {"v": "event_question"}, "event")))
async def event_button(ctx: Context) -> list[Reply]:
    """Answer (ev:r:<id>:y|m|n), open (ev:o), ask (ev:q), list questions (ev:ql), up-vote (ev:v:<question>)."""
    parts = payload_parts(ctx)
    action, key = (parts[1] if len(parts) > 1 else ""), number_at(parts, 2)
    if key is None:
        return [Reply(ctx.t("error.stale_button"), notice=True)]
    if action == "v":
        return await up_vote(ctx, key)
    event = await published(ctx, key, lock=action == "r")
    if event is None:
        return [Reply(ctx.t("event.not_found"), notice=True)]
    if action == "r" and len(parts) == 4 and parts[3] in ANSWERS:
        return await answer(ctx, event, ANSWERS[parts[3]])
    if action == "o":
        return [await card(ctx, event, edit=False)]
    if action == "q":
        return ask_question(ctx, event)
    if action == "ql":
        return [await questions_reply(ctx, event, edit=False)]
    return [Reply(ctx.t("error.stale_button"), notice=True)]


async def answer(ctx: Context, event: Event, wanted: str) -> list[Reply]:
    """An answer pressed on the invitation (the event row is locked); after the deadline nothing changes."""
    if ctx.now > event.rsvp_deadline:
        return [Reply(ctx.t("rsvp.closed"), notice=True)]
    rsvp = await events_db.find_rsvp(ctx.session, event.id, ctx.person.id)
    if rsvp is None or not (wanted == "attend" and rsvp.answer in ("attend", "waitlist")):
        rsvp = await record(ctx, event, rsvp, wanted)
    notice = await answer_line(ctx, rsvp) if rsvp.answer == "waitlist" else ctx.t(f"rsvp.noted.{rsvp.answer}")
    return [await card(ctx, event, edit=True), Reply(notice, notice=True)]


async def record(ctx: Context, event: Event, rsvp: Rsvp | None, wanted: str) -> Rsvp:
    """Store the answer: 'attend' past capacity joins the waiting list; a seat given up goes to the first waiting."""
    before = rsvp.answer if rsvp is not None else None
    taken = (await events_db.answer_counts(ctx.session, event.id)).get("attend", 0)
    full = wanted == "attend" and event.capacity is not None and taken >= event.capacity
    if rsvp is None:
        rsvp = Rsvp(event_id=event.id, person_id=ctx.person.id, answer=wanted)
        ctx.session.add(rsvp)
    rsvp.answer = "waitlist" if full else wanted
    rsvp.waitlisted_at = ctx.now if full else None
    rsvp.updated_at = ctx.now
    await ctx.session.flush()
    if before == "attend" and wanted != "attend":
        await promote_first_waiting(ctx, event)
    return rsvp


async def promote_first_waiting(ctx: Context, event: Event) -> None:
    """Give the freed seat to the first person waiting, and tell them."""
    waiting = await events_db.first_waiting(ctx.session, event.id)
    if waiting is None:
        return
    waiting.answer, waiting.waitlisted_at, waiting.updated_at = "attend", None, ctx.now
    person = await repo.find_person(ctx.session, waiting.person_id)
    if person is None:
        return
    language = person.language
    text = f"{t(language, 'rsvp.promoted', title=event.title)}\n\n{invitation_text(language, event, ctx.zone)}"
    await ctx.notify(person.id, Reply(text, event_buttons(language, event, ctx.now, "attend")))


def ask_question(ctx: Context, event: Event) -> list[Reply]:
    if ctx.now >= event.starts_at:
        return [Reply(ctx.t("question.closed"), notice=True)]
    ctx.goto("ev.question", event=event.id)
    return [Reply(ctx.t("question.prompt", title=event.title, limit=MAX_QUESTION))]


@router.step("ev", check=Check("take_part", in_state("event", "event")))
async def question_text(ctx: Context) -> list[Reply]:
    """The question typed after pressing 'Send a question'."""
    problem = text_problem(ctx, MAX_QUESTION)
    if problem is not None:
        return [Reply(problem)]
    event = await published(ctx, int(ctx.state.data.get("event", 0)))
    ctx.finish()
    if event is None or ctx.now >= event.starts_at:
        return [Reply(ctx.t("question.closed"))]
    text = " ".join((ctx.inbound.text or "").split())
    ctx.session.add(EventQuestion(event_id=event.id, person_id=ctx.person.id, text=text, votes=0, created_at=ctx.now))
    return [Reply(ctx.t("question.thanks"), buttons([(ctx.t("question.list_button"), f"ev:ql:{event.id}")]))]


async def questions_reply(ctx: Context, event: Event, *, edit: bool) -> Reply:
    """The most up-voted questions, with a 👍 button for each one the person did not write."""
    ranked = await events_db.ranked_questions(ctx.session, event.id, QUESTIONS_SHOWN)
    if not ranked:
        return Reply(ctx.t("question.none"), buttons([(ctx.t("question.ask_button"), f"ev:q:{event.id}")]), edit=edit)
    voted = await events_db.voted_questions(ctx.session, ctx.person.id, [q.id for q, _ in ranked])
    lines = [ctx.t("question.list_head", title=event.title)]
    lines += [ctx.t("question.line", n=n, votes=q.votes, text=q.text) for n, (q, _) in enumerate(ranked, 1)]
    pairs = [
        (("✓ " if q.id in voted else "👍 ") + str(n), f"ev:v:{q.id}") for n, (q, _) in enumerate(ranked, 1) if q.person_id != ctx.person.id
    ]
    rows = in_rows(pairs, 5)
    return Reply("\n".join(lines), rows, edit=edit)


async def up_vote(ctx: Context, question_id: int) -> list[Reply]:
    question = await ctx.session.get(EventQuestion, question_id)
    event = await published(ctx, question.event_id) if question is not None else None
    if question is None or event is None:
        return [Reply(ctx.t("event.not_found"), notice=True)]
    if ctx.now >= event.starts_at:
        return [Reply(ctx.t("question.closed"), notice=True)]
    if question.person_id == ctx.person.id:
        return [Reply(ctx.t("question.own"), notice=True)]
    added = await events_db.up_vote(ctx.session, question.id, ctx.person.id)
    notice = ctx.t("question.voted" if added else "question.already_voted")
    return [await questions_reply(ctx, event, edit=True), Reply(notice, notice=True)]


@router.link("ev")
async def event_link(ctx: Context, rest: str) -> list[Reply]:
    """`/start ev_12` from a poster's QR code or a shared link: the invitation, for those it is meant for."""
    key = number(rest)
    event = await published(ctx, key) if key is not None else None
    if event is None:
        return [Reply(ctx.t("event.not_found"))]
    refusal = await ctx.refusal("take_part", ("event", rest))
    return [Reply(refusal) if refusal is not None else await card(ctx, event, edit=False)]


@router.command("events")
async def events_command(ctx: Context) -> list[Reply]:
    """Upcoming events with the person's answer; officials see their unit's, of the last month too, to manage them."""
    if not ctx.has_role("official"):
        return [await members_list(ctx)]
    refusal = await ctx.refusal("manage")
    return [await officials_list(ctx)] if refusal is None else [Reply(refusal), await members_list(ctx)]


async def members_list(ctx: Context) -> Reply:
    """Upcoming events the person is invited to (or answered), with their answer."""
    upcoming = await events_db.events_starting(ctx.session, ctx.now, 50)
    answers = await events_db.answers_of(ctx.session, ctx.person.id, [e.id for e in upcoming])
    shown = [e for e in upcoming if await access.takes_part(ctx, e)][:LISTED]
    if not shown:
        return Reply(ctx.t("events.none"))
    entries = []
    for event in shown:
        rsvp = answers.get(event.id)
        mine = ctx.t(f"rsvp.{rsvp.answer}") if rsvp is not None else ctx.t("rsvp.unanswered")
        text = ctx.t("events.line", title=event.title, when=when(ctx.lang, event.starts_at, ctx.zone), answer=mine)
        entries.append((text, event.title, f"ev:o:{event.id}"))
    return numbered_choices(ctx.t("events.head"), entries)


async def officials_list(ctx: Context) -> Reply:
    """The unit's events of the last month and to come, with their counts, each opening its management view."""
    scope = access.scope(ctx)
    assert scope is not None, "asked only once the access policy allowed `manage`"
    recent = await events_db.events_starting(ctx.session, ctx.now - OFFICIALS_LOOK_BACK, LISTED, scope.owns(Event.unit))
    if not recent:
        return Reply(ctx.t("events.none_official"))
    entries = []
    for event in recent:
        counts = await events_db.answer_counts(ctx.session, event.id)
        text = ctx.t(
            "events.line_official",
            title=event.title,
            past=ctx.t("events.past") if event.starts_at <= ctx.now else "",
            when=when(ctx.lang, event.starts_at, ctx.zone),
            attend=counts.get("attend", 0),
            waitlist=counts.get("waitlist", 0),
        )
        entries.append((text, event.title, f"eo:o:{event.id}"))
    return numbered_choices(ctx.t("events.head_official"), entries)


async def send_reminders(session: AsyncSession, now: datetime) -> None:
    """Scheduled: 24 hours and 1 hour before the start, remind those attending; each at most once.

    Marked in the same transaction as the send is queued. If the 24-hour mark was missed and the
    last hour has begun, only the 1-hour reminder goes.
    """
    for event in await events_db.due_for_reminders(session, now):
        if event.starts_at - timedelta(hours=1) <= now:
            if event.reminded_1h_at is None:
                await _remind(session, event, "1h", now)
                event.reminded_1h_at = now
        elif event.reminded_24h_at is None:
            await _remind(session, event, "24h", now)
            event.reminded_24h_at = now


async def _remind(session: AsyncSession, event: Event, which: str, now: datetime) -> None:
    zone = now.tzinfo
    assert zone is not None

    def render(language: str) -> Reply:
        text = t(
            language, f"reminder.{which}", title=event.title, when=span(language, event.starts_at, event.ends_at, zone), place=event.place
        )
        rows = buttons([(t(language, "reminder.cannot_come"), f"ev:r:{event.id}:n")]) if now <= event.rsvp_deadline else ()
        return Reply(text, rows)

    attending = await events_db.attendee_ids(session, event.id)
    await start_broadcast(session, kind="reminder", person_ids=attending, render=render, now=now, ref_id=event.id)
