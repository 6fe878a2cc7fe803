"""Several processes on one database: the leases this process holds (work one process at a time does, such
as the sender, so the messengers' limits hold for the bot as a whole), and the guard that keeps a second
process off an SQLite file."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy.engine import make_url

from bot import metrics
from bot.concurrency import sleep_or_stop
from bot.settings import SettingsError
from storage import leases
from storage.db import DATABASE_DOWN_ERRORS, Database, utcnow

log = logging.getLogger(__name__)

Work = Callable[[asyncio.Event], Awaitable[None]]  # runs until its event is set
LEASE_SECONDS = 10.0
RENEW_SECONDS = 1.0  # also how soon a process dead on this machine is replaced


def process_holder() -> str:
    """This process's name as a lease holder: host, process id and a random part (several apps in one process)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def died_here(holder: str) -> bool:
    """A holder on this machine whose process is gone (restarted after a kill -9: no need to wait for the lapse)."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@dataclass
class _Lease:
    work: Work
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None


class LeaseKeeper:
    """Takes and renews named leases every few seconds, runs each lease's work while it is held, and stops the
    work when the lease is lost (or cannot be renewed for half its length), so at most one process does it.

    On SQLite, which serves one process (`SingleProcessGuard`), every lease is this process's without asking
    the database (whose single write lock a renewal would otherwise wait on)."""

    def __init__(self, db: Database, *, seconds: float = LEASE_SECONDS, renew_every: float = RENEW_SECONDS) -> None:
        self.db = db
        self.shared = db.engine.dialect.name != "sqlite"
        self.holder = process_holder()
        self.ttl = timedelta(seconds=seconds)
        self.renew_every = renew_every
        self._leases: dict[str, _Lease] = {}
        self._renewed_at = time.monotonic()
        self._handed_over: dict[str, float] = {}

    def add(self, name: str, work: Work) -> None:
        self._leases[name] = _Lease(work)

    def holds(self, name: str) -> bool:
        lease = self._leases.get(name)
        return lease is not None and lease.task is not None and not lease.task.done()

    async def run(self, stop: asyncio.Event) -> None:
        """Renew until `stop` is set."""
        while not stop.is_set():
            await self.renew_once()
            await sleep_or_stop(stop, self.renew_every)

    async def renew_once(self) -> None:
        """Take or renew each lease; start the work of those now held, stop that of those lost."""
        held: dict[str, bool] = {}
        try:
            for name in self._leases:
                held[name] = await self._take(name)
            self._renewed_at = time.monotonic()
        except DATABASE_DOWN_ERRORS as exc:
            if time.monotonic() - self._renewed_at < self.ttl.total_seconds() / 2:
                return  # a passing outage: the leases are still ours for a while
            log.warning("leases not renewed (%s); stopping the work they cover", type(exc).__name__)
            held = dict.fromkeys(self._leases, False)
        for name, ours in held.items():
            if ours:
                self._start(name)
            elif self.holds(name):
                log.info("lease %s lost; stopping its work", name)
                await self._stop_work(self._leases[name], grace=self.ttl.total_seconds() / 2)

    def since_last_holder(self, name: str) -> float | None:
        """Seconds since another process last did this lease's work when this one took it over (0: it may have
        been working a moment ago); None when nobody else held it."""
        return self._handed_over.get(name)

    async def _take(self, name: str) -> bool:
        if not self.shared:
            return True
        now = utcnow()
        async with self.db.transaction() as session:
            last = await leases.last_holder(session, name)
            current = last[0] if last is not None and last[1] >= now else None
            replacing = current if current is not None and current != self.holder and died_here(current) else None
            taken = await leases.acquire(session, name, self.holder, now, self.ttl, replacing)
        if taken and last is not None and last[0] != self.holder and not self.holds(name):
            self._handed_over[name] = max(0.0, (now - last[1]).total_seconds())
        return taken

    def _start(self, name: str) -> None:
        lease = self._leases[name]
        if lease.task is not None and not lease.task.done():
            return
        if lease.task is not None and not lease.task.cancelled() and lease.task.exception() is not None:
            log.warning("the work under lease %s stopped (%s); starting it again", name, type(lease.task.exception()).__name__)
        elif lease.task is None:
            log.info("lease %s taken by %s", name, self.holder)
        lease.stop = asyncio.Event()
        lease.task = asyncio.ensure_future(lease.work(lease.stop))
        lease.task.set_name(f"lease:{name}")
        metrics.LEASES.labels(name).set(1)
        lease.task.add_done_callback(lambda _: metrics.LEASES.labels(name).set(0))

    @staticmethod
    async def _stop_work(lease: _Lease, grace: float) -> None:
        """Ask the work to stop, let it finish what it holds for up to `grace` seconds, then cancel it."""
        lease.stop.set()
        task = lease.task
        if task is None:
            return
        if grace > 0:
            await asyncio.wait([task], timeout=grace)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task

    async def release(self, grace: float) -> None:
        """Stop all the work (finishing what it holds, up to `grace` seconds) and give the leases up, so another
        process takes them at once."""
        await asyncio.gather(*(self._stop_work(lease, grace) for lease in self._leases.values()))
        if not self.shared:
            return
        with contextlib.suppress(*DATABASE_DOWN_ERRORS):
            async with self.db.transaction() as session:
                await leases.release(session, self.holder, utcnow())


class SingleProcessGuard:
    """A lock file beside an SQLite database, held while a process uses it: SQLite serves one process."""

    def __init__(self, database_url: str) -> None:
        database = make_url(database_url).database if database_url.startswith("sqlite") else None
        self.path = Path(database) if database and database != ":memory:" else None
        self._lock = (  # one per file in this process, counted: several applications of one process share it
            FileLock(f"{self.path}.lock", is_singleton=True, thread_local=False) if self.path is not None else None
        )

    def acquire(self) -> None:
        """Hold the lock file, or refuse with one clear line if another process holds it."""
        if self._lock is None:
            return
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise SettingsError(
                f"Another hienke process is using the SQLite database {self.path}: one process per SQLite file"
                " (run several on PostgreSQL)"
            ) from None

    def release(self) -> None:
        if self._lock is not None and self._lock.is_locked:
            self._lock.release()
