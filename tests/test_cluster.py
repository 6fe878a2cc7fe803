"""Several processes on one PostgreSQL database (three applications with engines of their own): one chat's
updates spread over them are handled in order, one of them sends, and a due reminder goes out once; a second
process on an SQLite file is refused."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.app import Application
from bot.settings import Settings, SettingsError
from tests.conftest import ADMIN_ID, POSTGRES_URL, Clock, Harness
from tests.fakes.telegram_server import FakeTelegram
from tests.flows import member, official, submit

on_postgresql = pytest.mark.skipif(POSTGRES_URL is None, reason="several processes share a PostgreSQL database, not an SQLite file")

CHATS = 24
NUMBERED = 10
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@pytest.fixture
async def three(settings: Settings, clock: Clock) -> AsyncIterator[list[tuple[Application, str]]]:
    """Three applications serving webhooks on one database, each with its own engine: (app, webhook URL)."""
    apps: list[tuple[Application, str]] = []
    try:
        for _ in range(3):
            app = await Application.build(settings, clock=clock)
            runner = await app.serve("127.0.0.1", 0)
            apps.append((app, f"http://127.0.0.1:{runner.addresses[0][1]}/telegram/webhook"))
        yield apps
    finally:
        for app, _ in apps:
            await app.close(grace=0)


async def wait_until_idle(apps: list[Application], done: object, timeout: float = 60.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not (callable(done) and done() and await Harness.idle(apps[0].db)):
        assert asyncio.get_running_loop().time() < deadline, "the processes did not settle"
        await asyncio.sleep(0.05)


@on_postgresql
async def test_one_chats_updates_spread_over_three_processes_are_handled_in_order(
    three: list[tuple[Application, str]], tg: FakeTelegram, settings: Settings
) -> None:
    users = [7100 + n for n in range(CHATS)]
    headers = {SECRET_HEADER: settings.telegram_webhook_secret()}

    async def chat(session: aiohttp.ClientSession, index: int, user: int) -> None:
        """The chat's numbered commands, each posted (and stored) before the next, to the processes in turn."""
        for n in range(1, NUMBERED + 1):
            _, url = three[(index + n) % 3]
            async with session.post(url, json=tg.message_update(user, f"/seq{n}"), headers=headers) as response:
                assert response.status == 200

    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(chat(session, index, user) for index, user in enumerate(users)))
    await wait_until_idle([app for app, _ in three], lambda: len(tg.sent) >= CHATS * NUMBERED)

    for user in users:
        numbers = [int(m.group(1)) for s in tg.sent_to(user) if (m := re.search(r"/seq(\d+)", s.text or ""))]
        assert numbers == list(range(1, NUMBERED + 1)), (user, numbers)
    assert sum(app.leases is not None and app.leases.holds("sender") for app, _ in three) == 1


@on_postgresql
async def test_a_due_reminder_is_sent_once_by_three_processes(harness: Harness, settings: Settings, clock: Clock) -> None:
    await member(harness, 8642013579)
    await official(harness, 8642024680)
    code = await submit(harness, 8642013579, "Trường mầm non cần sửa mái.", "anonymous", "Giáo dục")
    others = [await Application.build(settings, clock=clock, schedule=False) for _ in range(2)]
    try:
        assert harness.app is not None
        clock.advance(days=1, hours=1)  # Tuesday 10:00: it missed its 8 working hours
        for _ in range(3):  # the three processes' ticks, at once, three times over
            await asyncio.gather(*(app.scheduler.run_due() for app in [harness.app, *others]))
        await harness.settle(timeout=15)
    finally:
        for app in others:
            await app.close(grace=0)
    reminders = [m.text or "" for m in harness.tg.sent_to(ADMIN_ID) if (m.text or "").startswith("Nhắc việc:")]
    assert len(reminders) == 1 and code in reminders[0]


@pytest.mark.skipif(POSTGRES_URL is not None, reason="the SQLite guard")
async def test_a_second_process_on_an_sqlite_file_is_refused_with_one_line(settings: Settings, clock: Clock) -> None:
    first = await Application.build(settings, clock=clock)
    try:
        with pytest.raises(SettingsError, match=r"^Another hienke process is using the SQLite database .*hienke\.db: one process"):
            await Application.build(settings, clock=clock)
    finally:
        await first.close(grace=0)
    second = await Application.build(settings, clock=clock)  # once the first has stopped, the file is free
    await second.close(grace=0)
