"""The Zalo channel through the fake Zalo Bot API: polling, webhooks, splitting, files by URL, errors."""

from __future__ import annotations

import json

import aiohttp
from sqlalchemy import func, select

from bot.media import MediaStore
from bot.messages import Attachment, OutFile, Reply
from bot.settings import load_settings
from bot.zalo import ZaloChannel, to_received
from handlers.base import buttons
from storage import repo
from storage.db import Database
from storage.models import Identity, InboxUpdate, Media, OutboxMessage, Person
from tests.conftest import Clock, Harness, unreachable_database
from tests.test_conversations import option_number

USER = "zu-777"
PNG = b"\x89PNG\r\n\x1a\n fake chart"


async def count(h: Harness, model: type) -> int:
    assert h.app is not None
    async with h.app.db.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def queue_reply(h: Harness, reply: Reply, chat_id: str = USER, channel: str = "zalo") -> None:
    """Put a reply in the outbox for a Zalo (bot or OA) chat and let the real sender deliver it."""
    assert h.app is not None
    async with h.app.db.transaction() as session:
        payload = {"reply": reply.to_json(), "language": "vi"}
        repo.enqueue(session, channel=channel, chat_id=chat_id, person_id=None, payload=payload, now=h.clock())
    h.app.sender.wake()
    await h.settle()


def zalo_channel(h: Harness) -> ZaloChannel:
    assert h.app is not None
    channel = h.app.channels["zalo"]
    assert isinstance(channel, ZaloChannel)
    return channel


async def test_a_2500_character_reply_arrives_as_two_messages_with_the_menu_last(harness: Harness) -> None:
    text = "\n".join(f"{i:02d} " + "ý" * 46 for i in range(50))
    assert len(text) == 2499
    await queue_reply(harness, Reply(text, buttons([("Có", "y"), ("Không", "n")])))
    assert harness.zalo is not None
    first, second = harness.zalo.sent_to(USER)
    assert len(first.text or "") <= 2000 and len(second.text or "") <= 2000
    assert all(len(line) == 49 for line in (first.text or "").splitlines())  # cut at a line break
    assert (second.text or "").endswith("\n\n1. Có\n2. Không")
    assert f"{first.text}\n{(second.text or '').removesuffix(chr(10) * 2 + '1. Có' + chr(10) + '2. Không')}" == text


async def test_sticker_and_photo_messages_get_an_answer(harness: Harness) -> None:
    assert harness.zalo is not None
    texts = await harness.zpush(harness.zalo.sticker_update(USER))
    assert texts == ["Xin lỗi, tôi chưa xử lý được loại tin nhắn này. Xin gửi bằng chữ."]
    texts = await harness.zpush(harness.zalo.image_update(USER, "https://zalo.example/p.jpg", caption="/help"))
    assert texts == ["Tôi chưa hiểu ý bạn. Gõ /help để xem các lệnh."]  # a caption is never a command


async def test_restart_in_the_middle_of_a_zalo_flow(harness: Harness) -> None:
    await harness.zsay(USER, "/start")
    await harness.zsay(USER, option_number(harness, USER, "Đồng ý"))
    await harness.zsay(USER, option_number(harness, USER, "Khai ngay"))
    await harness.zsay(USER, "Lò Văn Minh")
    await harness.restart()
    texts = await harness.zsay(USER, option_number(harness, USER, "Nông – lâm nghiệp"))
    assert texts == ["Lĩnh vực: Nông – lâm nghiệp ✓", texts[1]] and texts[1].startswith("Trình độ cao nhất của bạn?")


async def test_quota_exceeded_pauses_zalo_and_loses_nothing(harness: Harness) -> None:
    assert harness.zalo is not None and harness.app is not None
    zalo_channel(harness).quota_pause = 0.3
    harness.zalo.fail_next("sendMessage", error_code=429)
    await harness.zsay(USER, "/start")
    sent = [m.text or "" for m in harness.zalo.sent_to(USER)]
    assert len(sent) == 2 and sent[0].startswith("Xin chào!") and sent[1].endswith("2. Không đồng ý")
    assert sum(1 for method, _ in harness.zalo.calls if method == "sendMessage") == 3
    assert harness.app.sender.pacers["zalo"].paused_until > 0
    assert harness.app.sender.pacers["telegram"].paused_until == 0


async def test_a_blocked_person_becomes_unreachable(harness: Harness) -> None:
    assert harness.zalo is not None and harness.app is not None
    await harness.zsay(USER, "/start")
    harness.zalo.blocked.add(USER)
    await harness.zsay(USER, "/help")
    async with harness.app.db.transaction() as session:
        identity = await session.scalar(select(Identity).where(Identity.user_id == USER))
        left = await session.scalar(select(OutboxMessage))
    assert identity is not None and identity.unreachable_at is not None
    assert left is None  # the failed message is not kept


async def test_a_photo_without_a_public_url_becomes_text(harness: Harness) -> None:
    await queue_reply(harness, Reply("Biểu đồ ý kiến tuần này", photo=OutFile("chart.png", PNG, "image/png")))
    assert harness.zalo is not None
    [message] = harness.zalo.sent_to(USER)
    assert message.method == "sendMessage"
    assert (message.text or "").startswith("Biểu đồ ý kiến tuần này\n\n📎 Không gửi được tệp chart.png")


async def test_serve_registers_both_webhooks(served: Harness) -> None:
    assert served.zalo is not None
    public = served.settings.hienke_public_url
    assert served.zalo.webhook == {"url": f"{public}/zalo/webhook", "secret_token": served.settings.webhook_secret("zalo")}
    assert served.tg.webhook is not None and served.tg.webhook["url"] == f"{public}/telegram/webhook"
    assert served.settings.webhook_secret("zalo") != served.settings.webhook_secret("telegram")


async def test_webhook_wrapped_or_flat_and_duplicates_have_one_effect(served: Harness) -> None:
    zalo = served.zalo
    assert zalo is not None
    update = zalo.text_update(USER, "/start")
    statuses = [await zalo.post_webhook(update), await zalo.post_webhook(update, wrapped=False), await zalo.post_webhook(update)]
    assert statuses == [200, 200, 200]
    await served.settle()
    assert len(zalo.sent_to(USER)) == 2
    assert await count(served, InboxUpdate) == 1 and await count(served, Person) == 1
    assert await zalo.post_webhook(zalo.text_update(USER, option_number(served, USER, "Đồng ý")), wrapped=False) == 200
    await served.settle()
    assert zalo.sent_to(USER)[2].text == "✓ Bạn đã đồng ý."


async def test_webhook_with_a_wrong_secret_is_refused(served: Harness) -> None:
    zalo = served.zalo
    assert zalo is not None
    assert await zalo.post_webhook(zalo.text_update(USER, "/start"), secret="wrong-secret") == 403
    assert await zalo.post_webhook(zalo.text_update(USER, "/start"), secret="") == 403
    assert await count(served, InboxUpdate) == 0


async def test_database_down_during_a_webhook_answers_503_and_the_retry_succeeds(served: Harness, database_url: str) -> None:
    zalo, app = served.zalo, served.app
    assert zalo is not None and app is not None
    dead = unreachable_database(database_url)
    update = zalo.text_update(USER, "/start")
    app.dispatcher.db = dead
    try:
        assert await zalo.post_webhook(update) == 503
    finally:
        app.dispatcher.db = app.db
        await dead.dispose()
    assert await count(served, InboxUpdate) == 0
    assert await zalo.post_webhook(update) == 200
    await served.settle()
    assert [m.text or "" for m in zalo.sent_to(USER)][0].startswith("Xin chào!")
    assert await count(served, InboxUpdate) == 1


async def test_the_telegram_webhook_shares_the_route(served: Harness) -> None:
    update = served.tg.message_update(501, "/start")
    headers = {"X-Telegram-Bot-Api-Secret-Token": served.settings.webhook_secret("telegram")}
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{served.settings.hienke_public_url}/telegram/webhook", json=update, headers=headers) as r:
            assert r.status == 200
        async with session.post(f"{served.settings.hienke_public_url}/telegram/webhook", json=update) as r:
            assert r.status == 403
    await served.settle()
    assert served.tg.sent_to(501)[0].text.startswith("Xin chào!")  # type: ignore[union-attr]


async def test_photos_go_by_an_expiring_url(served: Harness) -> None:
    await queue_reply(served, Reply("Biểu đồ", buttons([("Xem chi tiết", "x")]), photo=OutFile("chart.png", PNG, "image/png")))
    assert served.zalo is not None
    [photo] = served.zalo.sent_to(USER)
    assert photo.method == "sendPhoto" and photo.text == "Biểu đồ\n\n1. Xem chi tiết"
    assert photo.photo_bytes == PNG  # Zalo fetched it from our web app
    assert photo.photo_url is not None and photo.photo_url.startswith(f"{served.settings.hienke_public_url}/media/")
    async with aiohttp.ClientSession() as session:
        async with session.get(photo.photo_url) as response:
            assert response.status == 200 and response.headers["Content-Type"] == "image/png"
        async with session.get(f"{served.settings.hienke_public_url}/media/guessed-token") as response:
            assert response.status == 404
        served.clock.advance(hours=25)
        async with session.get(photo.photo_url) as response:
            assert response.status == 404


async def test_mydata_on_zalo_is_a_download_link(served: Harness) -> None:
    zalo = served.zalo
    assert zalo is not None
    for text in ("/start", "1", "/mydata"):
        assert await zalo.post_webhook(zalo.text_update(USER, text)) == 200
        await served.settle()
    note = (zalo.sent_to(USER)[-1].text or "").split("\n")
    assert note[0] == "Đây là toàn bộ dữ liệu chúng tôi lưu về bạn."
    url = note[2].split(": ", 1)[1]
    assert note[2].startswith("📎 hienke-mydata-") and note[3] == "(liên kết dùng được trong 24 giờ)"
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            assert response.status == 200
            assert response.headers["Content-Disposition"].startswith("attachment; filename*=UTF-8''hienke-mydata-")
            data = json.loads(await response.read())
    assert data["accounts"][0]["channel"] == "zalo" and data["accounts"][0]["user_id"] == USER


def test_updates_from_bots_or_without_ids_are_ignored() -> None:
    message = {"message_id": "m1", "from": {"id": "b", "is_bot": True}, "chat": {"id": "b"}, "text": "hi"}
    assert to_received({"event_name": "message.text.received", "message": message}) is None
    assert to_received({"event_name": "message.text.received", "message": {"text": "hi"}}) is None
    assert to_received({"message": "not a dict"}) is None
    person = {**message, "from": {"id": "u1", "display_name": "Hoa"}, "chat": {"id": "u1", "chat_type": "PRIVATE"}}
    received = to_received({"event_name": "message.text.received", "message": {**person, "text": "/link abcd-efgh"}})
    assert received is not None and received.external_id == "message.text.received:m1"
    assert (received.inbound.command, received.inbound.args, received.inbound.chat_id) == ("link", "abcd-efgh", "u1")


def test_the_zalo_webhook_secret_is_its_own() -> None:
    derived = load_settings(_env_file=None, telegram_bot_token="1:t", zalo_bot_token="z-token")
    assert derived.zalo_webhook_secret() != derived.telegram_webhook_secret()
    assert len(derived.zalo_webhook_secret()) == 48 and "z-token" not in derived.zalo_webhook_secret()
    configured = load_settings(_env_file=None, zalo_bot_token="z-token", hienke_zalo_webhook_secret="chosen-secret")
    assert configured.webhook_secret("zalo") == "chosen-secret"


async def test_the_same_image_to_many_is_stored_once(database_url: str, clock: Clock) -> None:
    db = Database.from_url(database_url)
    store = MediaStore(db, "http://127.0.0.1:1", clock)
    chart = OutFile("chart.png", b"\x89PNG same bytes", "image/png")
    urls = {await store.publish(chart) for _ in range(50)}
    other = await store.publish(OutFile("other.png", b"\x89PNG other", "image/png"))
    async with db.transaction() as session:
        stored = await session.scalar(select(func.count()).select_from(Media))
    await db.dispose()
    assert len(urls) == 1 and other not in urls and stored == 2


async def test_a_file_known_only_to_telegram_becomes_a_note_on_zalo(harness: Harness) -> None:
    telegram_file = Attachment("document", "BQACAgIAAxkBAAIB", "ke-hoach.pdf", "application/pdf")
    await queue_reply(harness, Reply("Tệp đính kèm của ý kiến HK-7F3K2.", file=telegram_file))
    assert harness.zalo is not None
    [sent] = harness.zalo.sent_to(USER)
    assert sent.method == "sendMessage" and sent.text is not None
    assert sent.text.startswith("Tệp đính kèm của ý kiến HK-7F3K2.\n\n") and "ke-hoach.pdf" in sent.text


async def test_a_typed_answer_is_never_taken_for_a_menu_digit(harness: Harness) -> None:
    await harness.zsay(USER, "/start")
    await harness.zsay(USER, option_number(harness, USER, "Đồng ý"))
    texts = await harness.zsay(USER, option_number(harness, USER, "Khai ngay"))
    assert texts == ["Họ và tên của bạn?\n\n[Bỏ qua]  [Dừng]"]
    texts = await harness.zsay(USER, "2")  # an answer, not "Dừng"
    assert texts[0].startswith("Lĩnh vực chuyên môn của bạn?\n\n1. Giáo dục")
    await harness.zsay(USER, "Y tế")
    await harness.zsay(USER, "Thạc sĩ")
    texts = await harness.zsay(USER, "bỏ qua")  # the words of a way out still work
    assert texts[0] == "Nơi công tác: (bỏ qua)" or texts[0].startswith("Bạn sống hoặc làm việc")
    async with harness.app.db.transaction() as session:  # type: ignore[union-attr]
        person = await session.scalar(select(Person))
    assert person is not None and (person.full_name, person.field, person.workplace) == ("2", "health", None)
