"""The expert roster on the fake Telegram server: opting in from /profile, a search that finds exactly the
experts who match and opted in, invitations to a question and to a dialogue that reach only those chosen,
declining with one tap, who accepted / declined / did not answer, refusals, a restart, /mydata and /forget."""

from __future__ import annotations

import json

from sqlalchemy import select

from storage.models import Draft, Event, ExpertInvitation, Person
from tests.conftest import ADMIN_ID, Clock, Harness
from tests.flows import INTAKE, member, official
from tests.test_conversations import option_number
from tests.test_drafts import db_rows, db_value
from tests.test_honours import COUNCIL, TITLE, forge, nominate_found, open_round, person_id, said
from tests.test_link import zalo_consent

AN, BINH, CUONG, DUNG, EM, PHU, HOA = 821, 822, 823, 824, 825, 826, 827
OTHER_OFFICIAL = 828
NOT_INVITED = "Mục này dành cho một nhóm người khác. Nếu bạn thuộc nhóm đó, xin cập nhật hồ sơ (/profile)."
AGRICULTURE, HEALTH, SCIENCE = 2, 1, 6  # indexes in handlers.profile.FIELDS
MASTER, BACHELOR = 1, 0


async def profile_choice(h: Harness, user_id: int, question: str, index: int) -> None:
    await h.say(user_id, "/profile")
    await h.press(user_id, f"pf:edit:{question}")
    await h.press(user_id, f"pf:set:{question}:{index}")


async def expert(h: Harness, user_id: int, name: str, qualification: int, fields: list[int], *, roster: bool = True) -> None:
    """A member with a name, a qualification and a field, on the roster for `fields` (or not)."""
    await member(h, user_id, name)
    await profile_choice(h, user_id, "qualification", qualification)
    await profile_choice(h, user_id, "field", fields[0])
    await h.say(user_id, "/profile")
    await h.press(user_id, "pf:edit:workplace")
    await h.say(user_id, f"Trạm khuyến nông {user_id}")
    if not roster:
        return
    await h.say(user_id, "/profile")
    texts = await h.press(user_id, "px:o")
    assert texts[0].startswith("Danh sách chuyên gia tư vấn: cán bộ tìm người theo lĩnh vực")
    await h.press(user_id, "px:e")
    for index in fields:
        await h.press(user_id, f"px:t:{index}")
    texts = await h.press(user_id, "px:ok")
    assert "Chuyên gia tư vấn: có — " in texts[0] and "✓ Bạn đã ở trong danh sách chuyên gia tư vấn." in texts


async def people(h: Harness) -> None:
    await member(h, ADMIN_ID, "Quản Trị")
    await expert(h, AN, "Vũ Văn An", MASTER, [AGRICULTURE])
    await expert(h, BINH, "Đào Thị Bình", MASTER, [AGRICULTURE, SCIENCE])
    await expert(h, CUONG, "Cao Văn Cường", BACHELOR, [AGRICULTURE])
    await expert(h, DUNG, "Đỗ Văn Dũng", MASTER, [AGRICULTURE], roster=False)  # an agronomist who did not opt in
    await expert(h, EM, "Hà Thị Em", MASTER, [HEALTH])
    await expert(h, PHU, "Phùng Văn Phú", BACHELOR, [AGRICULTURE])
    await member(h, HOA, "Nguyễn Thị Hoa")


async def search(h: Harness, *criteria: tuple[str, int]) -> list[str]:
    """/experts (or its search button), narrow by each (criterion, option), then see the experts."""
    texts = await h.say(ADMIN_ID, "/experts")
    if not texts[-1].startswith("Tìm chuyên gia"):
        texts = await h.press(ADMIN_ID, "xf")
    for criterion, index in criteria:
        await h.press(ADMIN_ID, f"au:c:{criterion}")
        await h.press(ADMIN_ID, f"au:t:{criterion}:{index}")
        texts = await h.press(ADMIN_ID, "au:b")
    return texts + await h.press(ADMIN_ID, "au:ok")


async def test_find_experts_and_invite_them_to_a_question(harness: Harness, clock: Clock) -> None:
    h, tg = harness, harness.tg
    await people(h)

    # Exactly the agronomists with a master's degree who opted in: not Dũng (not on the roster), not Cường (bachelor).
    texts = await h.say(ADMIN_ID, "/experts")
    assert texts[-1].startswith("Tìm chuyên gia\nTiêu chí: mọi chuyên gia\nSố chuyên gia phù hợp: 5.")
    await h.press(ADMIN_ID, "au:c:fields")
    await h.press(ADMIN_ID, f"au:t:fields:{AGRICULTURE}")
    texts = await h.press(ADMIN_ID, "au:b")
    assert "Số chuyên gia phù hợp: 4." in texts[-1]
    await h.press(ADMIN_ID, "au:c:qualifications")
    await h.press(ADMIN_ID, f"au:t:qualifications:{MASTER}")
    texts = await h.press(ADMIN_ID, "au:b")
    assert "Tiêu chí: Lĩnh vực: Nông – lâm nghiệp; Trình độ: Thạc sĩ\nSố chuyên gia phù hợp: 2." in texts[-1]
    found = said(await h.press(ADMIN_ID, "au:ok"), "Có 2 chuyên gia phù hợp.")
    assert found.endswith("1. Vũ Văn An — Nông – lâm nghiệp\n2. Đào Thị Bình — Nông – lâm nghiệp, Khoa học – công nghệ")
    assert "Dũng" not in found and "Cường" not in found and "Trạm khuyến nông" not in found  # names and fields only
    await h.press(ADMIN_ID, "xp:x")

    # Choose three of the four agronomists on the roster; a restart in the middle keeps the choice.
    found = said(await search(h, ("fields", AGRICULTURE)), "Có 4 chuyên gia phù hợp.")
    assert "Phùng Văn Phú" in found and "Đỗ Văn Dũng" not in found
    for user_id in (AN, BINH, CUONG):
        await h.press(ADMIN_ID, f"xp:t:{await person_id(h, user_id)}")
    texts = await h.say(ADMIN_ID, "xin chào")  # typing while the list is open shows it again
    assert texts[-1].startswith("Có 4 chuyên gia phù hợp.\nĐã chọn 3.")
    await h.restart()
    texts = await h.press(ADMIN_ID, "xp:i")
    assert texts[0] == "Mời 3 chuyên gia đã chọn tới:"
    texts = await h.press(ADMIN_ID, "xp:k:question")
    said(texts, "Mời 3 chuyên gia: ❓ Trả lời một câu hỏi")
    said(texts, "Câu hỏi xin ý kiến chuyên gia?")
    await h.dialogue(ADMIN_ID, [
        ("Nên trồng giống lúa nào trên ruộng bậc thang Mù Cả?", "Bối cảnh, thông tin kèm theo câu hỏi?"),
        ("Xã chuẩn bị chuyển đổi 40 ha.", "Hạn góp ý?"),
        ("20/12/2026", "Xem trước: Nên trồng giống lúa nào"),
    ])  # fmt: skip
    preview = tg.sent_to(ADMIN_ID)[-1].text or ""
    assert "Đối tượng: 3 người được chọn" in preview and "Gồm 1 mục:" in preview
    draft_id = int(await db_value(h, select(Draft.id)))
    texts = await h.press(ADMIN_ID, f"nd:pub:{draft_id}")
    assert "tới 3 người" in texts[0]
    await h.run_jobs()

    # Only the chosen experts are invited, and only they see the consultation.
    for user_id in (AN, BINH, CUONG):
        invitation = tg.sent_to(user_id)[-1]
        assert (invitation.text or "").startswith("❓ Xin ý kiến chuyên gia: Nên trồng giống lúa nào")
        assert [label for label, _ in tg.buttons(invitation)] == ["Đọc và góp ý", "✓ Nhận lời", "✗ Từ chối"]
    for user_id in (DUNG, EM, PHU, HOA):
        assert not any("Nên trồng giống lúa" in (m.text or "") for m in tg.sent_to(user_id))
    assert (await h.say(PHU, "/drafts")) == ["Hiện chưa có dự thảo nào đang lấy ý kiến."]
    assert await forge(h, PHU, f"dr:o:{draft_id}") == [NOT_INVITED]  # the audience rule of every consultation
    texts = await h.say(AN, "/drafts")
    assert "1. Nên trồng giống lúa nào trên ruộng bậc thang Mù Cả?" in texts[0]

    # One tap to accept or decline; the official sees who accepted, declined or did not answer.
    assert await h.press(AN, f"xi:{draft_id}:a") == ["Cảm ơn bạn đã nhận lời."]
    assert await h.press(BINH, f"xi:{draft_id}:d") == ["Đã ghi nhận bạn từ chối. Cảm ơn bạn."]
    assert await forge(h, PHU, f"xi:{draft_id}:a") == [NOT_INVITED]  # not invited: nothing recorded
    texts = await h.say(ADMIN_ID, "/experts")
    assert texts[-1] == "Lời mời chuyên gia gần đây:\n1. Lấy ý kiến: Nên trồng giống lúa nào trên ruộng bậc thang Mù Cả? — 3 người"
    texts = await h.press(ADMIN_ID, f"xs:draft:{draft_id}")
    assert texts[-1] == (
        "Lấy ý kiến: Nên trồng giống lúa nào trên ruộng bậc thang Mù Cả?\n"
        "✓ Nhận lời (1): Vũ Văn An\n✗ Từ chối (1): Đào Thị Bình\n… Chưa trả lời (1): Cao Văn Cường"
    )
    clock.advance(days=30)
    assert await h.press(AN, f"xi:{draft_id}:d") == ["Đợt lấy ý kiến này đã kết thúc; không ghi nhận thêm."]

    # A member may not search or see the answers; an official sees only the answers to what their unit manages (the
    # admin's consultation is the admins').
    for data in ("xf", "xp:i", f"xs:draft:{draft_id}"):
        assert await forge(h, HOA, data) == ["Xin lỗi, bạn không có quyền dùng lệnh này."]
    assert await h.say(HOA, "/experts") == ["Xin lỗi, bạn không có quyền dùng lệnh này."]
    await official(h, OTHER_OFFICIAL, "Lê Văn Khác")
    assert await forge(h, OTHER_OFFICIAL, f"xs:draft:{draft_id}") == ["Mục này thuộc đơn vị khác; bạn không xem hay xử lý được."]
    assert (await h.say(OTHER_OFFICIAL, "/experts"))[-1].startswith("Tìm chuyên gia")  # no invitation of their unit


async def test_invite_experts_to_a_dialogue_and_leave_the_roster(harness: Harness) -> None:
    h, tg = harness, harness.tg
    await people(h)
    found = said(await search(h, ("fields", HEALTH)), "Có 1 chuyên gia phù hợp.")
    assert found.endswith("1. Hà Thị Em — Y tế")
    await h.press(ADMIN_ID, "xp:a")  # choose all
    await h.press(ADMIN_ID, "xp:i")
    said(await h.press(ADMIN_ID, "xp:k:event"), "Tạo buổi đối thoại mới.\nTên buổi đối thoại?")
    await h.dialogue(ADMIN_ID, [
        ("Tham vấn chuyên gia về trạm y tế xã", "Nội dung, mục đích của buổi?"),
        ("Nghe ý kiến chuyên môn.", "Bắt đầu lúc nào?"),
        ("15/12/2026 14:00", "Kết thúc lúc nào?"),
        ("16:30", "Địa điểm"),
        ("Hội trường UBND phường", "Tối đa bao nhiêu người?"),
    ])  # fmt: skip
    await h.press(ADMIN_ID, "ne:skip:capacity")
    texts = await h.press(ADMIN_ID, "ne:skip:deadline")
    assert "Sẽ gửi tới 1 người." in said(texts, "Xem trước")  # no picker: the chosen experts are the audience
    await h.press(ADMIN_ID, "ne:send")
    await h.run_jobs()
    event_id = int(await db_value(h, select(Event.id)))
    invitation = [m for m in tg.sent_to(EM) if (m.text or "").startswith("📅 Mời dự đối thoại")]
    assert invitation and not any((m.text or "").startswith("📅") for m in tg.sent_to(AN) + tg.sent_to(HOA))
    await h.press(EM, f"ev:r:{event_id}:n")  # declining is one tap
    await h.say(ADMIN_ID, "/experts")
    texts = await h.press(ADMIN_ID, f"xs:event:{event_id}")
    assert texts[-1] == (
        "Đối thoại: Tham vấn chuyên gia về trạm y tế xã\n✓ Nhận lời (0): —\n✗ Từ chối (1): Hà Thị Em\n… Chưa trả lời (0): —"
    )

    # /mydata shows the roster consent and the invitations; leaving the roster is one tap.
    await h.say(EM, "/mydata")
    data = json.loads(h.last(EM).document_bytes or b"{}")
    assert data["expert_roster"]["fields"] == ["health"]
    assert data["expert_invitations"][0]["title"] == "Tham vấn chuyên gia về trạm y tế xã"
    await h.say(EM, "/profile")
    await h.press(EM, "px:o")
    texts = await h.press(EM, "px:w")
    assert "• Chuyên gia tư vấn: chưa tham gia" in texts[0] and "Đã rút khỏi danh sách chuyên gia tư vấn." in texts
    assert "Có 1 chuyên gia" not in " ".join(await search(h, ("fields", HEALTH)))
    said(await h.say(ADMIN_ID, "/experts"), "Lời mời chuyên gia gần đây:")

    # Bad input in the roster: no field chosen; /forget takes a person off the roster and their invitations.
    await h.say(AN, "/profile")
    await h.press(AN, "px:o")
    await h.press(AN, "px:e")
    await h.press(AN, f"px:t:{AGRICULTURE}")  # unchosen: none left
    assert await h.press(AN, "px:ok") == ["Xin chọn ít nhất một lĩnh vực."]
    await h.say(EM, "/forget")
    await h.press(EM, "fg:yes")
    assert await db_rows(h, select(ExpertInvitation)) == []
    assert await db_value(h, select(Person.id).where(Person.full_name == "Hà Thị Em")) is None


ZALO_EXPERT, ZALO_OFFICIAL = "zu-expert", "zu-official"


async def zalo_choose(h: Harness, user: str, label: str) -> list[str]:
    """Answer the newest numbered menu on Zalo with the digit of `label`."""
    return await h.zsay(user, option_number(h, user, label))


async def test_roster_invitation_and_nomination_on_zalo(harness: Harness) -> None:
    """A short pass through the numbered menus: the roster, an official's search and invitation, a decline,
    the answers, and a nominee's consent — all on Zalo."""
    h = harness
    await member(h, ADMIN_ID, "Quản Trị")
    await zalo_consent(h, ZALO_EXPERT)
    await zalo_choose(h, ZALO_EXPERT, "Để sau")
    await h.zsay(ZALO_EXPERT, "/profile")
    await zalo_choose(h, ZALO_EXPERT, "Họ tên")
    await h.zsay(ZALO_EXPERT, "Võ Thị Giang")
    texts = await zalo_choose(h, ZALO_EXPERT, "🔎 Cho tìm tên")
    assert "Người khác có thể tìm tên bạn để đề cử." in texts
    await zalo_choose(h, ZALO_EXPERT, "🎓 Chuyên gia tư vấn")
    await zalo_choose(h, ZALO_EXPERT, "Tham gia")
    await zalo_choose(h, ZALO_EXPERT, "Nông – lâm nghiệp")
    texts = await zalo_choose(h, ZALO_EXPERT, "Đồng ý tham gia (1 lĩnh vực)")
    assert any("• Chuyên gia tư vấn: có — Nông – lâm nghiệp" in text for text in texts)

    await zalo_consent(h, ZALO_OFFICIAL)
    await zalo_choose(h, ZALO_OFFICIAL, "Để sau")
    await h.say(ADMIN_ID, f"/grant zalo:{ZALO_OFFICIAL} {INTAKE}")
    await h.zsay(ZALO_OFFICIAL, "/experts")
    await zalo_choose(h, ZALO_OFFICIAL, "Lĩnh vực")
    await zalo_choose(h, ZALO_OFFICIAL, "Nông – lâm nghiệp")
    await zalo_choose(h, ZALO_OFFICIAL, "« Quay lại")
    texts = await zalo_choose(h, ZALO_OFFICIAL, "Xem 1 chuyên gia")
    assert any("1. Võ Thị Giang — Nông – lâm nghiệp" in text for text in texts)
    await zalo_choose(h, ZALO_OFFICIAL, "Võ Thị Giang")
    await zalo_choose(h, ZALO_OFFICIAL, "📨 Mời 1 người đã chọn")
    await zalo_choose(h, ZALO_OFFICIAL, "❓ Trả lời một câu hỏi")
    await h.zsay(ZALO_OFFICIAL, "Có nên mở rộng diện tích chè Shan tuyết?")
    await h.zsay(ZALO_OFFICIAL, "Giá chè đang lên.")
    await h.zsay(ZALO_OFFICIAL, "20/12/2026")
    texts = await zalo_choose(h, ZALO_OFFICIAL, "✅ Công bố")
    assert any("Thông báo đang được gửi tới 1 người." in text for text in texts)
    await h.run_jobs()
    texts = await zalo_choose(h, ZALO_EXPERT, "✗ Từ chối")
    assert texts == ["Đã ghi nhận bạn từ chối. Cảm ơn bạn."]
    await h.zsay(ZALO_OFFICIAL, "/experts")
    texts = await zalo_choose(h, ZALO_OFFICIAL, "Có nên mở rộng diện tích chè Shan tuyết?")
    assert "✗ Từ chối (1): Võ Thị Giang" in texts[0]

    # Nominated from Telegram, she accepts on Zalo with a digit.
    await official(h, COUNCIL, "Trần Văn Hội")
    await member(h, HOA, "Nguyễn Thị Hoa")
    round_id = await open_round(h)
    await nominate_found(h, HOA, round_id, "giang", ZALO_EXPERT, "Giống chè mới.")  # type: ignore[arg-type]
    texts = await zalo_choose(h, ZALO_EXPERT, "Đồng ý")
    assert texts == [f"✓ Cảm ơn, bạn đã đồng ý được đề cử trong đợt «{TITLE}»."]
