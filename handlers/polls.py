"""Polls for the people asked: the poll message, voting with buttons (ticks for multiple choice),
/polls, and the closing job that sends the results, with a chart, back to everyone who voted.

Only the poll's audience (and those who already voted) vote: checked at every press.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

from sqlalchemy import true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation import Check, Context, Router, in_payload
from bot.messages import Reply
from bot.offload import in_child
from bot.reading import number_at
from bot.texts import plural, t
from handlers import access
from handlers.base import Rows, buttons, numbered_choices, payload_parts
from handlers.broadcasts import start_broadcast
from handlers.dates import when
from storage import polls as polls_db
from storage import repo
from storage.models import Ballot, Media, Poll

router = Router()

LISTED = 10
OFFICIALS_LOOK_BACK = timedelta(days=30)
CAPTION_LABEL = 40  # option labels are cut to this in a photo caption (1024 characters at most)


def is_open(poll: Poll, now: datetime) -> bool:
    return poll.status == "open" and now < poll.closes_at


def poll_text(language: str, poll: Poll, zone: tzinfo) -> str:
    """The question, how to answer, and until when."""
    how = t(language, "poll.multiple" if poll.multiple else "poll.single")
    return t(language, "poll.head", question=poll.question, how=how, closes=when(language, poll.closes_at, zone))


def option_buttons(poll: Poll, chosen: set[int]) -> Rows:
    """One button per option, ticked where chosen."""
    return buttons(*([(("✓ " if i in chosen else "") + option, f"pv:v:{poll.id}:{i}")] for i, option in enumerate(poll.options)))


def poll_message(language: str, poll: Poll, zone: tzinfo) -> Reply:
    return Reply(poll_text(language, poll, zone), option_buttons(poll, set()))


def result_lines(language: str, poll: Poll, counts: Sequence[int], voters: int, width: int = 80) -> list[str]:
    """`1. Trường học: 7 (35%)` per option, after how many answered."""
    lines = [t(language, "poll.voters", count=voters)]
    for i, (option, count) in enumerate(zip(poll.options, counts, strict=True), 1):
        share = round(100 * count / voters) if voters else 0
        shown = option if len(option) <= width else option[: width - 1] + "…"
        lines.append(t(language, "poll.result_line", n=i, option=shown, count=count, share=share))
    return lines


def results_caption(language: str, poll: Poll, counts: Sequence[int], voters: int) -> str:
    head = t(language, "poll.results_head", question=poll.question[:200])
    lines = result_lines(language, poll, counts, voters, CAPTION_LABEL)
    return "\n".join([head, *lines, t(language, "poll.thanks")])


async def chart(poll: Poll, counts: Sequence[int], voters: int) -> bytes:
    """The results as a PNG bar chart, drawn in a child process (matplotlib never loads in the bot)."""
    labels = [f"{i}. {option}" for i, option in enumerate(poll.options, 1)]
    return await in_child("handlers.images:bar_chart_png", poll.question, labels, list(counts), voters)


async def ballot_reply(ctx: Context, poll: Poll, *, edit: bool, chosen: set[int] | None = None) -> Reply:
    """The poll as this person sees it: their choices (`chosen`, else their ballot's) ticked and the counts, once
    closed or, for live polls, once they voted."""
    if chosen is None:
        ballot = await polls_db.find_ballot(ctx.session, poll.id, ctx.person.id)
        chosen = set(ballot.choices) if ballot is not None else set()
    lines = [poll_text(ctx.lang, poll, ctx.zone)]
    if not is_open(poll, ctx.now):
        lines.append(ctx.t("poll.closed"))
    if chosen:
        lines.append(ctx.t("poll.yours", choices="; ".join(poll.options[i] for i in sorted(chosen))))
    if (chosen and poll.live_results) or not is_open(poll, ctx.now):
        counts = await polls_db.option_counts(ctx.session, poll)
        voters = await polls_db.voter_count(ctx.session, poll.id)
        lines += ["", *result_lines(ctx.lang, poll, counts, voters)]
    rows = option_buttons(poll, chosen) if is_open(poll, ctx.now) else ()
    return Reply("\n".join(lines), rows, edit=edit)


@router.callback("pv", check=Check("take_part", in_payload("poll", 2)))
async def poll_button(ctx: Context) -> list[Reply]:
    """Vote (pv:v:<poll>:<option>) or open a poll (pv:o:<poll>)."""
    parts = payload_parts(ctx)
    key = number_at(parts, 2)
    poll = await ctx.session.get(Poll, key) if key is not None else None
    if poll is None:
        return [Reply(ctx.t("poll.not_found"), notice=True)]
    if parts[1] == "o" and len(parts) == 3:
        return [await ballot_reply(ctx, poll, edit=False)]
    option = number_at(parts, 3) if parts[1] == "v" and len(parts) == 4 else None
    if option is not None and option < len(poll.options):
        return await vote(ctx, poll, option)
    return [Reply(ctx.t("error.stale_button"), notice=True)]


async def vote(ctx: Context, poll: Poll, option: int) -> list[Reply]:
    """Single choice: this option; multiple: tick or untick it. Changeable until closing, then refused."""
    if not is_open(poll, ctx.now):
        return [Reply(ctx.t("poll.closed_press"), notice=True)]
    ballot = await polls_db.find_ballot(ctx.session, poll.id, ctx.person.id)
    chosen = list(ballot.choices) if ballot is not None else []
    ticked = option not in chosen
    if poll.multiple:
        chosen = sorted([*chosen, option] if ticked else [c for c in chosen if c != option])
    else:
        chosen, ticked = [option], True
    if ballot is None:
        ctx.session.add(Ballot(poll_id=poll.id, person_id=ctx.person.id, choices=chosen, updated_at=ctx.now))
    elif chosen:
        ballot.choices, ballot.updated_at = chosen, ctx.now
    else:
        await ctx.session.delete(ballot)
    await ctx.session.flush()
    notice = ctx.t("poll.ticked" if ticked else "poll.unticked", option=poll.options[option])
    return [await ballot_reply(ctx, poll, edit=True, chosen=set(chosen)), Reply(notice, notice=True)]


@router.command("polls")
async def polls_command(ctx: Context) -> list[Reply]:
    """Open polls to vote in; officials see their unit's polls of the last month with their results."""
    if not ctx.has_role("official"):
        return [await members_list(ctx)]
    refusal = await ctx.refusal("manage")
    return [await officials_list(ctx)] if refusal is None else [Reply(refusal), await members_list(ctx)]


async def members_list(ctx: Context) -> Reply:
    """The polls the person is asked in (or voted in): the open ones, marked answered or not, then those closed in the
    last month, each opening its results."""
    recent = await polls_db.recent_polls(ctx.session, ctx.now - OFFICIALS_LOOK_BACK, 50, true())
    mine = [p for p in recent if await access.takes_part(ctx, p)]
    opened = sorted((p for p in mine if is_open(p, ctx.now)), key=lambda p: (p.closes_at, p.id))
    shown = [*opened, *(p for p in mine if not is_open(p, ctx.now))][:LISTED]
    if not shown:
        return Reply(ctx.t("polls.none"))
    voted = await polls_db.voted_in(ctx.session, ctx.person.id, [p.id for p in shown])
    voters = await polls_db.voter_counts(ctx.session, [p.id for p in shown if not is_open(p, ctx.now)])
    entries = []
    for poll in shown:
        answered = ctx.t("polls.voted" if poll.id in voted else "polls.not_voted")
        if is_open(poll, ctx.now):
            text = ctx.t("polls.line", question=poll.question, closes=when(ctx.lang, poll.closes_at, ctx.zone), mine=answered)
        else:
            count = plural(ctx.lang, "polls.answers", voters.get(poll.id, 0))
            text = ctx.t("polls.line_closed", question=poll.question, answers=count, mine=answered)
        entries.append((text, poll.question, f"pv:o:{poll.id}"))
    head = "polls.head" if len(opened) == len(shown) else "polls.head_with_closed"
    return numbered_choices(ctx.t(head), entries)


async def officials_list(ctx: Context) -> Reply:
    """The unit's polls of the last month with how many answered, each opening its results."""
    scope = access.scope(ctx)
    assert scope is not None, "asked only once the access policy allowed `manage`"
    recent = await polls_db.recent_polls(ctx.session, ctx.now - OFFICIALS_LOOK_BACK, LISTED, scope.owns(Poll.unit))
    if not recent:
        return Reply(ctx.t("polls.none_official"))
    voters = await polls_db.voter_counts(ctx.session, [p.id for p in recent])
    entries = []
    for poll in recent:
        closes = when(ctx.lang, poll.closes_at, ctx.zone)
        state = ctx.t("polls.open_until", closes=closes) if is_open(poll, ctx.now) else ctx.t("polls.was_closed")
        text = ctx.t("polls.line_official", question=poll.question, state=state, count=voters.get(poll.id, 0))
        entries.append((text, poll.question, f"po:r:{poll.id}"))
    return numbered_choices(ctx.t("polls.head_official"), entries)


async def close_due_polls(session: AsyncSession, now: datetime) -> None:
    """Scheduled: close polls whose time has come and, in the same transaction, send each voter the results."""
    for poll in await polls_db.due_to_close(session, now):
        poll.status, poll.closed_at = "closed", now
        voters = await polls_db.voter_ids(session, poll.id)
        if voters:
            await _send_results(session, poll, voters, now)
        if poll.created_by is not None:
            await _tell_creator(session, poll, len(voters), now)


async def _send_results(session: AsyncSession, poll: Poll, voters: list[int], now: datetime) -> None:
    """The chart is stored once as a Media row; every voter's outbox row refers to it."""
    counts = await polls_db.option_counts(session, poll)
    content = await chart(poll, counts, len(voters))
    media = Media(
        token=f"poll-{poll.id}-results", name=f"poll-{poll.id}-results.png", mime_type="image/png", content=content, created_at=now
    )
    session.add(media)
    await session.flush()
    await start_broadcast(
        session,
        kind="poll_results",
        person_ids=voters,
        now=now,
        ref_id=poll.id,
        created_by=poll.created_by,
        media=media,
        render=lambda language: Reply(results_caption(language, poll, counts, len(voters))),
    )


async def _tell_creator(session: AsyncSession, poll: Poll, voters: int, now: datetime) -> None:
    assert poll.created_by is not None
    creator = await repo.find_person(session, poll.created_by)
    if creator is None:
        return
    language = creator.language
    text = t(language, "poll.closed_note", question=poll.question, count=voters)
    reply = Reply(text, buttons([(t(language, "poll.results_button"), f"po:r:{poll.id}")]))
    await repo.enqueue_for_person(session, creator.id, {"reply": reply.to_json()}, now=now)
