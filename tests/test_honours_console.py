"""Honours and experts in the console, as people type there (digits for menus, words for Skip): a whole round
from /newhonour to the announcement and the DOCX, and an expert found, invited to a question, declining."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from tests.test_cli import hienke

ENV = {"HIENKE_SECRET_KEY": "console-test-secret-key-for-sealing-authors", "HIENKE_ADMINS": "console:admin"}
TITLE = "Trí thức tiêu biểu năm 2026"
DECLINER = "Vàng Thị Dế"


def chat(tmp_path: Path, who: str, *lines: str) -> str:
    """One console session as `who`, typing `lines`; what it printed."""
    result = hienke(["chat", "--as", who], tmp_path, "\n".join(lines) + "\n", **ENV)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.timeout(600)  # ten console sessions, each a process that imports the application (~4 s idle, ~12 s loaded)
def test_an_honour_round_and_an_expert_in_the_console(tmp_path: Path) -> None:
    """Each `out` is one session; a nominee who declines appears in nobody else's after she declined."""
    out = chat(
        tmp_path, "console:admin",
        "/start", "1", "2", "/profile", "1", "Quản Trị",
        "/newhonour", TITLE, "Nghiên cứu khoa học", "Xong", "Thành tích nổi bật", "Ảnh hưởng", "Xong",
        "1", "31/12/2099 17:00", "1",  # everyone may nominate; the deadline; Send
        "1", "2",  # the council: the admin, Done
    )  # fmt: skip
    assert "Quyền đề cử: Mọi người đã tham gia" in out and f"✓ Hội đồng xét chọn «{TITLE}»: Quản Trị." in out

    roster = ("/profile", "10", "1", "3", "12")  # the expert roster: join, agriculture and forestry, agree
    out = chat(tmp_path, "console:son", "/start", "1", "2", "/profile", "1", "Lò Thị Sơn", "/profile", "11", *roster)
    assert "Người khác có thể tìm tên bạn để đề cử." in out and "• Chuyên gia tư vấn: có — Nông – lâm nghiệp" in out
    chat(tmp_path, "console:mai", "/start", "1", "2", "/profile", "1", DECLINER, "/profile", "11")

    out = chat(
        tmp_path, "console:hoa",
        "/start", "1", "2", "/profile", "1", "Nguyễn Thị Hoa",
        "/honours", "1", "1", "son", "1", "1", "Mười năm nghiên cứu giống lúa.", "Bỏ qua", "1", "1",
        "/honours", "1", "1", "vang de", "1", "1", "Hai mươi năm cắm bản.", "Bỏ qua", "1", "1",
        "/honours", "1", "1", "Giàng A Páo", "1", "Trường PTDTBT Tà Tổng", "1", "Ba mươi năm dạy chữ.", "Bỏ qua", "5", "1",
    )  # fmt: skip
    assert "1. Lò Thị Sơn — " not in out  # the search offers a menu of names, not a numbered list beside it
    assert "✓ Đã gửi đề cử. Chúng tôi đã hỏi ý kiến người được đề cử" in out and "✓ Đã gửi đề cử. Cảm ơn bạn!" in out

    out = chat(tmp_path, "console:son", "1")  # the private question waits for her; she accepts with a digit
    assert f"🏅 Nguyễn Thị Hoa (Đồng nghiệp) đề cử bạn trong đợt «{TITLE}»" in out
    assert f"✓ Cảm ơn, bạn đã đồng ý được đề cử trong đợt «{TITLE}»." in out
    out = chat(tmp_path, "console:mai", "2")  # she declines with a digit
    assert "Đã ghi nhận. Đề cử đã được huỷ" in out
    after_decline = []

    out = chat(
        tmp_path, "console:admin",
        "/honours", "1", "3", "2",  # manage, close nominations now
        "/honours", "1", "2", "1", "5", "4", "2", "Giống lúa mới cho vùng cao.",  # council: score, honour, reason
        "5", "1", "4", "4", "2", "Ba mươi năm dạy chữ ở bản.",
        "/honours", "1", "3", "4", "6", "1",  # announce to everyone
        "/honours", "1", "2", "2",  # the DOCX
        "/experts", "1", "3", "12", "6",  # experts in agriculture and forestry
        "1", "3", "2",  # choose her, invite, to a question
        "Nên trồng giống lúa nào?", "Xã chuẩn bị chuyển đổi 40 ha.", "31/12/2099", "1",
    )  # fmt: skip
    after_decline.append(out)
    assert "Tiêu chí 1/2: Thành tích nổi bật" in out and "✓ Đã ghi quyết định «🏅 Khen thưởng» cho Giàng A Páo." in out
    assert "✓ Đang gửi kết quả tới 4 người; đã báo kết quả cho 1 người đề cử." in out
    assert "Đề cử: 1 đã đồng ý, 0 chờ trả lời, 1 đề cử theo tên; 1 không đưa vào xét chọn." in out
    annex = Document(str(tmp_path / "danh-sach-khen-thuong-1.docx"))
    table = [[c.text for c in row.cells] for row in annex.tables[1].rows]
    assert [row[1] for row in table[1:]] == ["Lò Thị Sơn", "Giàng A Páo\nTrường PTDTBT Tà Tổng"]
    everything = [p.text for p in annex.paragraphs] + [c.text for t in annex.tables for row in t.rows for c in row.cells]
    assert not any(DECLINER in text for text in everything)
    assert "Có 1 chuyên gia phù hợp.\nĐã chọn 0. Bấm tên để chọn hoặc bỏ chọn.\n1. Lò Thị Sơn — Nông – lâm nghiệp" in out
    assert "Đối tượng: 1 người được chọn" in out and "Thông báo đang được gửi tới 1 người." in out

    out = chat(tmp_path, "console:hoa")
    after_decline.append(out)
    assert "• Đề cử hạng mục Nghiên cứu khoa học ngày " in out and "không được đưa vào xét chọn." in out
    assert f"🏅 Đảng uỷ phường Tân Phong công bố kết quả {TITLE}.\n• Lò Thị Sơn — Nghiên cứu khoa học\nCùng 1 trí thức khác" in out
    assert "• Giàng A Páo (Nghiên cứu khoa học): 🏅 Khen thưởng. Lý do: Ba mươi năm dạy chữ ở bản." in out

    out = chat(tmp_path, "console:son", "3")  # the expert declines the question with one digit
    assert "❓ Xin ý kiến chuyên gia: Nên trồng giống lúa nào?" in out and "Đã ghi nhận bạn từ chối. Cảm ơn bạn." in out
    out = chat(tmp_path, "console:admin", "/experts", "2")
    after_decline.append(out)
    assert not any(DECLINER in text for text in after_decline)
    assert "Lấy ý kiến: Nên trồng giống lúa nào?\n✓ Nhận lời (0): —\n✗ Từ chối (1): Lò Thị Sơn\n… Chưa trả lời (0): —" in out
