"""What the access policy says when it refuses, and what officials are told when an item leaves their unit
(registered into the runtime's catalogue)."""

from __future__ import annotations

from bot.texts import register

register(
    {
        "access.no_unit": (
            "Bạn là cán bộ nhưng chưa được gán đơn vị, nên chưa dùng được chức năng này.\n"
            "Quản trị viên gán bằng: /grant telegram:ID Tên đơn vị",
            "You are an official without a unit, so this is not available to you yet.\n"
            "An admin sets it with: /grant telegram:ID Unit name",
        ),
        "access.other_unit": (
            "Mục này thuộc đơn vị khác; bạn không xem hay xử lý được.",
            "This belongs to another unit; you cannot see or handle it.",
        ),
        "access.not_yours": (
            "Chỉ người đã bắt đầu việc này (hoặc quản trị viên) mới làm được.",
            "Only the one who started this (or an admin) can do that.",
        ),
        "access.not_invited": (
            "Mục này dành cho một nhóm người khác. Nếu bạn thuộc nhóm đó, xin cập nhật hồ sơ (/profile).",
            "This is meant for another group of people. If you belong to it, please update your profile (/profile).",
        ),
        "inbox.forwarded_away": (
            "✓ Đã chuyển ý kiến {code} cho {unit}. Từ nay {unit} xử lý ý kiến này.",
            "✓ Submission {code} was forwarded to {unit}, which handles it from now on.",
        ),
        "access.not_council": (
            "Chỉ hội đồng xét chọn của đợt này mới chấm điểm và quyết định.",
            "Only this round's review council scores and decides.",
        ),
        "access.not_nominee": (
            "Chỉ người được đề cử mới trả lời được câu hỏi này.",
            "Only the person nominated can answer this.",
        ),
        "access.not_author": (
            "Chỉ người gửi ý kiến mới làm được việc này.",
            "Only the author of the submission can do that.",
        ),
    }
)
