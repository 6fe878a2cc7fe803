"""Polls for officials: /newpoll, and a poll's results with a breakdown by field, qualification and commune.

A poll belongs to the unit of the official who created it; that unit's officials (and admins) see its results.
"""

from __future__ import annotations

from datetime import datetime

from bot.conversation import Check, Context, Router, in_payload
from bot.messages import OutFile, Reply
from bot.reading import number_at
from bot.texts import label, num
from handlers.base import payload_parts
from handlers.broadcasts import start_broadcast
from handlers.forms import Draft, Field, Form, numbered, parse_future
from handlers.polls import CAPTION_LABEL, chart, is_open, poll_message, poll_text, result_lines
from storage import polls as polls_db
from storage.audience import Audience, audience_ids, count_audience
from storage.models import Poll

router = Router()

MAX_OPTIONS = 10
MAX_OPTION = 80


def poll_from(ctx: Context, draft: Draft, audience: Audience) -> Poll:
    """An unsaved poll made of a finished draft."""
    return Poll(
        question=draft["question"],
        options=list(draft["options"]),
        multiple=draft["multiple"] == "multiple",
        live_results=draft["live"] == "live",
        audience=audience.to_json(),
        closes_at=datetime.fromisoformat(draft["closes"]),
        status="open",
        created_by=ctx.person.id,
        unit=ctx.person.unit,
        created_at=ctx.now,
    )


async def preview_poll(ctx: Context, draft: Draft, audience: Audience | None) -> str:
    assert audience is not None
    poll = poll_from(ctx, draft, audience)
    options = numbered(poll.options)
    shown = ctx.t("poll.live" if poll.live_results else "poll.after")
    reach = await count_audience(ctx.session, audience, ctx.now.year)
    return ctx.t("np.preview", preview=poll_text(ctx.lang, poll, ctx.zone), options=options, shown=shown, count=num(ctx.lang, reach))


async def send_poll(ctx: Context, draft: Draft, audience: Audience | None) -> list[Reply]:
    assert audience is not None
    poll = poll_from(ctx, draft, audience)
    if poll.closes_at <= ctx.now:
        return [Reply(ctx.t("np.too_late"), edit=True)]
    ctx.session.add(poll)
    await ctx.session.flush()
    people = await audience_ids(ctx.session, audience, ctx.now.year)
    zone = ctx.zone
    broadcast = await start_broadcast(
        ctx.session, kind="poll", person_ids=people, now=ctx.now, created_by=ctx.person.id, ref_id=poll.id,
        render=lambda language: poll_message(language, poll, zone), progress_to=ctx,
    )
    return [Reply(ctx.t("np.sent", count=num(ctx.lang, broadcast.total)), edit=True)]


new_poll = Form(
    "np",
    (
        Field("question", 300),
        Field("options", MAX_OPTION, items=(2, MAX_OPTIONS)),
        Field("multiple", choices=("single", "multiple")),
        Field("live", choices=("live", "after")),
        Field("closes", 40, parse_future),
    ),
    preview_poll,
    send_poll,
    router,
)


@router.command("newpoll", role="official", check=Check("manage"))
async def new_poll_command(ctx: Context) -> list[Reply]:
    """Ask an audience a question with 2 to 10 options."""
    return await new_poll.begin(ctx)


@router.callback("po", role="official", check=Check("manage", in_payload("poll", 2)))
async def results_button(ctx: Context) -> list[Reply]:
    """Results (po:r:<poll>): the chart with the counts, then the breakdown."""
    parts = payload_parts(ctx)
    key = number_at(parts, 2) if len(parts) == 3 and parts[1] == "r" else None
    poll = await ctx.session.get(Poll, key) if key is not None else None
    if poll is None:
        return [Reply(ctx.t("poll.not_found"), notice=True)]
    state = ctx.t("polls.open_now") if is_open(poll, ctx.now) else ctx.t("polls.was_closed")
    head = ctx.t("poll.results_official", question=poll.question[:200], state=state)
    voters = await polls_db.voter_count(ctx.session, poll.id)
    if voters == 0:
        return [Reply(f"{head}\n{ctx.t('poll.no_votes')}")]
    counts = await polls_db.option_counts(ctx.session, poll)
    caption = "\n".join([head, *result_lines(ctx.lang, poll, counts, voters, CAPTION_LABEL)])
    picture = OutFile(f"poll-{poll.id}.png", await chart(poll, counts, voters), "image/png")
    return [Reply(caption, photo=picture), Reply(await breakdown_text(ctx, poll))]


async def breakdown_text(ctx: Context, poll: Poll) -> str:
    """Per field, qualification and commune: how many voted and what each option got."""
    sections: list[str] = []
    for column in polls_db.BREAKDOWNS:
        lines = [ctx.t(f"poll.by.{column}")]
        for value, voters, counts in await polls_db.breakdown(ctx.session, poll, column):
            name = ctx.t("profile.none") if value is None else value if column == "commune" else label(ctx.lang, column, value)
            options = " · ".join(f"{i}: {count}" for i, count in enumerate(counts, 1))
            lines.append(ctx.t("poll.group_line", name=name, voters=voters, options=options))
        sections.append("\n".join(lines))
    return "\n\n".join(sections)
