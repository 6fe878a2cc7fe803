"""What the expert roster says (/profile, /experts, invitations, answers), and consultations put as a
question; Vietnamese first, English second."""

from __future__ import annotations

from bot.texts import register

TEXTS: dict[str, tuple[str, str]] = {
    "cmd.experts": ("Tìm và mời chuyên gia", "Find and invite experts"),
    # the roster in /profile
    "profile.label.expert": ("Chuyên gia tư vấn", "Expert roster"),
    "profile.expert_yes": ("có — {fields}", "yes — {fields}"),
    "profile.expert_no": ("chưa tham gia", "not on it"),
    "profile.expert_button": ("🎓 Chuyên gia tư vấn", "🎓 Expert roster"),
    "expert.about": (
        "Danh sách chuyên gia tư vấn: cán bộ tìm người theo lĩnh vực, trình độ, xã/phường, hội và độ tuổi để mời góp ý "
        "dự thảo, trả lời câu hỏi hoặc dự đối thoại.\nHọ chỉ thấy họ tên của bạn và các lĩnh vực bạn chọn, không thấy "
        "thông tin liên lạc. Bạn có thể từ chối từng lời mời, và rút khỏi danh sách bất cứ lúc nào bằng một lần bấm.",
        "The expert roster: officials search it by field, qualification, commune, association and age to invite "
        "people to comment on a draft, answer a question or attend a dialogue.\nThey see only your name and the fields you "
        "choose, never your contact details. You may decline any invitation, and leave the roster any time with one tap.",
    ),
    "expert.on": (
        "Bạn trong danh sách chuyên gia tư vấn từ {since}, lĩnh vực: {fields}.\nCán bộ chỉ thấy họ tên và các lĩnh vực này.",
        "You have been on the expert roster since {since}, fields: {fields}.\nOfficials see only your name and these fields.",
    ),
    "expert.join": ("Tham gia", "Join"),
    "expert.change": ("Sửa lĩnh vực", "Change fields"),
    "expert.withdraw": ("Rút khỏi danh sách", "Leave the roster"),
    "expert.profile": ("« Hồ sơ", "« Profile"),
    "expert.pick_fields": (
        "Bạn nhận lời tư vấn trong những lĩnh vực nào? Bấm để chọn, rồi bấm Đồng ý.",
        "In which fields will you be consulted? Press to choose, then Agree.",
    ),
    "expert.agree": ("Đồng ý tham gia ({count} lĩnh vực)", "Agree ({count} fields)"),
    "expert.one_field": ("Xin chọn ít nhất một lĩnh vực.", "Please choose at least one field."),
    "expert.name_first": ("Xin khai họ tên trong hồ sơ trước.", "Please enter your name in the profile first."),
    "expert.joined": ("✓ Bạn đã ở trong danh sách chuyên gia tư vấn.", "✓ You are on the expert roster."),
    "expert.withdrawn": ("Đã rút khỏi danh sách chuyên gia tư vấn.", "You have left the expert roster."),
    # an invitation as the expert reads it
    "expert.invited": (
        "Bạn được mời với tư cách chuyên gia. Nếu không tham gia được, bấm «Từ chối».",
        "You are invited as an expert. If you cannot take part, press «Decline».",
    ),
    "expert.accept": ("✓ Nhận lời", "✓ Accept"),
    "expert.decline": ("✗ Từ chối", "✗ Decline"),
    "expert.accepted": ("Cảm ơn bạn đã nhận lời.", "Thank you for accepting."),
    "expert.declined": ("Đã ghi nhận bạn từ chối. Cảm ơn bạn.", "Your decline is noted. Thank you."),
    "draft.announce_question": (
        "❓ Xin ý kiến chuyên gia: {title}\n\n{summary}\n\nHạn trả lời: {deadline}.\nBấm nút dưới đây để đọc và trả lời.",
        "❓ Your expert opinion is asked: {title}\n\n{summary}\n\nAnswers until {deadline}.\nPress the button below to read and answer.",
    ),
    "newdraft.ask_title_question": ("Câu hỏi xin ý kiến chuyên gia?", "The question to put to the experts?"),
    "newdraft.ask_summary_question": (
        "Bối cảnh, thông tin kèm theo câu hỏi?",
        "Its background: what the experts should know?",
    ),
    # /experts
    "experts.menu": (
        "Tìm chuyên gia\nTiêu chí: {who}\nSố chuyên gia phù hợp: {count}.\nBấm một tiêu chí để thu hẹp.",
        "Find experts\nCriteria: {who}\nExperts matching: {count}.\nPress a criterion to narrow it.",
    ),
    "experts.everyone": ("mọi chuyên gia", "every expert"),
    "experts.done": ("Xem {count} chuyên gia", "See {count} experts"),
    "experts.chosen": ("Tiêu chí: {who}", "Criteria: {who}"),
    "experts.none": ("Không có chuyên gia nào khớp các tiêu chí này.", "No expert matches these criteria."),
    "experts.search": ("🔎 Tìm chuyên gia", "🔎 Find experts"),
    "experts.search_again": ("🔎 Tìm lại", "🔎 Search again"),
    "experts.found": ("Có {count} chuyên gia phù hợp.", "{count} experts match."),
    "experts.found_more": (
        "Có hơn {count} chuyên gia phù hợp; đây là {count} người đầu, nên thu hẹp tiêu chí.",
        "More than {count} experts match; here are the first {count}; narrow the criteria.",
    ),
    "experts.chosen_count": ("Đã chọn {count}. Bấm tên để chọn hoặc bỏ chọn.", "{count} chosen. Press a name to choose or unchoose."),
    "experts.all": ("Chọn tất cả", "Choose all"),
    "experts.none_chosen": ("Bỏ chọn tất cả", "Unchoose all"),
    "experts.invite": ("📨 Mời {count} người đã chọn", "📨 Invite the {count} chosen"),
    "experts.invite_to": ("Mời {count} chuyên gia đã chọn tới:", "Invite the {count} chosen experts to:"),
    "experts.to.draft": ("📜 Góp ý một dự thảo", "📜 Comment on a draft"),
    "experts.to.question": ("❓ Trả lời một câu hỏi", "❓ Answer a question"),
    "experts.to.event": ("🗣 Dự một buổi đối thoại", "🗣 Attend a dialogue"),
    "experts.inviting": ("Mời {count} chuyên gia: {kind}", "Inviting {count} experts: {kind}"),
    "experts.none_left": ("Những người đã chọn không còn trong danh sách chuyên gia.", "Those chosen are no longer on the roster."),
    "experts.sent_head": ("Lời mời chuyên gia gần đây:", "Recent invitations to experts:"),
    "experts.sent_line": ("{n}. {kind}: {title} — {count} người", "{n}. {kind}: {title} — {count} people"),
    "experts.kind.draft": ("Lấy ý kiến", "Consultation"),
    "experts.kind.event": ("Đối thoại", "Dialogue"),
    "experts.answers_head": ("{kind}: {title}", "{kind}: {title}"),
    "experts.answer.accepted": ("✓ Nhận lời ({count}): {names}", "✓ Accepted ({count}): {names}"),
    "experts.answer.declined": ("✗ Từ chối ({count}): {names}", "✗ Declined ({count}): {names}"),
    "experts.answer.none": ("… Chưa trả lời ({count}): {names}", "… No answer ({count}): {names}"),
}

register(TEXTS)
