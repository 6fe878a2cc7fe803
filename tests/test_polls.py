"""Polls end to end: /newpoll, voting and changing, multiple-choice ticks, closing with results
(text and chart) back to voters only, presses after closing, a blocked voter, a 429 storm."""

from __future__ import annotations

import json

from sqlalchemy import func, select, update

from storage.models import Ballot, Broadcast, BroadcastTally, Identity, Media, OutboxMessage, Person, Poll
from tests.conftest import ADMIN_ID, Clock, Harness
from tests.test_broadcast import add_people
from tests.test_events import forged_press, new_event, with_members

MEMBERS = (1001, 1002, 1003)
QUESTION = "Phường nên ưu tiên đầu tư gì năm 2027?"
OPTIONS = ("Đường giao thông", "Trường học", "Trạm y tế")
CLOSES = "01/12/2026 09:00"  # 02:00 UTC, a day after the test clock starts


async def new_poll(h: Harness, *, multiple: bool = False, live: bool = False) -> int:
    """An official creates a poll for everyone through the dialogue; returns its id."""
    await h.say(ADMIN_ID, "/newpoll")
    await h.say(ADMIN_ID, QUESTION)
    await h.say(ADMIN_ID, "\n".join(OPTIONS[:2]))
    await h.say(ADMIN_ID, OPTIONS[2])
    await h.press(ADMIN_ID, "np:done:options")
    await h.press(ADMIN_ID, f"np:c:multiple:{int(multiple)}")
    await h.press(ADMIN_ID, f"np:c:live:{0 if live else 1}")
    await h.say(ADMIN_ID, CLOSES)
    await h.press(ADMIN_ID, "au:ok")
    await h.press(ADMIN_ID, "np:send")
    assert h.app is not None
    async with h.app.db.transaction() as session:
        poll_id = await session.scalar(select(func.max(Poll.id)))
    assert poll_id is not None
    return poll_id


async def ballots(h: Harness) -> dict[int, list[int]]:
    """telegram user id -> choices."""
    assert h.app is not None
    async with h.app.db.transaction() as session:
        rows = await session.execute(select(Identity.user_id, Ballot.choices).join(Ballot, Ballot.person_id == Identity.person_id))
        return {int(user): choices for user, choices in rows}


async def close(h: Harness, clock: Clock) -> None:
    clock.advance(hours=25)
    await h.run_jobs()


def results_to(h: Harness, user: int) -> list[str]:
    return [m.text or "" for m in h.tg.sent_to(user) if m.method == "sendPhoto" and (m.text or "").startswith("📊 Kết quả")]


async def test_create_poll_dialogue(harness: Harness) -> None:
    await with_members(harness, (1001,))
    await harness.dialogue(
        ADMIN_ID,
        [
            ("/newpoll", "Tạo thăm dò mới.\nCâu hỏi?"),
            (QUESTION, "Gửi các phương án (2–10)"),
            ("Đường giao thông\n\n  Trường học  ", "Đã có:\n1. Đường giao thông\n2. Trường học\nGửi thêm, hoặc bấm Xong."),
            ("Trạm y tế", "Đã có:\n1. Đường giao thông\n2. Trường học\n3. Trạm y tế\n"),
        ],
    )
    texts = await harness.press(ADMIN_ID, "np:done:options")
    assert texts[0] == "Mỗi người chọn một hay nhiều phương án?"
    assert texts[1].endswith("→ 3 phương án:\n1. Đường giao thông\n2. Trường học\n3. Trạm y tế")
    assert [label for label, _ in harness.tg.buttons(harness.last(ADMIN_ID))] == ["Chọn một", "Chọn nhiều"]
    texts = await harness.press(ADMIN_ID, "np:c:multiple:0")
    assert texts[0] == "Khi nào người trả lời được xem kết quả?"
    await harness.press(ADMIN_ID, "np:c:live:1")
    texts = await harness.say(ADMIN_ID, CLOSES)
    assert texts[0].startswith("Gửi tới ai?")
    texts = await harness.press(ADMIN_ID, "au:ok")
    preview = texts[0]
    assert preview.startswith("Xem trước:\n\n📊 Thăm dò ý kiến:\nPhường nên ưu tiên đầu tư gì năm 2027?")
    assert "⏳ Hạn trả lời: 09:00 thứ Ba 01/12/2026" in preview
    assert preview.endswith(
        "Các phương án:\n1. Đường giao thông\n2. Trường học\n3. Trạm y tế\n\nKết quả công bố khi đóng. Sẽ gửi tới 2 người."
    )
    texts = await harness.press(ADMIN_ID, "np:send")
    assert "✅ Đã tạo thăm dò, bắt đầu gửi tới 2 người." in texts
    message = harness.tg.sent_to(1001)[-1]
    assert (message.text or "").startswith("📊 Thăm dò ý kiến:\nPhường nên ưu tiên đầu tư gì năm 2027?\n\nChọn một phương án")
    assert harness.tg.buttons(message) == [(option, f"pv:v:1:{i}") for i, option in enumerate(OPTIONS)]


async def test_vote_change_close_and_results_to_voters_only(harness: Harness, clock: Clock) -> None:
    await with_members(harness, MEMBERS)
    poll_id = await new_poll(harness)
    texts = await harness.press(1001, f"pv:v:{poll_id}:0")
    assert "Đã chọn: Đường giao thông" in texts
    assert any(t.endswith("Bạn đã chọn: Đường giao thông") for t in texts)
    texts = await harness.press(1001, f"pv:v:{poll_id}:1")  # changed
    assert ("✓ Trường học", f"pv:v:{poll_id}:1") in harness.tg.buttons_of_last_edit(1001)
    assert ("Đường giao thông", f"pv:v:{poll_id}:0") in harness.tg.buttons_of_last_edit(1001)
    assert not any("người đã trả lời" in t for t in texts)  # results only after closing
    await harness.press(1002, f"pv:v:{poll_id}:1")
    assert await ballots(harness) == {1001: [1], 1002: [1]}

    await close(harness, clock)
    for voter in (1001, 1002):
        assert results_to(harness, voter) == [
            "📊 Kết quả thăm dò:\nPhường nên ưu tiên đầu tư gì năm 2027?\n2 người đã trả lời.\n"
            "1. Đường giao thông: 0 (0%)\n2. Trường học: 2 (100%)\n3. Trạm y tế: 0 (0%)\nCảm ơn bạn đã góp ý!"
        ]
        photo = harness.tg.sent_to(voter)[-1]
        assert photo.document_bytes is not None and photo.document_bytes.startswith(b"\x89PNG")
    assert results_to(harness, 1003) == [] and results_to(harness, ADMIN_ID) == []
    note = harness.tg.sent_to(ADMIN_ID)[-1]
    assert (
        note.text
        == "🔒 Thăm dò «Phường nên ưu tiên đầu tư gì năm 2027?» đã đóng, 2 người trả lời. Kết quả đã gửi tới những người tham gia."
    )
    assert harness.tg.buttons(note) == [("📊 Xem kết quả", f"po:r:{poll_id}")]

    await harness.restart()
    await harness.run_jobs()  # closing again changes nothing
    assert len(results_to(harness, 1001)) == 1
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Media)) == 1
        kinds = (await session.scalars(select(Broadcast.kind).order_by(Broadcast.id))).all()
    assert kinds == ["poll", "poll_results"]

    texts = await harness.press(1003, f"pv:v:{poll_id}:2")  # after closing
    assert texts == ["Thăm dò đã đóng; lựa chọn của bạn giữ nguyên."]
    texts = await harness.press(1001, f"pv:v:{poll_id}:0")
    assert texts == ["Thăm dò đã đóng; lựa chọn của bạn giữ nguyên."]
    assert await ballots(harness) == {1001: [1], 1002: [1]}


async def test_multiple_choice_ticks_and_live_results(harness: Harness) -> None:
    await with_members(harness, (1001, 1002))
    poll_id = await new_poll(harness, multiple=True, live=True)
    assert "Chọn một hoặc nhiều phương án; bấm lần nữa để bỏ chọn." in (harness.tg.sent_to(1001)[-1].text or "")
    await harness.press(1001, f"pv:v:{poll_id}:0")
    texts = await harness.press(1001, f"pv:v:{poll_id}:2")
    assert "Đã chọn: Trạm y tế" in texts
    assert [label for label, _ in harness.tg.buttons_of_last_edit(1001)] == ["✓ Đường giao thông", "Trường học", "✓ Trạm y tế"]
    card = next(t for t in texts if t.startswith("📊"))
    assert card.endswith(
        "Bạn đã chọn: Đường giao thông; Trạm y tế\n\n1 người đã trả lời.\n"
        "1. Đường giao thông: 1 (100%)\n2. Trường học: 0 (0%)\n3. Trạm y tế: 1 (100%)"
    )
    await harness.press(1002, f"pv:v:{poll_id}:2")
    texts = await harness.press(1001, f"pv:v:{poll_id}:0")
    assert "Đã bỏ chọn: Đường giao thông" in texts
    assert [label for label, _ in harness.tg.buttons_of_last_edit(1001)] == ["Đường giao thông", "Trường học", "✓ Trạm y tế"]
    assert any(t.endswith("2 người đã trả lời.\n1. Đường giao thông: 0 (0%)\n2. Trường học: 0 (0%)\n3. Trạm y tế: 2 (100%)") for t in texts)
    await harness.press(1001, f"pv:v:{poll_id}:2")  # nothing ticked: no ballot
    assert await ballots(harness) == {1002: [2]}


async def test_polls_lists_and_the_officials_breakdown(harness: Harness) -> None:
    await with_members(harness, MEMBERS)
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        for user, values in (
            (1001, ("health", "master", "Xã Mù Cả")),
            (1002, ("health", "doctorate", None)),
            (1003, ("education", "master", "Xã Mù Cả")),
        ):
            person_id = await session.scalar(select(Identity.person_id).where(Identity.user_id == str(user)))
            await session.execute(
                update(Person).where(Person.id == person_id).values(field=values[0], qualification=values[1], commune=values[2])
            )
    assert await harness.say(1001, "/polls") == ["Hiện không có cuộc thăm dò nào đang mở."]
    poll_id = await new_poll(harness)
    texts = await harness.say(1001, "/polls")
    assert texts == ["Các cuộc thăm dò đang mở:\n1. Phường nên ưu tiên đầu tư gì năm 2027?\n   Hạn 09:00 thứ Ba 01/12/2026 — chưa trả lời"]
    await harness.press(1001, f"pv:o:{poll_id}")
    await harness.press(1001, f"pv:v:{poll_id}:0")
    await harness.press(1002, f"pv:v:{poll_id}:1")
    await harness.press(1003, f"pv:v:{poll_id}:0")
    assert (await harness.say(1001, "/polls"))[0].endswith("— đã trả lời")

    texts = await harness.say(ADMIN_ID, "/polls")
    assert texts[0].endswith("mở đến 09:00 thứ Ba 01/12/2026 — 3 người trả lời")
    texts = await harness.press(ADMIN_ID, f"po:r:{poll_id}")
    photo = next(m for m in harness.tg.sent_to(ADMIN_ID) if m.method == "sendPhoto")
    assert (photo.text or "").startswith(
        "📊 Phường nên ưu tiên đầu tư gì năm 2027?\n(đang mở)\n3 người đã trả lời.\n1. Đường giao thông: 2 (67%)"
    )
    assert texts[-1].split("\n\n") == [
        "Theo lĩnh vực:\n• Y tế — 2 người: 1: 1 · 2: 1 · 3: 0\n• Giáo dục — 1 người: 1: 1 · 2: 0 · 3: 0",
        "Theo trình độ:\n• Thạc sĩ — 2 người: 1: 2 · 2: 0 · 3: 0\n• Tiến sĩ — 1 người: 1: 0 · 2: 1 · 3: 0",
        "Theo xã/phường:\n• Xã Mù Cả — 2 người: 1: 2 · 2: 0 · 3: 0\n• chưa khai — 1 người: 1: 0 · 2: 1 · 3: 0",
    ]
    assert await forged_press(harness, 1001, f"po:r:{poll_id}") == ["Xin lỗi, bạn không có quyền dùng lệnh này."]


async def test_newpoll_bad_inputs(harness: Harness) -> None:
    await with_members(harness, (1001,))
    assert await harness.say(1001, "/newpoll") == ["Xin lỗi, bạn không có quyền dùng lệnh này."]
    await harness.say(ADMIN_ID, "/newpoll")
    texts = await harness.say(ADMIN_ID, "?" * 301)
    assert texts[0].startswith("Nội dung dài 301 ký tự, vượt giới hạn 300 ký tự.")
    await harness.say(ADMIN_ID, QUESTION)
    await harness.say(ADMIN_ID, "Chỉ một phương án")
    assert await harness.press(ADMIN_ID, "np:done:options") == ["Cần ít nhất 2 phương án (mới có 1)."]
    texts = await harness.say(ADMIN_ID, "\n".join(f"Phương án {n}" for n in range(2, 12)))
    assert texts[0].startswith("Tối đa 10 phương án, như vậy sẽ thành 11. Chưa thêm dòng nào.")
    texts = await harness.say(ADMIN_ID, "chỉ MỘT phương án")
    assert texts[0].startswith("Có phương án bị trùng. Chưa thêm dòng nào.")
    texts = await harness.say(ADMIN_ID, "x" * 81)
    assert texts[0].startswith("Mỗi dòng tối đa 80 ký tự.")
    await harness.say(ADMIN_ID, "\n".join(f"Phương án {n}" for n in range(2, 11)))
    texts = await harness.say(ADMIN_ID, "Phương án 11")
    assert texts[0].startswith("Tối đa 10 phương án, như vậy sẽ thành 11.")
    texts = await harness.press(ADMIN_ID, "np:done:options")
    assert texts[0] == "Mỗi người chọn một hay nhiều phương án?"
    assert await harness.say(ADMIN_ID, "nhiều") == ["Mỗi người chọn một hay nhiều phương án?"]  # buttons only
    await harness.press(ADMIN_ID, "np:c:multiple:1")
    await harness.restart()
    await harness.press(ADMIN_ID, "np:c:live:0")
    texts = await harness.say(ADMIN_ID, "30/11/2026 08:00")  # an hour ago
    assert texts[0].startswith("Thời điểm này đã qua.")
    await harness.say(ADMIN_ID, CLOSES)
    texts = await harness.press(ADMIN_ID, "au:ok")
    assert "10. Phương án 10" in texts[0] and "Người trả lời thấy kết quả ngay. Sẽ gửi tới 2 người." in texts[0]


async def test_blocked_voter_does_not_stop_the_results(harness: Harness, clock: Clock) -> None:
    await with_members(harness, MEMBERS)
    poll_id = await new_poll(harness)
    for user in MEMBERS:
        await harness.press(user, f"pv:v:{poll_id}:{user % 3}")
    harness.tg.blocked.add(1002)
    await close(harness, clock)
    assert len(results_to(harness, 1001)) == 1 and len(results_to(harness, 1003)) == 1
    assert results_to(harness, 1002) == []
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        identity = await session.scalar(select(Identity).where(Identity.user_id == "1002"))
        failed = await session.scalar(select(func.sum(BroadcastTally.count)).where(BroadcastTally.outcome == "failed"))
        left = (await session.scalars(select(OutboxMessage))).all()
    assert identity is not None and identity.unreachable_at is not None
    assert failed == 1 and left == []  # counted, and not kept


async def test_429_storm_delivers_every_poll_exactly_once(harness: Harness) -> None:
    await harness.join(ADMIN_ID)
    assert harness.app is not None
    await add_people(harness.app.db, 20)
    await harness.say(ADMIN_ID, "/newpoll")
    await harness.say(ADMIN_ID, QUESTION)
    await harness.say(ADMIN_ID, "\n".join(OPTIONS))
    await harness.press(ADMIN_ID, "np:done:options")
    await harness.press(ADMIN_ID, "np:c:multiple:0")
    await harness.press(ADMIN_ID, "np:c:live:1")
    await harness.say(ADMIN_ID, CLOSES)
    await harness.press(ADMIN_ID, "au:ok")
    calls_before = len(harness.tg.calls)
    harness.tg.fail_next("sendMessage", error_code=429, retry_after=1, times=5)
    harness.tg.press(ADMIN_ID, "np:send")
    await harness.settle(timeout=20)
    tries = [method for method, _ in harness.tg.calls[calls_before:] if method == "sendMessage"]
    assert len(tries) == 5 + 21  # five refused, then the 21 polls once each (progress comes from its job)
    polls = [m.chat_id for m in harness.tg.sent if (m.text or "").startswith("📊 Thăm dò ý kiến")]
    assert sorted(polls) == sorted([ADMIN_ID, *range(50_000, 50_020)])
    async with harness.app.db.transaction() as session:
        statuses = (await session.scalars(select(OutboxMessage.status).where(OutboxMessage.broadcast_id.is_not(None)))).all()
        sent = await session.scalar(select(func.sum(BroadcastTally.count)).where(BroadcastTally.outcome == "sent"))
    assert statuses == [] and sent == 21


async def test_mydata_includes_answers_questions_and_ballots(harness: Harness) -> None:
    await with_members(harness, (1001,))
    event_id = await new_event(harness)
    await harness.press(1001, f"ev:r:{event_id}:y")
    await harness.press(1001, f"ev:q:{event_id}")
    await harness.say(1001, "Bao giờ có wifi miễn phí?")
    poll_id = await new_poll(harness, multiple=True)
    await harness.press(1001, f"pv:v:{poll_id}:0")
    await harness.press(1001, f"pv:v:{poll_id}:2")
    await harness.say(1001, "/mydata")
    data = json.loads(harness.last(1001).document_bytes or b"{}")
    assert [(a["event"], a["answer"]) for a in data["event_answers"]] == [("Đối thoại về chuyển đổi số", "attend")]
    assert [q["question"] for q in data["event_questions"]] == ["Bao giờ có wifi miễn phí?"]
    assert [(b["poll"], b["chosen"]) for b in data["poll_answers"]] == [(QUESTION, ["Đường giao thông", "Trạm y tế"])]
