"""Dialogue events end to end: /newevent, invitations, answers past capacity, reminders across a
restart, the deep link before consent, questions and up-votes, the follow-up and the XLSX list."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select, update

from storage.models import Broadcast, Event, Identity, Person, QuestionVote, Rsvp
from tests.conftest import ADMIN_ID, Harness

MEMBERS = (1001, 1002, 1003, 1004)
TITLE = "Đối thoại về chuyển đổi số"
STARTS = "02/12/2026 14:00"  # 07:00 UTC; the test clock starts on 30/11/2026 at 02:00 UTC


async def new_event(h: Harness, *, capacity: str | None = "2", deadline: str | None = None) -> int:
    """An official creates an event for everyone through the dialogue; returns its id."""
    await h.say(ADMIN_ID, "/newevent")
    await h.say(ADMIN_ID, TITLE)
    await h.say(ADMIN_ID, "Lắng nghe ý kiến về dịch vụ công trực tuyến.")
    await h.say(ADMIN_ID, STARTS)
    await h.say(ADMIN_ID, "16:30")
    await h.say(ADMIN_ID, "Hội trường UBND phường Tân Phong")
    await (h.say(ADMIN_ID, capacity) if capacity else h.press(ADMIN_ID, "ne:skip:capacity"))
    await (h.say(ADMIN_ID, deadline) if deadline else h.press(ADMIN_ID, "ne:skip:deadline"))
    await h.press(ADMIN_ID, "au:ok")
    await h.press(ADMIN_ID, "ne:send")
    assert h.app is not None
    async with h.app.db.transaction() as session:
        event_id = await session.scalar(select(func.max(Event.id)))
    assert event_id is not None
    return event_id


async def with_members(h: Harness, members: tuple[int, ...]) -> None:
    """The admin and these members, consenting."""
    for user in (ADMIN_ID, *members):
        await h.join(user)


async def answers(h: Harness, event_id: int) -> dict[int, str]:
    """telegram user id -> answer."""
    assert h.app is not None
    async with h.app.db.transaction() as session:
        rows = await session.execute(
            select(Identity.user_id, Rsvp.answer).join(Rsvp, Rsvp.person_id == Identity.person_id).where(Rsvp.event_id == event_id)
        )
        return {int(user): answer for user, answer in rows}


async def name(h: Harness, user_id: int, full_name: str) -> None:
    assert h.app is not None
    async with h.app.db.transaction() as session:
        identity = await session.scalar(select(Identity).where(Identity.user_id == str(user_id)))
        assert identity is not None
        await session.execute(update(Person).where(Person.id == identity.person_id).values(full_name=full_name))


async def forged_press(h: Harness, user_id: int, data: str) -> list[str]:
    """A press of a button the chat is not showing (an old client, a crafted update)."""
    return await h.push(h.tg.callback_update(user_id, data, h.last(user_id).message_id))


async def test_create_event_dialogue(harness: Harness) -> None:
    await with_members(harness, (1001,))
    await harness.dialogue(
        ADMIN_ID,
        [
            ("/newevent", "Tạo buổi đối thoại mới.\nTên buổi đối thoại?"),
            (TITLE, "Nội dung, mục đích của buổi?"),
            ("Lắng nghe ý kiến về dịch vụ công trực tuyến.", "Bắt đầu lúc nào?"),
            (STARTS, "Kết thúc lúc nào?"),
            ("16h30", "Địa điểm, hoặc đường dẫn họp trực tuyến?"),
            ("Hội trường UBND phường Tân Phong", "Tối đa bao nhiêu người?"),
            ("30", "Hạn trả lời lời mời?"),
            ("01/12/2026 17:00", "Gửi tới ai?"),
        ],
    )
    texts = await harness.press(ADMIN_ID, "au:ok")
    assert texts[1] == "Người nhận: tất cả người đã đồng ý nhận tin"
    preview = texts[0]
    assert preview.startswith("Xem trước lời mời:\n\n📅 Mời dự đối thoại: Đối thoại về chuyển đổi số")
    assert "🕘 14:00–16:30 thứ Tư 02/12/2026" in preview
    assert "👥 Tối đa 30 người" in preview and "⏳ Xin trả lời trước 17:00 thứ Ba 01/12/2026" in preview
    assert preview.endswith("Sẽ gửi tới 2 người.")
    texts = await harness.press(ADMIN_ID, "ne:send")
    assert "✅ Đã tạo buổi đối thoại, bắt đầu gửi lời mời tới 2 người." in texts
    invitation = harness.tg.sent_to(1001)[-1]
    assert invitation.text.startswith("📅 Mời dự đối thoại: Đối thoại về chuyển đổi số\n\nLắng nghe ý kiến")
    labels = [label for label, _ in harness.tg.buttons(invitation)]
    assert labels == ["Tham dự", "Có thể", "Không tham dự", "❓ Gửi câu hỏi", "💬 Các câu hỏi"]
    assert all(len(data.encode()) <= 64 for _, data in harness.tg.buttons(invitation))
    poster = next(m for m in harness.tg.sent_to(ADMIN_ID) if m.method == "sendPhoto")
    assert poster.text is not None and poster.text.endswith("https://t.me/hienke_test_bot?start=ev_1")
    assert poster.document_bytes is not None and poster.document_bytes.startswith(b"\x89PNG")
    assert await harness.press(ADMIN_ID, "ne:send", harness.last(ADMIN_ID).message_id - 2) == ["Câu này đã được ghi nhận rồi."]
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        event = await session.scalar(select(Event))
        broadcast = await session.scalar(select(Broadcast))
    assert event is not None and event.capacity == 30 and event.starts_at.hour == 7
    assert broadcast is not None and (broadcast.kind, broadcast.ref_id, broadcast.total) == ("invitation", event.id, 2)


async def test_capacity_waiting_list_and_promotion(harness: Harness, clock) -> None:  # type: ignore[no-untyped-def]
    await with_members(harness, MEMBERS)
    event_id = await new_event(harness, capacity="2", deadline="01/12/2026 12:00")
    texts = await harness.press(1001, f"ev:r:{event_id}:y")
    assert "Đã ghi nhận: bạn sẽ tham dự. Hẹn gặp bạn!" in texts
    assert any("Trả lời của bạn: Tham dự.\nĐã có 1/2 người đăng ký." in t for t in texts)
    assert ("✓ Tham dự", f"ev:r:{event_id}:y") in harness.tg.buttons_of_last_edit(1001)
    await harness.press(1002, f"ev:r:{event_id}:y")
    texts = await harness.press(1003, f"ev:r:{event_id}:y")
    assert any(t.startswith("⏳ Đã đủ chỗ. Bạn đứng thứ 1 trong danh sách chờ") for t in texts)
    texts = await harness.press(1004, f"ev:r:{event_id}:y")
    assert any(t.startswith("⏳ Đã đủ chỗ. Bạn đứng thứ 2 trong danh sách chờ") for t in texts)
    assert await answers(harness, event_id) == {1001: "attend", 1002: "attend", 1003: "waitlist", 1004: "waitlist"}

    sent_to_1004 = len(harness.tg.sent_to(1004))
    texts = await harness.press(1001, f"ev:r:{event_id}:n")
    assert "Đã ghi nhận: bạn không tham dự. Cảm ơn bạn đã báo." in texts
    promoted = harness.tg.sent_to(1003)[-1]
    assert promoted.text.startswith("🎉 Đã có chỗ cho bạn! Bạn được chuyển từ danh sách chờ sang danh sách tham dự")
    assert ("✓ Tham dự", f"ev:r:{event_id}:y") in harness.tg.buttons(promoted)
    assert len(harness.tg.sent_to(1004)) == sent_to_1004  # the second in line is not told anything yet
    assert await answers(harness, event_id) == {1001: "decline", 1002: "attend", 1003: "attend", 1004: "waitlist"}
    texts = await harness.say(1004, "/events")
    assert texts[0].endswith("14:00 thứ Tư 02/12/2026 — Danh sách chờ")
    texts = await harness.press(1004, f"ev:o:{event_id}")
    assert any("Bạn đứng thứ 1 trong danh sách chờ" in t for t in texts)

    clock.advance(days=2)  # past the deadline
    texts = await harness.press(1004, f"ev:r:{event_id}:n")
    assert "Đã hết hạn trả lời lời mời này. Cảm ơn bạn!" in texts
    assert await answers(harness, event_id) == {1001: "decline", 1002: "attend", 1003: "attend", 1004: "waitlist"}


async def test_two_people_press_attend_for_the_last_place_at_once(harness: Harness) -> None:
    await with_members(harness, (1001, 1002))
    event_id = await new_event(harness, capacity="1")
    for user in (1001, 1002):
        harness.tg.press(user, f"ev:r:{event_id}:y")
    await harness.settle()
    assert sorted((await answers(harness, event_id)).values()) == ["attend", "waitlist"]


async def test_reminders_fire_once_across_a_restart(harness: Harness, clock) -> None:  # type: ignore[no-untyped-def]
    await with_members(harness, (1001, 1002, 1003))
    event_id = await new_event(harness, capacity=None)
    await harness.press(1001, f"ev:r:{event_id}:y")
    await harness.press(1002, f"ev:r:{event_id}:y")
    await harness.press(1003, f"ev:r:{event_id}:m")

    def reminders(user: int, start: str) -> int:
        return sum(m.text.startswith(start) for m in harness.tg.sent_to(user) if m.text)

    clock.advance(hours=28)  # 25 hours before the start: too early
    await harness.run_jobs()
    assert reminders(1001, "⏰") == 0
    clock.advance(hours=2)  # 23 hours before
    await harness.run_jobs()
    await harness.restart()
    await harness.run_jobs()
    for user in (1001, 1002):
        assert reminders(user, "⏰ Nhắc lịch: buổi đối thoại «Đối thoại về chuyển đổi số» sắp diễn ra.") == 1
    assert reminders(1003, "⏰") == 0 and reminders(ADMIN_ID, "⏰") == 0
    last = harness.tg.sent_to(1001)[-1]
    assert "🕘 14:00–16:30 thứ Tư 02/12/2026" in (last.text or "")
    assert harness.tg.buttons(last) == [("Tôi không đến được", f"ev:r:{event_id}:n")]

    clock.advance(hours=22, minutes=10)  # 50 minutes before
    await harness.run_jobs()
    await harness.restart()
    await harness.run_jobs()
    for user in (1001, 1002):
        assert reminders(user, "⏰ Còn khoảng 1 giờ nữa là bắt đầu buổi đối thoại") == 1
        assert reminders(user, "⏰") == 2


async def test_only_the_hour_reminder_after_missing_the_day_mark(harness: Harness, clock) -> None:  # type: ignore[no-untyped-def]
    await with_members(harness, (1001,))
    event_id = await new_event(harness, capacity=None)
    await harness.press(1001, f"ev:r:{event_id}:y")
    clock.advance(hours=52, minutes=30)  # the bot was down until 30 minutes before the start
    await harness.run_jobs()
    texts = [m.text or "" for m in harness.tg.sent_to(1001) if (m.text or "").startswith("⏰")]
    assert len(texts) == 1 and texts[0].startswith("⏰ Còn khoảng 1 giờ nữa")


async def test_deep_link_before_consent_opens_the_event_after_it(harness: Harness) -> None:
    await with_members(harness, ())
    event_id = await new_event(harness)
    newcomer = 1010
    texts = await harness.say(newcomer, f"/start ev_{event_id}")
    assert texts[0].startswith("Xin chào! Đây là Hiến kế") and "Bạn có đồng ý không?" in texts[1]
    texts = await harness.say(newcomer, "xin chào")  # typing instead of answering keeps the link
    texts = await harness.press(newcomer, "cs:yes")
    assert "✓ Bạn đã đồng ý." in texts
    card = next(t for t in texts if t.startswith("📅 Mời dự đối thoại: Đối thoại về chuyển đổi số"))
    assert "Bạn chưa trả lời lời mời này." in card and "Đã có 0/2 người đăng ký." in card
    assert "Khi nào muốn, gõ /profile để khai hồ sơ." in texts
    texts = await harness.press(newcomer, f"ev:r:{event_id}:y")
    assert "Đã ghi nhận: bạn sẽ tham dự. Hẹn gặp bạn!" in texts
    texts = await harness.say(newcomer, f"/start ev_{event_id}")
    assert texts[0].startswith("📅 Mời dự đối thoại") and "Trả lời của bạn: Tham dự." in texts[0]
    assert await harness.say(newcomer, "/start ev_999") == ["Không tìm thấy buổi đối thoại này."]


async def test_questions_up_votes_and_ranking(harness: Harness) -> None:
    await with_members(harness, (1001, 1002, 1003))
    await name(harness, 1002, "Lò Thị Xuân")
    event_id = await new_event(harness)
    texts = await harness.press(1001, f"ev:q:{event_id}")
    assert texts == ["Gõ câu hỏi bạn muốn nêu tại buổi «Đối thoại về chuyển đổi số» (tối đa 500 ký tự)."]
    assert await harness.say(1001, "Khi nào có wifi miễn phí ở nhà văn hoá?") == ["Cảm ơn bạn! Câu hỏi đã được gửi tới ban tổ chức."]
    await harness.press(1002, f"ev:q:{event_id}")
    texts = await harness.say(1002, "x" * 501)
    assert texts == ["Nội dung dài 501 ký tự, quá giới hạn 500 ký tự. Xin rút bớt 1 ký tự rồi gửi lại."]
    await harness.say(1002, "Thủ tục cấp phép xây dựng trực tuyến có rút ngắn được không?")

    texts = await harness.press(1003, f"ev:ql:{event_id}")
    assert texts[0].splitlines()[2:] == [
        "1. (👍 0) Khi nào có wifi miễn phí ở nhà văn hoá?",
        "2. (👍 0) Thủ tục cấp phép xây dựng trực tuyến có rút ngắn được không?",
    ]
    assert [label for label, _ in harness.tg.buttons(harness.last(1003))] == ["👍 1", "👍 2"]
    second = harness.tg.buttons(harness.last(1003))[1][1]
    texts = await harness.press(1003, second)
    assert "Đã ghi nhận lượt ủng hộ của bạn." in texts
    assert any(t.splitlines()[2] == "1. (👍 1) Thủ tục cấp phép xây dựng trực tuyến có rút ngắn được không?" for t in texts if "👍" in t)
    texts = await harness.press(1003, second)
    assert "Bạn đã ủng hộ câu hỏi này rồi." in texts
    await harness.press(1001, f"ev:ql:{event_id}")
    assert [label for label, _ in harness.tg.buttons(harness.last(1001))] == ["👍 1"]  # not their own
    await harness.press(1001, second)
    assert await forged_press(harness, 1002, second) == ["Đây là câu hỏi của bạn."]  # their own: no button shown

    await harness.say(ADMIN_ID, "/events")
    await harness.press(ADMIN_ID, f"eo:o:{event_id}")
    texts = await harness.press(ADMIN_ID, f"eo:q:{event_id}")
    assert texts[0].splitlines() == [
        "Câu hỏi gửi trước cho buổi «Đối thoại về chuyển đổi số», xếp theo lượt ủng hộ:",
        "1. (👍 2) Thủ tục cấp phép xây dựng trực tuyến có rút ngắn được không? — Lò Thị Xuân",
        "2. (👍 0) Khi nào có wifi miễn phí ở nhà văn hoá? — chưa khai tên",
    ]
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(QuestionVote)) == 2


async def test_events_list_for_members_and_officials(harness: Harness) -> None:
    await with_members(harness, (1001,))
    assert await harness.say(1001, "/events") == ["Hiện chưa có buổi đối thoại nào sắp diễn ra."]
    event_id = await new_event(harness)
    await harness.press(1001, f"ev:r:{event_id}:m")
    texts = await harness.say(1001, "/events")
    assert texts == ["Các buổi đối thoại sắp tới:\n1. Đối thoại về chuyển đổi số\n   14:00 thứ Tư 02/12/2026 — Có thể"]
    assert harness.tg.buttons(harness.last(1001)) == [("Đối thoại về chuyển đổi số", f"ev:o:{event_id}")]
    texts = await harness.say(ADMIN_ID, "/events")
    assert texts[0].endswith("14:00 thứ Tư 02/12/2026 — 0 tham dự, 0 chờ")
    texts = await harness.press(ADMIN_ID, f"eo:o:{event_id}")
    assert texts[0].endswith("Tham dự: 0/2 · Chờ: 0 · Có thể: 1 · Không: 0")
    assert [label for label, _ in harness.tg.buttons(harness.last(ADMIN_ID))] == [
        "💬 Câu hỏi (0)",
        "📋 Danh sách (Excel)",
        "🔗 Đường dẫn và mã QR",
    ]
    assert await forged_press(harness, 1001, f"eo:x:{event_id}") == ["Xin lỗi, bạn không có quyền dùng lệnh này."]


async def test_follow_up_goes_to_attendees_only_and_the_list_exports(harness: Harness, clock) -> None:  # type: ignore[no-untyped-def]
    await with_members(harness, MEMBERS)
    for user, full_name in zip(MEMBERS, ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"), strict=True):
        await name(harness, user, full_name)
    event_id = await new_event(harness, capacity="1")
    await harness.press(1001, f"ev:r:{event_id}:y")
    await harness.press(1004, f"ev:r:{event_id}:y")  # waiting list
    await harness.press(1002, f"ev:r:{event_id}:n")
    await harness.press(1003, f"ev:r:{event_id}:m")
    await harness.say(ADMIN_ID, "/events")
    await harness.press(ADMIN_ID, f"eo:o:{event_id}")
    assert len(harness.tg.buttons(harness.last(ADMIN_ID))) == 3  # no follow-up before the end
    assert await forged_press(harness, ADMIN_ID, f"eo:f:{event_id}") == ["Thư sau buổi đối thoại gửi được một lần, khi buổi đã kết thúc."]

    clock.advance(days=3)
    await harness.press(ADMIN_ID, f"eo:o:{event_id}")
    assert ("✉️ Gửi thư sau buổi đối thoại", f"eo:f:{event_id}") in harness.tg.buttons(harness.last(ADMIN_ID))
    texts = await harness.press(ADMIN_ID, f"eo:f:{event_id}")
    assert texts[0].startswith("Gõ thư gửi những người đã đăng ký tham dự")
    texts = await harness.say(ADMIN_ID, "Chúng tôi đã ghi nhận 12 ý kiến; wifi nhà văn hoá sẽ lắp trong quý I.")
    assert texts[0].startswith("Xem trước:\n\n💬 Sau buổi đối thoại «Đối thoại về chuyển đổi số»")
    assert texts[0].endswith("Sẽ gửi tới 1 người đã đăng ký tham dự.")
    await harness.press(ADMIN_ID, "ef:send")
    followups = {user: [m for m in harness.tg.sent_to(user) if (m.text or "").startswith("💬 Sau buổi đối thoại")] for user in MEMBERS}
    assert [len(followups[user]) for user in MEMBERS] == [1, 0, 0, 0]
    assert "wifi nhà văn hoá sẽ lắp trong quý I." in (followups[1001][0].text or "")
    assert await forged_press(harness, ADMIN_ID, f"eo:f:{event_id}") == ["Thư sau buổi đối thoại gửi được một lần, khi buổi đã kết thúc."]

    texts = await harness.press(ADMIN_ID, f"eo:x:{event_id}")
    assert texts == ["Danh sách trả lời lời mời «Đối thoại về chuyển đổi số» (4 người)."]
    document = harness.last(ADMIN_ID)
    assert document.method == "sendDocument" and document.document_name == f"event-{event_id}-attendance.xlsx"
    sheet = load_workbook(io.BytesIO(document.document_bytes or b"")).active
    rows = [tuple(cell.value for cell in row[:7]) for row in sheet.iter_rows(min_row=3)]
    assert rows == [
        ("STT", "Họ tên", "Lĩnh vực", "Trình độ", "Nơi công tác", "Xã/phường", "Trả lời"),
        (1, "Nguyễn Văn An", None, None, None, None, "Tham dự"),
        (2, "Phạm Thị Dung", None, None, None, None, "Danh sách chờ"),
        (3, "Lê Văn Cường", None, None, None, None, "Có thể"),
        (4, "Trần Thị Bình", None, None, None, None, "Không tham dự"),
    ]
    assert sheet["A1"].value == "Đối thoại về chuyển đổi số"


async def test_newevent_bad_inputs(harness: Harness) -> None:
    await with_members(harness, (1001,))
    assert await harness.say(1001, "/newevent") == ["Xin lỗi, bạn không có quyền dùng lệnh này."]
    await harness.say(ADMIN_ID, "/newevent")
    texts = await harness.say(ADMIN_ID, "Đ" * 201)
    too_long = "Nội dung dài 201 ký tự, quá giới hạn 200 ký tự. Xin rút bớt 1 ký tự rồi gửi lại."
    assert texts[0].startswith(f"{too_long}\n\nTạo buổi đối thoại mới.")
    await harness.say(ADMIN_ID, TITLE)
    await harness.say(ADMIN_ID, "Mô tả.")
    for bad in ("32/12/2026 14:00", "ngày mai", "02/12/2026 25:00"):
        texts = await harness.say(ADMIN_ID, bad)
        assert texts[0].startswith("Chưa đọc được thời gian. Xin gõ như: 17h, mai 9h"), bad
    texts = await harness.say(ADMIN_ID, "01/01/2020 10:00")
    assert texts[0].startswith("Thời điểm này đã qua.")
    await harness.say(ADMIN_ID, STARTS)
    texts = await harness.say(ADMIN_ID, "13:00")
    assert texts[0].startswith("Giờ kết thúc phải sau giờ bắt đầu (14:00 thứ Tư 02/12/2026).")
    texts = await harness.say(ADMIN_ID, "chiều")
    assert texts[0].startswith("Chưa đọc được giờ kết thúc.")

    await harness.restart()  # in the middle of the flow: the draft is kept
    await harness.say(ADMIN_ID, "16:00")
    await harness.say(ADMIN_ID, "Nhà văn hoá tổ 5")
    for bad in ("ba mươi", "0", "-5", "1000000"):
        texts = await harness.say(ADMIN_ID, bad)
        assert texts[0].startswith("Số người tối đa cần là một số từ 1 đến 100.000."), bad
    await harness.say(ADMIN_ID, "40")
    texts = await harness.say(ADMIN_ID, "03/12/2026 09:00")
    assert texts[0].startswith("Hạn trả lời không được sau giờ bắt đầu (14:00 thứ Tư 02/12/2026).")
    await harness.press(ADMIN_ID, "ne:skip:deadline")
    texts = await harness.press(ADMIN_ID, "au:ok")
    assert any(f"📅 Mời dự đối thoại: {TITLE}" in t and "👥 Tối đa 40 người" in t for t in texts)
    texts = await harness.say(ADMIN_ID, "gửi đi")  # no option: the preview again, with what went wrong
    assert texts[0].startswith("«gửi đi» không phải một lựa chọn ở đây.") and texts[1].startswith("Xem trước lời mời:")
    assert await harness.press(ADMIN_ID, "ne:drop") == ["Đã huỷ, không gửi gì."]
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Event)) == 0


async def test_english_invitation_for_an_english_speaker(harness: Harness) -> None:
    await harness.join(ADMIN_ID)
    await harness.join(1001, language_code="en")
    event_id = await new_event(harness, capacity=None)
    invitation = harness.tg.sent_to(1001)[-1]
    assert (invitation.text or "").startswith("📅 Invitation to a dialogue: Đối thoại về chuyển đổi số")
    assert "🕘 14:00–16:30 Wednesday 02/12/2026" in (invitation.text or "") and "👥 No limit on numbers" in (invitation.text or "")
    texts = await harness.press(1001, f"ev:r:{event_id}:y")
    assert "Noted: you will attend. See you there!" in texts
