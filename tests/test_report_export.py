"""/report: the year's DOCX in the administrative layout, read back; /export: the XLSX, read back."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from bot.org import EXAMPLE_FILE
from storage.db import Database
from storage.models import Person
from tests.conftest import ADMIN_ID, Harness
from tests.flows import member
from tests.test_summary import OFFICIAL, UNIT, seeded

PROFILES = [  # (consented, qualification, birth year, gender, ethnicity, field, commune)
    (True, "master", 1990, "female", "Thái", "health", "Xã Mù Cả"),
    (True, "doctorate", 1975, "male", "Kinh", "education", "Xã Mù Cả"),
    (True, "bachelor", 1995, "female", "Kinh", "health", "Phường Tân Phong"),
    (True, None, None, None, None, None, None),  # consented, profile skipped
    (False, "doctorate", 1992, "female", "Mông", "law", "Xã Tà Tổng"),  # never consented: not counted
]


async def seed_profiles(db: Database) -> None:
    async with db.transaction() as session:
        for consented, qualification, born, gender, ethnicity, field, commune in PROFILES:
            session.add(Person(
                consent_at=datetime(2026, 3, 1, tzinfo=UTC) if consented else None, qualification=qualification, birth_year=born,
                gender=gender, ethnicity=ethnicity, field=field, commune=commune, associations=[], language="vi",
            ))


async def report_document(h: Harness, command: str = "/report") -> Document:  # type: ignore[valid-type]
    texts = await h.say(ADMIN_ID, command)
    sent = h.last(ADMIN_ID)
    assert sent.method == "sendDocument" and sent.document_name == "bao-cao-ket-qua-2026.docx", texts
    return Document(io.BytesIO(sent.document_bytes))


async def test_yearly_report_in_the_party_layout(harness: Harness) -> None:
    await seeded(harness)
    assert harness.app is not None
    await seed_profiles(harness.app.db)
    document = await report_document(harness)
    page = document.sections[0]
    assert page.orientation == WD_ORIENT.PORTRAIT and page.page_height > page.page_width
    assert document.styles["Normal"].font.name == "Times New Roman"
    left, right = (cell.text.splitlines() for cell in document.tables[0].rows[0].cells)
    assert left == ["ĐẢNG BỘ TỈNH LAI CHÂU", "ĐẢNG UỶ PHƯỜNG TÂN PHONG", "*", "Số       -BC/ĐU"]
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "Lai Châu, ngày 30 tháng 11 năm 2026"]
    body = [p.text for p in document.paragraphs if p.text]
    assert body[:2] == ["BÁO CÁO", "Kết quả tiếp nhận, trả lời ý kiến, kiến nghị của đội ngũ trí thức năm 2026"]
    assert [p for p in body if p[:3] in ("I. ", "II.", "III", "IV.", "V. ")] == [
        "I. TIẾP NHẬN VÀ TRẢ LỜI Ý KIẾN, KIẾN NGHỊ",
        "II. ĐỐI THOẠI, THĂM DÒ Ý KIẾN VÀ LẤY Ý KIẾN DỰ THẢO",
        "III. ĐỘI NGŨ TRÍ THỨC THAM GIA",
        "IV. TÔN VINH TRÍ THỨC TIÊU BIỂU",
        "V. NHẬN XÉT CHUNG",
    ]
    text = "\n".join(body)
    assert "từ ngày 01/01/2026 đến ngày 30/11/2026" in text
    assert "Tiếp nhận 8 ý kiến, kiến nghị (tăng 8 so với năm 2025); trong đó ghi tên 4, bảo mật 1, ẩn danh 3." in text
    assert "đã trả lời 4 ý kiến (50%), đang xử lý 1, quá hạn 2, đóng không trả lời 1." in text
    assert "Người gửi chấm 3 câu trả lời, điểm bình quân 4,3/5." in text
    assert "Tổ chức 1 buổi đối thoại, 3 lượt người đăng ký dự." in text
    assert "- Giờ tiếp dân?: 4/10 người trả lời (40%)." in text
    assert "- Đề án thu hút trí thức (hạn 29/11/2026): 2 góp ý." in text
    assert "chỉ tính trên những người đã đồng ý và đã khai mục tương ứng" in text
    assert "Trong năm chưa tổ chức đợt tôn vinh nào." in text
    topics = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert topics[0] == ["STT", "Lĩnh vực", "Số ý kiến", "Đã trả lời", "Đang xử lý", "Quá hạn"]
    assert topics[1] == ["1", "Y tế", "4", "3", "0", "1"] and topics[-1] == ["", "Tổng cộng", "8", "4", "1", "2"]
    indicators = {row.cells[0].text: (row.cells[1].text, row.cells[2].text) for row in document.tables[2].rows}
    assert indicators["Trình độ thạc sĩ trở lên"] == ("2 người; mục tiêu 60 người vào năm 2030 (đạt 3%)", "3")
    assert indicators["Dưới 40 tuổi"] == ("2 người (67%)", "3")  # born 1990 and 1995, of three who said
    assert indicators["Nữ"] == ("2 người (67%)", "3")
    assert indicators["Người dân tộc thiểu số"] == ("1 người (33%)", "3")
    fields = [[c.text for c in row.cells] for row in document.tables[3].rows]
    assert fields == [["STT", "Lĩnh vực", "Số người"], ["1", "Y tế", "2"], ["2", "Giáo dục", "1"]]
    communes = [[c.text for c in row.cells][1:] for row in document.tables[4].rows][1:]
    assert communes == [["Xã Mù Cả", "4"], ["Phường Tân Phong", "2"]] and not any("Tà Tổng" in c[0] for c in communes)
    signature = document.tables[5].rows[0].cells
    assert signature[1].text == "T/M BAN THƯỜNG VỤ" and signature[0].text.splitlines() == ["Nơi nhận:", "- Lưu Văn phòng."]


async def test_report_in_the_state_layout_and_bad_years(harness: Harness, tmp_path: Path) -> None:
    org_file = tmp_path / "org.toml"
    org_file.write_text(
        EXAMPLE_FILE.read_text(encoding="utf-8")
        .replace('name = "Đảng uỷ phường Tân Phong"', 'name = "Ủy ban nhân dân xã Mù Cả"')
        .replace('parent = "Đảng bộ tỉnh Lai Châu"', 'parent = "Ủy ban nhân dân tỉnh Lai Châu"')
        .replace('symbol_code = "ĐU"', 'symbol_code = "UBND"')
        .replace('document_profile = "party"', 'document_profile = "nd30"')
        .replace('signature = "T/M BAN THƯỜNG VỤ"', 'signature = "TM. ỦY BAN NHÂN DÂN"'),
        encoding="utf-8",
    )
    harness.settings = harness.settings.model_copy(update={"hienke_org_file": org_file})
    await harness.restart()
    await harness.join(ADMIN_ID)
    document = await report_document(harness, "/report 2026")
    left, right = (cell.text.splitlines() for cell in document.tables[0].rows[0].cells)
    assert left == ["ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "ỦY BAN NHÂN DÂN XÃ MÙ CẢ", "", "Số:      /BC-UBND"]
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Tiếp nhận 0 ý kiến" in body and "Chưa có câu trả lời nào được chấm điểm." in body
    assert document.tables[-1].rows[0].cells[0].text.splitlines() == ["Nơi nhận:", "- Lưu: VT."]
    for wrong in ("/report 2027", "/report 1999", "/report năm"):
        assert await harness.say(ADMIN_ID, wrong) == ["Cách dùng: /report hoặc /report 2026 (năm)."]
    await member(harness, OFFICIAL)
    await harness.say(ADMIN_ID, f"/grant telegram:{OFFICIAL}")
    assert await harness.say(OFFICIAL, "/report") == ["Xin lỗi, bạn không có quyền dùng lệnh này."]


def sheet_rows(content: bytes, title: str) -> list[list[object]]:
    book = load_workbook(io.BytesIO(content))
    return [list(row) for row in book[title].iter_rows(values_only=True)]


async def test_export_respects_privacy(harness: Harness) -> None:
    await seeded(harness)
    await harness.say(ADMIN_ID, "/export")
    sent = harness.last(ADMIN_ID)
    assert sent.document_name == "hien-ke-2026-11-30.xlsx" and sent.text == "Dữ liệu xuất ngày 30/11/2026: ý kiến, đối thoại, thăm dò."
    rows = sheet_rows(sent.document_bytes or b"", "Ý kiến")
    header = rows[0]
    assert header[:8] == ["Mã", "Ngày nhận", "Lĩnh vực", "Hình thức", "Trạng thái", "Đơn vị", "Người gửi", "Nơi công tác"]
    by_code = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert len(by_code) == 8
    anonymous = [r for r in by_code.values() if r["Hình thức"] == "Ẩn danh"]
    assert len(anonymous) == 3 and all(r["Người gửi"] == "(ẩn danh)" and r["Xã, phường"] is None for r in anonymous)
    confidential = next(r for r in by_code.values() if r["Hình thức"] == "Bảo mật")
    assert confidential["Người gửi"] == "Tác giả 1" and confidential["Xã, phường"] == "Phường Tân Phong"  # the admin sees it
    first = by_code["HK-T00024"]
    assert first["Ngày nhận"] == datetime(2026, 11, 24, 10, 0) and first["Trả lời lần đầu"] == datetime(2026, 11, 24, 12, 0)
    assert first["Điểm"] == 5 and first["Lĩnh vực"] == "Y tế" and first["Trạng thái"] == "Đã trả lời"
    events = sheet_rows(sent.document_bytes or b"", "Đối thoại")
    assert events[1][0] == "Đối thoại với bác sĩ trẻ" and events[1][5:] == [3, 0, 1, 0]
    assert events[2][0] == "Hoãn" and events[2][3] == "Đã huỷ"
    polls = sheet_rows(sent.document_bytes or b"", "Thăm dò")
    assert polls[1] == ["Giờ tiếp dân?", datetime(2026, 11, 27, 10, 0), "Đã đóng", 10, 4, "Sáng: 2 · Chiều: 2"]

    await member(harness, OFFICIAL)
    await harness.say(ADMIN_ID, f"/grant telegram:{OFFICIAL} Văn phòng")  # the intake unit: what is not yet forwarded
    await harness.say(OFFICIAL, "/export")
    workbook = harness.last(OFFICIAL).document_bytes or b""
    rows = sheet_rows(workbook, "Ý kiến")
    assert len(rows) == 1 + 6 and all(row[5] is None for row in rows[1:])
    confidential = next(dict(zip(rows[0], row, strict=True)) for row in rows[1:] if row[3] == "Bảo mật")
    assert confidential["Người gửi"] == "(bảo mật)" and confidential["Xã, phường"] is None
    assert sheet_rows(workbook, "Đối thoại")[1:] == sheet_rows(workbook, "Thăm dò")[1:] == []  # the admins' own
    await harness.say(ADMIN_ID, f"/grant telegram:{OFFICIAL} {UNIT}")
    await harness.say(OFFICIAL, "/export")
    rows = sheet_rows(harness.last(OFFICIAL).document_bytes or b"", "Ý kiến")
    assert [row[5] for row in rows[1:]] == [UNIT, UNIT]
    await harness.say(ADMIN_ID, f"/revoke telegram:{OFFICIAL}")
    await harness.say(ADMIN_ID, f"/grant telegram:{OFFICIAL}")
    assert (await harness.say(OFFICIAL, "/export"))[0].startswith("Bạn là cán bộ nhưng chưa được gán đơn vị")
    await member(harness, 7003)
    assert await harness.say(7003, "/export") == ["Xin lỗi, bạn không có quyền dùng lệnh này."]
