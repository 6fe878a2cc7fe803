"""Consultation on drafts: /newdraft from a DOCX or pasted text, comments section by section (named or
anonymous), dispositions after the deadline, the table as DOCX and XLSX, and commenters told the outcome."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.channels import ChannelRejected
from bot.console import ConsoleChannel
from handlers.base import DOCX_MIME
from storage.models import ConversationState, Draft, DraftComment, DraftSection
from tests.conftest import ADMIN_ID, Clock, Harness

HOA, SON, MAI = 611, 612, 613
CLOSED = "Đợt lấy ý kiến này đã kết thúc; không ghi nhận thêm."
ALREADY = "Câu này đã được ghi nhận rồi."


def draft_docx(*paragraphs: str) -> bytes:
    """A Word document with these paragraphs, as an official would upload it."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PLAN = draft_docx(
    "KẾ HOẠCH",
    "Phát triển đội ngũ trí thức giai đoạn 2026 - 2030",
    "Chương I",
    "NHỮNG QUY ĐỊNH CHUNG",
    "Điều 1. Mục tiêu",
    "Thu hút 200 trí thức về công tác tại cơ sở.",
    "Điều 2. Chính sách hỗ trợ",
    "1. Hỗ trợ nhà ở công vụ.",
    "2. Hỗ trợ đề tài nghiên cứu.",
    "Chương II",
    "TỔ CHỨC THỰC HIỆN",
    "Điều 3. Trách nhiệm thi hành",
    "Các cơ quan, đơn vị tổ chức thực hiện.",
)


async def db_value(h: Harness, statement):  # type: ignore[no-untyped-def]
    assert h.app is not None
    async with h.app.db.transaction() as session:
        return await session.scalar(statement)


async def db_rows(h: Harness, statement):  # type: ignore[no-untyped-def]
    assert h.app is not None
    async with h.app.db.transaction() as session:
        return list((await session.scalars(statement)).all())


async def step_of(h: Harness, user_id: int) -> str | None:
    assert h.app is not None
    async with h.app.db.transaction() as session:
        state = await session.get(ConversationState, ("telegram", str(user_id), str(user_id)))
        return state.step if state else None


async def join_named(h: Harness, user_id: int, name: str | None = None, field_index: int | None = None) -> None:
    await h.join(user_id)
    await h.say(user_id, "/profile")
    if name is not None:
        await h.press(user_id, "pf:edit:full_name", h.tg.sent_to(user_id)[-1].message_id)
        await h.say(user_id, name)
    if field_index is not None:
        await h.press(user_id, "pf:edit:field", h.tg.sent_to(user_id)[-1].message_id)
        await h.press(user_id, f"pf:set:field:{field_index}")


async def prepare(h: Harness, title: str = "Kế hoạch phát triển đội ngũ trí thức", deadline: str = "15/12/2026 17:00") -> None:
    """/newdraft as the admin, up to the question asking for the draft itself."""
    await h.say(ADMIN_ID, "/newdraft")
    await h.say(ADMIN_ID, title)
    await h.say(ADMIN_ID, "Xin ý kiến về mục tiêu và chính sách thu hút trí thức.")
    await h.say(ADMIN_ID, deadline)
    await h.press(ADMIN_ID, "au:ok")


async def publish_plan(h: Harness) -> None:
    await h.join(ADMIN_ID)
    await prepare(h)
    await h.push(h.tg.document_update(ADMIN_ID, "ke-hoach.docx", DOCX_MIME, content=PLAN))
    await h.press(ADMIN_ID, h.button(ADMIN_ID, "✅ Công bố"))


def closed_button(h: Harness) -> str:
    """The admin's button for the first consultation listed as past its deadline."""
    return next(data for label, data in h.tg.shown_buttons(ADMIN_ID) if label.startswith("📋 "))


async def open_section(h: Harness, user_id: int, heading: str) -> list[str]:
    """From the announcement: the draft's contents, then one section."""
    await h.press(user_id, h.button(user_id, "Đọc và góp ý"))
    await h.press(user_id, h.button(user_id, "☰ Mục lục"))
    return await h.press(user_id, h.button(user_id, heading))


async def test_consultation_from_docx_to_outcome(harness: Harness, clock: Clock) -> None:
    h, tg = harness, harness.tg
    await join_named(h, HOA, "Nguyễn Thị Hoa")
    await join_named(h, SON, "Lò Văn Sơn")
    await h.join(MAI)
    await h.join(ADMIN_ID)

    texts = await h.say(ADMIN_ID, "/newdraft")
    assert texts[-1] == "Tên dự thảo?"
    assert await h.say(ADMIN_ID, "Kế hoạch phát triển đội ngũ trí thức") == ["Tóm tắt ngắn: dự thảo nói về gì, cần góp ý điều gì?"]
    texts = await h.say(ADMIN_ID, "Xin ý kiến về mục tiêu và chính sách thu hút trí thức.")
    assert texts[0].startswith("Hạn góp ý? Gõ ngày dd/mm/yyyy")
    texts = await h.say(ADMIN_ID, "15/12/2026 17:00")
    assert texts[0] == "✓ Đã hiểu: thứ Ba 15/12/2026 lúc 17:00."
    assert texts[1].startswith("Gửi tới ai?\nĐang chọn: tất cả người đã đồng ý")
    texts = await h.press(ADMIN_ID, "au:ok")
    assert texts[0].startswith("Gửi dự thảo dưới dạng tệp Word (.docx)")
    texts = await h.push(tg.document_update(ADMIN_ID, "ke-hoach.docx", DOCX_MIME, content=PLAN))
    preview = texts[0]
    assert "Hạn góp ý: 17:00 15/12/2026" in preview and "Gồm 3 mục:" in preview
    assert "• Điều 1. Mục tiêu\n• Điều 2. Chính sách hỗ trợ\n• Điều 3. Trách nhiệm thi hành" in preview
    texts = await h.press(ADMIN_ID, h.button(ADMIN_ID, "✅ Công bố"))
    assert texts[0].startswith("✓ Đã công bố \"Kế hoạch phát triển đội ngũ trí thức\"")
    assert "tới 3 người" in texts[0]
    for member in (HOA, SON, MAI):
        assert tg.sent_to(member)[-1].text.startswith("📜 Xin ý kiến dự thảo: Kế hoạch phát triển đội ngũ trí thức")
    draft = (await db_rows(h, select(Draft)))[0]
    assert (draft.status, draft.source_file_name, draft.source_sha256) == (
        "published",
        "ke-hoach.docx",
        hashlib.sha256(PLAN).hexdigest(),
    )
    assert draft.source_file_id and draft.source_channel == "telegram"
    sections = await db_rows(h, select(DraftSection).order_by(DraftSection.position))
    assert sections[1].group_title == "Chương I. NHỮNG QUY ĐỊNH CHUNG"
    assert sections[1].body == "1. Hỗ trợ nhà ở công vụ.\n2. Hỗ trợ đề tài nghiên cứu."
    assert sections[2].group_title == "Chương II. TỔ CHỨC THỰC HIỆN"

    # Hoa reads from the start and comments on Điều 1 with her name.
    texts = await h.press(HOA, h.button(HOA, "Đọc và góp ý"))
    assert "Dự thảo có 3 mục." in texts[0]
    texts = await h.press(HOA, h.button(HOA, "Bắt đầu đọc ▶"))
    assert "Điều 1. Mục tiêu\nThu hút 200 trí thức về công tác tại cơ sở." in texts[0] and "Mục 1/3" in texts[0]
    texts = await h.press(HOA, h.button(HOA, "💬 Góp ý"))
    assert texts == ["Xin gõ ý kiến của bạn về Điều 1. Mục tiêu."]
    texts = await h.say(HOA, "Nên nêu rõ số trí thức cho từng lĩnh vực.")
    assert texts[0].startswith("Gửi ý kiến này kèm tên của bạn hay ẩn danh?")
    texts = await h.press(HOA, h.button(HOA, "Ghi tên"))
    assert texts[0].startswith("✓ Đã ghi ý kiến của bạn về Điều 1. Mục tiêu (ghi tên).")

    # Sơn jumps to Điều 2 and disagrees anonymously.
    texts = await open_section(h, SON, "Điều 2. Chính sách hỗ trợ")
    assert "Chương I. NHỮNG QUY ĐỊNH CHUNG" in texts[0] and "Mục 2/3" in texts[0]
    await h.press(SON, h.button(SON, "👎 Không đồng ý"))
    await h.say(SON, "Mức hỗ trợ nhà ở quá thấp so với vùng cao.")
    texts = await h.press(SON, h.button(SON, "Ẩn danh"))
    assert texts[0].startswith("✓ Đã ghi ý kiến của bạn về Điều 2. Chính sách hỗ trợ (ẩn danh).")
    anonymous = await db_value(h, select(DraftComment).where(DraftComment.anonymous.is_(True)))
    assert anonymous.person_id is None and anonymous.sealed_author and "612" not in anonymous.sealed_author

    # While open, officials see readers and comments per section.
    texts = await h.say(ADMIN_ID, "/drafts")
    assert "Hạn góp ý: 17:00 15/12/2026" in texts[0]
    texts = await h.press(ADMIN_ID, h.button(ADMIN_ID, "📊 Số liệu 1"))
    assert "• Điều 1. Mục tiêu: 👁 1 · 💬 1" in texts[0]
    assert "• Điều 2. Chính sách hỗ trợ: 👁 1 · 💬 1" in texts[0]
    assert "• Điều 3. Trách nhiệm thi hành: 👁 0 · 💬 0" in texts[0]

    # Hoa changes her comment into proposed wording before the deadline.
    texts = await h.press(HOA, h.button(HOA, "◀ Về mục này"))
    assert "Ý kiến của bạn (ghi tên): Góp ý: Nên nêu rõ số trí thức cho từng lĩnh vực." in texts[0]
    texts = await h.press(HOA, h.button(HOA, "✏️ Đề xuất câu chữ"))
    assert "Hiện đang ghi: Nên nêu rõ số trí thức cho từng lĩnh vực." in texts[0]
    await h.say(HOA, "Thu hút ít nhất 200 trí thức, trong đó 80 về y tế và giáo dục.")
    await h.press(HOA, h.button(HOA, "Ghi tên"))
    assert await db_value(h, select(func.count()).select_from(DraftComment)) == 2

    # The deadline passes: buttons change nothing.
    clock.advance(days=20)
    texts = await h.press(HOA, h.button(HOA, "◀ Về mục này"))
    assert texts == [CLOSED]
    texts = await h.press(SON, h.button(SON, "◀ Về mục này"))
    assert texts == [CLOSED]

    # The official decides each comment in chat.
    await h.say(ADMIN_ID, "/drafts")
    texts = await h.press(ADMIN_ID, closed_button(h))
    assert "2 ý kiến, còn 2 chưa xử lý." in texts[0]
    texts = await h.press(ADMIN_ID, h.button(ADMIN_ID, "✍️ Xử lý ý kiến tiếp theo"))
    assert texts[0].startswith("Ý kiến 1/2 · Điều 1. Mục tiêu\nNgười góp ý: Nguyễn Thị Hoa\nĐề xuất câu chữ: Thu hút ít nhất")
    texts = await h.press(ADMIN_ID, h.button(ADMIN_ID, "Tiếp thu một phần"))
    assert "Chọn: Tiếp thu một phần. Xin gõ nội dung giải trình." in texts[0]
    texts = await h.say(ADMIN_ID, "Bổ sung chỉ tiêu y tế; giáo dục giữ như dự thảo.")
    assert texts[0] == "✓ Ý kiến 1: Tiếp thu một phần."
    assert texts[1].startswith("Ý kiến 2/2 · Điều 2. Chính sách hỗ trợ\nNgười góp ý: Ẩn danh\nKhông đồng ý: Mức hỗ trợ")
    await h.press(ADMIN_ID, h.button(ADMIN_ID, "Tiếp thu"))
    texts = await h.press(ADMIN_ID, h.button(ADMIN_ID, "Không cần giải trình"))
    assert "✓ Ý kiến 2: Tiếp thu." in texts and "còn 0 chưa xử lý" in texts[0]  # the card becomes the check mark

    # The table as DOCX, read back.
    await h.press(ADMIN_ID, h.button(ADMIN_ID, "📄 Tải DOCX"))
    sent = h.last(ADMIN_ID)
    assert sent.method == "sendDocument" and sent.document_name.endswith(".docx")
    document = Document(io.BytesIO(sent.document_bytes))
    page = document.sections[0]
    assert page.orientation == WD_ORIENT.LANDSCAPE and page.page_width > page.page_height
    assert document.styles["Normal"].font.name == "Times New Roman"
    letterhead = document.tables[0].rows[0].cells
    assert "ĐẢNG UỶ PHƯỜNG TÂN PHONG" in letterhead[0].text and "ĐẢNG CỘNG SẢN VIỆT NAM" in letterhead[1].text
    assert "Lai Châu, ngày 20 tháng 12 năm 2026" in letterhead[1].text
    body = "\n".join(p.text for p in document.paragraphs)
    assert "BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý" in body
    assert "nhận được 2 ý kiến (1 ý kiến ẩn danh) về 2/3 mục" in body
    rows = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert rows[0] == ["Nhóm vấn đề / Điều, khoản", "Chủ thể góp ý", "Nội dung góp ý", "Nội dung tiếp thu, giải trình"]
    assert rows[1] == [
        "Điều 1. Mục tiêu",
        "Nguyễn Thị Hoa",
        "Đề xuất câu chữ: Thu hút ít nhất 200 trí thức, trong đó 80 về y tế và giáo dục.",
        "Tiếp thu một phần: Bổ sung chỉ tiêu y tế; giáo dục giữ như dự thảo.",
    ]
    assert rows[2] == [
        "Điều 2. Chính sách hỗ trợ",
        "Ẩn danh",
        "Không đồng ý: Mức hỗ trợ nhà ở quá thấp so với vùng cao.",
        "Tiếp thu",
    ]
    assert not any("Lò Văn Sơn" in cell for row in rows for cell in row)

    # The same rows as XLSX.
    await h.press(ADMIN_ID, h.button(ADMIN_ID, "📊 Tải XLSX"))
    sheet = load_workbook(io.BytesIO(h.last(ADMIN_ID).document_bytes)).active
    values = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert values[0][:4] == ["#", "Nhóm vấn đề / Điều, khoản", "Chủ thể góp ý", "Nội dung góp ý"]
    assert values[1][:3] == [1, "Điều 1. Mục tiêu", "Nguyễn Thị Hoa"] and values[1][4] == "Tiếp thu một phần"
    assert values[2][:3] == [2, "Điều 2. Chính sách hỗ trợ", "Ẩn danh"] and values[2][4:] == ["Tiếp thu", None]

    # Commenters are told the outcome, once; Mai, who did not comment, hears nothing more.
    before_mai = len(tg.sent_to(MAI))
    texts = await h.press(ADMIN_ID, h.button(ADMIN_ID, "📣 Báo kết quả cho người góp ý"))
    assert texts == ["✓ Đã gửi kết quả tới 2 người góp ý."]
    hoa = tg.sent_to(HOA)[-1].text
    assert hoa.startswith("Kết quả tiếp thu ý kiến về dự thảo \"Kế hoạch phát triển đội ngũ trí thức\":")
    assert "→ Tiếp thu một phần. Bổ sung chỉ tiêu y tế" in hoa
    assert "Không đồng ý: Mức hỗ trợ nhà ở quá thấp so với vùng cao.\"\n  → Tiếp thu" in tg.sent_to(SON)[-1].text
    assert len(tg.sent_to(MAI)) == before_mai


async def test_named_comments_are_in_mydata_and_anonymous_ones_are_not(harness: Harness) -> None:
    h = harness
    await join_named(h, HOA, "Nguyễn Thị Hoa")
    await publish_plan(h)
    for heading, choice in (("Điều 1. Mục tiêu", "Ghi tên"), ("Điều 3. Trách nhiệm thi hành", "Ẩn danh")):
        await open_section(h, HOA, heading)
        await h.press(HOA, h.button(HOA, "👍 Đồng ý"))
        await h.press(HOA, h.button(HOA, choice))
    await h.say(HOA, "/mydata")
    data = json.loads(h.last(HOA).document_bytes)
    assert [(c["section"], c["kind"]) for c in data["draft_comments"]] == [("Điều 1. Mục tiêu", "agree")]
    texts = await open_section(h, HOA, "Điều 3. Trách nhiệm thi hành")
    assert "Ý kiến của bạn (ẩn danh): Đồng ý" in texts[0]  # she still finds her own anonymous comment


async def test_pasted_text_for_one_field(harness: Harness) -> None:
    h, tg = harness, harness.tg
    await join_named(h, HOA, field_index=1)  # Y tế
    await join_named(h, SON, field_index=0)  # Giáo dục
    await h.join(ADMIN_ID)
    await h.say(ADMIN_ID, "/newdraft")
    await h.say(ADMIN_ID, "Đề án y tế cơ sở")
    await h.say(ADMIN_ID, "Góp ý cho đề án.")
    await h.say(ADMIN_ID, "31/12/2026")
    await h.press(ADMIN_ID, "au:c:fields")
    await h.press(ADMIN_ID, "au:t:fields:1")
    await h.press(ADMIN_ID, "au:b")
    texts = await h.press(ADMIN_ID, "au:ok")
    assert "Người nhận: Lĩnh vực: Y tế" in texts
    texts = await h.say(ADMIN_ID, "I. MỤC TIÊU\nNâng cao chất lượng khám chữa bệnh.\nII. NHIỆM VỤ\n1. Đào tạo")
    assert texts[0].startswith("Đã nhận 2 mục, mục cuối: II. NHIỆM VỤ.")
    texts = await h.say(ADMIN_ID, "2. Trang thiết bị\nIII. TỔ CHỨC THỰC HIỆN\nGiao Trạm y tế.")
    assert texts[0].startswith("Đã nhận 3 mục, mục cuối: III. TỔ CHỨC THỰC HIỆN.")
    texts = await h.press(ADMIN_ID, h.button(ADMIN_ID, "👁 Xem trước"))
    assert "Gồm 3 mục:" in texts[0] and "Hạn góp ý: 23:59 31/12/2026" in texts[0] and "Gửi thêm tin nhắn để nối tiếp" in texts[0]
    texts = await h.press(ADMIN_ID, h.button(ADMIN_ID, "✅ Công bố"))
    assert "tới 1 người" in texts[0]
    assert tg.sent_to(HOA)[-1].text.startswith("📜 Xin ý kiến dự thảo: Đề án y tế cơ sở")
    assert not tg.sent_to(SON)[-1].text.startswith("📜")
    sections = await db_rows(h, select(DraftSection).order_by(DraftSection.position))
    assert [s.heading for s in sections] == ["I. MỤC TIÊU", "II. NHIỆM VỤ", "III. TỔ CHỨC THỰC HIỆN"]
    assert sections[1].body == "1. Đào tạo\n2. Trang thiết bị"
    assert "1. Đề án y tế cơ sở" in (await h.say(HOA, "/drafts"))[0]
    assert await h.say(SON, "/drafts") == ["Hiện chưa có dự thảo nào đang lấy ý kiến."]  # only its audience reads and comments
    draft_id = (await db_rows(h, select(DraftSection.draft_id)))[0]
    forged = tg.callback_update(SON, f"dr:o:{draft_id}", tg.sent_to(SON)[-1].message_id)
    assert await h.push(forged) == ["Mục này dành cho một nhóm người khác. Nếu bạn thuộc nhóm đó, xin cập nhật hồ sơ (/profile)."]


async def test_files_that_cannot_be_used(harness: Harness) -> None:
    h, tg = harness, harness.tg
    await h.join(ADMIN_ID)
    await prepare(h)
    not_docx = "Tệp này không phải văn bản Word (.docx)."
    texts = await h.push(tg.document_update(ADMIN_ID, "bao-cao.pdf", "application/pdf", content=b"%PDF-1.7"))
    assert texts[0].startswith(not_docx)
    texts = await h.push(tg.document_update(ADMIN_ID, "du-thao.docx", DOCX_MIME, content=b"not a zip at all"))
    assert texts[0].startswith(not_docx)
    texts = await h.push(tg.document_update(ADMIN_ID, "ghi-chu.docx", DOCX_MIME, content=draft_docx("Ghi chú", "Không có tiêu đề nào.")))
    assert texts[0].startswith("Không tìm thấy mục nào.")
    texts = await h.push(tg.document_update(ADMIN_ID, "lon.docx", DOCX_MIME, content=b"x" * (10 * 1024 * 1024 + 1)))
    assert texts == ["Tệp lớn quá: tối đa 10 MB. Xin gửi tệp nhỏ hơn (bỏ bớt ảnh) hoặc dán nội dung vào tin nhắn."]
    assert sum(method == "getFile" for method, _ in tg.calls) == 2  # the PDF and the big file were never fetched
    texts = await h.say(ADMIN_ID, "Chỉ là một đoạn văn không có tiêu đề.")
    assert texts[0].startswith("Không tìm thấy mục nào.")
    assert await step_of(h, ADMIN_ID) == "newdraft.source"
    assert await db_value(h, select(func.count()).select_from(DraftSection)) == 0


async def test_bad_deadlines(harness: Harness) -> None:
    h = harness
    await h.join(ADMIN_ID)
    await h.say(ADMIN_ID, "/newdraft")
    await h.say(ADMIN_ID, "Dự thảo")
    await h.say(ADMIN_ID, "Tóm tắt")
    assert (await h.say(ADMIN_ID, "tuần sau"))[0].startswith("Chưa đọc được ngày.")
    assert (await h.say(ADMIN_ID, "31/02/2027"))[0].startswith("Chưa đọc được ngày.")
    texts = await h.say(ADMIN_ID, "01/11/2026")
    assert texts == ["Hạn góp ý phải sau thời điểm hiện tại (09:00 30/11/2026)."]
    assert (await h.say(ADMIN_ID, "1/12/2026 8:30"))[-1].startswith("Gửi tới ai?")


async def test_member_cannot_create_or_manage_drafts(harness: Harness) -> None:
    h = harness
    await h.join(HOA)
    assert await h.say(HOA, "/newdraft") == ["Xin lỗi, bạn không có quyền dùng lệnh này."]
    await publish_plan(h)
    texts = await h.push(h.tg.callback_update(HOA, "dd:P:1", h.last(HOA).message_id))
    assert texts == ["Xin lỗi, bạn không có quyền dùng lệnh này."]
    texts = await h.say(HOA, "/drafts")
    assert "📊" not in str(h.tg.buttons(h.last(HOA)))


async def test_comment_after_the_deadline_is_refused(harness: Harness, clock: Clock) -> None:
    h = harness
    await h.join(HOA)
    await publish_plan(h)
    await open_section(h, HOA, "Điều 2. Chính sách hỗ trợ")
    await h.press(HOA, h.button(HOA, "💬 Góp ý"))
    clock.advance(days=16)
    texts = await h.say(HOA, "Ý kiến gửi muộn.")
    assert texts == [CLOSED]
    assert await h.press(HOA, h.button(HOA, "💬 Góp ý")) == [CLOSED]
    assert await db_value(h, select(func.count()).select_from(DraftComment)) == 0
    assert await step_of(h, HOA) is None
    texts = await h.say(HOA, "/drafts")
    assert texts == ["Hiện chưa có dự thảo nào đang lấy ý kiến."]


async def test_no_table_before_the_deadline(harness: Harness) -> None:
    h = harness
    await publish_plan(h)
    await h.say(ADMIN_ID, "/drafts")
    figures = await h.press(ADMIN_ID, h.button(ADMIN_ID, "📊 Số liệu 1"))
    assert figures[0].startswith("📊 Kế hoạch phát triển đội ngũ trí thức\nĐang lấy ý kiến đến 17:00 15/12/2026")
    texts = await h.push(h.tg.callback_update(ADMIN_ID, "dx:d:1", h.last(ADMIN_ID).message_id))
    assert texts == ["Đợt lấy ý kiến còn mở đến 17:00 15/12/2026; sau hạn mới xử lý được."]
    assert h.last(ADMIN_ID).method == "sendMessage"


async def test_buttons_pressed_twice(harness: Harness, clock: Clock) -> None:
    h, tg = harness, harness.tg
    await h.join(HOA)
    await h.join(ADMIN_ID)
    await prepare(h)
    await h.push(tg.document_update(ADMIN_ID, "ke-hoach.docx", DOCX_MIME, content=PLAN))
    preview = h.last(ADMIN_ID).message_id
    publish = h.button(ADMIN_ID, "✅ Công bố")
    await h.press(ADMIN_ID, publish, preview)
    assert await h.press(ADMIN_ID, publish, preview) == [ALREADY]
    assert sum(m.text.startswith("📜 Xin ý kiến") for m in tg.sent_to(HOA)) == 1
    await open_section(h, HOA, "Điều 1. Mục tiêu")
    await h.press(HOA, h.button(HOA, "👍 Đồng ý"))
    question = h.last(HOA).message_id
    anonymous = h.button(HOA, "Ẩn danh")
    await h.press(HOA, anonymous, question)
    assert await h.press(HOA, anonymous, question) == [ALREADY]
    assert await db_value(h, select(func.count()).select_from(DraftComment)) == 1
    clock.advance(days=16)
    await h.say(ADMIN_ID, "/drafts")
    await h.press(ADMIN_ID, closed_button(h))
    await h.press(ADMIN_ID, h.button(ADMIN_ID, "✍️ Xử lý ý kiến tiếp theo"))
    await h.press(ADMIN_ID, h.button(ADMIN_ID, "Tiếp thu"))
    card = h.last(ADMIN_ID).message_id
    skip = h.button(ADMIN_ID, "Không cần giải trình")
    await h.press(ADMIN_ID, skip, card)
    assert await h.press(ADMIN_ID, skip, card) == [ALREADY]
    overview = h.last(ADMIN_ID).message_id
    results = h.button(ADMIN_ID, "📣 Báo kết quả cho người góp ý")
    await h.press(ADMIN_ID, results, overview)
    assert await h.press(ADMIN_ID, results, overview) == ["Kết quả đã được báo cho người góp ý; không sửa được nữa."]
    assert sum(m.text.startswith("Kết quả tiếp thu") for m in tg.sent_to(HOA)) == 1


async def test_restart_in_the_middle_of_newdraft(harness: Harness) -> None:
    h = harness
    await h.join(ADMIN_ID)
    await h.say(ADMIN_ID, "/newdraft")
    await h.say(ADMIN_ID, "Quy chế phối hợp")
    await h.restart()
    texts = await h.say(ADMIN_ID, "Góp ý quy chế phối hợp với các hội.")
    assert texts[0].startswith("Hạn góp ý?")
    await h.say(ADMIN_ID, "20/12/2026")
    await h.restart()
    texts = await h.say(ADMIN_ID, "/newdraft")
    assert texts == ["Bạn đang soạn dở dự thảo \"Quy chế phối hợp\". Làm tiếp hay bắt đầu lại?"]
    assert (await h.press(ADMIN_ID, h.button(ADMIN_ID, "Làm tiếp")))[0].startswith("Gửi tới ai?")
    await h.press(ADMIN_ID, "au:ok")
    await h.restart()
    texts = await h.say(ADMIN_ID, "Điều 1. Phạm vi\nQuy chế này quy định...\nĐiều 2. Nguyên tắc\nCông khai, minh bạch.")
    assert texts[0].startswith("Đã nhận 2 mục, mục cuối: Điều 2. Nguyên tắc.")
    texts = await h.press(ADMIN_ID, h.button(ADMIN_ID, "✅ Công bố"))
    assert texts[0].startswith("✓ Đã công bố \"Quy chế phối hợp\", nhận góp ý đến 23:59 20/12/2026.")
    assert await db_value(h, select(func.count()).select_from(Draft)) == 1


async def test_start_over_discards_the_unfinished_draft(harness: Harness) -> None:
    h = harness
    await h.join(ADMIN_ID)
    await h.say(ADMIN_ID, "/newdraft")
    await h.say(ADMIN_ID, "Bản nháp bỏ")
    await h.say(ADMIN_ID, "/newdraft")
    texts = await h.press(ADMIN_ID, h.button(ADMIN_ID, "Bắt đầu lại"))
    assert texts[-1] == "Tên dự thảo?"
    titles = await db_rows(h, select(Draft.title))
    assert titles == [None]


async def test_reading_in_english(harness: Harness) -> None:
    h = harness
    await h.join(HOA, language_code="en")
    await publish_plan(h)
    assert h.last(HOA).text.startswith("📜 Your comments are invited on a draft: Kế hoạch")
    await h.press(HOA, h.button(HOA, "Read and comment"))
    texts = await h.press(HOA, h.button(HOA, "Start reading ▶"))
    assert "Section 1 of 3" in texts[0]
    assert ("✏️ Proposed wording", "dc:w:1") in h.tg.shown_buttons(HOA)


async def test_console_channel_has_no_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    console = ConsoleChannel("console", "local", print, tmp_path)
    with pytest.raises(ChannelRejected):
        await console.download("anything")
