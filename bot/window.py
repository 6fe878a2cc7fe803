"""The interaction window of channels that have one (Zalo OA): opened when a person interacts, and then
what was held for them goes first, each message saying how old it is.

The sender decides what happens to a message that meets a closed window (Sender._outside_window);
this module is the other half: what a person's next message does.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels import Channel
from bot.texts import t
from storage import zalo_oa
from storage.models import Identity


def window_of(channel: Channel | None) -> timedelta | None:
    """How long after a person's interaction the channel lets ordinary messages reach them (None: always)."""
    return getattr(channel, "reply_window", None)


def window_end(now: datetime, window: timedelta) -> datetime:
    """The end of a window opened now, rounded down to the hour: never later than the channel's own."""
    return (now + window).replace(minute=0, second=0, microsecond=0)


def age_text(language: str, since: datetime, now: datetime, zone: ZoneInfo) -> str:
    """`30/11 09:00, 3 ngày trước` — when a held message was meant to go, and how long ago."""
    hours = int((now - since).total_seconds() // 3600)
    ago = t(language, "oa.age_days", n=hours // 24) if hours >= 48 else t(language, "oa.age_hours", n=max(hours, 1))
    return f"{since.astimezone(zone):%d/%m %H:%M}, {ago}"


async def on_interaction(
    session: AsyncSession, channel: Channel | None, identity: Identity, now: datetime, zone: ZoneInfo
) -> int:
    """The person wrote, pressed or followed: open their window and release what was held, oldest first,
    ahead of the answer to what they just did. Returns how many held messages go now."""
    window = window_of(channel)
    if window is None:
        return 0
    identity.window_until = window_end(now, window)
    released = 0
    for row in await zalo_oa.held_rows(session, identity.channel, identity.chat_id):
        language = str(row.payload.get("language", identity.person.language))
        reply = dict(row.payload.get("reply") or {})
        if not reply:
            continue
        note = t(language, "oa.held_note", when=age_text(language, row.created_at, now, zone))
        reply["text"] = f"{note}\n\n{reply.get('text', '')}"
        row.payload = {**row.payload, "reply": reply}
        row.status, row.error, row.priority, row.not_before = "pending", None, 0, None
        released += 1
    return released
