"""Inside capacity: updates handled a second (inbox row → handler → outbox rows committed), sending off.

Updates are fed straight into the inbox through the dispatcher's `receive` (as the Telegram poller does),
then the real dispatcher handles them; nothing is sent. Three kinds, each from `--people` different people
(consenting members with a Telegram account each): `/help`, a vote (a button press on an open poll) and a
feedback step (`/feedback`, which checks the hourly limit and offers the topics).

    .venv/bin/python -m bench.throughput [--people 2000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import ColumnElement, func, insert, select

from bench.seeding import fresh_database
from bot.app import Application
from bot.messages import Inbound, Received
from bot.settings import load_settings
from bot.telegram import TelegramChannel
from storage.db import Database
from storage.models import Identity, InboxUpdate, OutboxMessage, Person, Poll

FIRST_CHAT = 1_000_000
TARGET = 300.0


async def seed(db: Database, people: int) -> int:
    """Consenting members with one Telegram account each, and an open poll for everyone; returns its id."""
    now = datetime.now(UTC)
    async with db.transaction() as session:
        rows = [{"consent_at": now, "language": "vi", "associations": [], "role": "member", "language_chosen": True,
                 "created_at": now, "updated_at": now} for _ in range(people)]
        for start in range(0, people, 1000):
            await session.execute(insert(Person), rows[start : start + 1000])
        ids = list((await session.scalars(select(Person.id).order_by(Person.id))).all())
        identities = [{"person_id": pid, "channel": "telegram", "user_id": str(FIRST_CHAT + n),
                       "chat_id": str(FIRST_CHAT + n), "last_seen_at": now} for n, pid in enumerate(ids)]
        for start in range(0, people, 1000):
            await session.execute(insert(Identity), identities[start : start + 1000])
        poll = Poll(question="Ưu tiên đầu tư năm 2027?", options=["Trường học", "Đường giao thông", "Trạm y tế"],
                    audience={}, closes_at=now + timedelta(days=7), created_at=now)
        session.add(poll)
        await session.flush()
        return poll.id


def updates(kind: str, people: int, poll_id: int) -> list[Received]:
    def one(n: int) -> Inbound:
        chat = str(FIRST_CHAT + n)
        if kind == "/help":
            return Inbound("telegram", chat, chat, message_id=f"{n}", command="help")
        if kind == "vote":
            return Inbound("telegram", chat, chat, message_id="1", payload=f"pv:v:{poll_id}:{n % 3}", callback_id=f"cb{n}")
        return Inbound("telegram", chat, chat, message_id=f"{n}", command="feedback")

    return [Received(f"{kind}-{n}", one(n)) for n in range(people)]


async def count(db: Database, model: type, where: Callable[[], ColumnElement[bool]] | None = None) -> int:
    async with db.transaction() as session:
        statement = select(func.count()).select_from(model)
        if where is not None:
            statement = statement.where(where())
        return int(await session.scalar(statement) or 0)


async def measure(app: Application, kind: str, people: int, poll_id: int) -> float:
    """Store the updates, then handle them all; handled updates a second (storing not counted)."""
    items = updates(kind, people, poll_id)
    for start in range(0, len(items), 100):  # as the poller hands them over: up to 100 a getUpdates
        await app.dispatcher.receive(items[start : start + 100])
    outbox_before = await count(app.db, OutboxMessage)
    started = time.perf_counter()
    while await app.dispatcher.process_pending():
        pass
    elapsed = time.perf_counter() - started
    failed = await count(app.db, InboxUpdate, lambda: InboxUpdate.status == "failed")
    queued = await count(app.db, OutboxMessage) - outbox_before
    rate = people / elapsed
    print(f"  {kind:<10} {people} updates in {elapsed:.2f} s = {rate:.0f}/s; {queued} outbox rows; {failed} failed")
    return rate


async def bench(people: int, database_url: str | None) -> bool:
    workdir = Path(tempfile.mkdtemp(prefix="hienke-throughput-"))
    url, db = await fresh_database(database_url, workdir)
    poll_id = await seed(db, people)
    settings = load_settings(_env_file=None, database_url=url, telegram_bot_token="1:bench",
                             hienke_secret_key="bench-only-secret-key-for-sealing-authors", hienke_inbound_per_minute=100_000)
    channel = TelegramChannel("1:bench", "http://127.0.0.1:9")  # never started: nothing is sent
    app = await Application.build(settings, channels=[channel], db=db, schedule=False)
    print(f"database {url.split(':')[0]}, {people} people, sending off")
    rates = [await measure(app, kind, people, poll_id) for kind in ("/help", "vote", "feedback")]
    await app.close(grace=0)
    ok = min(rates) >= TARGET or not url.startswith("sqlite")
    print(f"slowest {min(rates):.0f}/s; target on SQLite ≥ {TARGET:.0f}/s:", "met" if min(rates) >= TARGET else "NOT met")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    return 0 if asyncio.run(bench(args.people, args.database_url)) else 1


if __name__ == "__main__":
    sys.exit(main())
