"""kill -9 during a broadcast on the Zalo OA: the real `hienke serve` process is killed mid-way and started
again on the same database; every follower gets the announcement, and only rows in flight can repeat."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from bot.settings import Settings
from storage.db import Database
from storage.models import OutboxMessage
from tests.conftest import Clock, free_port, with_oa
from tests.fakes.zalo_oa_server import FakeZaloOA
from tests.test_zalo_oa_tokens import broadcast, oa_followers, wait_until

FOLLOWERS = 120


def environment(settings: Settings, oa: FakeZaloOA) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_", "HIENKE_", "DATABASE_URL"))}
    assert settings.zalo_oa_refresh_token is not None
    return {
        **clean,
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
        "DATABASE_URL": settings.database_url,
        "ZALO_OA_APP_ID": oa.app_id,
        "ZALO_OA_SECRET_KEY": oa.secret_key,
        "ZALO_OA_REFRESH_TOKEN": settings.zalo_oa_refresh_token.get_secret_value(),
        "ZALO_OA_API_BASE_URL": oa.root,
        "ZALO_OA_OAUTH_BASE_URL": oa.root,
        "HIENKE_SECRET_KEY": "test-secret-key-for-sealing-anonymous-authors",
    }


async def serve(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve", "--port", str(free_port()), cwd=cwd, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )


async def test_kill_9_during_an_oa_broadcast_loses_nothing(
    settings: Settings, oa: FakeZaloOA, database_url: str, clock: Clock, tmp_path: Path
) -> None:
    db = Database.from_url(database_url)
    users = await oa_followers(db, oa, FOLLOWERS, clock())
    await broadcast(db, "📢 Lịch đối thoại với trí thức tháng 12.", clock())
    env = environment(with_oa(settings, oa), oa)

    def delivered() -> list[str]:
        return [m.user_id for m in oa.sent if (m.text or "").startswith("📢")]

    first = await serve(env, tmp_path)
    try:
        await wait_until(lambda: len(delivered()) >= FOLLOWERS // 3, timeout=60)
    finally:
        first.send_signal(signal.SIGKILL)
        await first.wait()
    async with db.transaction() as session:
        in_flight = int(await session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "sending")) or 0)
    assert len(delivered()) < FOLLOWERS, "the broadcast finished before the kill; nothing was tested"
    second = await serve(env, tmp_path)
    try:
        await wait_until(lambda: set(delivered()) == set(users), timeout=90)
    finally:
        second.send_signal(signal.SIGTERM)
        await second.wait()
        await db.dispose()
    copies = Counter(delivered())
    duplicates = sum(n - 1 for n in copies.values())
    assert set(copies) == set(users)  # 0 lost
    assert duplicates <= in_flight, (duplicates, in_flight)
    assert oa.reused == []  # the restart did not spend the seed again
