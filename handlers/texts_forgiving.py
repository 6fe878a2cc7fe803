"""Texts of a conversation that forgives: first contact without /start, forms kept through interruptions,
lengths said on arrival."""

from __future__ import annotations

from bot.texts import register

TEXTS: dict[str, tuple[str, str]] = {
    "start.first_contact": (
        "Chúng tôi đã giữ tin nhắn của bạn. Sau khi bạn đồng ý, bạn có thể gửi nó thành ý kiến.",
        "We kept your message. Once you agree, you can send it as a submission.",
    ),
    "help.before_consent": (
        "Trước khi đồng ý với thông báo về dữ liệu cá nhân (gõ /start), bạn có thể dùng:",
        "Before you accept the personal-data notice (type /start), you can use:",
    ),
    "park.kept.feedback": (
        "📝 Đã giữ lại ý kiến bạn đang viết. Gõ /feedback để viết tiếp.",
        "📝 The submission you were writing is kept. Type /feedback to carry on.",
    ),
    "park.offer.feedback": (
        "Bạn còn ý kiến bạn đang viết. Viết tiếp hay bỏ nó và bắt đầu lại?",
        "You still have the submission you were writing. Carry on with it, or discard it and start afresh?",
    ),
    "park.kept.profile": (
        "📝 Đã giữ lại phần khai hồ sơ đang dở. Gõ /profile để viết tiếp.",
        "📝 The profile questions you were answering is kept. Type /profile to carry on.",
    ),
    "park.offer.profile": (
        "Bạn còn phần khai hồ sơ đang dở. Viết tiếp hay bỏ nó và bắt đầu lại?",
        "You still have the profile questions you were answering. Carry on with it, or discard it and start afresh?",
    ),
    "park.kept.bc": (
        "📝 Đã giữ lại thông báo đang soạn. Gõ /broadcast để viết tiếp.",
        "📝 The announcement you were writing is kept. Type /broadcast to carry on.",
    ),
    "park.offer.bc": (
        "Bạn còn thông báo đang soạn. Viết tiếp hay bỏ nó và bắt đầu lại?",
        "You still have the announcement you were writing. Carry on with it, or discard it and start afresh?",
    ),
    "park.kept.ne": (
        "📝 Đã giữ lại buổi đối thoại đang tạo. Gõ /newevent để viết tiếp.",
        "📝 The dialogue event you were creating is kept. Type /newevent to carry on.",
    ),
    "park.offer.ne": (
        "Bạn còn buổi đối thoại đang tạo. Viết tiếp hay bỏ nó và bắt đầu lại?",
        "You still have the dialogue event you were creating. Carry on with it, or discard it and start afresh?",
    ),
    "park.kept.np": (
        "📝 Đã giữ lại cuộc thăm dò đang tạo. Gõ /newpoll để viết tiếp.",
        "📝 The poll you were creating is kept. Type /newpoll to carry on.",
    ),
    "park.offer.np": (
        "Bạn còn cuộc thăm dò đang tạo. Viết tiếp hay bỏ nó và bắt đầu lại?",
        "You still have the poll you were creating. Carry on with it, or discard it and start afresh?",
    ),
    "park.kept.nh": (
        "📝 Đã giữ lại đợt khen thưởng đang tạo. Gõ /newhonour để viết tiếp.",
        "📝 The honour round you were opening is kept. Type /newhonour to carry on.",
    ),
    "park.offer.nh": (
        "Bạn còn đợt khen thưởng đang tạo. Viết tiếp hay bỏ nó và bắt đầu lại?",
        "You still have the honour round you were opening. Carry on with it, or discard it and start afresh?",
    ),
    "park.kept.hn": (
        "📝 Đã giữ lại đề cử đang viết. Gõ /honours để viết tiếp.",
        "📝 The nomination you were writing is kept. Type /honours to carry on.",
    ),
    "park.offer.hn": (
        "Bạn còn đề cử đang viết. Viết tiếp hay bỏ nó và bắt đầu lại?",
        "You still have the nomination you were writing. Carry on with it, or discard it and start afresh?",
    ),
    "park.kept.ef": (
        "📝 Đã giữ lại thư cảm ơn sau buổi đối thoại đang viết. Gõ /events để viết tiếp.",
        "📝 The follow-up you were writing is kept. Type /events to carry on.",
    ),
    "park.offer.ef": (
        "Bạn còn thư cảm ơn sau buổi đối thoại đang viết. Viết tiếp hay bỏ nó và bắt đầu lại?",
        "You still have the follow-up you were writing. Carry on with it, or discard it and start afresh?",
    ),
    "moment.in_full": ("{weekday} {day} lúc {clock}", "{weekday} {day} at {clock}"),
    "form.understood": ("✓ Đã hiểu: {value}.", "✓ Understood: {value}."),
    "polls.head_with_closed": (
        "Các cuộc thăm dò của bạn (đang mở, và đã đóng trong 30 ngày qua):",
        "Your polls (open, and closed in the last 30 days):",
    ),
    "polls.line_closed": ("{question}\n   🔒 Đã đóng — {answers} — {mine}", "{question}\n   🔒 Closed — {answers} — {mine}"),
    "polls.answers": ("{count} người trả lời", "{count} answers"),
    "polls.answers.one": ("1 người trả lời", "1 answer"),
    "polls.answers.zero": ("chưa ai trả lời", "nobody answered"),
    "summary.rating.one": ("⭐ Hài lòng: {average}/5{trend}\n   (1 lượt chấm)", "⭐ Satisfaction: {average}/5{trend}\n   (1 rating)"),
    "summary.chart_caption.one": (
        "Ý kiến mới từ {first} đến {last}, mỗi cột một tuần: theo lĩnh vực và theo trạng thái đến nay.",
        "New submissions from {first} to {last}, one week a bar: by topic and by status as of now.",
    ),
    "report.ind.nobody_answered": ("chưa ai trả lời câu này", "nobody answered this question"),
    "poll.voters.one": ("1 người đã trả lời.", "1 person answered."),
    "poll.voters.zero": ("Chưa ai trả lời.", "Nobody answered."),
    "polls.line_official.one": ("{question}\n   {state} — 1 người trả lời", "{question}\n   {state} — 1 answer"),
    "polls.line_official.zero": ("{question}\n   {state} — chưa ai trả lời", "{question}\n   {state} — no answers yet"),
    "poll.closed_note.one": (
        "🔒 Thăm dò «{question}» đã đóng, 1 người trả lời. Kết quả đã gửi tới người đó.",
        "🔒 The poll «{question}» has closed with 1 answer. The results went to the one who voted.",
    ),
    "poll.closed_note.zero": (
        "🔒 Thăm dò «{question}» đã đóng, không ai trả lời.",
        "🔒 The poll «{question}» has closed with no answers.",
    ),
    "form.item_count.one": ("1 phương án", "1 option"),
    "park.carry_on": ("Viết tiếp", "Carry on"),
    "park.afresh": ("Bỏ bản cũ, bắt đầu lại", "Discard it, start afresh"),
    "park.carried_on": ("↩ Tiếp tục từ chỗ bạn dừng.", "↩ Carrying on where you stopped."),
    "park.discarded": ("🗑 Đã bỏ bản cũ.", "🗑 The old one was discarded."),
}

register(TEXTS)
