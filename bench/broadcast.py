"""Sending at Telegram's limit against a fake Bot API that enforces it exactly, with the real `hienke run`.

The fake (tests/fakes/telegram_server.py, strict mode) runs in this process and answers 429 with
retry_after 1 past 30 messages in any one-second window for the bot or past one message a second in a
chat, edits included. The bot is `hienke run` in a child process, on a fresh database.

    .venv/bin/python -m bench.broadcast broadcast [--recipients 10000] [--kill-at 0.5]   # killed -9 once
    .venv/bin/python -m bench.broadcast burst [--people 1000]     # new people send /help at once
    .venv/bin/python -m bench.broadcast flood [--flood 500]       # one chat floods, others' latency
    (each takes --database-url URL; the default is a fresh SQLite file)

Prints recipients, delivered, lost, duplicated, messages/s as a fraction of 30/s and the 429s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from bench.seeding import BotProcess, fresh_database, telegram_people
from bot.messages import Reply
from handlers.broadcasts import start_broadcast
from storage.db import Database
from storage.models import OutboxMessage
from tests.fakes.telegram_server import FakeTelegram

LIMIT = 30
FIRST_CHAT = 1_000_000


async def seed(db: Database, recipients: int) -> None:
    """Consenting people with one Telegram account each, and the broadcast to all of them."""
    now = datetime.now(UTC)
    async with db.transaction() as session:
        ids = await telegram_people(session, recipients, FIRST_CHAT, now)
        await start_broadcast(
            session, kind="announcement", person_ids=ids, now=now,
            render=lambda language: Reply("📢 Thông báo: lịch đối thoại với trí thức tháng 12."),
        )


async def unsent(db: Database) -> Counter[str]:
    async with db.transaction() as session:
        rows = await session.execute(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.status.in_(("pending", "sending")))
            .group_by(OutboxMessage.status)
        )
        return Counter({status: n for status, n in rows})


def polling_bot(tg: FakeTelegram, url: str, workdir: Path) -> BotProcess:
    """`hienke run` polling the fake, on the given database."""
    env = {
        **os.environ, "TELEGRAM_BOT_TOKEN": tg.token, "TELEGRAM_API_BASE_URL": tg.root, "DATABASE_URL": url,
        "HIENKE_SECRET_KEY": "bench-only-secret-key-for-sealing-authors", "HIENKE_POLL_TIMEOUT": "1",
    }
    return BotProcess(("run",), env, workdir)


class Stamps:
    """When each accepted message reached the fake."""

    def __init__(self, tg: FakeTelegram) -> None:
        self.times: list[float] = []
        self.first_in_chat: dict[int, float] = {}
        original = tg._deliver

        def stamped(method, chat_id, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.times.append(time.monotonic())
            self.first_in_chat.setdefault(chat_id, self.times[-1])
            return original(method, chat_id, *args, **kwargs)

        tg._deliver = stamped  # type: ignore[method-assign]

    def rate(self, phases: list[tuple[int, int]]) -> float:
        """Messages a second over the given phases (index ranges), each from its first message to its last."""
        messages = sum(end - start - 1 for start, end in phases if end - start > 1)
        seconds = sum(self.times[end - 1] - self.times[start] for start, end in phases if end - start > 1)
        return messages / seconds if seconds else 0.0

    def median_per_whole_second(self, start: int, end: int) -> float:
        stamps = self.times[start:end]
        per_second = Counter(int(s - stamps[0]) for s in stamps)
        whole = [per_second[k] for k in sorted(per_second)[1:-1]]
        return statistics.median(whole) if whole else 0.0


async def wait_until(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


def refused(tg: FakeTelegram) -> int:
    assert tg.limits is not None
    return tg.limits.refused


async def broadcast(recipients: int, kill_at: float, database_url: str | None) -> bool:
    workdir = Path(tempfile.mkdtemp(prefix="hienke-bench-"))
    async with FakeTelegram(strict=LIMIT) as tg:
        url, db = await fresh_database(database_url, workdir)
        await seed(db, recipients)
        stamps = Stamps(tg)
        bot = polling_bot(tg, url, workdir)

        await bot.start()
        await wait_until(lambda: len(tg.sent) >= recipients * kill_at, recipients / LIMIT * 3)
        await bot.kill()
        first = (0, len(stamps.times))
        in_flight = (await unsent(db))["sending"]

        await bot.start()
        deadline = time.monotonic() + recipients / LIMIT * 3
        while time.monotonic() < deadline and (await unsent(db)).total():
            await asyncio.sleep(0.5)
        await bot.stop()
        second = (first[1], len(stamps.times))
        left = await unsent(db)
        await db.dispose()

    received = Counter(m.chat_id for m in tg.sent if m.chat_id >= FIRST_CHAT)
    lost = sum(1 for n in range(recipients) if received[FIRST_CHAT + n] == 0)
    duplicated = sum(n - 1 for n in received.values() if n > 1)
    rate = stamps.rate([first, second])
    print(f"database                 {url.split(':')[0]}")
    print(f"recipients               {recipients}")
    print(f"delivered                {sum(received.values())} ({len(received)} distinct)")
    print(f"messages/s               {rate:.2f} (median {stamps.median_per_whole_second(*second):.0f} a whole second)")
    print(f"fraction of the 30/s     {rate / LIMIT:.3f}")
    print(f"429 answers              {refused(tg)}")
    print(f"in flight at the kill    {in_flight}")
    print(f"lost                     {lost}")
    print(f"duplicated               {duplicated}")
    print(f"left unsent              {dict(left)}")
    ok = lost == 0 and duplicated <= in_flight and rate / LIMIT >= 0.97 and refused(tg) == 0
    print("target (≥ 0.97 of 30/s, 0 × 429, 0 lost, duplicates ≤ in flight):", "met" if ok else "NOT met")
    return ok


async def started_on_a_new_database(tg: FakeTelegram, database_url: str | None) -> tuple[str, Stamps, BotProcess]:
    """`hienke run` started and polling on an empty database, each message the fake takes stamped."""
    workdir = Path(tempfile.mkdtemp(prefix="hienke-bench-"))
    url, db = await fresh_database(database_url, workdir)
    await db.dispose()
    stamps = Stamps(tg)
    bot = polling_bot(tg, url, workdir)
    await bot.start()
    await asyncio.sleep(3)  # started and polling
    return url, stamps, bot


async def burst(people: int, database_url: str | None) -> bool:
    """`people` new people send /help at the same moment; every one must be answered."""
    async with FakeTelegram(strict=LIMIT) as tg:
        url, stamps, bot = await started_on_a_new_database(tg, database_url)
        for n in range(people):
            tg.send_text(FIRST_CHAT + n, "/help")
        answered = await wait_until(lambda: len({m.chat_id for m in tg.sent}) >= people, people / LIMIT * 3)
        await bot.stop()
    rate = stamps.rate([(0, len(stamps.times))])
    print(f"database                 {url.split(':')[0]}")
    print(f"new people               {people}")
    print(f"answered                 {len({m.chat_id for m in tg.sent})}")
    print(f"replies/s                {rate:.2f} (median {stamps.median_per_whole_second(0, len(stamps.times)):.0f} a whole second)")
    print(f"fraction of the 30/s     {rate / LIMIT:.3f}")
    print(f"429 answers              {refused(tg)}")
    ok = answered and rate / LIMIT >= 0.95 and refused(tg) == 0
    print("target (all answered, ≥ 0.95 of 30/s, 0 × 429):", "met" if ok else "NOT met")
    return ok


async def flood(messages: int, others: int, database_url: str | None) -> bool:
    """One chat sends `messages` /help at once; meanwhile `others` people each send /help, a quarter second
    apart; their latency (pushed to the fake → reply accepted by the fake) is what one flood must not spoil."""
    async with FakeTelegram(strict=LIMIT) as tg:
        url, stamps, bot = await started_on_a_new_database(tg, database_url)
        for _ in range(messages):
            tg.send_text(FIRST_CHAT, "/help")
        asked: dict[int, float] = {}
        for n in range(1, others + 1):
            asked[FIRST_CHAT + n] = time.monotonic()
            tg.send_text(FIRST_CHAT + n, "/help")
            await asyncio.sleep(0.25)
        await wait_until(lambda: all(chat in stamps.first_in_chat for chat in asked), 60)
        await bot.stop()
    latencies = sorted(stamps.first_in_chat[chat] - at for chat, at in asked.items() if chat in stamps.first_in_chat)
    p95 = latencies[max(0, round(len(latencies) * 0.95) - 1)] if latencies else float("inf")
    print(f"database                 {url.split(':')[0]}")
    print(f"flood                    {messages} × /help from one chat; {len(tg.sent_to(FIRST_CHAT))} messages sent to it")
    print(f"others answered          {len(latencies)}/{others}")
    if latencies:
        print(f"their latency            median {statistics.median(latencies):.2f} s, p95 {p95:.2f} s")
    print(f"429 answers              {refused(tg)}")
    ok = len(latencies) == others and p95 < 2.0 and refused(tg) == 0
    print("target (everyone else answered, p95 < 2 s, 0 × 429):", "met" if ok else "NOT met")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=("broadcast", "burst", "flood"))
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--kill-at", type=float, default=0.5, help="fraction delivered before the kill")
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--flood", type=int, default=500)
    parser.add_argument("--others", type=int, default=40)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    if args.scenario == "broadcast":
        ok = asyncio.run(broadcast(args.recipients, args.kill_at, args.database_url))
    elif args.scenario == "burst":
        ok = asyncio.run(burst(args.people, args.database_url))
    else:
        ok = asyncio.run(flood(args.flood, args.others, args.database_url))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
