"""Queries for the Zalo OA channel: its token row, each identity's interaction window, held messages.

Nothing here commits and nothing here knows what a token means: values arrive sealed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Identity, OutboxMessage, Person, ZaloOAToken, used_last_first
from storage.repo import dialect_insert, lock, tallies

TOKEN_ROW = 1


async def token_row(session: AsyncSession) -> ZaloOAToken | None:
    """The OA's token row as it is now (no lock)."""
    return await session.get(ZaloOAToken, TOKEN_ROW, populate_existing=True)


async def locked_token_row(session: AsyncSession) -> ZaloOAToken:
    """The OA's token row, created if missing, locked until commit: one process refreshes at a time."""
    if await session.get(ZaloOAToken, TOKEN_ROW) is None:  # two first starts at once: one insert wins
        await session.execute(dialect_insert(session, ZaloOAToken).values(id=TOKEN_ROW).on_conflict_do_nothing(index_elements=["id"]))
    row = await lock(session, ZaloOAToken, TOKEN_ROW)
    assert row is not None
    await session.refresh(row)
    return row


async def reseal_tokens(session: AsyncSession, reseal: Callable[[str | None], str | None]) -> None:
    """Pass each sealed token through `reseal` (key rotation)."""
    row = await session.get(ZaloOAToken, TOKEN_ROW)
    if row is not None:
        row.access_token, row.refresh_token = reseal(row.access_token), reseal(row.refresh_token)
        row.code_verifier = reseal(row.code_verifier)


async def open_window(session: AsyncSession, channel: str, user_id: str, until: datetime) -> None:
    """The person interacted: consultation messages may go to them until `until`."""
    await session.execute(
        update(Identity).where(Identity.channel == channel, Identity.user_id == user_id).values(window_until=until)
    )


async def close_window(session: AsyncSession, channel: str, chat_id: str, now: datetime) -> None:
    """The channel refused a consultation message: the window is closed (since now, at the latest) whatever we believed."""
    await session.execute(
        update(Identity)
        .where(Identity.channel == channel, Identity.chat_id == chat_id, or_(Identity.window_until.is_(None), Identity.window_until > now))
        .values(window_until=now)
    )


async def closed_windows(session: AsyncSession, channel: str, chat_ids: Iterable[str], now: datetime) -> set[str]:
    """Which of these chats are known to be outside the window now (an unknown window is not known closed)."""
    wanted = sorted(set(chat_ids))
    if not wanted:
        return set()
    rows = await session.scalars(
        select(Identity.chat_id).where(
            Identity.channel == channel, Identity.chat_id.in_(wanted), Identity.window_until <= now
        )
    )
    return set(rows)


async def other_reachable_chat(session: AsyncSession, channel: str, chat_id: str) -> tuple[str, str] | None:
    """Another channel where the person behind this chat can be reached (the one used last), if they linked one."""
    person_id = await session.scalar(select(Identity.person_id).where(Identity.channel == channel, Identity.chat_id == chat_id))
    if person_id is None:
        return None
    row = (
        await session.execute(
            select(Identity.channel, Identity.chat_id)
            .join(Person, Person.id == Identity.person_id)
            .where(Identity.person_id == person_id, Identity.channel != channel, Identity.unreachable_at.is_(None))
            .order_by(*used_last_first())
            .limit(1)
        )
    ).first()
    return None if row is None else (row.channel, row.chat_id)


async def hold(session: AsyncSession, row_id: int, reason: str) -> None:
    """Keep an outbox row, content and all, until the person next writes."""
    await session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id).values(status="held", error=reason))


async def reroute(session: AsyncSession, row_id: int, channel: str, chat_id: str) -> None:
    """Send the row on another of the person's channels instead (one row per recipient stays one row)."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id)
        .values(channel=channel, chat_id=chat_id, status="pending", via="linked", error=None, kind="message")
    )


async def held_rows(session: AsyncSession, channel: str, chat_id: str) -> Sequence[OutboxMessage]:
    """What was held for this chat, oldest first."""
    result = await session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.channel == channel, OutboxMessage.chat_id == chat_id, OutboxMessage.status == "held")
        .order_by(OutboxMessage.id)
    )
    return result.all()


async def fallback_counts(session: AsyncSession, broadcast_id: int) -> dict[str, int]:
    """A broadcast's messages that missed the window: `held:<reason>` (rows waiting) and `via:<route>` counts
    (rows on their way now, and the tallies of those sent)."""
    result = await session.execute(
        select(OutboxMessage.status, OutboxMessage.via, OutboxMessage.error, func.count())
        .where(
            OutboxMessage.broadcast_id == broadcast_id,
            or_(OutboxMessage.status == "held", OutboxMessage.via.is_not(None)),
        )
        .group_by(OutboxMessage.status, OutboxMessage.via, OutboxMessage.error)
    )
    counts: dict[str, int] = {}
    for status, via, error, n in result:
        key = f"held:{error}" if status == "held" else f"via:{via}"
        counts[key] = counts.get(key, 0) + int(n)
    for outcome, n in (await tallies(session, broadcast_id)).items():
        if outcome.startswith("via:"):
            counts[outcome] = counts.get(outcome, 0) + n
    return counts


async def held_counts(session: AsyncSession) -> dict[str, int]:
    """Every message held now, by reason."""
    result = await session.execute(
        select(OutboxMessage.error, func.count()).where(OutboxMessage.status == "held").group_by(OutboxMessage.error)
    )
    return {str(reason): int(n) for reason, n in result}


def quota_summary(row: ZaloOAToken | None) -> dict[str, Any]:
    """The quota figures last read from the OA, or {} when none were read."""
    return dict(row.quota or {}) if row is not None else {}
