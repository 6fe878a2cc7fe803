"""The Zalo OA interaction window: a broadcast to 100 followers of whom 40 are outside it. 60 go as
consultation messages; the others by the configured routes (a linked channel, a transaction message
within the quota), the rest held until those people next write, then delivered first with their age.
The official's progress message counts each."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from bot.sender import Pacer
from storage.db import Database
from storage.models import BroadcastTally, Identity, OutboxMessage, Person
from tests.conftest import ADMIN_ID, Harness
from tests.fakes.zalo_oa_server import FakeZaloOA
from tests.test_zalo_oa_tokens import broadcast

INSIDE, OUTSIDE_KNOWN, OUTSIDE_UNKNOWN, LINKED = 60, 30, 10, 10
FIRST = 8_400_000
TG_FIRST = 70_000


async def followers(db: Database, oa: FakeZaloOA, now: datetime) -> dict[str, list[str]]:
    """100 consenting OA followers: 60 wrote today; 30 wrote 3 days ago (we know their window closed);
    10 we know nothing of (followers from before the bot); of the 40 outside, 10 linked a Telegram account."""
    groups: dict[str, list[str]] = {"inside": [], "outside": []}
    async with db.transaction() as session:
        for n in range(INSIDE + OUTSIDE_KNOWN + OUTSIDE_UNKNOWN):
            user = str(FIRST + n)
            inside = n < INSIDE
            oa.interact(user, seconds_ago=0 if inside else 3 * 86400)
            window = now + timedelta(hours=40) if inside else (now - timedelta(hours=24) if n < INSIDE + OUTSIDE_KNOWN else None)
            person = Person(consent_at=now, associations=[], language="vi")
            session.add(Identity(person=person, channel="zalo_oa", user_id=user, chat_id=user, last_seen_at=now, window_until=window))
            groups["inside" if inside else "outside"].append(user)
        linked = groups["outside"][OUTSIDE_KNOWN - LINKED // 2 : OUTSIDE_KNOWN + LINKED // 2]  # 5 known closed, 5 unknown
        for index, user in enumerate(linked):
            identity = await session.scalar(select(Identity).where(Identity.user_id == user))
            assert identity is not None
            session.add(Identity(person_id=identity.person_id, channel="telegram", user_id=str(TG_FIRST + index),
                                 chat_id=str(TG_FIRST + index), last_seen_at=now - timedelta(days=30)))
    groups["linked"] = linked
    return groups


async def test_a_broadcast_to_100_followers_of_whom_40_are_outside_the_window(oa_harness: Harness, oa: FakeZaloOA) -> None:
    h = oa_harness
    assert h.app is not None
    h.app.sender.pacers["zalo_oa"] = Pacer(200)  # the OA's pace is not what this test is about
    oa.quota["transaction"] = oa.quota_total["transaction"] = 20
    await h.join(ADMIN_ID)
    groups = await followers(h.app.db, oa, h.clock())
    await h.say(ADMIN_ID, "/broadcast")
    await h.say(ADMIN_ID, "Mời góp ý dự thảo quy chế dân chủ ở cơ sở trước ngày 15/12.")
    await h.press(ADMIN_ID, "au:ok")
    texts = await h.press(ADMIN_ID, "bc:send", h.last(ADMIN_ID).message_id)
    assert "Bắt đầu gửi tới 101 người." in texts
    await h.settle(timeout=30)
    await h.run_jobs()

    announced = [m for m in oa.sent if "quy chế dân chủ" in (m.text or "")]
    consultation = sorted(m.user_id for m in announced if m.kind == "cs")
    transaction = sorted(m.user_id for m in announced if m.kind == "transaction")
    on_telegram = [m for m in h.tg.sent if m.chat_id >= TG_FIRST and "quy chế dân chủ" in (m.text or "")]
    assert consultation == sorted(groups["inside"])
    assert len(transaction) == 20 and not set(transaction) & set(groups["linked"])
    assert len(on_telegram) == LINKED
    cs_calls = [params["recipient"]["user_id"] for path, params in oa.calls if path == "/v3.0/oa/message/cs"]
    known_closed = set(groups["outside"][:OUTSIDE_KNOWN])
    assert not known_closed & set(cs_calls) and len(cs_calls) == INSIDE + OUTSIDE_UNKNOWN  # no call wasted on a known-closed window

    held = sorted(set(groups["outside"]) - set(transaction) - set(groups["linked"]))
    assert len(held) == 10
    report = h.last(ADMIN_ID).text
    assert report == (
        "✅ Đã gửi xong: 91/101 đã gửi · 0 không gửi được\n"
        "↪ 10 qua kênh khác người nhận đã liên kết · 20 bằng tin giao dịch Zalo OA\n"
        "⏳ 10 chờ người nhận nhắn lại (hết hạn mức tin Zalo OA)"
    ), h.dump()

    async with h.app.db.transaction() as session:
        closed = await session.scalar(select(func.count()).select_from(Identity).where(Identity.window_until <= h.clock()))
    assert closed == 40  # the 10 we knew nothing of are known closed now: the next broadcast wastes no call on them
    channel = h.app.channels["zalo_oa"]
    await channel.maintain_once()  # type: ignore[attr-defined]
    texts = await h.say(ADMIN_ID, "/oa")
    assert "• Hạn mức tin giao dịch: còn 0/20" in texts[0] and "• Đang giữ: 0 ngoài khung, 10 do hết hạn mức" in texts[0], texts

    h.clock.advance(hours=26)
    for user in held:
        texts = await h.osay(user, "Xin chào")
        assert texts[0].startswith("🕓 Tin nhắn từ 30/11 09:00, 26 giờ trước, giữ lại tới khi bạn nhắn cho chúng tôi:\n\n📢")
        assert "quy chế dân chủ" in texts[0] and len(texts) == 2  # the held message first, then the answer
    async with h.app.db.transaction() as session:
        left = await session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "held"))
        rows = await session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.broadcast_id.is_not(None)))
        sent = await session.scalar(select(func.sum(BroadcastTally.count)).where(BroadcastTally.outcome == "sent"))
    assert left == 0 and rows == 0 and sent == 101  # each recipient's one message sent, counted, then gone


async def test_hold_alone_keeps_everything_for_when_people_write(oa_harness: Harness, oa: FakeZaloOA) -> None:
    h = oa_harness
    assert h.app is not None
    h.app.sender.outside_window = ("hold",)
    user = "8400999"
    oa.interact(user, seconds_ago=4 * 86400)
    async with h.app.db.transaction() as session:
        person = Person(consent_at=h.clock(), associations=[], language="vi")
        session.add(Identity(person=person, channel="zalo_oa", user_id=user, chat_id=user, last_seen_at=h.clock()))
    await broadcast(h.app.db, "📢 Thông báo thứ nhất.", h.clock())
    await broadcast(h.app.db, "📢 Thông báo thứ hai.", h.clock())
    h.app.sender.wake()
    await h.settle()
    assert oa.sent_to(user) == []
    h.clock.advance(hours=3)
    texts = await h.osay(user, "/help")
    assert texts[0].startswith("🕓 Tin nhắn từ 30/11 09:00, 3 giờ trước") and texts[0].endswith("📢 Thông báo thứ nhất.")
    assert texts[1].endswith("📢 Thông báo thứ hai.") and texts[2].startswith("Các lệnh")
