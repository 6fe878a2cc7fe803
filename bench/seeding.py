"""What several benches set up the same way: an empty, migrated database and many consenting Telegram people."""

from __future__ import annotations

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
