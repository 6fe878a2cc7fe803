"""The outbox sender: drains queued messages within each channel's limits and records every outcome."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from sqlalchemy import select
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
from bot.concurrency import keep_running
from bot.menus import menu_of
from bot.messages import OutFile, Outgoing, Reply
from bot.ratelimit import ChannelLimits
from bot.window import window_of
from storage import repo, zalo_oa
from storage.db import DATABASE_DOWN_ERRORS, Clock, Database
from storage.models import Media, OutboxMessage

log = logging.getLogger(__name__)

MenuFor = Callable[[str, str], list[tuple[str, str]]]
MAX_ATTEMPTS = 8
QUICK_RETRIES = (0.2, 0.6)
CLAIM_INTERVAL = 0.2  # seconds between two claims (each records the outcomes since the last): a reply waits
# at most this long to be picked up
AHEAD_SECONDS = 1.0  # rows claimed ahead of sending, in seconds of the channel's rate (a cancelled broadcast stops after these)


def channel_limits(channel: Channel, rate_per_second: int, chat_interval: float, paid_rate: int | None) -> ChannelLimits | None:
    """A channel's limits: its own rate if it names one (None: unlimited, the console), else `rate_per_second`;
    a window for paid broadcasts where the channel has them and they are switched on."""
    rate = getattr(channel, "rate_per_second", rate_per_second)
    if rate is None:
        return None
    paid = paid_rate if getattr(channel, "paid_broadcast", False) else None
    return ChannelLimits(int(rate), getattr(channel, "chat_interval", chat_interval), paid)


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
    broadcast_id: int | None = None


@dataclass(frozen=True)
class Outcome:
    """What happened to a claimed row, to be recorded with the next claim."""

    row: Claimed
    status: str
    error: str | None = None
    external_id: str | None = None
    attempts: int | None = None
    retry_in: float | None = None
    unreachable: bool = False
    menu: list[list[str]] | None = None
    via: str | None = None


def by_chat(rows: list[Claimed]) -> list[list[Claimed]]:
    """Claimed rows grouped by chat, each chat's in the order claimed."""
    groups: dict[tuple[str, str], list[Claimed]] = {}
    for row in rows:
        groups.setdefault((row.channel, row.chat_id), []).append(row)
    return list(groups.values())


class Sender:
    """Sends outbox rows within each channel's limits: replies ahead of bulk sends, chats served in turn.

    The whole loop's state (rows claimed, the limits of each channel) lives in this one object, which `run`
    starts and a stop ends; rows it claimed and did not finish are sent again by whoever recovers them.
    """

    def __init__(
        self,
        db: Database,
        channels: Mapping[str, Channel],
        clock: Clock,
        menu_for: MenuFor,
        rate_per_second: int = 30,
        chat_interval: float = 1.0,
        outside_window: Sequence[str] = ("hold",),
        paid_broadcast_rate: int | None = None,
    ) -> None:
        self.db = db
        self.channels = channels
        self.clock = clock
        self.menu_for = menu_for
        self.outside_window = tuple(outside_window)  # the routes tried, in order, past a closed window
        self.limits: dict[str, ChannelLimits | None] = {
            name: channel_limits(channel, rate_per_second, chat_interval, paid_broadcast_rate)
            for name, channel in channels.items()
        }
        self._claimed = dict.fromkeys(channels, 0)  # rows claimed and not yet finished, per channel
        self._tasks: set[asyncio.Task[None]] = set()
        self._last_claim = 0.0
        self._outcomes: list[Outcome] = []  # rows sent (or not) whose outcome is not yet recorded
        self._media_cache: dict[int, OutFile] = {}
        self._wake = asyncio.Event()
        self._all_done = asyncio.Event()  # no claimed row is under way

    def wake(self) -> None:
        self._wake.set()

    async def recover(self) -> int:
        """On becoming the sender: rows left 'sending' by a crash are sent again (only those in flight can repeat)."""
        async with self.db.transaction() as session:
            return await repo.release_unfinished_sends(session, list(self.channels))

    def after_another(self, since: float) -> None:
        """Taking over from a sender that stopped `since` seconds ago: wait until the calls it made have left
        each channel's window and each chat's interval, so the messenger never counts both senders at once."""
        for limits in self.limits.values():
            if limits is not None:
                limits.hold(max(limits.window.window, limits.chat_interval) - since)

    async def run(self, stop: asyncio.Event) -> None:
        """Send until `stop` is set (then finish what was claimed), backing off while the database is down."""
        try:
            await keep_running(stop, self._claim_and_start, self._wake, idle=0.5, what="the sender")
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await self._record_the_rest()
        finally:
            for task in self._tasks:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def drain_once(self) -> int:
        """Send everything due now and wait until it is sent and recorded (the console, between two lines)."""
        total = 0
        while claimed := await self._claim():
            total += len(claimed)
            await asyncio.gather(*(self._send_chat(rows) for rows in by_chat(claimed)))
        await self._record_the_rest()
        return total

    async def _record_the_rest(self) -> None:
        """At a stop: record the outcomes not yet written (if the database allows; else they are sent again)."""
        if self._outcomes:
            try:
                async with self.db.transaction() as session:
                    await self._record(session, self._outcomes)
                self._outcomes.clear()
            except DATABASE_DOWN_ERRORS:
                log.error("could not record %d sent messages; they will be sent again after a restart", len(self._outcomes))

    async def _claim_and_start(self) -> int:
        """Claim what fits in each channel's next seconds of sending and start it; at most five claims a second
        while rows are under way, at once when they are all done."""
        since = time.monotonic() - self._last_claim
        if since < CLAIM_INTERVAL and any(self._claimed.values()):  # busy: gather a few outcomes and rows at once
            self._all_done.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(CLAIM_INTERVAL - since):
                    await self._all_done.wait()
        self._last_claim = time.monotonic()
        claimed = await self._claim()
        for rows in by_chat(claimed):
            task = asyncio.ensure_future(self._send_chat(rows))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return len(claimed)

    def _room(self, name: str) -> int:
        """How many more rows of this channel may be claimed: about a second of its sending."""
        limits = self.limits[name]
        if limits is None:
            return 64 - self._claimed[name]
        rate = limits.window.limit + (limits.paid.limit if limits.paid is not None else 0)
        return max(8, int(rate * AHEAD_SECONDS)) - self._claimed[name]

    async def _claim(self) -> list[Claimed]:
        """Record the outcomes noted since the last claim and claim what fits, in one transaction."""
        rooms = {name: room for name in self.channels if (room := self._room(name)) > 0}
        outcomes = list(self._outcomes)
        if not rooms and not outcomes:
            return []
        async with self.db.transaction() as session:
            if outcomes:
                await self._record(session, outcomes)
            rows = []
            for name, room in rooms.items():
                rows += await self._claim_channel(session, name, room)
            outside = await self._known_outside(session, [(r.channel, r.chat_id) for r in rows])
            claimed = [
                Claimed(r.id, r.channel, r.chat_id, r.kind, r.priority, dict(r.payload), r.attempts, r.media_id,
                        (r.channel, r.chat_id) in outside, r.broadcast_id)
                for r in rows
            ]
        del self._outcomes[: len(outcomes)]  # recorded: committed with the claim
        for row in claimed:
            self._claimed[row.channel] += 1
        return claimed

    async def _claim_channel(self, session: AsyncSession, name: str, room: int) -> list[OutboxMessage]:
        """A channel's rows that can go at once: where chats are spaced, one row of each chat whose interval has
        passed (a chat's next row waits for a later claim instead of holding a place another chat could use)."""
        limits = self.limits[name]
        spaced = limits is not None and limits.chat_interval > 0
        return await repo.claim_outbox(
            session, {name: self.channels[name].chat_filter()}, self.clock(), room,
            per_chat=1 if spaced else 3, skip_chats=limits.spaced_chats() if limits is not None and spaced else (),
        )

    async def _known_outside(self, session: AsyncSession, chats: list[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of these chats are on a channel with an interaction window that is closed now (so no call is wasted)."""
        found: set[tuple[str, str]] = set()
        for name in {channel for channel, _ in chats if window_of(self.channels.get(channel)) is not None}:
            closed = await zalo_oa.closed_windows(session, name, [chat for channel, chat in chats if channel == name], self.clock())
            found |= {(name, chat) for chat in closed}
        return found

    async def _send_chat(self, rows: list[Claimed]) -> None:
        """One chat's claimed rows, in order."""
        for row in rows:
            await self._send_row(row)

    async def _send_row(self, row: Claimed) -> None:
        """Send one claimed row; a 429 holds the channel as long as it says and lowers its rate, then it goes again."""
        try:
            while True:
                try:
                    await self._send_one(row)
                    return
                except ChannelRetryAfter as exc:
                    metrics.RATE_LIMITED.labels(row.channel).inc()
                    limits = self.limits[row.channel]
                    log.warning("%s asked to slow down for %ss", row.channel, exc.seconds)
                    if limits is None:
                        await asyncio.sleep(exc.seconds)
                    else:
                        limits.slow_down(exc.seconds)
        finally:
            self._claimed[row.channel] -= 1
            if not any(self._claimed.values()):
                self._all_done.set()
            self._wake.set()

    async def _send_one(self, row: Claimed) -> None:
        channel = self.channels[row.channel]
        try:
            delivered = await self._deliver_or_route(channel, row)
        except ChannelRetryAfter:
            raise
        except ChannelForbidden as exc:
            metrics.FORBIDDEN.labels(row.channel).inc()
            self._finish(row, "failed", error=str(exc), unreachable=True)
            return
        except ChannelRejected as exc:
            self._finish(row, "failed", error=str(exc))
            return
        except Exception as exc:  # network faults and server errors that outlasted the quick retries
            log.warning("sending outbox row %s failed: %s", row.id, type(exc).__name__)
            attempts = row.attempts + 1
            if attempts >= MAX_ATTEMPTS:
                self._finish(row, "failed", error=type(exc).__name__, attempts=attempts)
            else:
                self._finish(row, "pending", error=type(exc).__name__, attempts=attempts, retry_in=2.0**attempts)
            return
        if delivered is not None:
            external_id, via = delivered
            self._finish(row, "sent", external_id=external_id, via=via, menu=self._numbered_menu(channel, row))

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
            try:
                return await self._deliver(channel, row)
            except (ChannelRetryAfter, ChannelForbidden, ChannelRejected, ChannelOutsideWindow, ChannelQuotaExhausted):
                raise
            except Exception as exc:
                log.info("outbox row %s: %s, retrying in %.1fs", row.id, type(exc).__name__, pause)
                await asyncio.sleep(pause)
        return await self._deliver(channel, row)

    async def _deliver(self, channel: Channel, row: Claimed, template: str | None = None) -> str | None:
        if row.kind == "menu":
            role = row.payload["role"]
            await channel.set_menu(row.chat_id, self.menu_for(role, "vi"), None)
            await channel.set_menu(row.chat_id, self.menu_for(role, "en"), "en")
            return None
        limits = self.limits[row.channel]
        paid = row.broadcast_id is not None and limits is not None and limits.paid is not None

        def pace() -> AbstractAsyncContextManager[None]:
            assert limits is not None
            return limits.call(row.chat_id, row.priority, paid)

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
            paid_broadcast=paid,
        )
        if limits is None:
            return await channel.deliver(out)
        if getattr(channel, "paces_calls", False):
            return await channel.deliver(replace(out, pace=pace))
        async with pace():  # one place in the limits for the whole row
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
        """On a channel without buttons, the options a digit will answer once this message is shown (a message sent
        unasked: the dispatcher keeps the menus of its answers)."""
        reply = row.payload.get("reply")
        if channel.has_buttons or not reply or not reply["buttons"] or row.payload.get("answer"):
            return None
        shown = Reply.from_json(reply)
        return menu_of(shown, with_question=not shown.private)

    def _finish(
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
        """Note the outcome; it is recorded with the next claim, in one transaction with the others.

        Until then the row stays 'sending': after a kill it is sent again (at most the rows in flight repeat).
        """
        if status in ("sent", "failed"):
            (metrics.SENT if status == "sent" else metrics.FAILED).labels(row.channel).inc()
        self._outcomes.append(Outcome(row, status, error, external_id, attempts, retry_in, unreachable, menu, via))
        self._wake.set()

    async def _record(self, session: AsyncSession, outcomes: list[Outcome]) -> None:
        """Write down what happened to the rows that were sent (or failed, or wait for another try)."""
        ids = [o.row.id for o in outcomes]
        stored_rows = {r.id: r for r in (await session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids)))).all()}
        for o in outcomes:
            stored = stored_rows.get(o.row.id)
            if stored is None:
                continue
            if o.status == "pending":
                stored.status = o.status
                stored.error = o.error[:300] if o.error else None
                stored.attempts = o.attempts if o.attempts is not None else stored.attempts
                if o.retry_in is not None:
                    stored.not_before = self.clock() + timedelta(seconds=o.retry_in)
            else:  # sent or failed for good: counted and deleted, so no chat stays next to an instant
                stored.via = o.via or stored.via
                await repo.finish_outbox_row(session, stored, o.status, o.external_id)
            if o.menu is not None:
                await repo.remember_menu(session, o.row.channel, o.row.chat_id, o.menu)
            if o.unreachable:
                await repo.mark_unreachable(session, o.row.channel, o.row.chat_id, self.clock())
