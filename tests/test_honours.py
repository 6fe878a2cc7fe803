"""Honour rounds on the fake Telegram server: a whole round (opened, a council named, three nominations — one
declined by its nominee — endorsements, scores, decisions, the announcement, nominators told, the DOCX annex
read back, the yearly report), refusals of council buttons, restarts mid-form, and privacy (/mydata, /forget)."""

from __future__ import annotations

import io
import json

from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from bot.menus import plain
from handlers.honour_review import Reviewed, ranked, tally
from handlers.honours import matches
from storage.honours import NominationRow
from storage.models import Endorsement, HonourRound, HonourScore, Identity, Nomination, Person
from tests.conftest import ADMIN_ID, Clock, Harness
from tests.flows import member, official
from tests.test_drafts import db_rows, db_value

COUNCIL, OTHER_OFFICIAL = 801, 802
HOA, SON, MAI, LAN = 811, 812, 813, 814
DECLINER = "Vàng Thị Dế"  # nominated, declines: must never appear in a message to anyone else, nor in any file
TITLE = "Trí thức tiêu biểu năm 2026"


def said(texts: list[str], start: str) -> str:
    """The text the bot sent or edited that starts so (replies and edits come in no fixed order)."""
    found = [text for text in texts if text.startswith(start)]
    assert found, (start, texts)
    return found[0]


async def forge(h: Harness, user_id: int, data: str) -> list[str]:
    """Press a button the person was never shown (or no longer is), as a forged or replayed callback would."""
    return await h.push(h.tg.callback_update(user_id, data, h.tg.sent_to(user_id)[-1].message_id))


async def findable(h: Harness, user_id: int, name: str) -> None:
    """A member with a name who allows being found by name."""
    await member(h, user_id, name)
    await h.say(user_id, "/profile")
    texts = await h.press(user_id, "hf")
    assert "Người khác có thể tìm tên bạn để đề cử." in texts


async def open_round(h: Harness, deadline: str = "15/12/2026 17:00") -> int:
    """/newhonour as the admin, naming the council of one official and the admin."""
    dialogue = [
        ("/newhonour", "Tên đợt tôn vinh?"),
        (TITLE, "Các hạng mục khen thưởng?"),
        ("Nghiên cứu khoa học\nGiáo dục", "Đã có:\n• Nghiên cứu khoa học\n• Giáo dục"),
    ]
    await h.dialogue(ADMIN_ID, dialogue)
    texts = await h.press(ADMIN_ID, "nh:done:categories")
    assert texts[0].startswith("Các tiêu chí xét chọn?")
    await h.say(ADMIN_ID, "Thành tích nổi bật\nẢnh hưởng cộng đồng")
    texts = await h.press(ADMIN_ID, "nh:done:criteria")
    assert texts[0] == "Ai có quyền đề cử?"
    await h.press(ADMIN_ID, "nh:c:circle:0")
    texts = await h.say(ADMIN_ID, "01/01/2020 10:00")
    assert texts[-1].startswith("Thời điểm này đã qua.")  # bad input: asked again, nothing kept
    texts = await h.say(ADMIN_ID, deadline)
    assert "Quyền đề cử: Mọi người đã tham gia" in texts[-1] and "Tiêu chí xét chọn:\n1. Thành tích nổi bật" in texts[-1]
    texts = await h.press(ADMIN_ID, "nh:send")
    said(texts, f"✓ Đã mở đợt «{TITLE}»")
    said(texts, "Hội đồng xét chọn")
    round_id = int(await db_value(h, select(HonourRound.id)))
    await h.press(ADMIN_ID, f"hc:t:{round_id}:{await person_id(h, COUNCIL)}")
    await h.press(ADMIN_ID, f"hc:t:{round_id}:{await person_id(h, ADMIN_ID)}")
    texts = await h.press(ADMIN_ID, f"hc:ok:{round_id}")
    assert texts[0] == f"✓ Hội đồng xét chọn «{TITLE}»: Trần Văn Hội, Quản Trị."
    assert h.tg.sent_to(COUNCIL)[-1].text.startswith(f"👥 Bạn được chỉ định vào hội đồng xét chọn «{TITLE}»")
    return round_id


async def person_id(h: Harness, user_id: int | str) -> int:
    """The person behind a Telegram (or Zalo) user id."""
    return int(await db_value(h, select(Identity.person_id).where(Identity.user_id == str(user_id))))


async def nominations(h: Harness) -> list[Nomination]:
    return await db_rows(h, select(Nomination).order_by(Nomination.id))


async def nominate_found(h: Harness, user_id: int, round_id: int, typed: str, chosen: int | str, text: str) -> None:
    """From /honours: search a name, choose the person, fill in the form and send."""
    await h.say(user_id, "/honours")
    await h.press(user_id, f"hr:o:{round_id}")
    texts = await h.press(user_id, f"hr:n:{round_id}")
    assert texts[-1].startswith(f"Đề cử trong đợt «{TITLE}».")
    texts = await h.say(user_id, typed)
    assert texts[-1].startswith("Chọn người bạn đề cử, hoặc gõ tên khác để tìm lại:")
    await h.press(user_id, f"hw:p:{round_id}:{await person_id(h, chosen)}")
    await h.press(user_id, "hn:c:category:0")
    await h.say(user_id, text)
    await h.press(user_id, "hn:skip:files")
    await h.press(user_id, "hn:c:relation:0")
    texts = await h.press(user_id, "hn:send")
    assert texts[0].startswith("✓ Đã gửi đề cử."), texts


async def test_a_whole_honour_round(harness: Harness, clock: Clock) -> None:
    h, tg = harness, harness.tg
    await member(h, ADMIN_ID, "Quản Trị")
    await official(h, COUNCIL, "Trần Văn Hội")
    await official(h, OTHER_OFFICIAL, "Lê Văn Ngoài")
    await member(h, HOA, "Nguyễn Thị Hoa")
    await findable(h, SON, "Lò Thị Sơn")
    await h.press(SON, "pf:edit:gender")
    await h.press(SON, "pf:set:gender:0")  # female: counted in the report, she answered
    await findable(h, MAI, DECLINER)
    await member(h, LAN, "Phạm Văn Lan")
    round_id = await open_round(h)

    # 1. Hoa nominates Sơn (found by name, without diacritics), who accepts.
    texts = await h.say(HOA, "/honours")
    assert texts[-1].startswith(f"Các đợt tôn vinh trí thức:\n1. {TITLE} — nhận đề cử đến 17:00")
    await nominate_found(h, HOA, round_id, "lo thi son", SON, "Mười năm nghiên cứu giống lúa chịu hạn cho vùng cao.")
    request = tg.sent_to(SON)[-1]
    assert request.text.startswith(f"🏅 Nguyễn Thị Hoa (Đồng nghiệp) đề cử bạn trong đợt «{TITLE}», hạng mục Nghiên cứu khoa học.")
    first = (await nominations(h))[0]
    assert first.consent == "pending"
    texts = await h.say(LAN, "/honours")
    await h.press(LAN, f"hr:o:{round_id}")
    assert not any("Các đề cử" in label for label, _ in tg.shown_buttons(LAN))  # nobody sees it before she accepts
    texts = await h.press(SON, f"hy:{first.id}:y")
    assert texts[0] == f"✓ Cảm ơn, bạn đã đồng ý được đề cử trong đợt «{TITLE}»."

    # 2. Hoa nominates Dế, who declines: nothing of her is kept.
    await nominate_found(h, HOA, round_id, "vang de", MAI, "Bác sĩ trạm y tế xã, hai mươi năm cắm bản.")
    second = (await nominations(h))[1]
    before_decline = len(tg.sent_to(HOA))
    texts = await h.press(MAI, f"hy:{second.id}:n")
    assert texts[0].startswith("Đã ghi nhận. Đề cử đã được huỷ")
    second = (await nominations(h))[1]
    assert (second.nominee_id, second.nominee_name, second.achievements, second.consent) == (None, None, "", "declined")
    assert await forge(h, MAI, f"hy:{second.id}:y") == ["Nút này đã hết hiệu lực."]  # the nomination is no longer hers

    # 3. Lan nominates someone not in the bot, by name and workplace; a restart in the middle of the form loses nothing.
    await h.say(LAN, "/honours")
    await h.press(LAN, f"hr:o:{round_id}")
    await h.press(LAN, f"hr:n:{round_id}")
    texts = await h.say(LAN, "Giàng A Páo")
    assert texts[-1].startswith("Không thấy ai tên «Giàng A Páo»")
    await h.press(LAN, f"hw:t:{round_id}")
    texts = await h.say(LAN, "Trường PTDTBT Tà Tổng")
    assert texts[-1] == "Hạng mục?"
    texts = await h.say(LAN, "Dạy học")  # typed, matching no option: asked again
    assert texts[-1] == "Hạng mục?"
    await h.press(LAN, "hn:c:category:0")
    await h.restart()
    await h.say(LAN, "Dạy chữ cho trẻ em vùng cao ba mươi năm.")
    for n in range(11):
        await h.push(tg.document_update(LAN, f"minh-chung-{n}.pdf", "application/pdf", content=b"%PDF"))
    texts = tg.sent_to(LAN)[-1].text or ""
    assert texts.startswith("Tối đa 10 tệp. Chưa thêm tệp nào.\n\nĐã nhận 10 tệp.")
    await h.press(LAN, "hn:done:files")
    await h.press(LAN, "hn:c:relation:4")
    texts = await h.press(LAN, "hn:send")
    assert texts[0] == "✓ Đã gửi đề cử. Cảm ơn bạn!"
    third = (await nominations(h))[2]
    assert (third.nominee_name, third.nominee_workplace, third.consent, len(third.attachments)) == (
        "Giàng A Páo", "Trường PTDTBT Tà Tổng", "not_asked", 10,
    )  # fmt: skip

    # Endorsements: once each, not by the nominator.
    await h.press(LAN, f"hr:o:{round_id}")
    texts = await h.press(LAN, f"hr:l:{round_id}:0")
    assert texts[-1].startswith(f"Các đề cử «{TITLE}» (trang 1/1):\n1. Lò Thị Sơn — Nghiên cứu khoa học")
    assert DECLINER not in texts[-1] and "Giàng A Páo" not in texts[-1]  # only nominees who consented are listed
    await h.press(LAN, f"he:{first.id}")
    texts = await h.say(LAN, "Chị Sơn giúp cả xã có giống lúa mới.")
    assert texts == ["✓ Cảm ơn, đã ghi nhận ý kiến ủng hộ Lò Thị Sơn."]
    texts = await forge(h, LAN, f"he:{first.id}")
    assert texts[-1].startswith("Không ủng hộ được đề cử này")
    texts = await forge(h, HOA, f"he:{first.id}")
    assert texts[-1].startswith("Không ủng hộ được đề cử này")
    assert len(await db_rows(h, select(Endorsement))) == 1

    # Council buttons: a member and an official outside the council are refused (as the access policy words it)
    # and change nothing; the round was opened by the admin, so only admins manage it.
    no_rights, not_council = "Xin lỗi, bạn không có quyền dùng lệnh này.", "Chỉ hội đồng xét chọn của đợt này mới chấm điểm và quyết định."
    refusals = {
        HOA: dict.fromkeys(("hs:b", "hs:s", "hd", "hc:t", "hm:c"), no_rights),
        OTHER_OFFICIAL: {
            "hs:b": not_council, "hs:s": not_council, "hd": not_council, "hc:t": no_rights,
            "hm:c": "Mục này thuộc đơn vị khác; bạn không xem hay xử lý được.",
        },
    }  # fmt: skip
    before = await db_rows(h, select(Nomination.id, Nomination.decision).order_by(Nomination.id))
    pressed = {"hs:b": f"hs:b:{round_id}", "hs:s": f"hs:s:{first.id}:0:5", "hd": f"hd:{first.id}:h", "hc:t": f"hc:t:{round_id}:1",
               "hm:c": f"hm:c:{round_id}"}  # fmt: skip
    for outsider, expected in refusals.items():
        for button, data in pressed.items():
            assert (await forge(h, outsider, data))[-1] == expected[button], (outsider, data)
    assert await db_rows(h, select(Nomination.id, Nomination.decision).order_by(Nomination.id)) == before
    assert (await db_rows(h, select(HonourRound)))[0].closed_at is None
    # The council cannot score while nominations are open.
    texts = await forge(h, COUNCIL, f"hs:s:{first.id}:0:5")
    assert texts[-1] == "Việc này chưa làm được lúc này."
    assert await db_rows(h, select(HonourScore)) == []

    # Nominations close at the deadline: a late nomination is refused.
    clock.advance(days=16)
    await h.say(HOA, "/honours")
    texts = await forge(h, HOA, f"hr:n:{round_id}")
    assert texts[-1] == "Đợt này đã hết hạn nhận đề cử."

    # The council scores with buttons and decides with a reason.
    await h.say(COUNCIL, "/honours")
    await h.press(COUNCIL, f"hr:o:{round_id}")
    texts = await h.press(COUNCIL, f"hs:b:{round_id}")
    card = texts[-1]
    assert card.startswith(f"⚖️ {TITLE} — đề cử 1/2\nLò Thị Sơn")
    assert "• Phạm Văn Lan: Chị Sơn giúp cả xã có giống lúa mới." in card and DECLINER not in card
    texts = await h.press(COUNCIL, f"hs:c:{first.id}:0")
    assert texts[-1].startswith("Tiêu chí 1/2: Thành tích nổi bật")
    await h.press(COUNCIL, f"hs:s:{first.id}:0:5")
    texts = await h.press(COUNCIL, f"hs:s:{first.id}:1:4")
    assert "1. Thành tích nổi bật: 5\n2. Ảnh hưởng cộng đồng: 4" in texts[-1]
    await h.press(COUNCIL, f"hd:{first.id}:h")
    texts = await h.say(COUNCIL, "Đóng góp lớn cho nông nghiệp vùng cao.")
    assert texts[0] == "✓ Đã ghi quyết định «🏅 Khen thưởng» cho Lò Thị Sơn."
    await h.press(COUNCIL, f"hs:o:{third.id}")
    await h.press(COUNCIL, f"hs:c:{third.id}:0")
    await h.press(COUNCIL, f"hs:s:{third.id}:0:4")
    await h.press(COUNCIL, f"hs:s:{third.id}:1:5")
    await h.press(COUNCIL, f"hd:{third.id}:h")
    await h.say(COUNCIL, "Ba mươi năm dạy chữ ở bản.")
    # The admin (also on the council) scores only Sơn: the same average, and Páo's missing scores, are shown.
    await forge(h, ADMIN_ID, f"hs:s:{first.id}:0:4")
    await forge(h, ADMIN_ID, f"hs:s:{first.id}:1:5")
    texts = await forge(h, COUNCIL, f"hs:r:{round_id}")
    results = texts[-1]
    assert "1. Lò Thị Sơn — 4,50 điểm · ⚠ ngang điểm · 🏅 Khen thưởng" in results
    assert "Giàng A Páo — 4,50 điểm · ⚠ ngang điểm · ⚠ chưa chấm: Quản Trị (2 tiêu chí) · 🏅 Khen thưởng" in results

    # Announcement to everyone, through the broadcast engine; each nominator told.
    await h.say(ADMIN_ID, "/honours")
    await h.press(ADMIN_ID, f"hr:o:{round_id}")
    texts = await h.press(ADMIN_ID, f"hm:o:{round_id}")
    assert "Đề cử: 1 đã đồng ý, 0 chờ trả lời, 1 đề cử theo tên; 1 không đưa vào xét chọn." in texts[-1]
    await h.press(ADMIN_ID, f"hm:a:{round_id}")
    preview = said(await h.press(ADMIN_ID, "au:ok"), "Xem trước:")
    assert f"🏅 Đảng uỷ phường Tân Phong công bố kết quả {TITLE}.\n• Lò Thị Sơn — Nghiên cứu khoa học\n" in preview
    assert "Cùng 1 trí thức khác được khen thưởng." in preview  # Páo was not asked, so he is not named
    texts = await h.press(ADMIN_ID, f"hm:s:{round_id}")
    assert "✓ Đang gửi kết quả tới 7 người; đã báo kết quả cho 2 người đề cử." in texts
    assert await forge(h, ADMIN_ID, f"hm:s:{round_id}") == ["Đợt này đã công bố kết quả."]
    await h.run_jobs()
    told = [m.text or "" for m in tg.sent_to(HOA) if (m.text or "").startswith("Kết quả các đề cử của bạn")]
    assert told == [
        f"Kết quả các đề cử của bạn trong «{TITLE}»:\n"
        "• Lò Thị Sơn (Nghiên cứu khoa học): 🏅 Khen thưởng. Lý do: Đóng góp lớn cho nông nghiệp vùng cao.\n"
        "• Đề cử hạng mục Nghiên cứu khoa học ngày 30/11/2026: không được đưa vào xét chọn."
    ]
    assert any("• Giàng A Páo (Nghiên cứu khoa học): 🏅 Khen thưởng." in (m.text or "") for m in tg.sent_to(LAN))
    assert any(f"công bố kết quả {TITLE}" in (m.text or "") for m in tg.sent_to(MAI))

    # The DOCX annex, read back: letterhead, the table with scores and decisions; no declined nominee.
    texts = await forge(h, ADMIN_ID, f"hx:{round_id}")
    sent = h.last(ADMIN_ID)
    assert sent.method == "sendDocument" and sent.document_name == f"danh-sach-khen-thuong-{round_id}.docx", texts
    annex = Document(io.BytesIO(sent.document_bytes))
    left, right = (cell.text.splitlines() for cell in annex.tables[0].rows[0].cells)
    assert left[:2] == ["ĐẢNG BỘ TỈNH LAI CHÂU", "ĐẢNG UỶ PHƯỜNG TÂN PHONG"] and right[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    body = [p.text for p in annex.paragraphs if p.text]
    assert body[:3] == ["DANH SÁCH", f"Trí thức được xét khen thưởng — {TITLE}", body[2]]
    assert body[2].startswith("(Kèm theo Quyết định số") and "-QĐ/ĐU" in body[2]
    table = [[c.text for c in row.cells] for row in annex.tables[1].rows]
    columns = ["STT", "Họ và tên, nơi công tác", "Hạng mục", "Điểm theo tiêu chí", "Điểm bình quân", "Đã chấm", "Quyết định", "Lý do"]
    assert table[0] == columns
    assert table[1][1:] == [
        "Lò Thị Sơn", "Nghiên cứu khoa học", "(1) 4,50; (2) 4,50", "4,50", "2/2", "🏅 Khen thưởng", "Đóng góp lớn cho nông nghiệp vùng cao."
    ]  # fmt: skip
    assert table[2][1] == "Giàng A Páo\nTrường PTDTBT Tà Tổng" and table[2][5] == "1/2"
    assert annex.tables[2].rows[0].cells[1].text == "T/M BAN THƯỜNG VỤ"

    # The yearly report's section on honours.
    await h.say(ADMIN_ID, "/report")
    report = Document(io.BytesIO(h.last(ADMIN_ID).document_bytes))
    text = "\n".join(p.text for p in report.paragraphs)
    assert "IV. TÔN VINH TRÍ THỨC TIÊU BIỂU" in text and "V. NHẬN XÉT CHUNG" in text
    assert "Tổ chức 1 đợt tôn vinh (1 đã công bố kết quả), nhận 3 đề cử; 2 đề cử được đưa vào xét chọn" in text
    assert f"- {TITLE}: 3 đề cử, 2 người được khen thưởng." in text
    assert "Có 2 trí thức được khen thưởng (theo kết quả đã công bố), trong đó 1 người có hồ sơ trên Hiến kế." in text
    shares = [t for t in report.tables if any(row.cells[0].text == "Nữ" for row in t.rows)][-1]
    honoured = {row.cells[0].text: (row.cells[1].text, row.cells[2].text) for row in shares.rows}
    assert honoured["Nữ"] == ("1 người (100%)", "1") and honoured["Dưới 40 tuổi"] == ("chưa ai trả lời câu này", "0")

    # The nominee who declined appears in no message to anyone else, in nothing sent after she declined, in no file.
    hoa_messages = tg.sent_to(HOA)
    for message in tg.sent:
        if message.chat_id == MAI or (message.chat_id == HOA and hoa_messages.index(message) < before_decline):
            continue
        assert DECLINER not in (message.text or ""), message
        if message.document_bytes:
            files = [Document(io.BytesIO(message.document_bytes))] if (message.document_name or "").endswith(".docx") else []
            for document in files:
                everything = [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
                assert not any(DECLINER in x for x in everything)
            assert DECLINER.encode() not in message.document_bytes
    for edit in tg.edits:
        if edit.chat_id not in (MAI, HOA):
            assert DECLINER not in (edit.text or "")
    assert not any(DECLINER in (n.nominee_name or "") + n.achievements for n in await nominations(h))


async def test_privacy_of_nominations(harness: Harness, clock: Clock) -> None:
    h = harness
    await member(h, ADMIN_ID, "Quản Trị")
    await official(h, COUNCIL, "Trần Văn Hội")
    await member(h, HOA, "Nguyễn Thị Hoa")
    await findable(h, SON, "Lò Thị Sơn")
    await member(h, LAN, "Phạm Văn Lan")
    round_id = await open_round(h)
    await nominate_found(h, HOA, round_id, "son", SON, "Giống lúa chịu hạn.")
    nomination = (await nominations(h))[0]
    await h.press(SON, f"hy:{nomination.id}:y")
    await h.say(LAN, "/honours")
    await h.press(LAN, f"hr:o:{round_id}")
    await h.press(LAN, f"hr:l:{round_id}:0")
    await h.press(LAN, f"he:{nomination.id}")
    await h.say(LAN, "Rất xứng đáng.")

    async def mydata(user_id: int) -> dict:  # type: ignore[type-arg]
        await h.say(user_id, "/mydata")
        return json.loads(h.last(user_id).document_bytes or b"{}")

    made = (await mydata(HOA))["honour_nominations_made"]
    assert [(n["round"], n["nominee"], n["consent"]) for n in made] == [(TITLE, "Lò Thị Sơn", "accepted")]
    son = await mydata(SON)
    assert [(n["nominator"], n["achievements"]) for n in son["honour_nominations_received"]] == [("Nguyễn Thị Hoa", "Giống lúa chịu hạn.")]
    assert son["findable_by_name_since"] is not None and son["expert_roster"] is None
    assert [e["text"] for e in (await mydata(LAN))["honour_endorsements"]] == ["Rất xứng đáng."]

    # /forget: the endorsement stays unsigned; the nominee's nomination is withdrawn and scrubbed.
    await h.say(LAN, "/forget")
    await h.press(LAN, "fg:yes")
    endorsement = (await db_rows(h, select(Endorsement)))[0]
    assert (endorsement.person_id, endorsement.text) == (None, "Rất xứng đáng.")
    await h.say(SON, "/forget")
    await h.press(SON, "fg:yes")
    nomination = (await nominations(h))[0]
    assert (nomination.nominee_id, nomination.achievements, nomination.consent) == (None, "", "withdrawn")
    assert await db_rows(h, select(Endorsement)) == []
    assert await db_value(h, select(Person.id).where(Person.full_name == "Lò Thị Sơn")) is None


async def test_a_council_named_by_an_admin_when_an_official_opens_the_round(harness: Harness) -> None:
    h, tg = harness, harness.tg
    await member(h, ADMIN_ID, "Quản Trị")
    await official(h, COUNCIL, "Trần Văn Hội")
    await h.say(COUNCIL, "/newhonour")
    await h.say(COUNCIL, TITLE)
    await h.press(COUNCIL, "nh:skip:categories")  # by field of expertise
    await h.say(COUNCIL, "Thành tích")
    await h.press(COUNCIL, "nh:done:criteria")
    await h.press(COUNCIL, "nh:c:circle:1")  # the members of the first association only
    await h.say(COUNCIL, "15/12/2026 17:00")
    texts = await h.press(COUNCIL, "nh:send")
    said(texts, "Hội đồng xét chọn do quản trị viên chỉ định; chúng tôi đã báo để họ chọn.")
    round_id = int(await db_value(h, select(HonourRound.id)))
    assert tg.sent_to(ADMIN_ID)[-1].text == f"🏅 Trần Văn Hội vừa mở đợt tôn vinh «{TITLE}». Xin chỉ định hội đồng xét chọn."
    texts = await forge(h, COUNCIL, f"hc:o:{round_id}")
    assert texts[-1] == "Xin lỗi, bạn không có quyền dùng lệnh này."  # only an admin names the council
    await h.press(ADMIN_ID, f"hc:o:{round_id}")
    await h.press(ADMIN_ID, f"hc:t:{round_id}:{await person_id(h, COUNCIL)}")
    await h.press(ADMIN_ID, f"hc:ok:{round_id}")
    await member(h, HOA, "Nguyễn Thị Hoa")
    texts = await h.say(HOA, "/honours")
    assert texts == ["Hiện không có đợt tôn vinh nào."]  # not a member of that association
    texts = await forge(h, HOA, f"hr:n:{round_id}")  # the round's circle, as the access policy says it
    assert texts[-1] == "Mục này dành cho một nhóm người khác. Nếu bạn thuộc nhóm đó, xin cập nhật hồ sơ (/profile)."
    await h.say(HOA, "/profile")
    await h.press(HOA, "pf:edit:associations")
    await h.press(HOA, "pf:tog:associations:0")
    await h.press(HOA, "pf:done:associations")
    await h.say(HOA, "/honours")
    await h.press(HOA, f"hr:o:{round_id}")
    await h.press(HOA, f"hr:n:{round_id}")
    await h.press(HOA, f"hw:self:{round_id}")
    texts = await h.press(HOA, "hn:c:category:1")
    said(texts, "Hạng mục?\n→ Y tế")  # categories are the fields of expertise
    assert (await nominations(h)) == []


VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
NAMES = st.lists(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper(), min_size=1, max_size=8), min_size=1, max_size=4).map(" ".join)


@given(NAMES)
def test_a_name_is_found_typed_with_or_without_diacritics_and_case(name: str) -> None:
    assert matches(name, name) and matches(plain(name), name) and matches(name.upper(), name)
    assert matches(name.split()[-1][:1], name)  # the first letter of the given name is enough to find it


@given(
    st.integers(1, 5),
    st.lists(st.integers(1, 6), max_size=4, unique=True),
    st.dictionaries(st.tuples(st.integers(1, 6), st.integers(0, 4)), st.integers(1, 5), max_size=30),
)
def test_scores_are_tallied_never_guessed(criteria: int, council: list[int], given_scores: dict[tuple[int, int], int]) -> None:
    scores = [
        HonourScore(nomination_id=1, member_id=member, criterion=criterion, score=score)
        for (member, criterion), score in given_scores.items()
        if criterion < criteria
    ]
    result = tally(criteria, council, scores)
    assert (result.average is None) == (not scores)
    assert result.average is None or 1 <= result.average <= 5
    for seat in council:
        scored = {s.criterion for s in scores if s.member_id == seat}
        assert result.missing.get(seat, 0) == criteria - len(scored)  # said in so many words, never filled in
    assert result.complete == (not result.missing and all(v is not None for v in result.by_criterion))


@given(st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=1, max_size=6))
def test_ties_are_marked_on_every_nomination_sharing_an_average(values: list[int | None]) -> None:
    items = [
        Reviewed(NominationRow(Nomination(id=n), None, None), tally(1, [], [HonourScore(member_id=1, criterion=0, score=v)] if v else []))
        for n, v in enumerate(values)
    ]
    order = ranked(items)
    averages = [item.tally.average for item, _ in order]
    assert averages == sorted(averages, key=lambda a: (a is None, -(a or 0)))  # highest first, unscored last
    for item, tied in order:
        same = [a for a in averages if a is not None and a == item.tally.average]
        assert tied == (len(same) > 1)
