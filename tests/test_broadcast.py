"""/broadcast: audience, preview, the engine's progress message, cancelling mid-way."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select, update

from storage import repo
from storage.db import Database
from storage.models import Broadcast, Identity, OutboxMessage, Person
from tests.conftest import ADMIN_ID, Harness

DOCTORS = (1001, 1002)
TEACHER = 1003


async def add_people(db: Database, count: int, first_id: int = 50_000, field: str = "education") -> None:
    """Consenting people straight into the database (the flows that create them are tested elsewhere)."""
    now = datetime(2026, 11, 1, tzinfo=UTC)
    async with db.transaction() as session:
        for n in range(count):
            person = Person(consent_at=now, field=field, associations=[], language="vi")
            session.add(Identity(person=person, channel="telegram", user_id=str(first_id + n), chat_id=str(first_id + n)))


async def set_field(db: Database, user_id: int, field: str) -> None:
    async with db.transaction() as session:
        identity = await session.scalar(select(Identity).where(Identity.user_id == str(user_id)))
        assert identity is not None
        await session.execute(update(Person).where(Person.id == identity.person_id).values(field=field))


async def test_broadcast_to_a_field(harness: Harness) -> None:
    assert harness.app is not None
    for user in (*DOCTORS, TEACHER, ADMIN_ID):
        await harness.join(user)
    for user in DOCTORS:
        await set_field(harness.app.db, user, "health")
    texts = await harness.say(ADMIN_ID, "/broadcast")
    assert texts[0].startswith("Nhập nội dung thông báo")
    texts = await harness.say(ADMIN_ID, "Mời các bác sĩ góp ý quy chế khám bệnh từ xa.")
    assert "Số người nhận: 4." in texts[0]
    await harness.press(ADMIN_ID, "au:c:fields")
    texts = await harness.press(ADMIN_ID, "au:t:fields:1")
    assert any("✓ Y tế" in b for b, _ in harness.tg.buttons_of_last_edit(ADMIN_ID))
    texts = await harness.press(ADMIN_ID, "au:b")
    assert "Đang chọn: Lĩnh vực: Y tế" in texts[0] and "Số người nhận: 2." in texts[0]
    texts = await harness.press(ADMIN_ID, "au:ok")
    assert any(t.endswith("Sẽ gửi tới 2 người.") for t in texts)
    preview = harness.last(ADMIN_ID).message_id
    texts = await harness.press(ADMIN_ID, "bc:send", preview)
    assert "Bắt đầu gửi tới 2 người." in texts
    for user in DOCTORS:
        assert harness.tg.sent_to(user)[-1].text.startswith("📢 Thông báo của Đảng uỷ phường Tân Phong:")
    assert not harness.tg.sent_to(TEACHER)[-1].text.startswith("📢")
    await harness.app.scheduler.run_due()
    await harness.settle()
    report = harness.last(ADMIN_ID)
    assert report.text == "✅ Đã gửi xong: 2/2 đã gửi · 0 không gửi được" and not harness.tg.buttons(report)
    await harness.app.scheduler.run_due()
    await harness.settle()
    assert harness.last(ADMIN_ID) == report  # reported once
    texts = await harness.press(ADMIN_ID, "bc:send", preview)
    assert texts == ["Câu này đã được ghi nhận rồi."]  # pressed twice: nothing sent again
    assert sum(m.text.startswith("📢") for m in harness.tg.sent) == 2


async def test_cancel_stops_the_rest(harness: Harness) -> None:
    assert harness.app is not None
    await harness.join(ADMIN_ID)
    await add_people(harness.app.db, 300)
    await harness.say(ADMIN_ID, "/broadcast")
    await harness.say(ADMIN_ID, "Thông báo lịch tiếp công dân tháng 12.")
    await harness.press(ADMIN_ID, "au:ok")
    harness.tg.press(ADMIN_ID, "bc:send")
    await harness.tg.wait_for(lambda: any((m.text or "").startswith("📢") for m in harness.tg.sent))
    await harness.app.scheduler.run_due()
    await harness.tg.wait_for(lambda: any(m.text.startswith("📣 Đang gửi") for m in harness.tg.sent_to(ADMIN_ID)))
    progress = next(m for m in harness.tg.sent_to(ADMIN_ID) if m.text.startswith("📣 Đang gửi"))
    texts = await harness.press(ADMIN_ID, harness.tg.buttons(progress)[0][1], progress.message_id)
    assert any(t.startswith("⏹ Đã dừng:") for t in texts)
    async with harness.app.db.transaction() as session:
        broadcast = await session.scalar(select(Broadcast))
        assert broadcast is not None
        counts = await repo.outbox_counts(session, broadcast.id)
        rows = await session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.broadcast_id.is_not(None)))
    assert rows == counts.get("pending", 0) + counts.get("sending", 0)  # finished rows are counted, then gone
    assert broadcast is not None and broadcast.status == "cancelled" and broadcast.total == 301
    assert counts.get("cancelled", 0) > 200
    assert counts.get("sent", 0) + counts["cancelled"] + counts.get("failed", 0) == 301
    delivered = sum(m.text.startswith("📢") for m in harness.tg.sent)
    assert delivered == counts.get("sent", 0)


async def test_member_cannot_broadcast(harness: Harness) -> None:
    await harness.join(TEACHER)
    assert await harness.say(TEACHER, "/broadcast") == ["Xin lỗi, bạn không có quyền dùng lệnh này."]
    forged = harness.tg.callback_update(TEACHER, "bc:send", harness.last(TEACHER).message_id)
    assert await harness.push(forged) == ["Xin lỗi, bạn không có quyền dùng lệnh này."]
