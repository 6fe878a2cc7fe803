"""How long /mine and another person's /help take beside 30,000 anonymous submissions from others.

Seeds people and anonymous submissions sealed and tagged under a real keyring (3,000 authors, 10 each),
plus one person with 5 anonymous submissions of their own; then, through the real dispatcher (store,
handle, commit; sending is not timed), measures the median of: that person's /mine, another person's
/help, and a batch of three people's /mine and one /help handled together (what the /help waits for).
No target is asserted: figures only.

    .venv/bin/python -m bench.anonymity [--submissions 30000] [--runs 15] [--database-url URL] [--reset]

A PostgreSQL database must be empty, or `--reset` empties it (DROP SCHEMA public CASCADE).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from bot.app import Application
from bot.console import ConsoleChannel
from bot.settings import load_settings
from storage import migrate
from storage.db import Database
from storage.models import Identity, Person, Submission
from storage.sealing import Keys

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
CHUNK = 2000
PER_AUTHOR = 10
SECRET = "bench-only-secret-key-for-sealing-authors"


async def _insert(db: Database, model: Any, rows: list[dict[str, Any]]) -> None:
    async with db.transaction() as session:
        for start in range(0, len(rows), CHUNK):
            await session.execute(insert(model), rows[start : start + CHUNK])


def _submission(keys: Keys, person_id: int, index: int, n: int) -> dict[str, Any]:
    created = NOW - timedelta(minutes=n)
    return {
        "code": f"HK-B{n:06d}", "person_id": None, "author_seal": keys.seal(person_id),
        "author_tag": keys.tag("submission", person_id, index), "privacy": "anonymous", "topic": "health",
        "text": f"Ý kiến ẩn danh số {n}", "attachments": [], "status": "received", "created_at": created,
        "ack_due_at": created + timedelta(hours=8), "answer_due_at": created + timedelta(days=5),
    }


async def seed(db: Database, keys: Keys, submissions: int) -> list[str]:
    """People (with console accounts for the five who will write), and the anonymous submissions; the writers' user ids."""
    authors = max(1, submissions // PER_AUTHOR)
    writers = ["me", "other", "m1", "m2", "m3"]
    people = authors + len(writers)
    await _insert(db, Person, [
        {"role": "member", "language": "vi", "language_chosen": True, "associations": [], "consent_at": NOW,
         "consent_version": "1", "created_at": NOW, "updated_at": NOW}
        for _ in range(people)
    ])
    await _insert(db, Identity, [
        {"person_id": authors + 1 + n, "channel": "console", "user_id": user, "chat_id": user, "last_seen_at": NOW}
        for n, user in enumerate(writers)
    ])
    rows = [_submission(keys, 1 + n // PER_AUTHOR, n % PER_AUTHOR, n) for n in range(authors * PER_AUTHOR)]
    me = authors + 1
    rows += [_submission(keys, me, index, len(rows) + index) for index in range(5)]
    for person in range(authors + 3, authors + 6):  # m1..m3 have a few too
        rows += [_submission(keys, person, index, len(rows) + index) for index in range(3)]
    await _insert(db, Submission, rows)
    return writers


async def handle(app: Application, channels: dict[str, ConsoleChannel], lines: list[tuple[str, str]]) -> float:
    """Store and handle these (user, line) updates together; seconds until the last is committed."""
    start = time.perf_counter()
    await app.dispatcher.receive([channels[user].received(line) for user, line in lines])
    await app.dispatcher.process_pending()
    return time.perf_counter() - start


async def run(url: str, submissions: int, runs: int) -> None:
    settings = load_settings(_env_file=None, database_url=url, hienke_secret_key=SECRET)
    app = await Application.build(settings, channels=[ConsoleChannel("console", "me", lambda _: None, Path("."))], schedule=False)
    try:
        keys = app.dispatcher.sealer
        started = time.perf_counter()
        writers = await seed(app.db, keys, submissions)
        print(f"seeded {submissions:,} anonymous submissions from others in {time.perf_counter() - started:.1f} s")
        channels = {user: ConsoleChannel("console", user, lambda _: None, Path(".")) for user in writers}
        found = await handle(app, channels, [("me", "/mine")])  # warm up
        mine = [await handle(app, channels, [("me", "/mine")]) for _ in range(runs)]
        help_alone = [await handle(app, channels, [("other", "/help")]) for _ in range(runs)]
        together = [
            await handle(app, channels, [("m1", "/mine"), ("m2", "/mine"), ("m3", "/mine"), ("other", "/help")]) for _ in range(runs)
        ]
        async with app.db.transaction() as session:
            total = await session.scalar(text("SELECT count(*) FROM submissions WHERE author_tag IS NOT NULL"))
        print(f"anonymous submissions stored: {total:,} (first /mine {found * 1000:.1f} ms)")
        print(f"/mine of a person with 5 of them:      {statistics.median(mine) * 1000:7.1f} ms (median of {runs})")
        print(f"/help of another person:               {statistics.median(help_alone) * 1000:7.1f} ms")
        print(f"three /mine and one /help at once:     {statistics.median(together) * 1000:7.1f} ms (what the /help waits for)")
    finally:
        await app.close(grace=0)


async def reset(url: str) -> None:
    db = Database.from_url(url)
    async with db.engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await migrate.upgrade(db.engine)
    await db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.anonymity", description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=30000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file")
    parser.add_argument("--reset", action="store_true", help="empty the PostgreSQL database first")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}"
        if args.reset and url.startswith("postgresql"):
            asyncio.run(reset(url))
        print(f"database: {url.split('@')[-1]}")
        asyncio.run(run(url, args.submissions, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
