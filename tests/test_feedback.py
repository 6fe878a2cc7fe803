"""Members send submissions and follow them; officials answer; the author rates or reopens — through
the real python-telegram-bot and the fake Bot API."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from storage.models import ConversationState, OutboxMessage, Submission
from tests.conftest import ADMIN_ID, Harness
from tests.flows import CODE, answer, events, everything_seen_by, member, official, open_item, row, submit

MEMBER = 8642013579
NAME = "Lò Thị Xuân Hương"
OFFICIAL = 8642024680
TEXT = "Trạm y tế xã Mù Cả thiếu thuốc điều trị sốt rét cho người dân vùng cao, đề nghị bổ sung sớm."


async def test_anonymous_round_trip_leaves_no_trace_of_the_author(harness: Harness) -> None:
    tg = harness.tg
    await member(harness, MEMBER, NAME)
    await official(harness, OFFICIAL, "Trần Văn Cán")
    await harness.say(MEMBER, "/feedback")
    assert ("Y tế", "fb:topic:1") in tg.buttons(harness.last(MEMBER))
    assert ("Đề xuất chính sách", "fb:topic:12") in tg.buttons(harness.last(MEMBER))
    texts = await harness.press(MEMBER, "fb:topic:1")
    assert texts == ["Xin viết nội dung ý kiến, kiến nghị (tối đa 3.000 ký tự).\nCó thể gửi kèm ảnh hoặc tệp.", "Chủ đề: Y tế ✓"]
    texts = await harness.say(MEMBER, TEXT)
    assert texts[0].startswith("Ai được biết bạn là người gửi?")
    texts = await harness.press(MEMBER, "fb:privacy:anonymous")
    assert texts[0].startswith("Xin kiểm tra trước khi gửi:\nChủ đề: Y tế\nHình thức: Ẩn danh") and TEXT in texts[0]
    texts = await harness.press(MEMBER, "fb:send")
    code = CODE.search(texts[0]).group()  # type: ignore[union-attr]
    assert texts[0] == (
        f"Đã nhận ý kiến của bạn.\nMã theo dõi: {code}\n"
        "Cán bộ sẽ tiếp nhận trong 8 giờ làm việc và trả lời trước 17:30 07/12/2026. "
        f"Câu trả lời sẽ gửi tới bạn tại đây.\nXem tiến độ: /status {code}"
    )

    texts = await open_item(harness, OFFICIAL, code)
    assert texts[0].startswith("Ý kiến chờ xử lý: 1 (trang 1/1).") and f"🆕 {code} · Y tế · Mới nhận" in texts[0]
    view = texts[1]
    assert "Người gửi: (ẩn danh)" in view and "Hình thức: Ẩn danh" in view and TEXT in view
    assert "Hạn tiếp nhận: 09:00 01/12/2026\nHạn trả lời: 17:30 07/12/2026" in view
    submission = await row(harness, code)
    await harness.press(OFFICIAL, f"fo:take:{submission.id}")
    assert tg.sent_to(MEMBER)[-1].text == f"Ý kiến {code} của bạn: Đang xem xét."
    texts = await answer(harness, OFFICIAL, code, "Trung tâm Y tế đã cấp bổ sung thuốc ngày 02/12. Cảm ơn bạn.")
    assert texts == [f"✓ Đã gửi câu trả lời cho ý kiến {code}."]

    received = tg.sent_to(MEMBER)[-1]
    assert (received.text or "").startswith(f"Trả lời ý kiến {code} (Y tế):\n\nTrung tâm Y tế đã cấp bổ sung thuốc")
    assert [label for label, _ in tg.buttons(received)] == ["1⭐", "2⭐", "3⭐", "4⭐", "5⭐", "Chưa giải quyết được"]
    texts = await harness.press(MEMBER, f"fb:rate:{code}:5")
    assert texts[0].endswith("Bạn đã chấm 5/5. Cảm ơn bạn!")
    assert tg.buttons(tg.edits[-1]) == [("Chưa giải quyết được", f"fb:reopen:{code}")]  # type: ignore[arg-type]
    assert tg.sent_to(OFFICIAL)[-1].text == f"Người gửi đã chấm 5/5 cho câu trả lời ý kiến {code}."
    texts = await harness.press(MEMBER, f"fb:rate:{code}:1", received.message_id)
    assert texts == ["Bạn đã chấm câu trả lời này rồi."]

    # What officials and admins see never names the author …
    await harness.say(ADMIN_ID, f"/status {code}")
    for chat in (OFFICIAL, ADMIN_ID):
        seen = "\n".join(everything_seen_by(harness, chat))
        assert code in seen and str(MEMBER) not in seen and NAME not in seen and "Xuân Hương" not in seen
    # … nor does the stored row, its timeline, the outbox or the author's conversation state.
    stored = await row(harness, code)
    assert (stored.person_id, stored.privacy, stored.status, stored.rating) == (None, "anonymous", "closed", 5)
    assert stored.author_seal and str(MEMBER) not in stored.author_seal and stored.language == "vi"
    values = [str(getattr(stored, c.name)) for c in Submission.__table__.columns]
    assert not any(str(MEMBER) in v or NAME in v for v in values)
    author_steps = [e for e in await events(harness, code) if e.kind in ("received", "rated")]
    assert [e.actor_id for e in author_steps] == [None, None]
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        outbox = (await session.scalars(select(OutboxMessage))).all()
        state = await session.get(ConversationState, ("telegram", str(MEMBER), str(MEMBER)))
    to_member = [m for m in outbox if m.chat_id == str(MEMBER)]
    assert not any(code in json.dumps(m.payload, ensure_ascii=False) for m in to_member)
    assert not any(TEXT in json.dumps(m.payload, ensure_ascii=False) for m in to_member)
    assert state is not None and code not in json.dumps([state.data, state.menu])


async def test_named_and_confidential_authors(harness: Harness) -> None:
    await member(harness, MEMBER, NAME)
    await official(harness, OFFICIAL)
    named = await submit(harness, MEMBER, "Đề nghị mở lớp bồi dưỡng tin học cho giáo viên.", "named", "Giáo dục")
    secret = await submit(harness, MEMBER, "Phụ cấp thu hút chưa được chi trả đúng hạn.", "confidential", "Điều kiện làm việc, thu nhập")
    view = (await open_item(harness, OFFICIAL, named))[-1]
    assert f"Người gửi: {NAME}" in view
    view = (await open_item(harness, OFFICIAL, secret))[-1]
    assert "Người gửi: (bảo mật)" in view and NAME not in view
    admin_view = (await harness.say(ADMIN_ID, f"/status {secret}"))[0]
    assert f"Người gửi: {NAME}" in admin_view and "Hình thức: Bảo mật" in admin_view
    assert (await row(harness, secret)).person_id is not None


async def test_timeline_reopen_once_and_a_second_answer(harness: Harness) -> None:
    tg = harness.tg
    economy = 8642099999
    await member(harness, MEMBER)
    await official(harness, OFFICIAL, "Trần Văn Cán")
    await official(harness, economy, "Lò Văn Kinh", unit="Phòng Kinh tế")
    code = await submit(harness, MEMBER, "Đường vào bản Nà Củng sạt lở, học sinh phải đi vòng 5 km.", "named", "Hạ tầng")
    submission = await row(harness, code)
    await open_item(harness, OFFICIAL, code)
    await harness.press(OFFICIAL, f"fo:take:{submission.id}")
    await harness.press(OFFICIAL, f"fo:fwd:{submission.id}")
    texts = await harness.press(OFFICIAL, f"fo:unit:{submission.id}:2")  # Phòng Kinh tế
    assert texts == [f"✓ Đã chuyển ý kiến {code} cho Phòng Kinh tế. Từ nay Phòng Kinh tế xử lý ý kiến này."]
    assert tg.sent_to(MEMBER)[-1].text == f"Ý kiến {code} của bạn đã được chuyển tới Phòng Kinh tế để xử lý."
    assert (await row(harness, code)).assignee_id is None  # the intake official handed it over
    assert (await harness.say(OFFICIAL, "/inbox")) == ["Không có ý kiến nào đang chờ xử lý."]
    await harness.say(economy, "/inbox")
    texts = await harness.press(economy, f"fo:open:{submission.id}")
    assert "Người xử lý: chưa có · Đơn vị: Phòng Kinh tế" in texts[0]
    await harness.press(economy, f"fo:note:{submission.id}")
    texts = await harness.say(economy, "Đã gọi điện cho trưởng bản, chờ khảo sát")
    assert texts[0] == "Đã lưu ghi chú nội bộ (không gửi cho người gửi)."
    assert "Ghi chú nội bộ: Đã gọi điện cho trưởng bản, chờ khảo sát (Lò Văn Kinh)" in texts[1]
    harness.clock.advance(hours=3)
    await answer(harness, economy, code, "Xã đã bố trí kinh phí sửa đường trong tháng 12.")

    texts = await harness.say(MEMBER, f"/status {code.lower().replace('-', ' ')}")
    status = texts[0]
    assert status.startswith(f"Ý kiến {code}\nChủ đề: Hạ tầng\nHình thức: Ghi tên\nTrạng thái: Đã trả lời\n")
    assert (
        "Diễn biến:\n• 09:00 30/11/2026 — Đã nhận\n• 09:00 30/11/2026 — Chuyển sang «Đang xem xét»\n"
        "• 09:00 30/11/2026 — Chuyển tới Phòng Kinh tế\n• 12:00 30/11/2026 — Đã trả lời\n"
    ) in status
    assert "Câu trả lời:\nXã đã bố trí kinh phí sửa đường trong tháng 12." in status
    assert "trưởng bản" not in status and "Lò Văn Kinh" not in status  # notes and officials stay internal

    texts = await harness.press(MEMBER, f"fb:reopen:{code}")
    assert texts == [f"Đã mở lại ý kiến {code}. Cán bộ sẽ xem xét lại và trả lời trước 17:30 07/12/2026."]
    assert (tg.sent_to(economy)[-1].text or "").startswith(f"Ý kiến {code} được người gửi mở lại: vấn đề chưa được giải quyết.")
    assert (await row(harness, code)).status == "in_review"
    texts = await harness.press(MEMBER, f"fb:reopen:{code}")
    assert texts == [
        f"Ý kiến {code} đã được mở lại một lần nên không mở lại thêm được. "
        "Nếu vấn đề vẫn còn, xin gửi ý kiến mới bằng /feedback."
    ]
    await answer(harness, economy, code, "Đoàn khảo sát đã làm việc; thi công từ 10/12.")
    second = tg.sent_to(MEMBER)[-1]
    assert "thi công từ 10/12" in (second.text or "")
    assert [label for label, _ in tg.buttons(second)] == ["1⭐", "2⭐", "3⭐", "4⭐", "5⭐"]  # no second reopen
    kinds = [e.kind for e in await events(harness, code)]
    assert kinds == ["received", "assigned", "status", "forwarded", "note", "answered", "reopened", "answered"]


async def test_declined_with_a_reason(harness: Harness) -> None:
    await member(harness, MEMBER)
    await official(harness, OFFICIAL)
    code = await submit(harness, MEMBER, "Đề nghị xây sân golf ở bản.", "named", "Du lịch")
    submission = await row(harness, code)
    await open_item(harness, OFFICIAL, code)
    await harness.press(OFFICIAL, f"fo:st:{submission.id}")
    texts = await harness.press(OFFICIAL, f"fo:set:{submission.id}:declined")
    assert texts == [f"Ý kiến {code} → «Không tiếp nhận». Xin ghi lý do (sẽ gửi cho người gửi):"]
    texts = await harness.say(OFFICIAL, "Không thuộc thẩm quyền của xã.")
    assert texts[0] == f"Đã chuyển ý kiến {code} sang «Không tiếp nhận»."
    assert harness.tg.sent_to(MEMBER)[-1].text == f"Ý kiến {code} của bạn: Không tiếp nhận.\nLý do: Không thuộc thẩm quyền của xã."
    status = (await harness.say(MEMBER, f"/status {code}"))[0]
    assert "Chuyển sang «Không tiếp nhận»: Không thuộc thẩm quyền của xã." in status
    texts = await harness.press(OFFICIAL, f"fo:ans:{submission.id}", harness.tg.sent_to(OFFICIAL)[-1].message_id)
    assert texts == ["Ý kiến này đã đóng."]


async def test_an_answered_item_the_author_never_rates_can_be_closed(harness: Harness) -> None:
    await member(harness, MEMBER)
    await official(harness, OFFICIAL)
    code = await submit(harness, MEMBER, "Xin lịch tiếp công dân tháng 12.", "named", "Khác")
    submission = await row(harness, code)
    await answer(harness, OFFICIAL, code, "Thứ Năm hằng tuần tại trụ sở xã.")
    view = (await open_item(harness, OFFICIAL, code))[-1]
    assert "Trạng thái: Đã trả lời" in view
    assert [label for label, _ in harness.tg.buttons(harness.tg.edits[-1])] == ["Đổi trạng thái", "Ghi chú nội bộ", "« Danh sách"]  # type: ignore[arg-type]
    await harness.press(OFFICIAL, f"fo:st:{submission.id}")
    choices = harness.tg.buttons(harness.tg.edits[-1])  # type: ignore[arg-type]
    assert choices == [("Đã đóng", f"fo:set:{submission.id}:closed"), ("Huỷ", f"fo:open:{submission.id}")]
    await harness.press(OFFICIAL, f"fo:set:{submission.id}:closed")
    texts = await harness.say(OFFICIAL, "Người gửi không phản hồi sau 10 ngày.")
    assert texts[0] == f"Đã chuyển ý kiến {code} sang «Đã đóng»."
    assert (await row(harness, code)).status == "closed"


async def test_free_text_is_offered_as_feedback(harness: Harness) -> None:
    await member(harness, MEMBER)
    texts = await harness.say(MEMBER, "Đèn đường ở tổ 5 phường Tân Phong hỏng đã hai tuần")
    assert texts == ["Bạn có muốn gửi tin nhắn này thành ý kiến tới Đảng uỷ phường Tân Phong không?"]
    await harness.press(MEMBER, "fb:offer:yes")
    texts = await harness.press(MEMBER, harness.button(MEMBER, "Hạ tầng"))
    assert texts[0].startswith("Ai được biết bạn là người gửi?")  # the text is already there
    await harness.press(MEMBER, "fb:privacy:named")
    await harness.press(MEMBER, "fb:send")
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        stored = (await session.scalars(select(Submission))).one()
    assert (stored.text, stored.topic) == ("Đèn đường ở tổ 5 phường Tân Phong hỏng đã hai tuần", "infrastructure")
    await harness.say(MEMBER, "Cảm ơn")
    texts = await harness.press(MEMBER, "fb:offer:no")
    assert texts == ["Được, tin nhắn không được gửi đi. Gõ /help để xem các lệnh."]
    stranger = 4242
    texts = await harness.say(stranger, "/help")
    texts = await harness.say(stranger, "Tôi muốn góp ý")  # no consent: welcomed, kept, asked to consent
    assert "Chúng tôi đã giữ tin nhắn của bạn. Sau khi bạn đồng ý, bạn có thể gửi nó thành ý kiến." in texts


async def test_in_english_with_language_detected(harness: Harness) -> None:
    await member(harness, MEMBER, language_code="en")
    texts = await harness.say(MEMBER, "/feedback")
    assert texts == ["What is your submission about?"]
    code = await submit(harness, MEMBER, "The commune library needs longer opening hours for students.", "named", "Education")
    assert (await row(harness, code)).language == "en"
    texts = await harness.say(MEMBER, "/mine")
    assert texts[0].startswith(f"Your submissions:\n• {code} · 30/11/2026 · Education · Received")


async def test_restart_in_the_middle_of_writing(harness: Harness) -> None:
    await member(harness, MEMBER)
    await harness.say(MEMBER, "/feedback")
    await harness.press(MEMBER, harness.button(MEMBER, "Pháp luật"))
    await harness.restart()
    texts = await harness.say(MEMBER, "Cần thêm buổi trợ giúp pháp lý lưu động cho xã Tà Tổng.")
    assert texts[0].startswith("Ai được biết bạn là người gửi?")
    await harness.restart()
    texts = await harness.press(MEMBER, "fb:privacy:confidential")
    assert "Chủ đề: Pháp luật\nHình thức: Bảo mật" in texts[0]
    await harness.restart()
    texts = await harness.press(MEMBER, "fb:send")
    code = CODE.search(texts[0]).group()  # type: ignore[union-attr]
    stored = await row(harness, code)
    assert (stored.topic, stored.privacy, stored.text) == ("law", "confidential", "Cần thêm buổi trợ giúp pháp lý lưu động cho xã Tà Tổng.")


async def test_bad_inputs_while_writing(harness: Harness) -> None:
    await member(harness, MEMBER)
    await harness.say(MEMBER, "/feedback")
    await harness.press(MEMBER, harness.button(MEMBER, "Y tế"))
    ask = "Xin viết nội dung ý kiến, kiến nghị (tối đa 3.000 ký tự).\nCó thể gửi kèm ảnh hoặc tệp."
    texts = await harness.push(harness.tg.sticker_update(MEMBER))
    assert texts == ["Xin viết nội dung ý kiến bằng chữ. Ảnh và tệp chỉ gửi kèm được.", ask]
    texts = await harness.say(MEMBER, "  \n  ")
    assert texts == ["Xin viết nội dung ý kiến bằng chữ. Ảnh và tệp chỉ gửi kèm được.", ask]
    texts = await harness.say(MEMBER, "Ý" * 3201)
    assert texts == ["Nội dung dài 3.201 ký tự, quá giới hạn 3.000 ký tự. Xin rút bớt 201 ký tự rồi gửi lại."]
    await harness.say(MEMBER, "Cần thêm bác sĩ cho trạm y tế.")
    await harness.press(MEMBER, "fb:privacy:named")
    confirm = harness.last(MEMBER).message_id
    texts = await harness.press(MEMBER, "fb:send", confirm)
    assert texts[0].startswith("Đã nhận ý kiến của bạn.")
    texts = await harness.push(harness.tg.callback_update(MEMBER, "fb:send", confirm))
    assert texts == ["Câu này đã được ghi nhận rồi."]
    texts = await harness.push(harness.tg.callback_update(MEMBER, "fb:topic:3", confirm))
    assert texts == ["Câu này đã được ghi nhận rồi."]
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Submission)) == 1


async def test_status_and_inbox_refusals(harness: Harness) -> None:
    await member(harness, MEMBER)
    other = 515151
    await member(harness, other)
    code = await submit(harness, other, "Ý kiến của người khác về thư viện xã.", "named", "Văn hoá – nghệ thuật")
    assert await harness.say(MEMBER, "/status") == [
        "Cách dùng: /status HK-7F3K2 (mã theo dõi). Gõ /mine để xem các ý kiến của bạn."
    ]
    texts = await harness.say(MEMBER, "/status HK-ZZZZZ")
    assert texts == ["Không tìm thấy ý kiến mã HK-ZZZZZ trong các ý kiến của bạn. Xin kiểm tra lại mã, hoặc gõ /mine."]
    texts = await harness.say(MEMBER, f"/status {code}")
    assert texts[0].startswith(f"Không tìm thấy ý kiến mã {code}")  # someone else's is not shown
    assert await harness.say(MEMBER, "/mine") == ["Bạn chưa gửi ý kiến nào. Gõ /feedback để gửi."]
    assert await harness.say(MEMBER, "/inbox") == ["Xin lỗi, bạn không có quyền dùng lệnh này."]
    submission = await row(harness, code)
    texts = await harness.push(harness.tg.callback_update(MEMBER, f"fo:take:{submission.id}", harness.last(MEMBER).message_id))
    assert texts == ["Xin lỗi, bạn không có quyền dùng lệnh này."]
    assert (await row(harness, code)).assignee_id is None
    texts = await harness.push(harness.tg.callback_update(MEMBER, f"fb:rate:{code}:5", harness.last(MEMBER).message_id))
    assert texts == ["Chỉ người gửi ý kiến mới làm được việc này."]


async def test_hourly_limit(harness: Harness) -> None:
    harness.settings = harness.settings.model_copy(update={"hienke_feedback_per_hour": 2})
    await harness.restart()
    await member(harness, MEMBER)
    await submit(harness, MEMBER, "Ý kiến thứ nhất về y tế cơ sở.", "anonymous")
    harness.clock.advance(minutes=20)
    await submit(harness, MEMBER, "Ý kiến thứ hai về y tế cơ sở.", "named")
    refusal = "Bạn đã gửi 2 ý kiến trong một giờ qua, là mức tối đa. Xin gửi tiếp sau. Cảm ơn bạn!"
    assert await harness.say(MEMBER, "/feedback") == [refusal]
    await harness.say(MEMBER, "Ý kiến thứ ba gõ thẳng vào khung chat")
    assert await harness.press(MEMBER, "fb:offer:yes") == [refusal]
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Submission)) == 2
    harness.clock.advance(minutes=41)  # the first one is now more than an hour old
    await submit(harness, MEMBER, "Ý kiến thứ ba về y tế cơ sở.", "named")


async def test_files_are_kept_by_id_and_shown_to_officials(harness: Harness) -> None:
    tg = harness.tg
    await member(harness, MEMBER)
    await official(harness, OFFICIAL)
    await harness.say(MEMBER, "/feedback")
    await harness.press(MEMBER, harness.button(MEMBER, "Hạ tầng"))
    texts = await harness.push(tg.document_update(MEMBER, "bien-ban.pdf", "application/pdf", content=b"%PDF-1.4"))
    assert texts == ["Đã đính kèm 1 tệp. Giờ xin viết nội dung ý kiến."]
    texts = await harness.push(tg.photo_update(MEMBER, caption="Cầu treo bản Hon bị gãy dây cáp.", content=b"JPEG"))
    assert texts[0].startswith("Ai được biết bạn là người gửi?")
    await harness.press(MEMBER, "fb:privacy:anonymous")
    assert "Tệp đính kèm: 2" in harness.last(MEMBER).text  # type: ignore[operator]
    texts = await harness.press(MEMBER, "fb:send")
    code = CODE.search(texts[0]).group()  # type: ignore[union-attr]
    stored = await row(harness, code)
    assert [(a["kind"], a["file_name"]) for a in stored.attachments] == [("document", "bien-ban.pdf"), ("photo", None)]
    await open_item(harness, OFFICIAL, code)
    texts = await harness.press(OFFICIAL, f"fo:files:{stored.id}")
    assert texts == [f"{code} · tệp 1/2", f"{code} · tệp 2/2"]
    sent = tg.sent_to(OFFICIAL)[-2:]
    assert [(m.method, m.document_bytes) for m in sent] == [("sendDocument", b"%PDF-1.4"), ("sendPhoto", b"JPEG")]


async def test_mydata_lists_named_ones_and_forget_unlinks_all(harness: Harness) -> None:
    await member(harness, MEMBER, NAME)
    await official(harness, OFFICIAL)
    named = await submit(harness, MEMBER, "Đề nghị hỗ trợ nhà công vụ cho giáo viên.", "named", "Giáo dục")
    anonymous = await submit(harness, MEMBER, "Có hiện tượng thu tiền học thêm trái quy định.", "anonymous", "Giáo dục")
    await harness.say(MEMBER, "/mydata")
    data = json.loads(harness.last(MEMBER).document_bytes or b"{}")
    assert [s["code"] for s in data["submissions"]] == [named]
    assert data["submissions"][0]["timeline"][0]["event"] == "received"
    await harness.say(MEMBER, "/forget")
    await harness.press(MEMBER, "fg:yes")
    for code in (named, anonymous):
        stored = await row(harness, code)
        assert stored.person_id is None and stored.author_seal is None and stored.text
    view = (await open_item(harness, OFFICIAL, named))[-1]
    assert "Người gửi: (đã xoá dữ liệu cá nhân)" in view and NAME not in view
    texts = await answer(harness, OFFICIAL, anonymous, "Đã chuyển thanh tra kiểm tra.")
    assert texts == [f"Đã lưu câu trả lời cho ý kiến {anonymous}, nhưng không gửi được: người gửi đã xoá dữ liệu hoặc chặn bot."]


async def test_inbox_pages_overdue_first(harness: Harness) -> None:
    await member(harness, MEMBER)
    await official(harness, OFFICIAL)
    codes = [await submit(harness, MEMBER, f"Ý kiến số {i} về chuyển đổi số ở xã.", "named", "Chuyển đổi số") for i in range(6)]
    harness.clock.advance(days=1, hours=1)  # Tuesday 10:00: none was taken up within 8 working hours
    submission = await row(harness, codes[5])
    await open_item(harness, OFFICIAL, codes[5])
    await harness.press(OFFICIAL, f"fo:take:{submission.id}")
    texts = await harness.say(OFFICIAL, "/inbox")
    lines = texts[0].splitlines()
    assert lines[0] == "Ý kiến chờ xử lý: 6 (trang 1/2). Quá hạn và mới nhận xếp trước."
    assert [line.split(" · ")[0] for line in lines[1:]] == [f"⚠️ {c}" for c in codes[:5]]
    texts = await harness.press(OFFICIAL, "fo:page:1")
    assert texts[0].splitlines()[1].startswith(f"{codes[5]} · Chuyển đổi số · Đang xem xét")
    assert harness.tg.buttons(harness.tg.edits[-1])[-1] == ("« Trước", "fo:page:0")  # type: ignore[arg-type]


async def test_a_long_timeline_still_fits_one_message(harness: Harness) -> None:
    await member(harness, MEMBER)
    await official(harness, OFFICIAL)
    code = await submit(harness, MEMBER, "Đ" * 3000, "named", "Khác")
    submission = await row(harness, code)
    for n in range(3):
        await harness.press(OFFICIAL, f"fo:note:{submission.id}", harness.last(OFFICIAL).message_id)
        texts = await harness.say(OFFICIAL, f"Ghi chú {n} " + "x" * 300)
    view = texts[-1]
    assert len(view) <= 4096 and view.endswith("x" * 300 + " (cán bộ #2)") and "Ghi chú 2 " in view
    assert "… 2 bước trước đó\n• 09:00 30/11/2026 — Ghi chú nội bộ: Ghi chú 1" in view
