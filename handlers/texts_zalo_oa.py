"""Texts of the Zalo OA channel: held messages, the window's fallbacks in a broadcast's progress, /oa for admins."""

from __future__ import annotations

from bot.texts import register

TEXTS: dict[str, tuple[str, str]] = {
    "cmd.oa": ("Tình trạng Zalo OA: mã truy cập, hạn mức", "Zalo OA status: tokens, quota"),
    "oa.more_options": ("Chọn tiếp:", "More options:"),
    "oa.ref_key": ("Mã tin", "Message code"),
    "oa.held_note": (
        "🕓 Tin nhắn từ {when}, giữ lại tới khi bạn nhắn cho chúng tôi:",
        "🕓 A message from {when}, kept until you wrote to us:",
    ),
    "oa.age_days": ("{n} ngày trước", "{n} days ago"),
    "oa.age_hours": ("{n} giờ trước", "{n} hours ago"),
    "oa.token_failed": (
        "⚠️ Zalo OA: không làm mới được mã truy cập ({reason}).\n"
        "Tin nhắn qua Zalo OA đang chờ, không mất tin nào. "
        "Người quản trị chạy `hienke zalo-oa authorize` để cấp lại quyền.",
        "⚠️ Zalo OA: the access token could not be renewed ({reason}).\n"
        "Messages on the Zalo OA are waiting; none is lost. "
        "An administrator runs `hienke zalo-oa authorize` to grant access again.",
    ),
    "broadcast.via_linked": ("{n} qua kênh khác người nhận đã liên kết", "{n} on a channel the person linked"),
    "broadcast.via_transaction": ("{n} bằng tin giao dịch Zalo OA", "{n} as Zalo OA transaction messages"),
    "broadcast.via_promotion": ("{n} bằng tin truyền thông Zalo OA", "{n} as Zalo OA promotion messages"),
    "broadcast.held_window": (
        "{n} chờ người nhận nhắn lại (ngoài khung tương tác Zalo OA)",
        "{n} wait for the person to write (outside the Zalo OA window)",
    ),
    "broadcast.held_quota": (
        "{n} chờ người nhận nhắn lại (hết hạn mức tin Zalo OA)",
        "{n} wait for the person to write (Zalo OA quota spent)",
    ),
    "oa.not_configured": (
        "Zalo OA chưa được cấu hình (ZALO_OA_APP_ID, ZALO_OA_SECRET_KEY).",
        "The Zalo OA is not configured (ZALO_OA_APP_ID, ZALO_OA_SECRET_KEY).",
    ),
    "oa.status": ("📮 Zalo OA", "📮 Zalo OA"),
    "oa.token_ok": ("• Mã truy cập: dùng được tới {until}", "• Access token: valid until {until}"),
    "oa.token_none": (
        "• Chưa có mã truy cập: chạy `hienke zalo-oa authorize`",
        "• No access token yet: run `hienke zalo-oa authorize`",
    ),
    "oa.token_failing": ("• ⚠️ Làm mới mã lỗi từ {since}: {reason}", "• ⚠️ Token renewal failing since {since}: {reason}"),
    "oa.quota": ("• Hạn mức {kind}: còn {remain}/{total} (đọc lúc {at})", "• {kind} quota: {remain}/{total} left (read {at})"),
    "oa.quota_unknown": ("• Chưa đọc được hạn mức từ Zalo OA", "• The quota has not been read from the Zalo OA yet"),
    "oa.kind.transaction": ("tin giao dịch", "transaction"),
    "oa.kind.promotion": ("tin truyền thông", "promotion"),
    "oa.window": (
        "• Khung tư vấn: {hours} giờ sau lần người dùng nhắn gần nhất; ngoài khung: {routes}",
        "• Window: {hours} hours after the person last wrote; outside it: {routes}",
    ),
    "oa.route.linked": ("kênh đã liên kết", "a linked channel"),
    "oa.route.transaction": ("tin giao dịch", "a transaction message"),
    "oa.route.promotion": ("tin truyền thông", "a promotion message"),
    "oa.route.hold": ("giữ lại tới khi họ nhắn", "held until they write"),
    "oa.held": (
        "• Đang giữ: {window} ngoài khung, {quota} do hết hạn mức",
        "• Held: {window} outside the window, {quota} for lack of quota",
    ),
}

register(TEXTS)
