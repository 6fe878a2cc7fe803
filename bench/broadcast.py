"""Broadcast throughput and durability: the real sender against a fake Bot API that enforces 30 msg/s.

Queues one announcement to N recipients through the broadcast engine, lets the real application
send it to a fake Telegram on 127.0.0.1 (a token bucket of 30 messages/s answering 429 with
retry_after beyond it), kills the application once mid-way, starts it again on the same
database, and prints recipients, messages/s sustained, the fraction of the limit, lost and
duplicated recipients.

    .venv/bin/python -m bench.broadcast [--recipients 10000] [--kill-at 0.5] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, insert, select

from bot.app import Application
from bot.messages import Reply
from bot.settings import load_settings
from handlers.broadcasts import start_broadcast
from storage import migrate
from storage.db import Database
from storage.models import Identity, OutboxMessage, Person
from tests.fakes.telegram_server import FakeTelegram

LIMIT = 30.0
FIRST_CHAT = 1_000_000


async def seed(db: Database, recipients: int) -> None:
    """Consenting people with one Telegram account each, and the broadcast to all of them."""
    now = datetime.now(UTC)
    async with db.transaction() as session:
        people = [{"consent_at": now, "language": "vi", "associations": [], "role": "member", "language_chosen": False,
                   "created_at": now, "updated_at": now} for _ in range(recipients)]
        for start in range(0, recipients, 1000):
            await session.execute(insert(Person), people[start : start + 1000])
        ids = list((await session.scalars(select(Person.id).order_by(Person.id))).all())
        identities = [{"person_id": pid, "channel": "telegram", "user_id": str(FIRST_CHAT + n),
                       "chat_id": str(FIRST_CHAT + n), "last_seen_at": now} for n, pid in enumerate(ids)]
        for start in range(0, recipients, 1000):
            await session.execute(insert(Identity), identities[start : start + 1000])
        await start_broadcast(
            session, kind="announcement", person_ids=ids, now=now,
            render=lambda language: Reply("📢 Thông báo: lịch đối thoại với trí thức tháng 12."),
        )


async def status_counts(db: Database) -> Counter[str]:
    async with db.transaction() as session:
        rows = await session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
        return Counter({status: n for status, n in rows})


async def run_until(app: Application, tg: FakeTelegram, done: int, deadline: float) -> None:
    """Let the app send until `done` messages reached the fake (or the deadline passed)."""
    while len(tg.sent) < done and time.monotonic() < deadline:
        await asyncio.sleep(0.05)


async def bench(recipients: int, kill_at: float, database_url: str | None) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="hienke-bench-"))
    url = database_url or f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    async with FakeTelegram(rate_limit=LIMIT) as tg:
        settings = load_settings(_env_file=None, telegram_bot_token=tg.token, telegram_api_base_url=tg.root,
                                 database_url=url, hienke_poll_timeout=1, hienke_secret_key="bench-only-secret-key-for-sealing-authors")
        db = Database.from_url(url)
        await migrate.upgrade(db.engine)
        await seed(db, recipients)
        await db.dispose()

        stamps: list[float] = []
        original = tg._deliver

        def stamped(*args, **kwargs):  # type: ignore[no-untyped-def]
            stamps.append(time.monotonic())
            return original(*args, **kwargs)

        tg._deliver = stamped  # type: ignore[method-assign]

        app = await Application.build(settings, schedule=False)
        await app.start()
        first_phase_start = time.monotonic()
        await run_until(app, tg, int(recipients * kill_at), first_phase_start + recipients / LIMIT * 3)
        await app.close(grace=0)  # the kill: in-flight sends are abandoned mid-way
        first_phase_end = time.monotonic()
        in_flight = (await status_counts(Database.from_url(url)))["sending"]

        app = await Application.build(settings, schedule=False)
        await app.start()
        second_phase_start = time.monotonic()
        deadline = second_phase_start + recipients / LIMIT * 3
        while time.monotonic() < deadline:
            counts = await status_counts(app.db)
            if counts["pending"] + counts["sending"] == 0:
                break
            await asyncio.sleep(0.2)
        second_phase_end = time.monotonic()
        counts = await status_counts(app.db)
        await app.close(grace=0)

    received = Counter(m.chat_id for m in tg.sent if m.chat_id >= FIRST_CHAT)
    lost = sum(1 for n in range(recipients) if received[FIRST_CHAT + n] == 0)
    duplicated = sum(n - 1 for n in received.values() if n > 1)
    sending_time = (first_phase_end - first_phase_start) + (second_phase_end - second_phase_start)
    rate = len(stamps) / sending_time
    per_second = Counter(int(s - stamps[0]) for s in stamps)
    full_seconds = [per_second[k] for k in sorted(per_second)[1:-1]]
    print(f"database                 {url.split(':')[0]}")
    print(f"recipients               {recipients}")
    print(f"delivered                {sum(received.values())} ({len(received)} distinct)")
    print(f"sending time             {sending_time:.1f} s (restart gap excluded)")
    print(f"messages/s sustained     {rate:.2f}")
    print(f"fraction of the 30/s     {rate / LIMIT:.1%}")
    if full_seconds:
        print(f"median messages/second   {statistics.median(full_seconds):.0f} (over {len(full_seconds)} whole seconds)")
    print(f"429 answers              {tg.too_many}")
    print(f"in flight at the kill    {in_flight}")
    print(f"lost                     {lost}")
    print(f"duplicated               {duplicated}")
    print(f"outbox                   {dict(counts)}")
    ok = lost == 0 and duplicated <= in_flight and rate / LIMIT >= 0.93
    print("target (≥93% of 30/s, 0 lost, duplicates ≤ in flight):", "met" if ok else "NOT met")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--kill-at", type=float, default=0.5, help="fraction delivered before the kill")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    return asyncio.run(bench(args.recipients, args.kill_at, args.database_url))


if __name__ == "__main__":
    sys.exit(main())
