"""Opinions and aspirations from members: /feedback (or free text offered as feedback), /mine,
/status, and rating an answer or reopening it once.

Every reply here is `private`: the outbox keeps no link from the chat to a submission's text or code.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from bot.conversation import Check, Context, Router, in_payload_by_action
from bot.language import detect_language
from bot.messages import Button, Reply
from bot.reading import number, number_at
from bot.texts import t
from handlers import access
from handlers.base import buttons, in_rows, kept_files, payload_parts
from handlers.inbox import item_view
from handlers.tracking import (
    TOPICS,
    answer_buttons,
    answer_closing,
    answer_reply,
    author_of,
    normalise_code,
    sealed_by_me,
    tell,
    text_limit,
    timeline,
    topic_label,
    unused_code,
    when,
)
from storage import submissions
from storage.anonymous import next_tag
from storage.models import OPEN_STATUSES, PRIVACY, Submission

router = Router()

MAX_FILES = 10
MINE_SHOWN = 20


Rows = tuple[tuple[Button, ...], ...]


def say(text: str, rows: Rows = (), *, edit: bool = False, notice: bool = False) -> Reply:
    """A reply the outbox keeps unlinked from the person (see the module docstring)."""
    return Reply(text, rows, edit=edit, notice=notice, private=True)


def _cancel_row(ctx: Context) -> Rows:
    return buttons([(ctx.t("button.cancel"), "fb:cancel")])


async def _over_limit(ctx: Context) -> Reply | None:
    """The polite refusal once the person sent HIENKE_FEEDBACK_PER_HOUR submissions within the hour."""
    since = ctx.now - timedelta(hours=1)
    count = await submissions.count_of_person_since(ctx.session, ctx.person.id, since)
    count += len(await sealed_by_me(ctx, since))
    limit = ctx.settings.hienke_feedback_per_hour
    return say(ctx.t("feedback.rate_limited", limit=limit)) if count >= limit else None


def _attach(ctx: Context) -> int:
    """Add this message's files to the draft; how many were added."""
    new = kept_files(ctx)
    if new:
        kept = list(ctx.state.data.get("files") or [])
        ctx.goto(ctx.step or "feedback.text", files=(kept + new)[:MAX_FILES])
    return len(new)


def _ask_topic(ctx: Context) -> Reply:
    pairs = [(topic_label(ctx.lang, code), f"fb:topic:{i}") for i, code in enumerate(TOPICS)]
    return say(ctx.t("feedback.ask_topic"), in_rows(pairs, 2) + _cancel_row(ctx))


def _ask_text(ctx: Context) -> Reply:
    return replace(say(ctx.t("feedback.ask_text", limit=text_limit(ctx)), _cancel_row(ctx)), free_text=True)


def _ask_privacy(ctx: Context) -> Reply:
    rows = buttons(*([(ctx.t(f"privacy.{p}"), f"fb:privacy:{p}")] for p in PRIVACY))
    return say(ctx.t("feedback.ask_privacy"), rows + _cancel_row(ctx))


def _confirmation(ctx: Context) -> Reply:
    draft = ctx.state.data
    files = len(draft.get("files") or [])
    header = ctx.t("feedback.confirm", topic=topic_label(ctx.lang, draft["topic"]), privacy=ctx.t(f"privacy.{draft['privacy']}"))
    text = "\n".join([header, *([ctx.t("inbox.files", count=files)] if files else []), "", draft["text"]])
    rows = buttons(
        [(ctx.t("feedback.send"), "fb:send")],
        [(ctx.t("feedback.rewrite"), "fb:rewrite"), (ctx.t("button.cancel"), "fb:cancel")],
    )
    return say(text, rows)


def _offer_question(ctx: Context) -> Reply:
    rows = buttons([(ctx.t("feedback.offer_yes"), "fb:offer:yes"), (ctx.t("feedback.offer_no"), "fb:offer:no")])
    return say(ctx.t("feedback.offer", org=ctx.org.name), rows)


QUESTIONS: dict[str, Callable[[Context], Reply]] = {
    "feedback.offer": _offer_question,
    "feedback.topic": _ask_topic,
    "feedback.text": _ask_text,
    "feedback.privacy": _ask_privacy,
    "feedback.confirm": _confirmation,
}


def _begin(ctx: Context, text: str | None, files: list[dict[str, Any]]) -> list[Reply]:
    ctx.goto("feedback.topic", text=text, files=files, topic=None, privacy=None)
    return [_ask_topic(ctx)]


def _accept_text(ctx: Context, text: str) -> list[Reply]:
    """Take `text` as the draft's content and ask about privacy, or say what is wrong with it."""
    text = text.strip()
    if not text:
        ctx.goto("feedback.text", text=None)
        return [say(ctx.t("feedback.need_text")), _ask_text(ctx)]
    if len(text) > text_limit(ctx):
        ctx.goto("feedback.text", text=None)
        return [say(ctx.t("error.too_long", length=len(text), limit=text_limit(ctx)))]
    ctx.goto("feedback.privacy", text=text)
    return [_ask_privacy(ctx)]


@router.command("feedback")
async def feedback(ctx: Context) -> list[Reply]:
    """Write a submission: topic, text (files may come with it), privacy, confirmation."""
    refusal = await _over_limit(ctx)
    if refusal is not None:
        return [refusal]
    return _begin(ctx, ctx.inbound.args.strip() or None, [])


async def offer_as_feedback(ctx: Context) -> list[Reply]:
    """Free text outside any flow: ask whether to send it as feedback (once the person consented)."""
    if ctx.person.consent_at is None:
        return [Reply(ctx.t("error.not_understood"))]
    text = (ctx.inbound.text or "").strip()
    if number(text) is not None:  # a menu choice typed after its menu was gone
        return [Reply(ctx.t("feedback.no_such_choice", choice=text[:10]))]
    ctx.goto("feedback.offer", text=ctx.inbound.text, files=kept_files(ctx))
    return [_offer_question(ctx)]


router.fallback = offer_as_feedback


@router.step("feedback")
async def feedback_step(ctx: Context) -> list[Reply]:
    """A message while a submission is being written: its text, a file, or else the question again."""
    added = _attach(ctx)
    if ctx.step == "feedback.text":
        if added and not (ctx.inbound.text or "").strip():
            return [say(ctx.t("feedback.files_need_text", count=added))]
        return _accept_text(ctx, ctx.inbound.text or "")
    question = QUESTIONS.get(ctx.step or "")
    if question is None:
        ctx.finish()
        return [Reply(ctx.t("error.not_understood"))]
    return ([say(ctx.t("feedback.files_added", count=added))] if added else []) + [question(ctx)]


async def _chose_topic(ctx: Context, parts: list[str]) -> list[Reply]:
    index = number_at(parts, 0)
    if index is None or index >= len(TOPICS):
        return [say(ctx.t("error.stale_button"), notice=True)]
    ctx.goto("feedback.text", topic=TOPICS[index])
    chosen = say(ctx.t("feedback.topic_chosen", topic=topic_label(ctx.lang, TOPICS[index])), edit=True)
    draft = ctx.state.data.get("text")
    return [chosen, *(_accept_text(ctx, draft) if draft else [_ask_text(ctx)])]


async def _chose_privacy(ctx: Context, parts: list[str]) -> list[Reply]:
    if not parts or parts[0] not in PRIVACY:
        return [say(ctx.t("error.stale_button"), notice=True)]
    ctx.goto("feedback.confirm", privacy=parts[0])
    return [say(ctx.t("feedback.privacy_chosen", privacy=ctx.t(f"privacy.{parts[0]}")), edit=True), _confirmation(ctx)]


async def _send(ctx: Context, _parts: list[str]) -> list[Reply]:
    """Store the submission and give its tracking code, unless the hourly limit was reached meanwhile."""
    refusal = await _over_limit(ctx)
    draft = dict(ctx.state.data)
    ctx.finish()
    if refusal is not None:
        return [refusal]
    submission = await _store(ctx, draft)
    text = ctx.t(
        "feedback.received",
        code=submission.code,
        ack_hours=f"{ctx.org.deadlines.acknowledge_hours:g}",
        due=when(ctx.calendar.tz, submission.answer_due_at),
    )
    return [say(text, edit=True)]


async def _store(ctx: Context, draft: dict[str, Any]) -> Submission:
    """The new submission row: an anonymous one holds only the sealed link to its author."""
    anonymous = draft["privacy"] == "anonymous"
    topic = draft["topic"]
    return await submissions.create(
        ctx.session,
        code=await unused_code(ctx),
        person_id=None if anonymous else ctx.person.id,
        author_seal=ctx.sealer.seal(ctx.person.id) if anonymous else None,
        author_tag=await next_tag(ctx.session, ctx.sealer, "submission", ctx.person.id) if anonymous else None,
        privacy=draft["privacy"],
        topic=topic,
        text=draft["text"],
        attachments=draft.get("files") or [],
        language=detect_language(draft["text"]),
        created_at=ctx.now,
        ack_due_at=ctx.calendar.add_working_hours(ctx.now, ctx.org.deadlines.acknowledge_hours),
        answer_due_at=ctx.calendar.end_of_working_day(ctx.now, ctx.org.deadlines.answer_days_for(topic)),
    )


async def _rewrite(ctx: Context, _parts: list[str]) -> list[Reply]:
    ctx.goto("feedback.text", text=None)
    return [_ask_text(ctx)]


async def _cancel(ctx: Context, _parts: list[str]) -> list[Reply]:
    ctx.finish()
    return [say(ctx.t("feedback.cancelled"), edit=True)]


async def _offer_answer(ctx: Context, parts: list[str]) -> list[Reply]:
    if parts[:1] != ["yes"]:
        ctx.finish()
        return [say(ctx.t("feedback.offer_declined"), edit=True)]
    refusal = await _over_limit(ctx)
    if refusal is not None:
        ctx.finish()
        return [refusal]
    return _begin(ctx, ctx.state.data.get("text"), list(ctx.state.data.get("files") or []))


async def _own(ctx: Context, parts: list[str]) -> Submission | None:
    """The submission whose code the button carries (the access policy let only its author press it)."""
    return await submissions.by_code(ctx.session, parts[0]) if parts else None


async def _rate(ctx: Context, parts: list[str]) -> list[Reply]:
    """Record a 1–5 rating of the answer, close the submission and tell the official who answered."""
    submission = await _own(ctx, parts)
    if submission is None or len(parts) != 2 or parts[1] not in ("1", "2", "3", "4", "5"):
        return [say(ctx.t("error.stale_button"), notice=True)]
    answer = await submissions.last_answer(ctx.session, submission.id)
    if answer is None or submission.answered_at is None or submission.rating is not None:
        return [say(ctx.t("feedback.already_rated"), notice=True)]
    submission.rating = int(parts[1])
    submission.status, submission.closed_at = "closed", ctx.now
    submissions.add_event(ctx.session, submission, "rated", status="closed", detail=parts[1], now=ctx.now)
    rated = submission.rating
    await tell(ctx, answer.actor_id, lambda lang: Reply(t(lang, "inbox.rated", code=submission.code, rating=rated)))
    return [answer_reply(ctx.lang, submission, answer.detail or "", edit=True)]


async def _reopen(ctx: Context, parts: list[str]) -> list[Reply]:
    """'Not resolved': back to review with a new answer deadline — once per submission."""
    submission = await _own(ctx, parts)
    if submission is None:
        return [say(ctx.t("error.stale_button"), notice=True)]
    if submission.reopened_at is not None:
        return [say(ctx.t("feedback.reopen_once", code=submission.code))]
    if submission.answered_at is None:
        return [say(ctx.t("error.already_answered"), notice=True)]
    answer = await submissions.last_answer(ctx.session, submission.id)
    due = ctx.calendar.end_of_working_day(ctx.now, ctx.org.deadlines.answer_days_for(submission.topic))
    submission.status, submission.answer_due_at, submission.reopened_at = "in_review", due, ctx.now
    submission.answered_at = submission.rating = submission.closed_at = submission.last_reminded_at = None
    submissions.add_event(ctx.session, submission, "reopened", status="in_review", now=ctx.now)
    official = submission.assignee_id or (answer.actor_id if answer else None)
    shown = when(ctx.calendar.tz, due)
    await tell(ctx, official, lambda lang: Reply(t(lang, "inbox.reopened", code=submission.code, due=shown)))
    return [say(ctx.t("feedback.reopened", code=submission.code, due=shown))]


async def _view(ctx: Context, parts: list[str]) -> list[Reply]:
    submission = await _own(ctx, parts)
    return [await author_view(ctx, submission)] if submission else [say(ctx.t("error.stale_button"), notice=True)]


Action = Callable[[Context, list[str]], Awaitable[list[Reply]]]
# payload action -> (the step the button belongs to, or None for buttons valid at any time; handler)
BUTTONS: dict[str, tuple[str | None, Action]] = {
    "offer": ("feedback.offer", _offer_answer),
    "topic": ("feedback.topic", _chose_topic),
    "privacy": ("feedback.privacy", _chose_privacy),
    "send": ("feedback.confirm", _send),
    "rewrite": ("feedback.confirm", _rewrite),
    "cancel": ("feedback.", _cancel),
    "rate": (None, _rate),
    "reopen": (None, _reopen),
    "view": (None, _view),
}


# An author's buttons are about their submission (`fb:rate:<code>:<n>`, `fb:reopen:<code>`, `fb:view:<code>`).
AUTHORS_BUTTONS = {action: "submission_code" for action, (step, _) in BUTTONS.items() if step is None}


@router.callback("fb", check=Check("author", in_payload_by_action(2, AUTHORS_BUTTONS)))
async def feedback_button(ctx: Context) -> list[Reply]:
    """Every member-side feedback button; a flow button pressed after its step has passed is refused."""
    parts = payload_parts(ctx)
    step, action = BUTTONS.get(parts[1] if len(parts) > 1 else "", (None, None))
    if action is None:
        return [say(ctx.t("error.stale_button"), notice=True)]
    if step is not None and not (ctx.step or "").startswith(step):
        return [say(ctx.t("error.already_answered"), notice=True)]
    return await action(ctx, parts[2:])


async def _own_submissions(ctx: Context) -> list[Submission]:
    """The person's submissions, anonymous ones included, newest first."""
    named = await submissions.of_person(ctx.session, ctx.person.id)
    anonymous = await sealed_by_me(ctx)
    return sorted(named + anonymous, key=lambda s: s.id, reverse=True)


@router.command("mine")
async def mine(ctx: Context) -> list[Reply]:
    """The person's submissions with their status, newest first."""
    found = await _own_submissions(ctx)
    if not found:
        return [say(ctx.t("feedback.mine_empty"))]
    shown = found[:MINE_SHOWN]
    lines = [ctx.t("feedback.mine_title")]
    for s in shown:
        day = s.created_at.astimezone(ctx.calendar.tz).strftime("%d/%m/%Y")
        lines.append(f"• {s.code} · {day} · {topic_label(ctx.lang, s.topic)} · {ctx.t(f'status.{s.status}')}")
    if len(found) > len(shown):
        lines.append(ctx.t("feedback.mine_more", count=len(found) - len(shown)))
    return [say("\n".join(lines), in_rows([(s.code, f"fb:view:{s.code}") for s in shown[:10]], 3))]


@router.command("status")
async def status(ctx: Context) -> list[Reply]:
    """One submission and its timeline, by tracking code: its author's, or one an official may see in their unit."""
    raw = ctx.inbound.args.strip()
    if not raw:
        return [say(ctx.t("feedback.status_usage"))]
    code = normalise_code(raw)
    submission = await submissions.by_code(ctx.session, code) if code else None
    if submission is not None and author_of(ctx, submission) == ctx.person.id:
        return [await author_view(ctx, submission)]
    if submission is not None and access.may_manage(ctx.person, ctx.org, submission):
        return [await item_view(ctx, submission)]
    if ctx.has_role("official") and access.scope(ctx) is None:
        return [say(ctx.t("access.no_unit"))]
    return [say(ctx.t("feedback.not_found", code=raw[:20]))]


async def author_view(ctx: Context, submission: Submission) -> Reply:
    """The submission as its author follows it: status, deadline, timeline and the latest answer."""
    lines = [
        ctx.t("track.title", code=submission.code),
        ctx.t("track.topic", topic=topic_label(ctx.lang, submission.topic)),
        ctx.t("track.privacy", privacy=ctx.t(f"privacy.{submission.privacy}")),
        ctx.t("track.status", status=ctx.t(f"status.{submission.status}")),
    ]
    if submission.status in OPEN_STATUSES:
        lines.append(ctx.t("track.due", due=when(ctx.calendar.tz, submission.answer_due_at)))
    events = await submissions.events(ctx.session, submission.id)
    lines += ["", ctx.t("track.timeline"), *timeline(ctx.lang, ctx.calendar.tz, events, names=None)]
    answer = await submissions.last_answer(ctx.session, submission.id)
    if submission.answered_at is None or answer is None:
        return say("\n".join(lines))
    lines += ["", ctx.t("track.answer"), answer.detail or "", "", answer_closing(ctx.lang, submission)]
    return say("\n".join(lines), answer_buttons(ctx.lang, submission))
