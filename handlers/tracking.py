"""What members and officials both see of a submission — its code, labels, times, timeline and
answer — and the one way back to its author."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.conversation import Context
from bot.messages import Button, Reply
from bot.texts import label, t
from handlers.base import buttons
from handlers.profile import FIELDS
from storage import anonymous, repo, submissions
from storage.models import AUTHOR_VISIBLE_EVENTS, OPEN_STATUSES, Submission, SubmissionEvent

TOPICS = tuple(f for f in FIELDS if f != "other") + ("working_conditions", "training_promotion", "policy_proposal", "other")
HEADER_ROOM = 600  # what goes around a submission or an answer (code, labels, author) must still fit
CODE_PREFIX = "HK-"
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: easy to read aloud and type
CODE_LENGTH = 5


def text_limit(ctx: Context) -> int:
    """The longest submission or answer: one channel message less the header shown around it."""
    return ctx.max_text - HEADER_ROOM


async def unused_code(ctx: Context) -> str:
    """A new tracking code such as HK-7F3K2."""
    while True:
        code = CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not await submissions.code_taken(ctx.session, code):
            return code


def normalise_code(raw: str) -> str | None:
    """`hk 7f3k2`, `HK7F3K2` or `7f3k2` -> `HK-7F3K2`; None if it cannot be a code."""
    cleaned = "".join(raw.split()).upper().replace("-", "")
    if len(cleaned) == len(CODE_PREFIX) - 1 + CODE_LENGTH and cleaned.startswith(CODE_PREFIX[:-1]):
        cleaned = cleaned[len(CODE_PREFIX) - 1 :]
    if len(cleaned) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in cleaned):
        return None
    return CODE_PREFIX + cleaned


def topic_label(lang: str, topic: str) -> str:
    return label(lang, "field", topic) if topic in FIELDS else t(lang, f"topic.{topic}")


def when(tz: ZoneInfo, moment: datetime) -> str:
    return moment.astimezone(tz).strftime("%H:%M %d/%m/%Y")


def is_overdue(submission: Submission, now: datetime) -> bool:
    """As `storage.submissions.overdue`, for a loaded row."""
    if submission.status not in OPEN_STATUSES:
        return False
    unacknowledged = submission.acknowledged_at is None and submission.ack_due_at < now
    return unacknowledged or submission.answer_due_at < now


def author_of(ctx: Context, submission: Submission) -> int | None:
    """The author's person id: plain for named and confidential ones, unsealed for anonymous ones."""
    if submission.author_seal is not None:
        return ctx.sealer.open(submission.author_seal)
    return submission.person_id


async def sealed_by_me(ctx: Context, since: datetime | None = None) -> list[Submission]:
    """The person's anonymous submissions (all, or since `since`), found by their author tags."""
    found = await anonymous.own_rows(ctx.session, ctx.sealer, "submission", ctx.person.id)
    return [s for s in found if since is None or s.created_at >= since]


async def tell(ctx: Context, person_id: int | None, build: Callable[[str], Reply]) -> bool:
    """Send someone a message built in their language; False if they are gone or unreachable."""
    person = await repo.find_person(ctx.session, person_id) if person_id is not None else None
    return person is not None and await ctx.notify(person.id, build(person.language))


async def relay(ctx: Context, submission: Submission, build: Callable[[str], Reply]) -> bool:
    """Tell the author, unlinked from them in the outbox; False if they erased their data or are unreachable."""
    return await tell(ctx, author_of(ctx, submission), lambda lang: replace(build(lang), private=True))


def status_news(lang: str, submission: Submission, event: SubmissionEvent) -> Reply:
    """What the author is told when an official moves their submission on."""
    if event.kind == "forwarded":
        return Reply(t(lang, "track.relay_forwarded", code=submission.code, unit=event.detail))
    text = t(lang, "track.relay_status", code=submission.code, status=t(lang, f"status.{submission.status}"))
    return Reply(text + (f"\n{t(lang, 'track.reason', reason=event.detail)}" if event.detail else ""))


def _event_text(lang: str, event: SubmissionEvent) -> str:
    if event.kind == "status":
        moved = t(lang, "event.status", status=t(lang, f"status.{event.status}"))
        return f"{moved}: {event.detail}" if event.detail else moved
    return t(lang, f"event.{event.kind}", detail=event.detail or "")


def timeline(lang: str, tz: ZoneInfo, events: Sequence[SubmissionEvent], names: Mapping[int, str] | None) -> list[str]:
    """One line per step; with `names` (officials by id) the officials' view, else the author's."""
    lines = []
    for event in events:
        if names is None and event.kind not in AUTHOR_VISIBLE_EVENTS:
            continue
        line = f"• {when(tz, event.at)} — {_event_text(lang, event)}"
        if names is not None and event.actor_id is not None:
            line += f" ({names.get(event.actor_id, '?')})"
        lines.append(line)
    return lines


def answer_buttons(lang: str, submission: Submission) -> tuple[tuple[Button, ...], ...]:
    """Rate 1–5 while not rated; 'not resolved' while the author has not reopened it yet."""
    rows: list[list[tuple[str, str]]] = []
    if submission.rating is None:
        rows.append([(f"{n}⭐", f"fb:rate:{submission.code}:{n}") for n in range(1, 6)])
    if submission.reopened_at is None:
        rows.append([(t(lang, "feedback.not_resolved"), f"fb:reopen:{submission.code}")])
    return buttons(*rows)


def answer_closing(lang: str, submission: Submission) -> str:
    """The line under an answer: a request to rate it, or thanks for the rating."""
    if submission.rating is None:
        return t(lang, "track.rate_prompt")
    return t(lang, "track.rated", rating=submission.rating)


def answer_reply(lang: str, submission: Submission, answer: str, *, edit: bool = False) -> Reply:
    """The answer as its author receives it, with the rating and reopen buttons still open to them."""
    topic = topic_label(lang, submission.topic)
    text = t(lang, "track.answer_message", code=submission.code, topic=topic, answer=answer)
    return Reply(f"{text}\n\n{answer_closing(lang, submission)}", answer_buttons(lang, submission), edit=edit, private=True)
