"""The outbox sender: drains queued messages within each channel's limits and records every outcome."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot import metrics
from bot.channels import (
    Channel,
    ChannelForbidden,
    ChannelOutsideWindow,
    ChannelQuotaExhausted,
    ChannelRejected,
    ChannelRetryAfter,
)
from bot.concurrency import keep_running, run_grouped
from bot.menus import menu_of
from bot.messages import OutFile, Outgoing, Reply
from bot.window import window_of
from storage import repo, zalo_oa
from storage.db import DATABASE_DOWN_ERRORS, Clock, Database
from storage.models import Media, OutboxMessage

log = logging.getLogger(__name__)

MenuFor = Callable[[str, str], list[tuple[str, str]]]
MAX_ATTEMPTS = 8
QUICK_RETRIES = (0.2, 0.6)


@dataclass(frozen=True)
class Claimed:
    """What the sender needs of a claimed outbox row, detached from its session."""

    id: int
    channel: str
    chat_id: str
    kind: str
    priority: int
    payload: dict[str, Any]
    attempts: int
    media_id: int | None = None
    outside: bool = False  # the recipient is known to be outside the channel's interaction window


class Pacer:
    """Spaces sends on one channel at least 1/rate apart, and holds them all during a 429 pause."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self._next = 0.0
        self.paused_until = 0.0
        self._lock = asyncio.Lock()

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, time.monotonic() + seconds)

    @property
    def paused(self) -> bool:
        return time.monotonic() < self.paused_until

    async def acquire(self) -> None:
        async with self._lock:
            start = max(time.monotonic(), self._next, self.paused_until)
            delay = start - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            self._next = start + self.interval


class Sender:
    """Sends outbox rows: interactive replies first, bulk at most once a second per chat."""

    def __init__(
        self,
        db: Database,
        channels: Mapping[str, Channel],
        clock: Clock,
        menu_for: MenuFor,
        rate_per_second: float = 30.0,
        bulk_chat_interval: float = 1.0,
        concurrency: int = 24,
        outside_window: Sequence[str] = ("hold",),
    ) -> None:
        self.db = db
        self.channels = channels
        self.clock = clock
        self.menu_for = menu_for
        self.bulk_chat_interval = bulk_chat_interval
        self.concurrency = concurrency
        self.outside_window = tuple(outside_window)  # the routes tried, in order, past a closed window
        self.pacers = {name: Pacer(getattr(ch, "rate_per_second", rate_per_second)) for name, ch in channels.items()}
        self._last_bulk: dict[str, float] = {}
        self._media_cache: dict[int, OutFile] = {}
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def recover(self) -> int:
        """On becoming the sender: rows left 'sending' by a crash are sent again (only those in flight can repeat)."""
        async with self.db.transaction() as session:
            return await repo.release_unfinished_sends(session, list(self.channels))

    async def run(self, stop: asyncio.Event) -> None:
        """Send until `stop` is set, backing off while the database is down."""
        await keep_running(stop, self.drain_once, self._wake, idle=0.5, what="the sender")

    async def drain_once(self, limit: int = 15) -> int:
        """Claim and send what is due now on channels that are not paused; returns how many were claimed.

        Batches are small (half a second at 30/s) so an interactive reply never waits long behind a broadcast.
        """
        filters = {name: ch.chat_filter() for name, ch in self.channels.items() if not self.pacers[name].paused}
        async with self.db.transaction() as session:
            rows = await repo.claim_outbox(session, filters, self.clock(), limit)
            outside = await self._known_outside(session, [(r.channel, r.chat_id) for r in rows])
            claimed = [
                Claimed(r.id, r.channel, r.chat_id, r.kind, r.priority, dict(r.payload), r.attempts, r.media_id,
                        (r.channel, r.chat_id) in outside)
                for r in rows
            ]
        await run_grouped(claimed, key=lambda c: f"{c.channel}:{c.chat_id}", work=self._send_chat, concurrency=self.concurrency)
        return len(claimed)

    async def _known_outside(self, session: AsyncSession, chats: list[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of these chats are on a channel with an interaction window that is closed now (so no call is wasted)."""
        found: set[tuple[str, str]] = set()
        for name in {channel for channel, _ in chats if window_of(self.channels.get(channel)) is not None}:
            closed = await zalo_oa.closed_windows(session, name, [chat for channel, chat in chats if channel == name], self.clock())
            found |= {(name, chat) for chat in closed}
        return found

    async def _send_chat(self, rows: list[Claimed]) -> None:
        """One chat's rows in order; a 429 puts this row and the rest back to wait."""
        for index, row in enumerate(rows):
            try:
                await self._send_one(row)
            except ChannelRetryAfter as exc:
                metrics.RATE_LIMITED.labels(row.channel).inc()
                self.pacers[row.channel].pause(exc.seconds)
                log.warning("%s asked to slow down for %ss", row.channel, exc.seconds)
                await self._mark_many([r.id for r in rows[index:]], status="pending")
                return

    async def _send_one(self, row: Claimed) -> None:
        channel = self.channels[row.channel]
        chat = f"{row.channel}:{row.chat_id}"
        if row.priority > 0:
            wait = self._last_bulk.get(chat, 0.0) + self.bulk_chat_interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        try:
            delivered = await self._deliver_or_route(channel, row)
        except ChannelRetryAfter:
            raise
        except ChannelForbidden as exc:
            metrics.FORBIDDEN.labels(row.channel).inc()
            await self._finish(row, "failed", error=str(exc), unreachable=True)
            return
        except ChannelRejected as exc:
            await self._finish(row, "failed", error=str(exc))
            return
        except Exception as exc:  # network faults and server errors that outlasted the quick retries
            log.warning("sending outbox row %s failed: %s", row.id, type(exc).__name__)
            attempts = row.attempts + 1
            if attempts >= MAX_ATTEMPTS:
                await self._finish(row, "failed", error=type(exc).__name__, attempts=attempts)
            else:
                await self._finish(row, "pending", error=type(exc).__name__, attempts=attempts, retry_in=2.0**attempts)
            return
        finally:
            if row.priority > 0:
                self._last_bulk[chat] = time.monotonic()
        if delivered is not None:
            external_id, via = delivered
            await self._finish(row, "sent", external_id=external_id, via=via, menu=self._numbered_menu(channel, row))

    async def _deliver_or_route(self, channel: Channel, row: Claimed) -> tuple[str | None, str | None] | None:
        """(message id, how it went): delivered as usual, or past a closed window as configured (None: rerouted or held)."""
        if not row.outside:
            try:
                return await self._deliver_with_quick_retries(channel, row), None
            except ChannelOutsideWindow:
                pass
        return await self._outside_window(channel, row)

    async def _outside_window(self, channel: Channel, row: Claimed) -> tuple[str | None, str | None] | None:
        """Decide for a message whose recipient is outside the channel's interaction window, trying the admin's
        routes in order (ZALO_OA_OUTSIDE_WINDOW): `linked` moves it to another channel the person linked,
        `transaction`/`promotion` sends it as that kind of OA message within the quota, `hold` keeps it until
        the person next writes. Nothing is dropped: `hold` is always last. Returns what `_deliver_or_route` does."""
        reason = "window"
        async with self.db.transaction() as session:
            await zalo_oa.close_window(session, row.channel, row.chat_id, self.clock())
        for route in self.outside_window:
            if route == "linked":
                async with self.db.transaction() as session:
                    target = await zalo_oa.other_reachable_chat(session, row.channel, row.chat_id)
                    if target is not None and target[0] in self.channels:
                        await zalo_oa.reroute(session, row.id, *target)
                        return None
            elif route in ("transaction", "promotion") and row.kind == "message" and "reply" in row.payload:
                await self.pacers[row.channel].acquire()
                try:
                    return await self._deliver(channel, row, template=route), route
                except ChannelQuotaExhausted:
                    reason = "quota"
                except (ChannelOutsideWindow, ChannelRejected) as exc:
                    log.info("outbox row %s: no %s message (%s)", row.id, route, exc)
        async with self.db.transaction() as session:
            await zalo_oa.hold(session, row.id, reason)
        return None

    async def _deliver_with_quick_retries(self, channel: Channel, row: Claimed) -> str | None:
        """Deliver, retrying a passing fault twice at once so the chat's order holds; then defer."""
        for pause in QUICK_RETRIES:
            await self.pacers[row.channel].acquire()
            try:
                return await self._deliver(channel, row)
            except (ChannelRetryAfter, ChannelForbidden, ChannelRejected, ChannelOutsideWindow, ChannelQuotaExhausted):
                raise
            except Exception as exc:
                log.info("outbox row %s: %s, retrying in %.1fs", row.id, type(exc).__name__, pause)
                await asyncio.sleep(pause)
        await self.pacers[row.channel].acquire()
        return await self._deliver(channel, row)

    async def _deliver(self, channel: Channel, row: Claimed, template: str | None = None) -> str | None:
        if row.kind == "menu":
            role = row.payload["role"]
            await channel.set_menu(row.chat_id, self.menu_for(role, "vi"), None)
            await channel.set_menu(row.chat_id, self.menu_for(role, "en"), "en")
            return None
        reply = Reply.from_json(row.payload["reply"]) if "reply" in row.payload else None
        if reply is not None and row.media_id is not None:
            reply = replace(reply, photo=await self._media(row.media_id))
        out = Outgoing(
            channel=row.channel,
            chat_id=row.chat_id,
            reply=reply,
            edit_message_id=row.payload.get("edit_message_id"),
            callback_id=row.payload.get("callback_id"),
            language=row.payload.get("language", "vi"),
            extra={"template": template, "ref": str(row.id)} if template else {},
        )
        return await channel.deliver(out)

    async def _media(self, media_id: int) -> OutFile | None:
        """A broadcast's image, read once and kept while the broadcast runs."""
        if media_id not in self._media_cache:
            async with self.db.transaction() as session:
                media = await session.get(Media, media_id)
                if media is None:
                    return None
                if len(self._media_cache) >= 16:
                    self._media_cache.pop(next(iter(self._media_cache)))
                self._media_cache[media_id] = OutFile(media.name, media.content, media.mime_type)
        return self._media_cache[media_id]

    @staticmethod
    def _numbered_menu(channel: Channel, row: Claimed) -> list[list[str]] | None:
        """On a channel without buttons, the options a digit will answer once this message is shown."""
        reply = row.payload.get("reply")
        if channel.has_buttons or not reply or not reply["buttons"]:
            return None
        return menu_of(Reply.from_json(reply))

    async def _finish(
        self,
        row: Claimed,
        status: str,
        *,
        error: str | None = None,
        external_id: str | None = None,
        attempts: int | None = None,
        retry_in: float | None = None,
        unreachable: bool = False,
        menu: list[list[str]] | None = None,
        via: str | None = None,
    ) -> None:
        """Record the outcome; retried while the database is briefly down, so a sent mark is not lost."""
        if status in ("sent", "failed"):
            (metrics.SENT if status == "sent" else metrics.FAILED).labels(row.channel).inc()
        for delay in (0.2, 0.5, 1, 2, 4, 8, 15, 30):
            try:
                async with self.db.transaction() as session:
                    stored = await session.get(OutboxMessage, row.id)
                    if stored is None:
                        return
                    if status == "pending":
                        stored.status = status
                        stored.error = error[:300] if error else None
                        stored.attempts = attempts if attempts is not None else stored.attempts
                        if retry_in is not None:
                            stored.not_before = self.clock() + timedelta(seconds=retry_in)
                    else:  # sent or failed for good: counted and deleted, so no chat stays next to an instant
                        stored.via = via or stored.via
                        await repo.finish_outbox_row(session, stored, status, external_id)
                    if menu is not None:
                        await repo.remember_menu(session, row.channel, row.chat_id, menu)
                    if unreachable:
                        await repo.mark_unreachable(session, row.channel, row.chat_id, self.clock())
                return
            except DATABASE_DOWN_ERRORS:
                await asyncio.sleep(delay)
        log.error("could not record outbox row %s as %s; it will be retried after a restart", row.id, status)

    async def _mark_many(self, ids: list[int], status: str) -> None:
        async with self.db.transaction() as session:
            for row_id in ids:
                stored = await session.get(OutboxMessage, row_id)
                if stored is not None:
                    stored.status = status
