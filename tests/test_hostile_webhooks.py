"""Every webhook (Telegram, Zalo, Zalo OA) answers 400 to a body that is not a valid update of its messenger,
even correctly authenticated, and never 500: not JSON, JSON nested thousands deep, not an object, wrong types
where an update's fields go, ids too long for their columns. Nothing is stored, and the next update works."""

from __future__ import annotations

import copy
import json
from typing import Any

import aiohttp
from sqlalchemy import func, select

from bot.app import Application
from bot.messages import Attachment, Inbound, Received, well_formed
from storage.models import InboxUpdate
from tests.conftest import Harness
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.zalo_server import SECRET_HEADER as ZALO_SECRET_HEADER
from tests.test_webhook import SECRET_HEADER, WebhookClient, webhook  # noqa: F401  (the fixture)

USER = 1203
DEEP = b'{"update_id": 1, "message": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001


NOT_AN_UPDATE = [b"{not json", b"\xff\xfe", b"[]", b'"x"', b"null", b"1e999999", DEEP, b'{"a": [' * 50_000]


def mangled(update: dict[str, Any]) -> list[bytes]:
    """Bodies that are no update at all, then a valid update with, in turn, each of its parts replaced by something of
    the wrong type or size (where a messenger does not read that part, what remains may be a valid update)."""
    bodies = list(NOT_AN_UPDATE)
    for path, value in [
        (("message",), "x"),
        (("message",), []),
        (("message", "chat"), 7),
        (("message", "chat", "id"), {"x": 1}),
        (("message", "chat", "id"), "9" * 200),
        (("message", "chat", "id"), "a\x00b"),
        (("message", "from", "id"), [1]),
        (("message", "text"), 5),
        (("message", "text"), {"t": "x"}),
        (("message", "date"), "yesterday"),
        (("message", "entities"), "x"),
        (("message", "message_id"), "🙂"),
        (("update_id",), "9" * 500),
        (("message", "attachments"), "x"),
        (("message", "attachments"), [{"type": "file", "payload": {"url": ["x"], "size": "²"}}]),
        (("message", "msg_id"), {"x": 1}),
        (("sender", "id"), {"x": 1}),
        (("event_name",), ["user_send_text"]),
        (("timestamp",), {"x": 1}),
    ]:
        broken = copy.deepcopy(update)
        target = broken
        for key in path[:-1]:
            target = target.setdefault(key, {})
        target[path[-1]] = value
        bodies.append(json.dumps(broken).encode())
    return bodies


async def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    async with aiohttp.ClientSession() as session:
        async with session.post(url, data=body, headers={"Content-Type": "application/json", **headers}) as response:
            return response.status


async def test_telegram_webhook_answers_400_to_anything_but_an_update(webhook: WebhookClient, tg: FakeTelegram) -> None:  # noqa: F811
    url, headers = f"{webhook.url}/telegram/webhook", {SECRET_HEADER: webhook.secret}
    for body in mangled(tg.message_update(USER, "/start")):
        status = await post(url, body, headers)
        assert status == 400 or (status == 200 and body not in NOT_AN_UPDATE), (status, body[:200])
    assert (await webhook.deliver(tg.message_update(USER, "/start")))[-1].startswith("Về dữ liệu cá nhân")
    assert await failed(webhook.app) == 0


async def test_zalo_webhook_answers_400_to_anything_but_an_update(served: Harness) -> None:
    zalo = served.zalo
    assert zalo is not None and zalo.webhook is not None
    headers = {ZALO_SECRET_HEADER: zalo.webhook["secret_token"]}
    update = zalo.text_update("zu-1203", "/start")
    for body in mangled({"ok": True, "result": update}) + mangled(update):
        status = await post(zalo.webhook["url"], body, headers)
        assert status == 400 or (status == 200 and body not in NOT_AN_UPDATE), (status, body[:200])
    await served.settle()
    assert await failed_rows(served) == 0
    assert await zalo.post_webhook(update) == 200


async def test_zalo_oa_webhook_answers_400_to_a_signed_body_that_is_not_an_event(oa_harness: Harness) -> None:
    oa = oa_harness.oa
    assert oa is not None and oa.webhook_url is not None
    event = oa.text_event("oa-1203", "/start")
    for body in [*mangled(event), json.dumps({**event, "sender": {"id": "1" * 100}}).encode()]:
        headers = {"X-ZEvent-Signature": oa.sign(body, "1700000000000"), "timestamp": "1700000000000"}
        status = await post(oa.webhook_url, body, headers)
        assert status == 400 or (status == 200 and body not in NOT_AN_UPDATE), (status, body[:200])
        assert await post(oa.webhook_url, body, {}) == 403  # unsigned: refused before it is read
    await oa_harness.settle()
    assert await failed_rows(oa_harness) == 0
    assert await oa.post_event(oa.text_event("oa-1203", "/start")) == 200


async def failed_rows(h: Harness) -> int:
    assert h.app is not None
    return await failed(h.app)


async def failed(app: Application) -> int:
    async with app.db.transaction() as session:
        return int(await session.scalar(select(func.count()).where(InboxUpdate.status == "failed")) or 0)


def test_well_formed_updates() -> None:
    good = Received("1:2:3", Inbound("telegram", "-1001", "42", "3", text="hi", attachments=(Attachment("photo", "f"),)))
    assert well_formed(good)
    for bad in [
        Received("1" * 200, good.inbound),
        Received("1", Inbound("telegram", "a b", "42")),
        Received("1", Inbound("telegram", "", "42")),
        Received("1", Inbound("telegram", "1", "4" * 65)),
        Received("1", Inbound("telegram", "1", "2", text=5)),  # type: ignore[arg-type]
        Received("1", Inbound("telegram", "1", "2", attachments=(Attachment("document", "f", size=-1),))),
        Received("1", Inbound("telegram", "1", "2", message_id="\x00")),
    ]:
        assert not well_formed(bad), bad
