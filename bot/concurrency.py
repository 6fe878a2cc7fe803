"""Small asyncio helpers shared by the dispatcher and the sender."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from storage.db import DATABASE_DOWN_ERRORS

T = TypeVar("T")
log = logging.getLogger(__name__)


async def run_grouped(
    items: Sequence[T], key: Callable[[T], str], work: Callable[[list[T]], Awaitable[None]], concurrency: int
) -> None:
    """Run `work` on the items of each key in order, different keys concurrently (at most `concurrency`).

    Every group runs to its end even if another fails; the first failure is raised afterwards.
    """
    groups: OrderedDict[str, list[T]] = OrderedDict()
    for item in items:
        groups.setdefault(key(item), []).append(item)
    gate = asyncio.Semaphore(concurrency)

    async def one(group: list[T]) -> None:
        async with gate:
            await work(group)

    results = await asyncio.gather(*(one(group) for group in groups.values()), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result


async def sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    """Sleep `seconds`, or less if `stop` is set."""
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass


async def wait_any(stop: asyncio.Event, wake: asyncio.Event, timeout: float) -> None:
    """Return when either event is set or `timeout` passes."""
    waiters = [asyncio.create_task(stop.wait()), asyncio.create_task(wake.wait())]
    try:
        await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


async def keep_running(stop: asyncio.Event, step: Callable[[], Awaitable[int]], wake: asyncio.Event, idle: float, what: str) -> None:
    """Call `step` until `stop` is set: again at once while it finds work, else after `wake` or `idle` seconds;
    back off (up to 30 s) while the database is down."""
    delay = 0.5
    while not stop.is_set():
        wake.clear()  # before the step: a wake-up during it is not lost
        try:
            done = await step()
            delay = 0.5
        except DATABASE_DOWN_ERRORS as exc:
            log.warning("database unavailable for %s (%s); retrying in %.1fs", what, type(exc).__name__, delay)
            await sleep_or_stop(stop, delay)
            delay = min(delay * 2, 30.0)
            continue
        if done == 0:
            await wait_any(stop, wake, timeout=idle)
