"""The Telegram webhook: stored before 200, the secret checked, 503 while the database is down."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from sqlalchemy import event, func, select

from bot.app import Application
from bot.settings import Settings
from storage.models import InboxUpdate, Person
from tests.conftest import Clock, Harness
from tests.fakes.telegram_server import FakeTelegram

USER = 601
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookClient:
    """Posts updates to the running app's webhook as Telegram would."""

    def __init__(self, app: Application, url: str, secret: str, tg: FakeTelegram) -> None:
        self.app, self.url, self.secret, self.tg = app, url, secret, tg
        self.session = aiohttp.ClientSession()

    async def post(self, update: dict[str, Any], secret: str | None = None) -> int:
        headers = {SECRET_HEADER: self.secret if secret is None else secret}
        async with self.session.post(f"{self.url}/telegram/webhook", json=update, headers=headers) as response:
            return response.status

    async def deliver(self, update: dict[str, Any]) -> list[str]:
        """Post, expect 200, wait until handled; the texts the bot sent or edited in answer."""
        sent, edits = len(self.tg.sent), len(self.tg.edits)
        assert await self.post(update) == 200
        for _ in range(400):
            if await Harness.idle(self.app.db):
                break
            await asyncio.sleep(0.02)
        return [m.text or "" for m in self.tg.sent[sent:]] + [e.text or "" for e in self.tg.edits[edits:]]


@pytest.fixture
async def webhook(settings: Settings, tg: FakeTelegram, clock: Clock) -> AsyncIterator[WebhookClient]:
    app = await Application.build(settings, clock=clock)
    runner = await app.serve("127.0.0.1", 0)
    port = runner.addresses[0][1]
    client = WebhookClient(app, f"http://127.0.0.1:{port}", settings.telegram_webhook_secret(), tg)
    try:
        yield client
    finally:
        await client.session.close()
        await runner.cleanup()
        await app.close(grace=0)


async def count(app: Application, model: type) -> int:
    async with app.db.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_profile_flow_through_the_webhook(webhook: WebhookClient, tg: FakeTelegram) -> None:
    texts = await webhook.deliver(tg.message_update(USER, "/start"))
    assert texts[0].startswith("Xin chào!")
    texts = await webhook.deliver(tg.callback_update(USER, "cs:yes", tg.sent_to(USER)[-1].message_id))
    assert "✓ Bạn đã đồng ý." in texts
    texts = await webhook.deliver(tg.callback_update(USER, "pf:begin", tg.sent_to(USER)[-1].message_id))
    assert texts == ["Họ và tên của bạn?"]
    texts = await webhook.deliver(tg.message_update(USER, "Giàng A Páo"))
    assert texts == ["Lĩnh vực chuyên môn của bạn?"]


async def test_wrong_secret_is_refused_and_nothing_stored(webhook: WebhookClient, tg: FakeTelegram) -> None:
    assert await webhook.post(tg.message_update(USER, "/start"), secret="wrong") == 403
    assert await webhook.post(tg.message_update(USER, "/start"), secret="") == 403
    assert await count(webhook.app, InboxUpdate) == 0
    assert tg.sent_to(USER) == []


async def test_redelivered_webhook_update_has_one_effect(webhook: WebhookClient, tg: FakeTelegram) -> None:
    update = tg.message_update(USER, "/start")
    for _ in range(3):
        await webhook.deliver(update)
    assert len(tg.sent_to(USER)) == 2
    assert await count(webhook.app, InboxUpdate) == 1


async def test_database_down_answers_503_and_the_retry_succeeds(webhook: WebhookClient, tg: FakeTelegram) -> None:
    engine = webhook.app.db.engine.sync_engine
    down = True

    def refuse(*_args: object) -> None:
        if down:
            raise ConnectionRefusedError("database is down")

    event.listen(engine, "do_connect", refuse)
    await webhook.app.db.engine.dispose()  # drop pooled connections: the next use must connect
    update = tg.message_update(USER, "/start")
    assert await webhook.post(update) == 503
    assert await webhook.post(update) == 503
    down = False
    assert await count(webhook.app, InboxUpdate) == 0  # nothing half-written
    texts = await webhook.deliver(update)
    assert texts[0].startswith("Xin chào!")
    assert await count(webhook.app, InboxUpdate) == 1
    assert await count(webhook.app, Person) == 1


async def test_healthz(webhook: WebhookClient) -> None:
    async with webhook.session.get(f"{webhook.url}/healthz") as response:
        assert response.status == 200
        assert await response.json() == {"status": "ok"}


async def test_bad_body_is_a_400(webhook: WebhookClient) -> None:
    headers = {SECRET_HEADER: webhook.secret}
    async with webhook.session.post(f"{webhook.url}/telegram/webhook", data=b"{not json", headers=headers) as response:
        assert response.status == 400
