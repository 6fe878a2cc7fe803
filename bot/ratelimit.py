"""Exact limits on calls to a messenger: a sliding window per bot token and a spacing per chat.

A call holds its place in the window from the moment it is made until `window` seconds after its answer
came back. The messenger counts calls when they arrive, which is between those two moments, so it never
sees more than `limit` in any window, however the network or the event loop jitters.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

CALM_SECONDS = 60.0  # how long the rate stays lowered after a 429
RECOVERY_SECONDS = 5.0  # then it climbs back by one call a second every this many seconds
CATCH_UP = 0.1  # seconds a call may go ahead of the even spread, to make up for a late one
SLOWDOWN = 0.8  # each 429 lowers the rate to this fraction of what it was
MINUTE = timedelta(minutes=1)


class CallWindow:
    """At most `limit` calls in any `window` seconds, spread evenly over it (a call may catch up on a late one
    by `CATCH_UP` seconds, never past the window); waiting callers go in order of priority, then arrival.

    Bursts would queue up in the event loop and answer late, and a late answer holds its place longer."""

    def __init__(self, limit: int, window: float = 1.0) -> None:
        self.limit = limit
        self.window = window
        self.paused_until = 0.0
        self._lowered = limit
        self._calm_until = 0.0
        self._ended: deque[float] = deque()
        self._open = 0
        self._paced_to = 0.0  # when the next call is due if calls are spread evenly
        self._queue: list[tuple[int, int]] = []
        self._tickets = itertools.count()
        self._waiters: dict[tuple[int, int], asyncio.Event] = {}

    def current_limit(self, now: float) -> int:
        """The limit now: lowered after a 429, back to `limit` step by step once it has been calm a while."""
        if self._lowered >= self.limit or now < self._calm_until:
            return self._lowered
        climbed = self._lowered + int((now - self._calm_until) / RECOVERY_SECONDS)
        return min(self.limit, climbed)

    def slow_down(self, seconds: float) -> None:
        """A 429 came anyway: hold every call for `seconds`, then run below the limit for a while."""
        now = time.monotonic()
        self.paused_until = max(self.paused_until, now + seconds)
        self._lowered = max(1, int(self.current_limit(now) * SLOWDOWN))
        self._calm_until = now + seconds + CALM_SECONDS
        self._wake_first()

    async def acquire(self, priority: int = 0) -> None:
        """Wait for a place in the window; lower `priority` values go first. Only the first waiter watches the
        clock; the others sleep until they are first (a broadcast's queue costs nothing while it waits)."""
        ticket = (priority, next(self._tickets))
        woken = self._waiters[ticket] = asyncio.Event()
        heapq.heappush(self._queue, ticket)
        try:
            while True:
                timeout = None
                if self._queue[0] == ticket:
                    now = time.monotonic()
                    timeout = self._delay(now)
                    if timeout == 0:
                        heapq.heappop(self._queue)
                        self._open += 1
                        self._paced_to = max(self._paced_to, now) + self.window / self.current_limit(now)
                        return
                woken.clear()
                try:
                    async with asyncio.timeout(timeout):
                        await woken.wait()
                except TimeoutError:
                    pass
        except BaseException:
            if ticket in self._queue:
                self._queue.remove(ticket)
                heapq.heapify(self._queue)
            raise
        finally:
            del self._waiters[ticket]
            self._wake_first()

    def release(self) -> None:
        """The call's answer came back: its place frees `window` seconds from now."""
        self._open -= 1
        self._ended.append(time.monotonic())
        self._wake_first()

    def _delay(self, now: float) -> float | None:
        """Seconds until a call may start (0: now; None: when a call under way ends)."""
        while self._ended and self._ended[0] <= now - self.window:
            self._ended.popleft()
        if now < self.paused_until:
            return self.paused_until - now
        if now < self._paced_to - CATCH_UP:  # calls spread evenly, not in bursts that queue up and answer late
            return self._paced_to - CATCH_UP - now
        over = self._open + len(self._ended) - self.current_limit(now)
        if over < 0:
            return 0
        if over >= len(self._ended):
            return None
        return max(self._ended[over] + self.window - now, 0.0) or 1e-3

    def _wake_first(self) -> None:
        """Let the first waiter look again (its turn may have come, or a call ended, or the limits changed)."""
        if self._queue:
            self._waiters[self._queue[0]].set()


class ChannelLimits:
    """One messenger's limits: its window (a second window for paid broadcasts) and `chat_interval` per chat."""

    def __init__(self, per_second: int, chat_interval: float, paid_per_second: int | None = None) -> None:
        self.window = CallWindow(per_second)
        self.paid = CallWindow(paid_per_second) if paid_per_second else None
        self.chat_interval = chat_interval
        self._chat_free_at: dict[str, float] = {}

    @property
    def paused(self) -> bool:
        return time.monotonic() < self.window.paused_until

    def slow_down(self, seconds: float) -> None:
        self.window.slow_down(seconds)
        if self.paid is not None:
            self.paid.slow_down(seconds)

    def hold(self, seconds: float) -> None:
        """Make no call for `seconds` (another process may have used the window and the chats' intervals until now)."""
        until = time.monotonic() + seconds
        for window in (self.window, self.paid):
            if window is not None:
                window.paused_until = max(window.paused_until, until)

    @asynccontextmanager
    async def call(self, chat: str, priority: int = 0, paid: bool = False) -> AsyncIterator[None]:
        """Hold one call to `chat`: after the chat's previous call plus the interval, within the window."""
        wait = self._chat_free_at.get(chat, 0.0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        window = self.paid if paid and self.paid is not None else self.window
        await window.acquire(priority)
        try:
            yield
        finally:
            window.release()
            self._chat_free_at[chat] = time.monotonic() + self.chat_interval
            self._forget_idle_chats()

    def spaced_chats(self) -> list[str]:
        """The chats whose interval since the last call has not passed yet (a call to them would wait)."""
        now = time.monotonic()
        return [chat for chat, free_at in self._chat_free_at.items() if free_at > now]

    def _forget_idle_chats(self) -> None:
        """Keep memory bounded: chats whose interval is over need no entry."""
        if len(self._chat_free_at) > 4096:
            now = time.monotonic()
            self._chat_free_at = {chat: at for chat, at in self._chat_free_at.items() if at > now}


class InboundLimit:
    """At most `per_minute` messages from one chat in any minute, by when they were received.

    The first message over the limit gets a "please wait" (`admit` says "warn"), the rest of the flood is
    dropped ("drop") until the chat is back under the limit.
    """

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._received: dict[str, deque[datetime]] = {}
        self.flooding: set[str] = set()  # chats over the limit now

    def admit(self, chat: str, received_at: datetime) -> str:
        """"ok" to handle this message, "warn" to say please wait once, "drop" to let it go without a reply."""
        recent = self._received.setdefault(chat, deque())
        while recent and recent[0] <= received_at - MINUTE:
            recent.popleft()
        if len(recent) < self.per_minute:
            recent.append(received_at)
            self.flooding.discard(chat)
            self._forget_quiet_chats(received_at)
            return "ok"
        if chat not in self.flooding:
            self.flooding.add(chat)
            return "warn"
        return "drop"

    def _forget_quiet_chats(self, now: datetime) -> None:
        """Keep memory bounded: a chat silent for a minute needs no entry."""
        if len(self._received) > 4096:
            self._received = {chat: seen for chat, seen in self._received.items() if seen and seen[-1] > now - MINUTE}
