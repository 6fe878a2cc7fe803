"""What several benches set up the same way: an empty, migrated database, many consenting Telegram people, and
the bot in a child process."""

from __future__ import annotations

import asyncio
import signal
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage import migrate
from storage.db import Database
from storage.models import Identity, Person

BATCH = 1000


async def fresh_database(url: str | None, workdir: Path) -> tuple[str, Database]:
    """The database at `url` emptied (PostgreSQL) or a new SQLite file in `workdir`, migrated to the newest schema."""
    url = url or f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    db = Database.from_url(url)
    if url.startswith("postgresql"):
        async with db.engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await migrate.upgrade(db.engine)
    return url, db


async def telegram_people(session: AsyncSession, count: int, first_chat: int, now: datetime) -> list[int]:
    """`count` consenting members, each with one Telegram chat numbered from `first_chat`; their ids in order."""
    people = [{"consent_at": now, "language": "vi", "associations": [], "role": "member", "language_chosen": False,
               "created_at": now, "updated_at": now} for _ in range(count)]
    for start in range(0, count, BATCH):
        await session.execute(insert(Person), people[start : start + BATCH])
    ids = list((await session.scalars(select(Person.id).order_by(Person.id))).all())
    identities = [{"person_id": pid, "channel": "telegram", "user_id": str(first_chat + n),
                   "chat_id": str(first_chat + n), "last_seen_at": now} for n, pid in enumerate(ids)]
    for start in range(0, count, BATCH):
        await session.execute(insert(Identity), identities[start : start + BATCH])
    return ids


@dataclass
class BotProcess:
    """`python -m <module> <args>` (the bot's command line unless told) in a child process, its log appended to
    `cwd/bot.log`; started again the same way after a kill, as a service manager would."""

    args: tuple[str, ...]
    env: dict[str, str]
    cwd: Path
    module: str = "bot.cli"
    child: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with (self.cwd / "bot.log").open("a") as log:
            self.child = await asyncio.create_subprocess_exec(
                sys.executable, "-m", self.module, *self.args, cwd=self.cwd, env=self.env,
                stdout=asyncio.subprocess.DEVNULL, stderr=log,
            )

    async def kill(self) -> None:
        """kill -9: nothing in flight is finished."""
        assert self.child is not None
        self.child.send_signal(signal.SIGKILL)
        await self.child.wait()

    async def stop(self) -> None:
        """SIGTERM, as a service manager stops it; kill -9 if it has not exited 15 s later."""
        if self.child is None or self.child.returncode is not None:
            return
        self.child.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.child.wait(), 15)
        except TimeoutError:
            await self.kill()
