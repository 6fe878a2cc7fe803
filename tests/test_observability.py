"""/metrics for Prometheus (the shared queues read from the database, this process's counters) and /readyz
that tells when the schema needs `hienke db upgrade`."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest
from sqlalchemy import text

from bot import metrics
from bot.app import Application
from bot.settings import Settings
from storage.db import Database
from storage.models import InboxUpdate, OutboxMessage
from tests.conftest import Clock
from tests.fakes.telegram_server import FakeTelegram


@pytest.fixture
async def served(settings: Settings, clock: Clock) -> AsyncIterator[tuple[Application, str]]:
    """`hienke serve` on a free port: the app and its address."""
    app = await Application.build(settings, clock=clock)
    runner = await app.serve("127.0.0.1", 0)
    try:
        yield app, f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await app.close(grace=0)


async def get(served: tuple[Application, str], path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(f"{served[1]}{path}") as response:
        return response.status, await response.text()


def value(body: str, name: str) -> float:
    found = re.search(rf"^{re.escape(name)} ([0-9.e+-]+)$", body, re.MULTILINE)
    assert found is not None, f"{name} not in /metrics"
    return float(found.group(1))


async def test_metrics_show_the_queues_and_the_counters(served: tuple[Application, str], tg: FakeTelegram, settings: Settings) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": settings.telegram_webhook_secret()}
    async with aiohttp.ClientSession() as session:
        await session.post(f"{served[1]}/telegram/webhook", json=tg.message_update(5301, "/start"), headers=headers)
    await tg.wait_sent(5301, 2)
    status, body = await get(served, "/metrics")
    assert status == 200
    assert value(body, "hienke_inbox_pending") == 0 and value(body, "hienke_inbox_oldest_pending_seconds") == 0
    assert value(body, 'hienke_messages_sent_total{channel="telegram"}') >= 2  # welcome, consent
    assert value(body, 'hienke_lease_held{lease="sender"}') == 1
    assert value(body, "hienke_broadcasts_in_progress") == 0
    for name in ("hienke_messages_failed_total", "hienke_rate_limited_total", "hienke_forbidden_total",
                 "hienke_handler_failures_total", "hienke_outbox_depth", "hienke_job_runs_total"):
        assert f"# TYPE {name.removesuffix('_total')}" in body



async def test_metrics_show_the_age_of_the_oldest_update_waiting(database_url: str, clock: Clock) -> None:
    db = Database.from_url(database_url)
    try:
        async with db.transaction() as session:
            session.add(InboxUpdate(channel="telegram", external_id="1", chat_key="telegram:1", payload={},
                                    received_at=clock() - timedelta(seconds=90)))
            session.add(OutboxMessage(channel="zalo", chat_id="2", payload={}, priority=1, created_at=clock()))
        await metrics.read_queues(db, clock())
    finally:
        await db.dispose()
    body = metrics.exposition()[0].decode()
    assert value(body, "hienke_inbox_pending") == 1 and value(body, "hienke_inbox_oldest_pending_seconds") == 90
    assert value(body, 'hienke_outbox_depth{channel="zalo",priority="bulk"}') == 1


async def test_readyz_asks_for_hienke_db_upgrade_when_the_schema_is_behind(served: tuple[Application, str]) -> None:
    db = served[0].db
    assert (await get(served, "/readyz"))[0] == 200
    async with db.transaction() as session:
        head = await session.scalar(text("SELECT version_num FROM alembic_version"))
        await session.execute(text("UPDATE alembic_version SET version_num = '0013'"))
    status, body = await get(served, "/readyz")
    assert status == 503 and f"database schema at 0013, this version needs {head}: run `hienke db upgrade`" in body
    async with db.transaction() as session:  # a newer version upgraded it during a rolling upgrade
        await session.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    assert (await get(served, "/readyz"))[0] == 200
    async with db.transaction() as session:
        await session.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
