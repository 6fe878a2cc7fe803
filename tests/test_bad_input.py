"""Bad input gets a clear, polite answer in the person's language and changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import ConversationState, Identity, Person
from tests.conftest import ADMIN_ID, Harness

USER = 701


async def person_of(h: Harness, user_id: int) -> Person:
    assert h.app is not None
    async with h.app.db.transaction() as session:
        identity = await session.scalar(select(Identity).where(Identity.user_id == str(user_id)))
        assert identity is not None
        return identity.person


async def step_of(h: Harness, user_id: int) -> str | None:
    assert h.app is not None
    async with h.app.db.transaction() as session:
        state = await session.get(ConversationState, ("telegram", str(user_id), str(user_id)))
        return state.step if state else None


async def at_name_question(h: Harness) -> None:
    await h.say(USER, "/start")
    await h.press(USER, "cs:yes")
    await h.press(USER, "pf:begin")


async def test_sticker_and_photo_where_text_is_expected(harness: Harness) -> None:
    await at_name_question(harness)
    texts = await harness.push(harness.tg.sticker_update(USER))
    assert texts == ["Xin gửi câu trả lời bằng chữ (không phải ảnh, nhãn dán hay tệp).", "Họ và tên của bạn?"]
    texts = await harness.push(harness.tg.photo_update(USER, caption="Nguyễn Văn A"))
    assert texts[0].startswith("Xin gửi câu trả lời bằng chữ")
    assert (await person_of(harness, USER)).full_name is None
    assert await step_of(harness, USER) == "profile.full_name"


async def test_overlong_text_is_refused_with_the_limit(harness: Harness) -> None:
    await at_name_question(harness)
    texts = await harness.say(USER, "A" * 5000)
    assert texts[0] == "Nội dung dài 5.000 ký tự, quá giới hạn 120 ký tự. Xin rút bớt 4.880 ký tự rồi gửi lại."
    assert (await person_of(harness, USER)).full_name is None
    assert await step_of(harness, USER) == "profile.full_name"


async def test_whitespace_only_is_asked_again(harness: Harness) -> None:
    await at_name_question(harness)
    texts = await harness.say(USER, "   ")
    assert texts[0].startswith("Xin gửi câu trả lời bằng chữ")


async def test_button_pressed_twice(harness: Harness) -> None:
    await at_name_question(harness)
    await harness.say(USER, "Tòng Văn Bình")
    question = harness.last(USER).message_id
    await harness.press(USER, "pf:set:field:0", question)
    sent_before = len(harness.tg.sent_to(USER))
    texts = await harness.press(USER, "pf:set:field:1", question)
    assert texts == ["Câu này đã được ghi nhận rồi."]  # a pop-up answer, no new message
    assert len(harness.tg.sent_to(USER)) == sent_before
    assert (await person_of(harness, USER)).field == "education"
    assert await step_of(harness, USER) == "profile.qualification"


async def test_consent_pressed_twice(harness: Harness) -> None:
    await harness.say(USER, "/start")
    notice = harness.last(USER).message_id
    await harness.press(USER, "cs:yes", notice)
    texts = await harness.press(USER, "cs:no", notice)
    assert texts == ["Câu này đã được ghi nhận rồi."]
    assert (await person_of(harness, USER)).consent_at is not None


async def test_unknown_button_payload(harness: Harness) -> None:
    await at_name_question(harness)
    texts = await harness.push(harness.tg.callback_update(USER, "zz:9", harness.last(USER).message_id))
    assert texts == ["Nút này đã hết hiệu lực."]


async def test_unknown_command(harness: Harness) -> None:
    texts = await harness.say(USER, "/frobnicate now")
    assert texts == ["Không có lệnh /frobnicate. Gõ /help để xem các lệnh."]


async def test_privileged_command_without_rights(harness: Harness) -> None:
    await harness.say(USER, "/start")
    await harness.press(USER, "cs:yes")
    texts = await harness.say(USER, f"/grant telegram:{USER}")
    assert texts == ["Xin lỗi, bạn không có quyền dùng lệnh này."]
    assert (await person_of(harness, USER)).role == "member"
    texts = await harness.say(USER, f"/revoke {ADMIN_ID}", language_code="en")
    assert texts == ["Xin lỗi, bạn không có quyền dùng lệnh này."]  # the stored language, not the app's


async def test_sticker_outside_a_flow(harness: Harness) -> None:
    await harness.say(USER, "/start")
    await harness.press(USER, "cs:yes")
    await harness.press(USER, "pf:later")
    texts = await harness.push(harness.tg.sticker_update(USER))
    assert texts == ["Xin lỗi, tôi chưa xử lý được loại tin nhắn này. Xin gửi bằng chữ."]


async def test_english_refusals_for_an_english_speaker(harness: Harness) -> None:
    await harness.say(USER, "/start", language_code="en")
    await harness.press(USER, "cs:yes")
    await harness.press(USER, "pf:begin")
    texts = await harness.push(harness.tg.sticker_update(USER))
    assert texts[0] == "Please answer in text (not a photo, sticker or file)."
