"""SIGTERM during a broadcast: the real `hienke serve` stops claiming, finishes what it holds, gives its leases
up and exits 0 within 10 s; started again, it sends the rest: every recipient gets the announcement once."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from bot.settings import Settings
from storage.db import Database
from storage.models import Identity, OutboxMessage, Person
from tests.conftest import Clock, free_port
from tests.fakes.telegram_server import FakeTelegram
from tests.test_zalo_oa_tokens import broadcast, wait_until

RECIPIENTS = 150
TEXT = "📢 Hội nghị trí thức toàn tỉnh sáng thứ Bảy."


def environment(settings: Settings, tg: FakeTelegram) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_", "HIENKE_", "DATABASE_URL"))}
    return {
        **clean,
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
        "DATABASE_URL": settings.database_url,
        "TELEGRAM_BOT_TOKEN": tg.token,
        "TELEGRAM_API_BASE_URL": tg.root,
        "HIENKE_SECRET_KEY": settings.hienke_secret_key.get_secret_value() if settings.hienke_secret_key else "",
    }


async def serve(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve", "--port", str(free_port()), cwd=cwd, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )


async def telegram_people(db: Database, count: int, now: datetime, first: int = 3_000_000) -> list[int]:
    """Consenting people on Telegram."""
    users = [first + n for n in range(count)]
    async with db.transaction() as session:
        for user in users:
            person = Person(consent_at=now, associations=[], language="vi")
            session.add(Identity(person=person, channel="telegram", user_id=str(user), chat_id=str(user), last_seen_at=now))
    return users


async def test_sigterm_during_a_broadcast_exits_within_10_s_and_nothing_is_lost_or_repeated(
    settings: Settings, tg: FakeTelegram, database_url: str, clock: Clock, tmp_path: Path
) -> None:
    db = Database.from_url(database_url)
    users = await telegram_people(db, RECIPIENTS, clock())
    await broadcast(db, TEXT, clock())
    env = environment(settings, tg)

    def delivered() -> list[int]:
        return [m.chat_id for m in tg.sent if m.text == TEXT]

    first = await serve(env, tmp_path)
    try:
        await wait_until(lambda: len(delivered()) >= RECIPIENTS // 3, timeout=60)
    finally:
        first.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(first.wait(), timeout=10) == 0
    assert len(delivered()) < RECIPIENTS, "the broadcast finished before the stop; nothing was tested"
    async with db.transaction() as session:
        left_sending = await session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "sending"))
    assert left_sending == 0  # what it held, it finished

    second = await serve(env, tmp_path)
    try:
        await wait_until(lambda: len(delivered()) >= RECIPIENTS, timeout=90)
    finally:
        second.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(second.wait(), timeout=10) == 0
        await db.dispose()
    copies = Counter(delivered())
    assert set(copies) == set(users)  # nothing lost
    assert max(copies.values()) == 1  # nothing repeated
