"""Three `hienke serve` processes on one PostgreSQL under fire, two of them killed -9 and restarted.

A fake Bot API on 127.0.0.1 in strict mode (30 calls/s for the bot in any one-second window, one per second
per chat, 429 beyond either) receives everything the three processes send. The bench posts a burst of
numbered commands from many chats to the processes' webhooks in turn (a chat's next one after the last was
stored, to the next process, and to the one after that when a process is down, as a proxy would), while a
broadcast to thousands (started once the three are up, as an official would) goes out with its progress
message to an official and dialogue reminders fall due
every few seconds. At 30 % of the messages it kills -9 the process sending (the one holding the sender lease),
at 60 % the one sending then, and restarts each two seconds later (as systemd would). It prints updates
lost, chats answered out of order, duplicates (against the rows in flight at the kills), throughput as a
fraction of 30/s over the whole run, the 429s received, and scheduled jobs that ran twice.

    .venv/bin/python -m bench.cluster --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/bench \\
        [--chats 500 --per-chat 6 --recipients 5000 --reminders 8]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import re
import socket
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from sqlalchemy import func, select, text

from bench.seeding import BotProcess, fresh_database, telegram_people
from bot.messages import Reply
from handlers.broadcasts import start_broadcast
from storage.db import Database
from storage.models import Broadcast, Event, Lease, OutboxMessage, Rsvp
from tests.fakes.telegram_server import FakeTelegram

LIMIT = 30
RECIPIENT_BASE = 2_000_000
CHAT_BASE = 5_000_000
OFFICIAL = 4_000_000
ATTENDEES = 5
REMINDER_EVERY = timedelta(seconds=25)
ANNOUNCEMENT = "📢 Hội nghị trí thức toàn tỉnh sáng thứ Bảy tuần này."
SEQ = re.compile(r"/seq(\d+)\b")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def webhook_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/telegram/webhook"


@dataclass
class Run:
    in_flight: list[int] = field(default_factory=list)
    kill_times: list[float] = field(default_factory=list)
    stamps: list[tuple[float, int, str]] = field(default_factory=list)  # (when, chat, text) of each message the fake took


async def seed(db: Database, recipients: int, reminders: int, now: datetime) -> list[int]:
    """The recipients (Telegram, consenting) and dialogue events whose 24-hour reminders fall due one after
    another during the run; returns the recipients' ids."""
    async with db.transaction() as session:
        ids = await telegram_people(session, recipients, RECIPIENT_BASE, now)
        for k in range(reminders):
            starts = now + timedelta(hours=24) + REMINDER_EVERY * (k + 1)
            event = Event(title=f"Đối thoại số {k + 1}", starts_at=starts, rsvp_deadline=starts - timedelta(hours=2),
                          place="Hội trường tỉnh", audience={}, created_at=now)
            session.add(event)
            await session.flush()
            for pid in ids[k * ATTENDEES : (k + 1) * ATTENDEES]:
                session.add(Rsvp(event_id=event.id, person_id=pid, answer="attend", updated_at=now))
    return ids


async def announce(db: Database, ids: list[int]) -> None:
    """The broadcast to all of them, with its progress message to an official (as `/broadcast` starts it)."""
    async with db.transaction() as session:
        broadcast = await start_broadcast(session, kind="announcement", person_ids=ids, now=datetime.now(UTC),
                                          render=lambda language: Reply(ANNOUNCEMENT))
        broadcast.progress_channel, broadcast.progress_chat_id, broadcast.progress_language = "telegram", str(OFFICIAL), "vi"


async def wait_healthy(ports: list[int]) -> None:
    async with aiohttp.ClientSession() as session:
        for port in ports:
            for _ in range(300):
                try:
                    async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)


async def post_in_turn(urls: list[str], secret: str, updates: list[list[dict[str, object]]]) -> None:
    """Each chat's updates in order, each to the next process; a refused post goes to the next one."""
    gate = asyncio.Semaphore(48)
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret}

    async def chat(session: aiohttp.ClientSession, index: int, numbered: list[dict[str, object]]) -> None:
        for n, update in enumerate(numbered, start=1):
            attempt = index + n
            while True:
                try:
                    async with gate, session.post(urls[attempt % len(urls)], json=update, headers=headers) as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                attempt += 1
                await asyncio.sleep(0.05)

    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        await asyncio.gather(*(chat(session, index, numbered) for index, numbered in enumerate(updates)))


def post_from_child(urls: list[str], secret: str, updates: list[list[dict[str, object]]]) -> None:
    asyncio.run(post_in_turn(urls, secret, updates))


async def burst(ports: list[int], tg: FakeTelegram, secret: str, chats: int, per_chat: int) -> None:
    """Each chat's numbered commands, posted by a process of their own (as Telegram's servers would), so the
    fake Bot API in this process answers the bot as promptly as Telegram would."""
    updates = [[tg.message_update(CHAT_BASE + index, f"/seq{n}") for n in range(1, per_chat + 1)] for index in range(chats)]
    urls = [webhook_url(port) for port in ports]
    poster = multiprocessing.get_context("spawn").Process(target=post_from_child, args=(urls, secret, updates))
    poster.start()
    await asyncio.to_thread(poster.join)


async def sending_process(db: Database, processes: list[BotProcess]) -> BotProcess | None:
    """The process holding the sender lease now."""
    async with db.transaction() as session:
        holder = await session.scalar(select(Lease.holder).where(Lease.name == "sender"))
    pid = int(holder.split(":")[1]) if holder else None
    return next((p for p in processes if p.child is not None and p.child.pid == pid), None)


async def in_flight(db: Database) -> int:
    async with db.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "sending")) or 0)


async def kill_and_restart(db: Database, processes: list[BotProcess], run: Run, avoid: set[int]) -> BotProcess:
    """kill -9 the sending process (or another one if it was killed before), restart it two seconds later."""
    victim = await sending_process(db, processes)
    if victim is None or id(victim) in avoid:
        victim = next(p for p in processes if id(p) not in avoid)
    await victim.kill()
    run.kill_times.append(time.monotonic())
    run.in_flight.append(await in_flight(db))
    await asyncio.sleep(2)
    await victim.start()
    return victim


async def bench(url: str, chats: int, per_chat: int, recipients: int, reminders: int, timeout: float, timeline: bool) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="hienke-cluster-"))
    _, db = await fresh_database(url, workdir)
    now = datetime.now(UTC)
    ids = await seed(db, recipients, reminders, now)
    run = Run()
    async with FakeTelegram(strict=LIMIT) as tg:
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_", "HIENKE_", "DATABASE_URL"))}
        env = {**clean, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "DATABASE_URL": url,
               "TELEGRAM_BOT_TOKEN": tg.token, "TELEGRAM_API_BASE_URL": tg.root,
               "HIENKE_SECRET_KEY": "bench-only-secret-key-for-sealing-authors",
               "HIENKE_WEBHOOK_SECRET": "bench-webhook-secret"}
        original = tg._deliver

        def stamped(method: str, chat_id: int, *args: object, **kwargs: object) -> object:
            message = original(method, chat_id, *args, **kwargs)  # type: ignore[arg-type]
            run.stamps.append((time.monotonic(), chat_id, str(kwargs.get("text") or "")))
            return message

        tg._deliver = stamped  # type: ignore[method-assign, assignment]
        ports = [free_port() for _ in range(3)]
        processes = [BotProcess(("serve", "--port", str(port)), env, workdir) for port in ports]
        for process in processes:
            await process.start()
        await wait_healthy(ports)
        started = time.monotonic()
        await announce(db, ids)
        posting = asyncio.create_task(burst(ports, tg, "bench-webhook-secret", chats, per_chat))
        killed: set[int] = set()
        try:
            for mark in (0.3, 0.6):
                while len(tg.sent) < (chats * per_chat + recipients) * mark and time.monotonic() - started < timeout:
                    await asyncio.sleep(0.05)
                killed.add(id(await kill_and_restart(db, processes, run, killed)))
            await posting
            while time.monotonic() - started < timeout:
                async with db.transaction() as session:
                    busy = await session.scalar(text(
                        "SELECT (SELECT count(*) FROM inbox WHERE status = 'pending')"
                        " + (SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending'))"
                        " + (SELECT count(*) FROM broadcasts WHERE status = 'sending'"
                        "    OR (progress_chat_id IS NOT NULL AND NOT progress_final))"
                    ))
                if busy == 0 and tally(tg, chats, per_chat, recipients, reminders).lost == 0:
                    break
                await asyncio.sleep(0.5)
        finally:
            for process in processes:
                await process.stop()
        async with db.transaction() as session:
            runs = Counter((kind, ref) for kind, ref in await session.execute(
                select(Broadcast.kind, Broadcast.ref_id).where(Broadcast.kind == "reminder")))
        await db.dispose()
        report(tg, run, chats, per_chat, recipients, reminders, runs, timeline)
    return 0


@dataclass
class Tally:
    """What the fake received, against what was expected."""

    lost: int
    out_of_order: int
    duplicates: int
    progress_sent: int


def tally(tg: FakeTelegram, chats: int, per_chat: int, recipients: int, reminders: int) -> Tally:
    replies: dict[int, list[int]] = {}
    announcements: Counter[int] = Counter()
    reminded: Counter[int] = Counter()
    progress_sent = 0
    for message in list(tg.sent):
        chat, said = message.chat_id, message.text or ""
        if chat >= CHAT_BASE and (found := SEQ.search(said)):
            replies.setdefault(chat, []).append(int(found.group(1)))
        elif said == ANNOUNCEMENT:
            announcements[chat] += 1
        elif chat == OFFICIAL:
            progress_sent += 1
        elif "Đối thoại số" in said:
            reminded[chat] += 1
    expected_replies = {(CHAT_BASE + c, n) for c in range(chats) for n in range(1, per_chat + 1)}
    got_replies = {(chat, n) for chat, numbers in replies.items() for n in numbers}
    lost = len(expected_replies - got_replies) + (recipients - len(announcements)) + (reminders * ATTENDEES - len(reminded))
    out_of_order = sum(1 for numbers in replies.values() if list(dict.fromkeys(numbers)) != sorted(set(numbers)))
    duplicates = (sum(len(n) - len(set(n)) for n in replies.values()) + sum(c - 1 for c in announcements.values())
                  + sum(c - 1 for c in reminded.values()))
    return Tally(lost, out_of_order, duplicates, progress_sent)


def report(tg: FakeTelegram, run: Run, chats: int, per_chat: int, recipients: int, reminders: int, runs: Counter,  # type: ignore[type-arg]
           timeline: bool) -> None:
    found = tally(tg, chats, per_chat, recipients, reminders)
    lost, out_of_order, duplicates, progress_sent = found.lost, found.out_of_order, found.duplicates, found.progress_sent
    # the whole run: from the first message to the last reply or announcement (the reminders fall due on their own clock)
    main = [when for when, chat, said in run.stamps if chat >= CHAT_BASE or said == ANNOUNCEMENT]
    begin, end = run.stamps[0][0], max(main)
    calls = sum(1 for when, _, _ in run.stamps if when <= end) + sum(1 for e in tg.edits)  # edits: the progress message
    seconds = max(end - begin, 1e-9)
    twice = sum(n - 1 for n in runs.values()) + max(0, progress_sent - 1)
    refused = tg.limits.refused if tg.limits is not None else 0
    print(f"updates: {chats * per_chat} from {chats} chats; broadcast to {recipients}; {reminders} reminders to {ATTENDEES} each")
    print(f"updates lost:             {lost}")
    print(f"chats out of order:       {out_of_order}")
    print(f"duplicates:               {duplicates} (rows in flight at the kills: {' + '.join(map(str, run.in_flight))})")
    rate = calls / seconds
    print(f"throughput:               {calls} messages in {seconds:.1f} s = {rate:.2f}/s, {rate / LIMIT:.3f} of {LIMIT}/s")
    print(f"429s received:            {refused}")
    print(f"scheduled jobs run twice: {twice} (reminder broadcasts {sum(runs.values())} for {reminders} due, progress messages"
          f" sent {progress_sent}, edited {sum(1 for e in tg.edits if e.chat_id == OFFICIAL)})")
    if timeline:
        kills = ", ".join(f"{at - begin:.0f} s" for at in run.kill_times)
        print(f"each 5 s (kills at {kills}):")
        for what, chosen in (("messages", lambda chat, said: True), ("replies", lambda chat, said: chat >= CHAT_BASE),
                             ("announcements", lambda chat, said: said == ANNOUNCEMENT)):
            per_five = Counter(int((when - begin) // 5) for when, chat, said in run.stamps if when <= end and chosen(chat, said))
            print(f"  {what:14}", " ".join(f"{per_five[k]:3}" for k in range(int((end - begin) // 5) + 1)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database the bench may empty")
    parser.add_argument("--chats", type=int, default=500)
    parser.add_argument("--per-chat", type=int, default=6)
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--reminders", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--timeline", action="store_true", help="also print the messages of each five seconds")
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        parser.error("several processes need PostgreSQL")
    return asyncio.run(bench(args.database_url, args.chats, args.per_chat, args.recipients, args.reminders, args.timeout, args.timeline))


if __name__ == "__main__":
    sys.exit(main())
