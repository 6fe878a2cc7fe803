"""Scheduled work: APScheduler triggers idempotent jobs that read what is due from the database.

The schedule itself lives in rows (an event's start, a poll's closing time, a broadcast's state);
each job looks at what is due now and marks what it did in the same transaction, so a restart,
a missed tick or two ticks at once never repeat or lose anything. Every process runs the scheduler; on
PostgreSQL a job's transaction first takes that job's lock, so two processes never run one job at once and
the second finds done what the first marked done (a process that dies mid-run rolls back and frees it). A job's `now` is aware and in
HIENKE_TIMEZONE, so what it writes for people shows local times; it compares with stored UTC as usual.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession

from bot import metrics
from storage import leases
from storage.db import DATABASE_DOWN_ERRORS, Database

log = logging.getLogger(__name__)

JobFunction = Callable[[AsyncSession, datetime], Awaitable[None]]


@dataclass(frozen=True)
class Job:
    function: JobFunction
    every_seconds: float


class Scheduler:
    """Runs each job in its own transaction, on an interval and on demand (`run_due`)."""

    def __init__(
        self, db: Database, clock: Callable[[], datetime], jobs: Mapping[str, Job], on_outbox: Callable[[], None], timezone: str
    ) -> None:
        self.db = db
        self.clock = clock
        self.jobs = jobs
        self.on_outbox = on_outbox
        self.zone = ZoneInfo(timezone)
        self._apscheduler = AsyncIOScheduler(timezone=timezone)
        self._running: set[asyncio.Task[object]] = set()  # runs under way, which `stop` lets finish

    def start(self) -> None:
        for name, job in self.jobs.items():
            self._apscheduler.add_job(
                self.run_job,
                IntervalTrigger(seconds=job.every_seconds),
                args=[name],
                id=name,
                max_instances=1,
                coalesce=True,
                next_run_time=datetime.now(UTC),
            )
        self._apscheduler.start()

    async def stop(self, grace: float = 5.0) -> None:
        """No new runs; the runs under way may finish for up to `grace` seconds (APScheduler's shutdown would
        cancel them mid-transaction, before the database is disposed), then what is left is cancelled."""
        if not self._apscheduler.running:
            return
        self._apscheduler.pause()
        if self._running and grace > 0:
            await asyncio.wait(set(self._running), timeout=grace)
        left = set(self._running)
        for task in left:  # rolled back now, while the database is still there (not when the loop closes)
            task.cancel()
        await asyncio.gather(*left, return_exceptions=True)
        self._apscheduler.shutdown(wait=False)

    async def run_job(self, name: str) -> None:
        """One run of one job; a database outage is logged and the next tick tries again."""
        task = asyncio.current_task()
        assert task is not None  # a coroutine always runs in a task
        self._running.add(task)
        try:
            async with self.db.transaction() as session:
                if not await leases.try_exclusive(session, f"job:{name}"):
                    return  # another process is running this job now; what it marks done, this one will not repeat
                await self.jobs[name].function(session, self.clock().astimezone(self.zone))
            metrics.JOB_RUNS.labels(name).inc()
        except DATABASE_DOWN_ERRORS as exc:
            log.warning("job %s skipped: database unavailable (%s)", name, type(exc).__name__)
            return
        except Exception:
            log.exception("job %s failed", name)
            return
        finally:
            self._running.discard(task)
        self.on_outbox()

    async def run_due(self) -> None:
        """Run every job once now (tests move the clock, then call this)."""
        for name in self.jobs:
            await self.run_job(name)
