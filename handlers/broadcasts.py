"""The broadcast engine's handler side: queue a send to many, report progress, cancel; /broadcast."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation import Check, Context, Router, in_payload_by_action
from bot.messages import Button, Reply
from bot.reading import number
from bot.texts import LANGUAGES, num, t
from handlers.audience import choose_audience, on_chosen
from handlers.base import buttons, payload_parts, text_problem
from storage import repo, zalo_oa
from storage.audience import Audience, audience_ids, count_audience, recipients
from storage.models import Broadcast, Media

router = Router()

MAX_ANNOUNCEMENT = 3500
Render = Callable[[str], Reply]


def progress_text(language: str, broadcast: Broadcast, counts: dict[str, int], fallbacks: dict[str, int] | None = None) -> str:
    """The progress line, then how rows that met a closed window went and how many are held, and why."""
    sent, failed = counts.get("sent", 0), counts.get("failed", 0)
    left = counts.get("pending", 0) + counts.get("sending", 0)
    values = {name: num(language, n) for name, n in (("sent", sent), ("failed", failed), ("left", left), ("total", broadcast.total))}
    if broadcast.status == "cancelled":
        head = t(language, "broadcast.cancelled", cancelled=num(language, counts.get("cancelled", 0)), **values)
    else:
        head = t(language, "broadcast.done" if left == 0 else "broadcast.progress", **values)
    return "\n".join([head, *_fallback_lines(language, fallbacks or {})])


def _fallback_lines(language: str, fallbacks: dict[str, int]) -> list[str]:
    """`↪ 10 on a channel the person linked · 20 as OA transaction messages` and `⏳ 10 wait for the person to write (…)`."""
    lines = []
    for mark, prefix, kinds in (("↪", "via", ("linked", "transaction", "promotion")), ("⏳", "held", ("window", "quota"))):
        parts = [
            t(language, f"broadcast.{prefix}_{kind}", n=num(language, fallbacks[f"{prefix}:{kind}"]))
            for kind in kinds
            if fallbacks.get(f"{prefix}:{kind}")
        ]
        if parts:
            lines.append(f"{mark} " + " · ".join(parts))
    return lines


async def start_broadcast(
    session: AsyncSession,
    *,
    kind: str,
    person_ids: Sequence[int],
    render: Render,
    now: datetime,
    created_by: int | None = None,
    ref_id: int | None = None,
    progress_to: Context | None = None,
    media: Media | None = None,
) -> Broadcast:
    """Queue one outbox row per reachable recipient, in their language; optionally a progress message."""
    people = await recipients(session, person_ids)
    broadcast = Broadcast(
        kind=kind,
        ref_id=ref_id,
        created_by=created_by,
        total=len(people),
        status="sending" if people else "done",
        created_at=now,
        finished_at=None if people else now,
    )
    session.add(broadcast)
    await session.flush()
    payloads = {language: {"reply": render(language).to_json()} for language in LANGUAGES}
    await repo.enqueue_many(
        session,
        [
            {
                "channel": r.channel,
                "chat_id": r.chat_id,
                "person_id": r.person_id,
                "kind": "message",
                "priority": 1,
                "payload": payloads.get(r.language, payloads["vi"]),
                "status": "pending",
                "attempts": 0,
                "created_at": now,
                "broadcast_id": broadcast.id,
                "media_id": media.id if media is not None else None,
            }
            for r in people
        ],
    )
    if progress_to is not None:
        broadcast.progress_channel = progress_to.inbound.channel
        broadcast.progress_chat_id = progress_to.inbound.chat_id
        broadcast.progress_language = progress_to.lang
    return broadcast


def _cancel_button(language: str, broadcast: Broadcast) -> tuple[tuple[Button, ...], ...]:
    if broadcast.status != "sending":
        return ()
    return buttons([(t(language, "broadcast.stop"), f"bc:x:{broadcast.id}")])


async def report_progress(session: AsyncSession, now: datetime) -> None:
    """Scheduled: close finished broadcasts and keep each official's progress message up to date.

    The first report is a new message (so it comes after the handler's own answer), later ones edit it.
    """
    unreported = or_(Broadcast.status == "sending", (Broadcast.progress_chat_id.is_not(None)) & ~Broadcast.progress_final)
    for broadcast in (await session.scalars(select(Broadcast).where(unreported))).all():
        counts = await repo.outbox_counts(session, broadcast.id)
        if broadcast.status == "sending" and counts.get("pending", 0) + counts.get("sending", 0) == 0:
            broadcast.status = "done"
            broadcast.finished_at = now
        if broadcast.progress_chat_id is not None:
            await _report(session, broadcast, counts, now, await zalo_oa.fallback_counts(session, broadcast.id))


async def _report(
    session: AsyncSession, broadcast: Broadcast, counts: dict[str, int], now: datetime, fallbacks: dict[str, int]
) -> None:
    """Send or edit the progress message when its text changed; the last report marks the broadcast reported."""
    text = progress_text(broadcast.progress_language, broadcast, counts, fallbacks)
    if text == broadcast.last_report:
        return
    reply = Reply(text, _cancel_button(broadcast.progress_language, broadcast), edit=broadcast.progress_outbox_id is not None)
    payload: dict[str, object] = {"reply": reply.to_json()}
    if broadcast.progress_outbox_id is not None:
        if broadcast.progress_message_id is None:
            return  # the first report is not out yet: edit it next time
        payload["edit_message_id"] = broadcast.progress_message_id
    row = repo.enqueue(
        session, channel=str(broadcast.progress_channel), chat_id=str(broadcast.progress_chat_id),
        person_id=broadcast.created_by, payload=payload, now=now,
    )
    if broadcast.progress_outbox_id is None:
        await session.flush()
        broadcast.progress_outbox_id = row.id
    broadcast.last_report = text
    broadcast.progress_final = broadcast.status != "sending"


# `bc:x:<broadcast>` stops a running broadcast; Send and Drop act on the announcement being prepared.
@router.callback("bc", role="official", check=Check("manage", in_payload_by_action(2, {"x": "broadcast"})))
async def broadcast_button(ctx: Context) -> list[Reply]:
    """Stop a running broadcast, or send / drop a prepared announcement."""
    parts = payload_parts(ctx)
    if len(parts) == 3 and parts[1] == "x" and (key := number(parts[2])) is not None:
        broadcast = await ctx.session.get(Broadcast, key)
        if broadcast is None or broadcast.status != "sending":
            return [Reply(ctx.t("broadcast.not_running"), notice=True)]
        await repo.cancel_pending(ctx.session, broadcast.id)
        broadcast.status = "cancelled"
        broadcast.finished_at = ctx.now
        counts = await repo.outbox_counts(ctx.session, broadcast.id)
        fallbacks = await zalo_oa.fallback_counts(ctx.session, broadcast.id)
        broadcast.last_report = progress_text(ctx.lang, broadcast, counts, fallbacks)
        return [Reply(broadcast.last_report, edit=True)]
    if ctx.step != "bc.preview":
        return [Reply(ctx.t("error.already_answered"), notice=True)]
    if parts[1:] == ["drop"]:
        ctx.finish()
        return [Reply(ctx.t("broadcast.dropped"), edit=True)]
    if parts[1:] == ["send"]:
        text = str(ctx.state.data.get("text", ""))
        audience = Audience.from_json(ctx.state.data.get("aud"))
        people = await audience_ids(ctx.session, audience, ctx.now.year)
        org = ctx.org.name
        broadcast = await start_broadcast(
            ctx.session, kind="announcement", person_ids=people, now=ctx.now, created_by=ctx.person.id,
            render=lambda language: Reply(t(language, "broadcast.announcement", org=org, text=text)),
            progress_to=ctx,
        )
        ctx.finish()
        return [Reply(ctx.t("broadcast.started", count=num(ctx.lang, broadcast.total)), edit=True)]
    return [Reply(ctx.t("error.stale_button"), notice=True)]


@router.command("broadcast", role="official", check=Check("manage"))
async def broadcast_command(ctx: Context) -> list[Reply]:
    """Start a free announcement: the text, then the audience, then a preview."""
    ctx.goto("bc.text")
    return [Reply(ctx.t("broadcast.ask_text", limit=MAX_ANNOUNCEMENT))]


@router.step("bc", role="official", check=Check("manage"))
async def broadcast_text(ctx: Context) -> list[Reply]:
    if ctx.step != "bc.text":
        return [Reply(ctx.t("broadcast.use_buttons"))]
    problem = text_problem(ctx, MAX_ANNOUNCEMENT)
    if problem is not None:
        return [Reply(problem)]
    ctx.goto("bc.text", text=(ctx.inbound.text or "").strip())
    return await choose_audience(ctx, "broadcast")


@on_chosen("broadcast")
async def broadcast_preview(ctx: Context, audience: Audience) -> list[Reply]:
    reach = await count_audience(ctx.session, audience, ctx.now.year)
    ctx.goto("bc.preview", aud=audience.to_json())
    preview = t(ctx.lang, "broadcast.announcement", org=ctx.org.name, text=ctx.state.data.get("text", ""))
    return [
        Reply(
            ctx.t("broadcast.preview", preview=preview, count=num(ctx.lang, reach)),
            buttons([(ctx.t("broadcast.send"), "bc:send"), (ctx.t("broadcast.drop"), "bc:drop")]),
        )
    ]
