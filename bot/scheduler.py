"""Scheduled work. What is due is stored in the database (deadlines, reminder marks), not in the job
queue: at start APScheduler is armed with one periodic tick that reads the rows, and every job marks
what it did, so a restart, a second run or a second process repeats nothing."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.dispatch import Clock
from handlers.base import Job
from storage.db import DATABASE_DOWN_ERRORS, Database

log = logging.getLogger(__name__)


class Scheduler:
    """Runs the named jobs, each in its own transaction, at start and then every `every`."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        jobs: Mapping[str, Job],
        on_outbox: Callable[[], None],
        every: timedelta = timedelta(minutes=10),
    ) -> None:
        self.db = db
        self.clock = clock
        self.jobs = jobs
        self.on_outbox = on_outbox
        self.every = every
        self._lock = asyncio.Lock()
        self._aps: AsyncIOScheduler | None = None

    def start(self) -> None:
        """Arm the periodic tick; its first run is now."""
        self._aps = AsyncIOScheduler(timezone=timezone.utc)
        self._aps.add_job(
            self._tick,
            IntervalTrigger(seconds=self.every.total_seconds()),
            id="due-work",
            next_run_time=datetime.now(timezone.utc),
            coalesce=True,
            max_instances=1,
        )
        self._aps.start()

    async def stop(self) -> None:
        """Disarm, and wait for a run in progress to finish."""
        if self._aps is not None and self._aps.running:
            self._aps.shutdown(wait=False)
        self._aps = None
        async with self._lock:
            pass

    async def run_due(self) -> int:
        """Run every job once now (one run at a time); returns how many messages they queued."""
        queued = 0
        async with self._lock:
            for job in self.jobs.values():
                async with self.db.transaction() as session:
                    queued += await job(session, self.clock())
        if queued:
            self.on_outbox()
        return queued

    async def _tick(self) -> None:
        try:
            await self.run_due()
        except DATABASE_DOWN_ERRORS as exc:
            log.warning("scheduled work skipped, database unavailable (%s); next tick retries", type(exc).__name__)
        except Exception:  # a bug in a job must not stop the ticks
            log.exception("scheduled work failed")
