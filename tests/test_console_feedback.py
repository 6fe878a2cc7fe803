"""The console as people use it: a member and an admin in two terminals on one database file."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_cli import hienke

ENV = {"HIENKE_SECRET_KEY": "console-test-secret-key-for-sealing-authors", "HIENKE_ADMINS": "console:admin"}


def test_submit_answer_and_rate_by_digits(tmp_path: Path) -> None:
    member = hienke(["chat"], tmp_path, "/start\n1\n2\n/feedback\n2\nTrạm y tế thiếu thuốc sốt rét.\n3\n1\n", **ENV)
    assert member.returncode == 0, member.stderr
    code = re.search(r"Mã theo dõi: (HK-\w{5})", member.stdout).group(1)  # type: ignore[union-attr]
    assert "1. Gửi\n2. Viết lại\n3. Huỷ" in member.stdout

    admin = hienke(["chat", "--as", "console:admin"], tmp_path, "/start\n1\n2\n/inbox\n1\n1\nĐã cấp bổ sung thuốc.\n1\n", **ENV)
    assert f"1. {code}" in admin.stdout and "Người gửi: (ẩn danh)" in admin.stdout
    assert "\n1. Trả lời\n2. Nhận xử lý\n" in admin.stdout
    assert f"✓ Đã gửi câu trả lời cho ý kiến {code}." in admin.stdout

    later = hienke(["chat"], tmp_path, "4\n9\n", **ENV)  # the answer waits for the member, who rates it with a digit
    assert f"Trả lời ý kiến {code} (Y tế):\n\nĐã cấp bổ sung thuốc." in later.stdout
    assert "Bạn đã chấm 4/5. Cảm ơn bạn!" in later.stdout
    assert "Không có lựa chọn 9 ở đây. Gõ /help để xem các lệnh." in later.stdout
    assert "HIENKE_SECRET_KEY" not in later.stderr  # set, so no warning


def test_a_typed_capacity_of_one_is_not_the_skip_button(tmp_path: Path) -> None:
    script = (
        "/start\n1\n2\n/newevent\nĐối thoại với trí thức trẻ\nNghe ý kiến về chuyển đổi số.\n"
        "15/12/2026 14:00\n16:30\nHội trường UBND phường\n1\nbỏ qua\n/quit\n"
    )
    admin = hienke(["chat", "--as", "console:admin"], tmp_path, script, **ENV)
    assert admin.returncode == 0, admin.stderr
    capacity, _, rest = admin.stdout.partition("Tối đa bao nhiêu người?")
    assert rest.count("[Bỏ qua]") == 2  # the ways out of typed questions show as words, not digits
    assert "> Hạn trả lời lời mời?" in rest  # "1" was the capacity, and the next question came
    assert rest.count("→ (bỏ qua)") == 1 and "Số người nhận: 1." in rest  # only the deadline was skipped, by its words
