"""The Zalo OA webhook: signed events stored before the 200, redeliveries with one effect, 503 while the
database is down; follow, unfollow, photos, files, stickers and locations; files sent by upload or link."""

from __future__ import annotations

import hashlib
import json

import aiohttp
from sqlalchemy import select

from bot.messages import OutFile, Reply
from bot.zalo_oa import classify, to_received
from storage.models import Identity, InboxUpdate, Person, Submission
from tests.conftest import Harness, unreachable_database
from tests.test_zalo import count, queue_reply
from tests.test_zalo_oa_conversations import OA_USER, oa_member

PNG = b"\x89PNG\r\n\x1a\n chart"


async def queue(h: Harness, reply: Reply) -> None:
    await queue_reply(h, reply, OA_USER, channel="zalo_oa")


async def test_a_wrong_or_missing_signature_is_refused_and_nothing_is_stored(oa_harness: Harness) -> None:
    oa = oa_harness.oa
    assert oa is not None
    event = oa.text_event(OA_USER, "/start")
    body = json.dumps(event).encode()
    forged = "mac=" + "0" * 64
    other_key = "mac=" + hashlib.sha256(oa.app_id.encode() + body + event["timestamp"].encode() + b"guess").hexdigest()
    assert await oa.post_event(event, signature=forged) == 403
    assert await oa.post_event(event, signature="") == 403
    assert await oa.post_event(event, signature=other_key) == 403
    tampered = {**event, "message": {**event["message"], "text": "/forget"}}
    assert await oa.post_event(tampered, signature=oa.sign(body, event["timestamp"])) == 403  # a signature of another body
    await oa_harness.settle()
    assert await count(oa_harness, InboxUpdate) == 0 and oa.sent == []


async def test_a_redelivered_event_has_one_effect(oa_harness: Harness) -> None:
    oa = oa_harness.oa
    assert oa is not None
    event = oa.text_event(OA_USER, "/start")
    assert [await oa.post_event(event) for _ in range(3)] == [200, 200, 200]
    await oa_harness.settle()
    assert await count(oa_harness, InboxUpdate) == 1 and await count(oa_harness, Person) == 1
    assert len(oa.sent_to(OA_USER)) == 2  # the greeting and the consent question, once


async def test_database_down_answers_503_and_the_redelivery_is_stored(oa_harness: Harness, database_url: str) -> None:
    h, oa = oa_harness, oa_harness.oa
    assert h.app is not None and oa is not None
    dead = unreachable_database(database_url)
    event = oa.text_event(OA_USER, "/start")
    h.app.dispatcher.db = dead
    try:
        assert await oa.post_event(event) == 503
    finally:
        h.app.dispatcher.db = h.app.db
        await dead.dispose()
    assert await count(h, InboxUpdate) == 0
    texts = await h.opush(event, OA_USER)
    assert texts[0].startswith("Xin chào!")


async def test_follow_greets_and_asks_consent_unfollow_makes_unreachable(oa_harness: Harness) -> None:
    h, oa = oa_harness, oa_harness.oa
    assert oa is not None and h.app is not None
    texts = await h.opush(oa.event(OA_USER, "follow"), OA_USER)
    assert texts[0].startswith("Xin chào! Đây là Hiến kế") and "Nghị định 13/2023/NĐ-CP" in texts[1]
    assert [title for title, _ in oa.sent_to(OA_USER)[-1].buttons] == ["Đồng ý", "Không đồng ý"]
    await h.opress(OA_USER, "Đồng ý")
    assert await h.opush(oa.event(OA_USER, "unfollow"), OA_USER) == []
    async with h.app.db.transaction() as session:
        identity = await session.scalar(select(Identity).where(Identity.channel == "zalo_oa"))
    assert identity is not None and identity.unreachable_at is not None
    await h.opush(oa.event(OA_USER, "follow"), OA_USER)  # back again: reachable
    async with h.app.db.transaction() as session:
        identity = await session.scalar(select(Identity).where(Identity.channel == "zalo_oa"))
    assert identity is not None and identity.unreachable_at is None


async def test_stickers_and_locations_get_a_polite_answer(oa_harness: Harness) -> None:
    h, oa = oa_harness, oa_harness.oa
    assert oa is not None
    await oa_member(h)
    for event in (oa.sticker_event(OA_USER), oa.location_event(OA_USER)):
        assert await h.opush(event, OA_USER) == ["Xin lỗi, tôi chưa xử lý được loại tin nhắn này. Xin gửi bằng chữ."]


async def test_a_photo_and_a_file_come_with_feedback(oa_harness: Harness) -> None:
    h, oa = oa_harness, oa_harness.oa
    assert oa is not None and h.app is not None
    await oa_member(h)
    await h.osay(OA_USER, "/feedback")
    await h.opress(OA_USER, "Hạ tầng")
    await h.opush(oa.image_event(OA_USER, "https://zalo.example/road.jpg", caption="Đường vào bản Mù Cả sạt lở sau mưa."), OA_USER)
    await h.opush(oa.file_event(OA_USER, "https://zalo.example/bien-ban.pdf", "bien-ban.pdf", 52_000), OA_USER)
    await h.opress(OA_USER, "Ghi tên")
    await h.opress(OA_USER, "Gửi")
    async with h.app.db.transaction() as session:
        submission = await session.scalar(select(Submission))
    assert submission is not None and submission.text.startswith("Đường vào bản Mù Cả")
    assert [(a["kind"], a.get("file_name")) for a in submission.attachments] == [("photo", None), ("document", "bien-ban.pdf")]


async def test_images_and_documents_are_uploaded_other_files_go_by_link(oa_harness: Harness) -> None:
    h, oa = oa_harness, oa_harness.oa
    assert oa is not None
    oa.interact(OA_USER)
    await queue(h, Reply("Biểu đồ tuần này", photo=OutFile("chart.png", PNG, "image/png")))
    image, caption = oa.sent_to(OA_USER)
    assert image.image == PNG and caption.text == "Biểu đồ tuần này"
    docx = OutFile("bao-cao.docx", b"PK docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    await queue(h, Reply("Báo cáo năm", document=docx))
    assert oa.sent_to(OA_USER)[-2].file_name == "bao-cao.docx"
    xlsx = OutFile("du-lieu.xlsx", b"PK xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    await queue(h, Reply("Dữ liệu", document=xlsx))
    note = oa.sent_to(OA_USER)[-1].text or ""
    assert note.startswith("Dữ liệu\n\n📎 du-lieu.xlsx: http://127.0.0.1:") and "/media/" in note
    url = note.split(": ", 1)[1].split("\n")[0]
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200 and await response.read() == b"PK xlsx"
    big = OutFile("anh-lon.png", b"\x89PNG" + b"0" * (1024 * 1024 + 1), "image/png")
    await queue(h, Reply("Ảnh lớn", photo=big))
    assert "📎 anh-lon.png: http://127.0.0.1:" in (oa.sent_to(OA_USER)[-1].text or "")


async def test_a_long_text_is_split_at_the_oa_limit(oa_harness: Harness) -> None:
    oa = oa_harness.oa
    assert oa is not None
    oa.interact(OA_USER)
    text = "\n".join(f"{i:02d} " + "ý" * 60 for i in range(60))
    await queue(oa_harness, Reply(text))
    pieces = [m.text or "" for m in oa.sent_to(OA_USER)]
    assert len(pieces) == 2 and all(len(p) <= 2000 for p in pieces) and "\n".join(pieces) == text


def test_events_that_are_not_a_persons_doing_are_ignored() -> None:
    assert to_received({"event_name": "oa_send_text", "sender": {"id": "oa"}, "message": {"msg_id": "1", "text": "x"}}) is None
    assert to_received({"event_name": "user_seen_message", "message": {"msg_id": "1"}}) is None
    assert to_received({"event_name": "user_send_text", "sender": {"id": "u"}, "message": {"text": "no id"}}) is None
    assert to_received({"no": "event"}) is None
    pressed = to_received({"event_name": "user_send_text", "sender": {"id": "u"}, "message": {"msg_id": "m", "text": "#hk:cs:yes"}})
    assert pressed is not None and pressed.inbound.payload == "cs:yes" and pressed.inbound.text is None


def test_errors_are_read_from_their_code_and_their_words() -> None:
    assert classify(-216, "Access token is invalid") == "token"
    assert classify(-124, "") == "token"
    assert classify(-216, "Quota exceeded") == "quota"  # one source gives -216 for a spent quota
    assert classify(-213, "") == "window" and classify(-230, "User has not interacted with the OA in the past 7 days") == "window"
    assert classify(-201, "User has not followed the OA") == "forbidden"
    assert classify(-201, "Invalid access token") == "token"  # another gives -201 for a bad token
    assert classify(-210, "text is empty") == "rejected" and classify(0, "ClientConnectorError") == "unavailable"
