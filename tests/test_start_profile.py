"""/start, consent and the profile, through the real python-telegram-bot and the fake Bot API."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from storage.models import Identity, InboxUpdate, OutboxMessage, Person
from tests.conftest import Harness

USER = 501


async def person_of(h: Harness, user_id: int) -> Person | None:
    assert h.app is not None
    async with h.app.db.transaction() as session:
        identity = await session.scalar(select(Identity).where(Identity.user_id == str(user_id)))
        return identity.person if identity else None


async def consent(h: Harness, user_id: int = USER) -> None:
    await h.say(user_id, "/start")
    await h.press(user_id, "cs:yes")


async def test_start_greets_in_vietnamese_and_asks_consent(harness: Harness) -> None:
    texts = await harness.say(USER, "/start")
    assert texts[0].startswith("Xin chào! Đây là Hiến kế")
    assert "Nghị định 13/2023/NĐ-CP" in texts[1]
    assert harness.tg.buttons(harness.last(USER)) == [("Đồng ý", "cs:yes"), ("Không đồng ý", "cs:no")]
    person = await person_of(harness, USER)
    assert person is not None and person.consent_at is None and person.full_name is None


async def test_start_in_english_for_an_english_telegram(harness: Harness) -> None:
    texts = await harness.say(USER, "/start", language_code="en-GB")
    assert texts[0].startswith("Hello! This is Hiến kế")
    assert harness.tg.buttons(harness.last(USER))[0] == ("I agree", "cs:yes")


async def test_whole_profile_with_buttons(harness: Harness) -> None:
    tg = harness.tg
    await harness.say(USER, "/start")
    texts = await harness.press(USER, "cs:yes")
    assert "✓ Bạn đã đồng ý." in texts
    assert any(e.text == "✓ Bạn đã đồng ý." and e.reply_markup is None for e in tg.edits)
    assert any(a["callback_query_id"] for a in tg.callback_answers)
    texts = await harness.press(USER, "pf:begin")
    assert texts == ["Họ và tên của bạn?"]
    texts = await harness.say(USER, "Nguyễn Thị <b>Hoa</b> & Co")
    assert texts == ["Lĩnh vực chuyên môn của bạn?"]
    assert ("Y tế", "pf:set:field:1") in tg.buttons(harness.last(USER))
    texts = await harness.press(USER, harness.button(USER, "Y tế"))
    assert texts == ["Trình độ cao nhất của bạn?", "Lĩnh vực: Y tế ✓"]
    await harness.press(USER, harness.button(USER, "Thạc sĩ"))
    await harness.say(USER, "Bệnh viện đa khoa tỉnh")
    await harness.press(USER, harness.button(USER, "Xã Mù Cả"))
    await harness.press(USER, harness.button(USER, "Hội Y học"))
    toggled = tg.edits[-1].reply_markup or {}
    assert {"text": "✓ Hội Y học", "callback_data": "pf:tog:associations:0"} in toggled["inline_keyboard"][0]
    await harness.press(USER, "pf:tog:associations:1")
    await harness.press(USER, "pf:done:associations")
    texts = await harness.say(USER, "năm 85")
    assert texts[0].startswith("Năm sinh cần là số có 4 chữ số")
    await harness.say(USER, "1985")
    await harness.press(USER, harness.button(USER, "Nữ"))
    texts = await harness.say(USER, "Hà Nhì")
    assert texts == ["Cảm ơn bạn! Hồ sơ đã được lưu. Gõ /profile để xem hoặc sửa."]
    person = await person_of(harness, USER)
    assert person is not None
    assert (person.full_name, person.field, person.qualification, person.workplace) == (
        "Nguyễn Thị <b>Hoa</b> & Co",
        "health",
        "master",
        "Bệnh viện đa khoa tỉnh",
    )
    assert (person.commune, person.associations, person.birth_year, person.gender, person.ethnicity) == (
        "Xã Mù Cả",
        ["medicine", "traditional_medicine"],
        1985,
        "female",
        "Hà Nhì",
    )
    assert person.profile_completed_at is not None
    # Markup characters come back literally: no parse mode is ever used.
    texts = await harness.say(USER, "/profile")
    assert "• Họ tên: Nguyễn Thị <b>Hoa</b> & Co" in texts[0]
    assert all(m.parse_mode is None for m in tg.sent)


async def test_skip_and_stop(harness: Harness) -> None:
    await consent(harness)
    await harness.press(USER, "pf:begin")
    texts = await harness.press(USER, "pf:skip:full_name")
    assert "Họ tên: (bỏ qua)" in texts
    texts = await harness.press(USER, "pf:stop:field")
    assert texts == ["Đã dừng. Những gì bạn đã khai vẫn được lưu. Gõ /profile để tiếp tục."]
    person = await person_of(harness, USER)
    assert person is not None and person.full_name is None and person.profile_completed_at is None


async def test_edit_one_item_from_profile(harness: Harness) -> None:
    await consent(harness)
    await harness.say(USER, "/profile")
    texts = await harness.press(USER, "pf:edit:workplace")
    assert texts == ["Nơi công tác của bạn?"]
    texts = await harness.say(USER, "Trường PTDTNT")
    assert "• Nơi công tác: Trường PTDTNT" in texts[0]
    assert (await person_of(harness, USER)).workplace == "Trường PTDTNT"  # type: ignore[union-attr]


async def test_decline_keeps_nothing(harness: Harness) -> None:
    await harness.say(USER, "/start")
    texts = await harness.press(USER, "cs:no")
    assert texts[0].startswith("Bạn chưa đồng ý")
    assert await person_of(harness, USER) is None
    texts = await harness.say(USER, "/profile")
    assert texts == ["Để dùng tính năng này, xin gõ /start và đồng ý với thông báo về dữ liệu cá nhân."]


async def test_restart_in_the_middle_of_the_profile(harness: Harness) -> None:
    await consent(harness)
    await harness.press(USER, "pf:begin")
    await harness.say(USER, "Lò Văn Minh")
    await harness.restart()
    texts = await harness.press(USER, harness.button(USER, "Nông – lâm nghiệp"))
    assert texts == ["Trình độ cao nhất của bạn?", "Lĩnh vực: Nông – lâm nghiệp ✓"]
    await harness.restart()
    texts = await harness.press(USER, harness.button(USER, "Tiến sĩ"))
    assert texts[0] == "Nơi công tác của bạn?"
    person = await person_of(harness, USER)
    assert person is not None and (person.full_name, person.field, person.qualification) == (
        "Lò Văn Minh",
        "agriculture_forestry",
        "doctorate",
    )


async def test_same_update_three_times_has_one_effect(harness: Harness) -> None:
    update = harness.tg.message_update(USER, "/start")
    for _ in range(3):
        await harness.push(update)
    assert len(harness.tg.sent_to(USER)) == 2
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(InboxUpdate)) == 1
        assert await session.scalar(select(func.count()).select_from(Person)) == 1


async def test_mydata_sends_everything_as_json(harness: Harness) -> None:
    await consent(harness)
    await harness.press(USER, "pf:begin")
    await harness.say(USER, "Đèo Văn Sơn")
    await harness.say(USER, "/mydata")
    document = harness.last(USER)
    assert document.method == "sendDocument" and document.document_name and document.document_bytes
    data = json.loads(document.document_bytes)
    assert data["profile"]["full_name"] == "Đèo Văn Sơn"
    assert data["accounts"][0] == {
        "channel": "telegram",
        "user_id": str(USER),
        "chat_id": str(USER),
        "last_seen_at": data["accounts"][0]["last_seen_at"],
        "unreachable": False,
    }
    assert data["consent"]["version"] == "2025-1"


async def test_forget_erases_after_confirmation(harness: Harness) -> None:
    await consent(harness)
    await harness.press(USER, "pf:begin")
    await harness.say(USER, "Vàng Thị Mai")
    texts = await harness.say(USER, "/forget")
    assert texts[0].startswith("Xoá hồ sơ và thông tin liên lạc")
    texts = await harness.press(USER, "fg:no")
    assert texts == ["Không xoá gì cả."]
    assert (await person_of(harness, USER)) is not None
    await harness.say(USER, "/forget")
    texts = await harness.press(USER, "fg:yes")
    assert texts == ["Đã xoá dữ liệu của bạn. Cảm ơn bạn đã dùng Hiến kế."]
    assert await person_of(harness, USER) is None
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Person)) == 0
        payloads = (await session.scalars(select(InboxUpdate.payload))).all()
    assert payloads and all(p is None for p in payloads)  # no message text outlives its handling


async def test_language_switch_and_detection(harness: Harness) -> None:
    await consent(harness)
    texts = await harness.say(USER, "/language")
    assert texts == ["Chọn ngôn ngữ:"]
    texts = await harness.press(USER, "lg:en")
    assert texts == ["Switched to English."]
    texts = await harness.say(USER, "/help")
    assert texts[0].startswith("Commands you can use:")
    other = 777
    texts = await harness.say(other, "/start")
    assert texts[0].startswith("Xin chào!")
    texts = await harness.say(other, "I would like to send a proposal about the school roads in my commune")
    assert len(texts) == 1 and texts[0].startswith("About your personal data")
    texts = await harness.say(other, "ok")  # too short to tell: the detected language sticks
    assert texts[0].startswith("About your personal data")


async def test_sent_messages_leave_nothing_in_the_outbox(harness: Harness) -> None:
    await consent(harness)
    await harness.press(USER, "pf:begin")
    await harness.say(USER, "Quàng Văn Thắng")
    texts = await harness.say(USER, "/profile")
    assert any("Quàng Văn Thắng" in text for text in texts)
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        left = (await session.scalars(select(OutboxMessage))).all()
    assert left == []  # a sent row is deleted: neither its text nor its chat stays with the moment it went
