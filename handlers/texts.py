"""Everything the bot says, in Vietnamese first and English second."""

from __future__ import annotations

from typing import Any

LANGUAGES = ("vi", "en")

TEXTS: dict[str, tuple[str, str]] = {
    # errors and refusals
    "error.need_text": (
        "Xin gửi câu trả lời bằng chữ (không phải ảnh, nhãn dán hay tệp).",
        "Please answer in text (not a photo, sticker or file).",
    ),
    "error.too_long": (
        "Nội dung dài {length} ký tự, vượt giới hạn {limit} ký tự. Xin rút gọn và gửi lại.",
        "That is {length} characters, over the {limit}-character limit. Please shorten it and send again.",
    ),
    "error.unknown_command": (
        "Không có lệnh /{command}. Gõ /help để xem các lệnh.",
        "There is no /{command} command. Type /help to see the commands.",
    ),
    "error.no_rights": (
        "Xin lỗi, bạn không có quyền dùng lệnh này.",
        "Sorry, you do not have the rights to use this command.",
    ),
    "error.need_consent": (
        "Để dùng tính năng này, xin gõ /start và đồng ý với thông báo về dữ liệu cá nhân.",
        "To use this, please type /start and accept the personal-data notice.",
    ),
    "error.stale_button": (
        "Nút này đã hết hiệu lực.",
        "This button is no longer active.",
    ),
    "error.already_answered": (
        "Câu này đã được ghi nhận rồi.",
        "That was already recorded.",
    ),
    "error.not_understood": (
        "Tôi chưa hiểu ý bạn. Gõ /help để xem các lệnh.",
        "I did not understand. Type /help to see the commands.",
    ),
    "error.internal": (
        "Xin lỗi, đã có lỗi khi xử lý tin nhắn của bạn. Chúng tôi đã ghi nhận, xin thử lại sau.",
        "Sorry, something went wrong with your message. It has been logged; please try again later.",
    ),
    "error.unsupported": (
        "Xin lỗi, tôi chưa xử lý được loại tin nhắn này. Xin gửi bằng chữ.",
        "Sorry, I cannot handle this kind of message yet. Please send text.",
    ),
    # start and consent
    "start.greeting": (
        "Xin chào! Đây là Hiến kế — kênh để trí thức gửi ý kiến, kiến nghị tới {org} và nhận trả lời.",
        "Hello! This is Hiến kế — the channel for intellectuals to send opinions and proposals to {org} and get answers.",
    ),
    "start.notice": (
        "Về dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP):\n"
        "• Chúng tôi lưu mã tài khoản của bạn, ý kiến bạn gửi và hồ sơ nếu bạn khai.\n"
        "• Mục đích: tiếp nhận, trả lời ý kiến và mời bạn đối thoại. Báo cáo tổng hợp không nêu tên.\n"
        "• Bạn có thể xem (/mydata) hoặc xoá (/forget) dữ liệu của mình bất cứ lúc nào.\n"
        "Bạn có đồng ý không?",
        "About your personal data (Decree 13/2023/NĐ-CP):\n"
        "• We keep your account id, the opinions you send and your profile if you fill it in.\n"
        "• Purpose: receiving and answering opinions and inviting you to dialogues. Summaries name no one.\n"
        "• You can see (/mydata) or erase (/forget) your data at any time.\n"
        "Do you agree?",
    ),
    "start.agree": ("Đồng ý", "I agree"),
    "start.decline": ("Không đồng ý", "I do not agree"),
    "start.agreed": ("✓ Bạn đã đồng ý.", "✓ You agreed."),
    "start.declined": (
        "Bạn chưa đồng ý, nên chúng tôi không lưu gì về bạn. Gõ /start nếu bạn đổi ý.",
        "You did not agree, so we keep nothing about you. Type /start if you change your mind.",
    ),
    "start.offer_profile": (
        "Bạn có muốn khai hồ sơ ngắn (khoảng 2 phút) không? Có thể bỏ qua từng câu.",
        "Would you like to fill in a short profile (about 2 minutes)? Every question can be skipped.",
    ),
    "start.profile_now": ("Khai ngay", "Start now"),
    "start.profile_later": ("Để sau", "Later"),
    "start.later": (
        "Được. Khi nào muốn, gõ /profile. Gõ /help để xem các lệnh.",
        "Fine. Type /profile whenever you like. Type /help to see the commands.",
    ),
    "start.welcome_back": (
        "Chào mừng {name} quay lại Hiến kế. Gõ /help để xem các lệnh.",
        "Welcome back to Hiến kế, {name}. Type /help to see the commands.",
    ),
    "start.friend": ("bạn", "friend"),
    "start.profile_hint": ("Khi nào muốn, gõ /profile để khai hồ sơ.", "Type /profile whenever you like to fill in your profile."),
    # profile
    "profile.q.full_name": ("Họ và tên của bạn?", "Your full name?"),
    "profile.q.field": ("Lĩnh vực chuyên môn của bạn?", "Your field of expertise?"),
    "profile.q.qualification": ("Trình độ cao nhất của bạn?", "Your highest qualification?"),
    "profile.q.workplace": ("Nơi công tác của bạn?", "Where do you work?"),
    "profile.q.commune": (
        "Bạn sống hoặc làm việc ở xã, phường nào? Chọn hoặc gõ tên.",
        "Which commune or ward do you live or work in? Choose or type its name.",
    ),
    "profile.q.associations": (
        "Bạn là hội viên của hội nào? Chọn một hoặc nhiều, rồi bấm Xong.",
        "Which associations are you a member of? Choose any, then press Done.",
    ),
    "profile.q.birth_year": ("Năm sinh của bạn? (ví dụ 1985)", "Your year of birth? (for example 1985)"),
    "profile.q.gender": ("Giới tính của bạn?", "Your gender?"),
    "profile.q.ethnicity": ("Dân tộc của bạn? Chọn hoặc gõ tên.", "Your ethnicity? Choose or type it."),
    "profile.label.full_name": ("Họ tên", "Name"),
    "profile.label.field": ("Lĩnh vực", "Field"),
    "profile.label.qualification": ("Trình độ", "Qualification"),
    "profile.label.workplace": ("Nơi công tác", "Workplace"),
    "profile.label.commune": ("Xã/phường", "Commune"),
    "profile.label.associations": ("Hội", "Associations"),
    "profile.label.birth_year": ("Năm sinh", "Year of birth"),
    "profile.label.gender": ("Giới tính", "Gender"),
    "profile.label.ethnicity": ("Dân tộc", "Ethnicity"),
    "profile.skip": ("Bỏ qua", "Skip"),
    "profile.stop": ("Dừng", "Stop"),
    "profile.done": ("Xong", "Done"),
    "profile.skipped": ("{label}: (bỏ qua)", "{label}: (skipped)"),
    "profile.answered": ("{label}: {value} ✓", "{label}: {value} ✓"),
    "profile.none": ("chưa khai", "not given"),
    "profile.saved": (
        "Cảm ơn bạn! Hồ sơ đã được lưu. Gõ /profile để xem hoặc sửa.",
        "Thank you! Your profile is saved. Type /profile to see or edit it.",
    ),
    "profile.stopped": (
        "Đã dừng. Những gì bạn đã khai vẫn được lưu. Gõ /profile để tiếp tục.",
        "Stopped. What you entered so far is kept. Type /profile to continue.",
    ),
    "profile.summary": ("Hồ sơ của bạn:", "Your profile:"),
    "profile.edit_hint": ("Bấm vào mục muốn sửa.", "Press the item you want to change."),
    "profile.fill_all": ("Khai lần lượt tất cả", "Go through everything"),
    "profile.bad_year": (
        "Năm sinh cần là số có 4 chữ số, từ {low} đến {high}.",
        "The year of birth must be a four-digit number from {low} to {high}.",
    ),
    "profile.other_type": ("Khác (gõ tên)", "Other (type it)"),
    "profile.type_it": ("Xin gõ tên.", "Please type it."),
    # fields of expertise
    "field.education": ("Giáo dục", "Education"),
    "field.health": ("Y tế", "Health"),
    "field.agriculture_forestry": ("Nông – lâm nghiệp", "Agriculture & forestry"),
    "field.industry": ("Công nghiệp", "Industry"),
    "field.tourism": ("Du lịch", "Tourism"),
    "field.infrastructure": ("Hạ tầng", "Infrastructure"),
    "field.science_technology": ("Khoa học – công nghệ", "Science & technology"),
    "field.digital_transformation": ("Chuyển đổi số", "Digital transformation"),
    "field.law": ("Pháp luật", "Law"),
    "field.culture_arts": ("Văn hoá – nghệ thuật", "Culture & arts"),
    "field.other": ("Khác", "Other"),
    "qualification.bachelor": ("Đại học", "Bachelor"),
    "qualification.master": ("Thạc sĩ", "Master"),
    "qualification.doctorate": ("Tiến sĩ", "Doctorate"),
    "qualification.other": ("Khác", "Other"),
    "gender.female": ("Nữ", "Female"),
    "gender.male": ("Nam", "Male"),
    "gender.other": ("Khác", "Other"),
    # language
    "language.choose": ("Chọn ngôn ngữ:", "Choose a language:"),
    "language.set": ("Đã chuyển sang tiếng Việt.", "Switched to English."),
    # my data and forgetting
    "mydata.caption": (
        "Đây là toàn bộ dữ liệu chúng tôi lưu về bạn.",
        "Here is everything we store about you.",
    ),
    "forget.confirm": (
        "Xoá hồ sơ và thông tin liên lạc của bạn? Việc này không hoàn tác được.",
        "Erase your profile and contact details? This cannot be undone.",
    ),
    "forget.yes": ("Xoá", "Erase"),
    "forget.no": ("Không", "No"),
    "forget.done": (
        "Đã xoá dữ liệu của bạn. Cảm ơn bạn đã dùng Hiến kế.",
        "Your data has been erased. Thank you for using Hiến kế.",
    ),
    "forget.kept": ("Không xoá gì cả.", "Nothing was erased."),
    # help
    "help.title": ("Các lệnh bạn có thể dùng:", "Commands you can use:"),
    # roles
    "grant.usage": (
        "Cách dùng: /grant telegram:12345 (hoặc chỉ mã số người dùng cùng kênh).",
        "Usage: /grant telegram:12345 (or just the user id on the same channel).",
    ),
    "revoke.usage": (
        "Cách dùng: /revoke telegram:12345 (hoặc chỉ mã số người dùng cùng kênh).",
        "Usage: /revoke telegram:12345 (or just the user id on the same channel).",
    ),
    "grant.unknown": (
        "Không tìm thấy người dùng {target}. Người đó cần nhắn /start cho bot trước.",
        "No user {target} found. They need to send /start to the bot first.",
    ),
    "grant.done": ("Đã cấp quyền cán bộ cho {target}.", "{target} is now an official."),
    "grant.already": ("{target} đã có quyền {role}.", "{target} already has the {role} role."),
    "revoke.done": ("Đã thu hồi quyền cán bộ của {target}.", "{target} is no longer an official."),
    "revoke.not_official": ("{target} không phải cán bộ.", "{target} is not an official."),
    "revoke.configured_admin": (
        "{target} là quản trị viên theo cấu hình HIENKE_ADMINS; sửa cấu hình để thay đổi.",
        "{target} is an admin by the HIENKE_ADMINS setting; change the setting instead.",
    ),
    "grant.notify": (
        "Bạn đã được cấp quyền cán bộ trên Hiến kế. Gõ /help để xem các lệnh mới.",
        "You are now an official on Hiến kế. Type /help to see your new commands.",
    ),
    "revoke.notify": (
        "Quyền cán bộ của bạn trên Hiến kế đã được thu hồi.",
        "Your official role on Hiến kế has been withdrawn.",
    ),
    "role.member": ("thành viên", "member"),
    "role.official": ("cán bộ", "official"),
    "role.admin": ("quản trị", "admin"),
    # audience picker
    "audience.menu": (
        "Gửi tới ai?\nĐang chọn: {who}\nSố người nhận: {count}.\nBấm một tiêu chí để thu hẹp.",
        "Who should receive it?\nSelected: {who}\nRecipients: {count}.\nPress a criterion to narrow it.",
    ),
    "audience.everyone": ("tất cả người đã đồng ý nhận tin", "everyone who consented"),
    "audience.pick": ("Chọn {criterion} (chọn nhiều được):", "Choose {criterion} (several allowed):"),
    "audience.c.fields": ("Lĩnh vực", "Field"),
    "audience.c.qualifications": ("Trình độ", "Qualification"),
    "audience.c.communes": ("Xã/phường", "Commune"),
    "audience.c.associations": ("Hội", "Association"),
    "audience.c.age_groups": ("Độ tuổi", "Age"),
    "audience.age.under_30": ("Dưới 30", "Under 30"),
    "audience.age.30_39": ("30–39", "30–39"),
    "audience.age.40_49": ("40–49", "40–49"),
    "audience.age.50_59": ("50–59", "50–59"),
    "audience.age.60_plus": ("Từ 60", "60 and over"),
    "audience.back": ("« Quay lại", "« Back"),
    "audience.done": ("Xong ({count} người)", "Done ({count} people)"),
    "audience.cancel": ("Huỷ", "Cancel"),
    "audience.cancelled": ("Đã huỷ.", "Cancelled."),
    "audience.chosen": ("Người nhận: {who}", "Recipients: {who}"),
    # broadcasts
    "broadcast.ask_text": (
        "Nhập nội dung thông báo (tối đa {limit} ký tự).",
        "Type the announcement (at most {limit} characters).",
    ),
    "broadcast.announcement": ("📢 Thông báo của {org}:\n\n{text}", "📢 Announcement from {org}:\n\n{text}"),
    "broadcast.preview": (
        "Xem trước:\n\n{preview}\n\nSẽ gửi tới {count} người.",
        "Preview:\n\n{preview}\n\nIt will go to {count} people.",
    ),
    "broadcast.send": ("Gửi", "Send"),
    "broadcast.drop": ("Huỷ", "Cancel"),
    "broadcast.dropped": ("Đã huỷ, không gửi gì.", "Cancelled; nothing was sent."),
    "broadcast.use_buttons": ("Xin dùng các nút bên trên.", "Please use the buttons above."),
    "broadcast.started": ("Bắt đầu gửi tới {count} người.", "Sending to {count} people."),
    "broadcast.progress": (
        "📣 Đang gửi: {sent}/{total} đã gửi · {failed} lỗi · còn {left}",
        "📣 Sending: {sent}/{total} sent · {failed} failed · {left} left",
    ),
    "broadcast.done": (
        "✅ Đã gửi xong: {sent}/{total} đã gửi · {failed} không gửi được",
        "✅ Finished: {sent}/{total} sent · {failed} could not be reached",
    ),
    "broadcast.cancelled": (
        "⏹ Đã dừng: {sent}/{total} đã gửi · {failed} lỗi · {cancelled} huỷ",
        "⏹ Stopped: {sent}/{total} sent · {failed} failed · {cancelled} cancelled",
    ),
    "broadcast.stop": ("Dừng gửi", "Stop sending"),
    "broadcast.not_running": ("Đợt gửi này đã kết thúc.", "This send has already finished."),
    # forms (officials' step-by-step flows)
    "form.skip": ("Bỏ qua", "Skip"),
    "form.skipped": ("(bỏ qua)", "(skipped)"),
    "form.done": ("Xong", "Done"),
    "form.send": ("Gửi", "Send"),
    "form.drop": ("Huỷ", "Cancel"),
    "form.dropped": ("Đã huỷ, không gửi gì.", "Cancelled; nothing was sent."),
    "form.use_buttons": ("Xin dùng các nút bên trên.", "Please use the buttons above."),
    "form.items": ("Đã có:\n{items}\nGửi thêm, hoặc bấm Xong.", "So far:\n{items}\nSend more, or press Done."),
    "form.item_count": ("{count} phương án", "{count} options"),
    "form.item_too_long": (
        "Mỗi dòng tối đa {limit} ký tự. Chưa thêm dòng nào; xin rút gọn và gửi lại.",
        "Each line may have at most {limit} characters. Nothing was added; please shorten and send again.",
    ),
    "form.too_many": (
        "Tối đa {most} phương án, như vậy sẽ thành {count}. Chưa thêm dòng nào.",
        "At most {most} options; that would make {count}. Nothing was added.",
    ),
    "form.too_few": ("Cần ít nhất {least} phương án (mới có {count}).", "At least {least} options are needed (you have {count})."),
    "form.repeated": ("Có phương án bị trùng. Chưa thêm dòng nào.", "An option is repeated. Nothing was added."),
    "form.bad_date": (
        "Chưa đọc được thời gian. Xin gõ ngày/tháng/năm giờ:phút, ví dụ 15/12/2026 14:00.",
        "I could not read that time. Please type day/month/year hour:minute, for example 15/12/2026 14:00.",
    ),
    "form.past": ("Thời điểm này đã qua. Xin chọn một thời điểm sắp tới.", "That time has passed. Please give a time still ahead."),
    "weekday.0": ("thứ Hai", "Monday"),
    "weekday.1": ("thứ Ba", "Tuesday"),
    "weekday.2": ("thứ Tư", "Wednesday"),
    "weekday.3": ("thứ Năm", "Thursday"),
    "weekday.4": ("thứ Sáu", "Friday"),
    "weekday.5": ("thứ Bảy", "Saturday"),
    "weekday.6": ("Chủ nhật", "Sunday"),
    # events: the invitation and answers
    "event.head": ("📅 Mời dự đối thoại: {title}", "📅 Invitation to a dialogue: {title}"),
    "event.details": (
        "🕘 {when}\n📍 {place}\n👥 {seats}\n⏳ Xin trả lời trước {deadline}",
        "🕘 {when}\n📍 {place}\n👥 {seats}\n⏳ Please answer by {deadline}",
    ),
    "event.seats": ("Tối đa {capacity} người", "At most {capacity} people"),
    "event.no_limit": ("Không giới hạn số người", "No limit on numbers"),
    "event.taken": ("Đã có {taken}/{capacity} người đăng ký.", "{taken} of {capacity} places taken."),
    "event.not_found": ("Không tìm thấy buổi đối thoại này.", "This event was not found."),
    "event.link": (
        "🔗 Đường dẫn tới buổi đối thoại (in mã QR lên áp phích):\n{link}",
        "🔗 Link to the event (print the QR code on posters):\n{link}",
    ),
    "event.link_typed": ("Người dùng mở buổi đối thoại bằng lệnh: {command}", "People open the event by typing: {command}"),
    "rsvp.button.y": ("Tham dự", "Attend"),
    "rsvp.button.m": ("Có thể", "Maybe"),
    "rsvp.button.n": ("Không tham dự", "Decline"),
    "rsvp.attend": ("Tham dự", "Attending"),
    "rsvp.maybe": ("Có thể", "Maybe"),
    "rsvp.decline": ("Không tham dự", "Not attending"),
    "rsvp.waitlist": ("Danh sách chờ", "Waiting list"),
    "rsvp.unanswered": ("chưa trả lời", "not answered"),
    "rsvp.yours": ("Trả lời của bạn: {answer}.", "Your answer: {answer}."),
    "rsvp.yours_none": ("Bạn chưa trả lời lời mời này.", "You have not answered yet."),
    "rsvp.yours_waiting": (
        "⏳ Đã đủ chỗ. Bạn đứng thứ {position} trong danh sách chờ; có chỗ chúng tôi báo ngay.",
        "⏳ It is full. You are number {position} on the waiting list; we will tell you when a place frees up.",
    ),
    "rsvp.noted.attend": ("Đã ghi nhận: bạn sẽ tham dự. Hẹn gặp bạn!", "Noted: you will attend. See you there!"),
    "rsvp.noted.maybe": ("Đã ghi nhận: bạn có thể tham dự.", "Noted: you may attend."),
    "rsvp.noted.decline": ("Đã ghi nhận: bạn không tham dự. Cảm ơn bạn đã báo.", "Noted: you will not attend. Thank you for telling us."),
    "rsvp.closed": ("Đã hết hạn trả lời lời mời này. Cảm ơn bạn!", "Answers to this invitation have closed. Thank you!"),
    "rsvp.promoted": (
        "🎉 Đã có chỗ cho bạn! Bạn được chuyển từ danh sách chờ sang danh sách tham dự «{title}».\n"
        "Nếu không đến được, xin bấm «Không tham dự».",
        "🎉 A place is free for you! You have moved from the waiting list to the attendees of «{title}».\n"
        "If you cannot come, please press «Decline».",
    ),
    # events: questions sent ahead
    "question.ask_button": ("❓ Gửi câu hỏi", "❓ Send a question"),
    "question.list_button": ("💬 Các câu hỏi", "💬 Questions"),
    "question.prompt": (
        "Gõ câu hỏi bạn muốn nêu tại buổi «{title}» (tối đa {limit} ký tự).",
        "Type the question you would like raised at «{title}» (at most {limit} characters).",
    ),
    "question.thanks": ("Cảm ơn bạn! Câu hỏi đã được gửi tới ban tổ chức.", "Thank you! Your question has gone to the organisers."),
    "question.closed": ("Buổi đối thoại đã bắt đầu, không nhận thêm câu hỏi.", "The dialogue has started; no more questions are taken."),
    "question.none": ("Chưa có câu hỏi nào. Bạn hãy là người đầu tiên!", "No questions yet. Be the first!"),
    "question.list_head": (
        "Câu hỏi cho buổi «{title}».\nBấm 👍 để ủng hộ câu bạn quan tâm (mỗi câu một lượt):",
        "Questions for «{title}».\nPress 👍 to support the ones you care about (once each):",
    ),
    "question.line": ("{n}. (👍 {votes}) {text}", "{n}. (👍 {votes}) {text}"),
    "question.own": ("Đây là câu hỏi của bạn.", "This is your own question."),
    "question.voted": ("Đã ghi nhận lượt ủng hộ của bạn.", "Your support is counted."),
    "question.already_voted": ("Bạn đã ủng hộ câu hỏi này rồi.", "You already support this question."),
    "question.none_official": ("Chưa có câu hỏi nào được gửi.", "No questions have been sent yet."),
    "question.ranked_head": (
        "Câu hỏi gửi trước cho buổi «{title}», xếp theo lượt ủng hộ:",
        "Questions sent ahead for «{title}», most supported first:",
    ),
    "question.no_name": ("chưa khai tên", "name not given"),
    # events: lists and reminders
    "events.head": ("Các buổi đối thoại sắp tới:", "Upcoming dialogues:"),
    "events.line": ("{title}\n   {when} — {answer}", "{title}\n   {when} — {answer}"),
    "events.none": ("Hiện chưa có buổi đối thoại nào sắp diễn ra.", "There are no upcoming dialogues."),
    "events.head_official": (
        "Các buổi đối thoại (sắp tới và 30 ngày qua). Bấm để quản lý:",
        "Dialogues (upcoming and the last 30 days). Press one to manage it:",
    ),
    "events.none_official": ("Chưa có buổi đối thoại nào. Gõ /newevent để tạo.", "No dialogues yet. Type /newevent to create one."),
    "events.line_official": (
        "{title}{past}\n   {when} — {attend} tham dự, {waitlist} chờ",
        "{title}{past}\n   {when} — {attend} attending, {waitlist} waiting",
    ),
    "events.past": (" (đã diễn ra)", " (past)"),
    "reminder.24h": (
        "⏰ Nhắc lịch: buổi đối thoại «{title}» sắp diễn ra.\n🕘 {when}\n📍 {place}",
        "⏰ Reminder: the dialogue «{title}» is coming up.\n🕘 {when}\n📍 {place}",
    ),
    "reminder.1h": (
        "⏰ Còn khoảng 1 giờ nữa là bắt đầu buổi đối thoại «{title}».\n🕘 {when}\n📍 {place}",
        "⏰ The dialogue «{title}» starts in about an hour.\n🕘 {when}\n📍 {place}",
    ),
    "reminder.cannot_come": ("Tôi không đến được", "I cannot come"),
    # events: officials
    "ne.ask.title": ("Tạo buổi đối thoại mới.\nTên buổi đối thoại? (tối đa 200 ký tự)", "New dialogue event.\nIts title? (at most 200 characters)"),
    "ne.ask.description": ("Nội dung, mục đích của buổi? (tối đa 1500 ký tự)", "What is it about? (at most 1500 characters)"),
    "ne.ask.starts": (
        "Bắt đầu lúc nào? Gõ ngày/tháng/năm giờ:phút, ví dụ 15/12/2026 14:00.",
        "When does it start? Type day/month/year hour:minute, for example 15/12/2026 14:00.",
    ),
    "ne.ask.ends": (
        "Kết thúc lúc nào? Gõ giờ:phút nếu cùng ngày (ví dụ 16:30), hoặc ngày/tháng/năm giờ:phút.",
        "When does it end? Type hour:minute for the same day (for example 16:30), or day/month/year hour:minute.",
    ),
    "ne.ask.place": ("Địa điểm, hoặc đường dẫn họp trực tuyến?", "Where? A place or an online meeting link."),
    "ne.ask.capacity": (
        "Tối đa bao nhiêu người? Gõ một số, hoặc bấm Bỏ qua nếu không giới hạn.",
        "How many people at most? Type a number, or press Skip for no limit.",
    ),
    "ne.ask.deadline": (
        "Hạn trả lời lời mời? Gõ ngày/tháng/năm giờ:phút, hoặc bấm Bỏ qua để nhận trả lời đến giờ bắt đầu.",
        "Deadline for answers? Type day/month/year hour:minute, or press Skip to take answers until the start.",
    ),
    "ne.bad_end": (
        "Chưa đọc được giờ kết thúc. Xin gõ giờ:phút (ví dụ 16:30) hoặc ngày/tháng/năm giờ:phút.",
        "I could not read the end. Please type hour:minute (for example 16:30) or day/month/year hour:minute.",
    ),
    "ne.end_before_start": ("Giờ kết thúc phải sau giờ bắt đầu ({starts}).", "The end must come after the start ({starts})."),
    "ne.bad_capacity": ("Số người tối đa cần là một số từ 1 đến {most}.", "The number of people must be a number from 1 to {most}."),
    "ne.deadline_after_start": ("Hạn trả lời không được sau giờ bắt đầu ({starts}).", "The deadline cannot be after the start ({starts})."),
    "ne.preview": ("Xem trước lời mời:\n\n{preview}\n\nSẽ gửi tới {count} người.", "Preview of the invitation:\n\n{preview}\n\nIt will go to {count} people."),
    "ne.too_late": (
        "Hạn trả lời đã qua trong lúc soạn nên chưa gửi gì. Gõ /newevent để tạo lại.",
        "The answer deadline passed while this was being prepared; nothing was sent. Type /newevent to start again.",
    ),
    "ne.sent": ("✅ Đã tạo buổi đối thoại, bắt đầu gửi lời mời tới {count} người.", "✅ Event created; invitations are going to {count} people."),
    "manage.stats": (
        "Tham dự: {attend}/{capacity} · Chờ: {waitlist} · Có thể: {maybe} · Không: {decline}",
        "Attending: {attend}/{capacity} · Waiting: {waitlist} · Maybe: {maybe} · Declined: {decline}",
    ),
    "manage.questions": ("💬 Câu hỏi ({count})", "💬 Questions ({count})"),
    "manage.export": ("📋 Danh sách (Excel)", "📋 List (Excel)"),
    "manage.link": ("🔗 Đường dẫn và mã QR", "🔗 Link and QR code"),
    "manage.followup": ("✉️ Gửi thư sau buổi đối thoại", "✉️ Send the follow-up"),
    "xlsx.caption": ("Danh sách trả lời lời mời «{title}» ({count} người).", "Answers to «{title}» ({count} people)."),
    "xlsx.sheet": ("Danh sách", "Answers"),
    "xlsx.col.n": ("STT", "No."),
    "xlsx.col.name": ("Họ tên", "Name"),
    "xlsx.col.field": ("Lĩnh vực", "Field"),
    "xlsx.col.qualification": ("Trình độ", "Qualification"),
    "xlsx.col.workplace": ("Nơi công tác", "Workplace"),
    "xlsx.col.commune": ("Xã/phường", "Commune"),
    "xlsx.col.answer": ("Trả lời", "Answer"),
    "xlsx.col.answered_at": ("Thời điểm trả lời", "Answered at"),
    "ef.ask.text": (
        "Gõ thư gửi những người đã đăng ký tham dự: những gì chúng tôi đã nghe và sẽ làm (tối đa 3500 ký tự).",
        "Type the follow-up to those who said they would attend: what we heard and what we will do (at most 3500 characters).",
    ),
    "followup.message": (
        "💬 Sau buổi đối thoại «{title}» — những gì chúng tôi đã nghe:\n\n{text}\n\nCảm ơn bạn đã tham dự.",
        "💬 After «{title}» — what we heard:\n\n{text}\n\nThank you for taking part.",
    ),
    "followup.preview": (
        "Xem trước:\n\n{preview}\n\nSẽ gửi tới {count} người đã đăng ký tham dự.",
        "Preview:\n\n{preview}\n\nIt will go to the {count} people who said they would attend.",
    ),
    "followup.sent": ("✅ Bắt đầu gửi thư tới {count} người.", "✅ Sending the follow-up to {count} people."),
    "followup.not_now": (
        "Thư sau buổi đối thoại gửi được một lần, khi buổi đã kết thúc.",
        "The follow-up can be sent once, after the event has ended.",
    ),
    # polls
    "poll.head": ("📊 Thăm dò ý kiến:\n{question}\n\n{how}\n⏳ Hạn trả lời: {closes}", "📊 Poll:\n{question}\n\n{how}\n⏳ Closes: {closes}"),
    "poll.single": ("Chọn một phương án (đổi được đến khi đóng).", "Choose one option (you can change it until it closes)."),
    "poll.multiple": ("Chọn một hoặc nhiều phương án; bấm lần nữa để bỏ chọn.", "Choose one or more options; press again to untick."),
    "poll.closed": ("🔒 Thăm dò đã đóng.", "🔒 This poll has closed."),
    "poll.yours": ("Bạn đã chọn: {choices}", "Your choice: {choices}"),
    "poll.voters": ("{count} người đã trả lời.", "{count} people answered."),
    "poll.result_line": ("{n}. {option}: {count} ({share}%)", "{n}. {option}: {count} ({share}%)"),
    "poll.results_head": ("📊 Kết quả thăm dò:\n{question}", "📊 Poll results:\n{question}"),
    "poll.thanks": ("Cảm ơn bạn đã góp ý!", "Thank you for your answer!"),
    "poll.not_found": ("Không tìm thấy cuộc thăm dò này.", "This poll was not found."),
    "poll.closed_press": ("Thăm dò đã đóng; lựa chọn của bạn giữ nguyên.", "The poll has closed; your choice stays as it was."),
    "poll.ticked": ("Đã chọn: {option}", "Chosen: {option}"),
    "poll.unticked": ("Đã bỏ chọn: {option}", "Unticked: {option}"),
    "poll.closed_note": (
        "🔒 Thăm dò «{question}» đã đóng, {count} người trả lời. Kết quả đã gửi tới những người tham gia.",
        "🔒 The poll «{question}» has closed with {count} answers. The results went to everyone who voted.",
    ),
    "poll.results_button": ("📊 Xem kết quả", "📊 See the results"),
    "poll.live": ("Người trả lời thấy kết quả ngay", "Voters see results as they come"),
    "poll.after": ("Kết quả công bố khi đóng", "Results only after closing"),
    "poll.results_official": ("📊 {question}\n({state})", "📊 {question}\n({state})"),
    "poll.no_votes": ("Chưa có ai trả lời.", "Nobody has answered yet."),
    "poll.by.field": ("Theo lĩnh vực:", "By field:"),
    "poll.by.qualification": ("Theo trình độ:", "By qualification:"),
    "poll.by.commune": ("Theo xã/phường:", "By commune:"),
    "poll.group_line": ("• {name} — {voters} người: {options}", "• {name} — {voters} people: {options}"),
    "polls.head": ("Các cuộc thăm dò đang mở:", "Open polls:"),
    "polls.line": ("{question}\n   Hạn {closes} — {mine}", "{question}\n   Closes {closes} — {mine}"),
    "polls.voted": ("đã trả lời", "answered"),
    "polls.not_voted": ("chưa trả lời", "not answered"),
    "polls.none": ("Hiện không có cuộc thăm dò nào đang mở.", "There are no open polls right now."),
    "polls.head_official": (
        "Các cuộc thăm dò (đang mở và 30 ngày qua). Bấm để xem kết quả:",
        "Polls (open and the last 30 days). Press one for its results:",
    ),
    "polls.none_official": ("Chưa có cuộc thăm dò nào. Gõ /newpoll để tạo.", "No polls yet. Type /newpoll to create one."),
    "polls.line_official": ("{question}\n   {state} — {count} người trả lời", "{question}\n   {state} — {count} answers"),
    "polls.open_until": ("mở đến {closes}", "open until {closes}"),
    "polls.open_now": ("đang mở", "open"),
    "polls.was_closed": ("đã đóng", "closed"),
    "np.ask.question": ("Tạo thăm dò mới.\nCâu hỏi? (tối đa 300 ký tự)", "New poll.\nThe question? (at most 300 characters)"),
    "np.ask.options": (
        "Gửi các phương án (2–10), mỗi dòng một phương án, trong một hay nhiều tin. Xong thì bấm Xong.",
        "Send the options (2–10), one per line, in one message or several. Then press Done.",
    ),
    "np.ask.multiple": ("Mỗi người chọn một hay nhiều phương án?", "May people choose one option or several?"),
    "np.multiple.single": ("Chọn một", "One"),
    "np.multiple.multiple": ("Chọn nhiều", "Several"),
    "np.ask.live": ("Khi nào người trả lời được xem kết quả?", "When may voters see the results?"),
    "np.live.live": ("Ngay sau khi trả lời", "As soon as they vote"),
    "np.live.after": ("Chỉ khi đóng thăm dò", "Only after closing"),
    "np.ask.closes": (
        "Đóng thăm dò lúc nào? Gõ ngày/tháng/năm giờ:phút, ví dụ 15/12/2026 17:00.",
        "When does the poll close? Type day/month/year hour:minute, for example 15/12/2026 17:00.",
    ),
    "np.preview": (
        "Xem trước:\n\n{preview}\n\nCác phương án:\n{options}\n\n{shown}. Sẽ gửi tới {count} người.",
        "Preview:\n\n{preview}\n\nOptions:\n{options}\n\n{shown}. It will go to {count} people.",
    ),
    "np.too_late": (
        "Thời điểm đóng đã qua trong lúc soạn nên chưa gửi gì. Gõ /newpoll để tạo lại.",
        "The closing time passed while this was being prepared; nothing was sent. Type /newpoll to start again.",
    ),
    "np.sent": ("✅ Đã tạo thăm dò, bắt đầu gửi tới {count} người.", "✅ Poll created; it is going to {count} people."),
    # command menu descriptions
    "cmd.start": ("Bắt đầu, lời chào", "Start and greeting"),
    "cmd.help": ("Các lệnh", "Commands"),
    "cmd.profile": ("Xem, sửa hồ sơ", "See or edit your profile"),
    "cmd.language": ("Đổi ngôn ngữ", "Change language"),
    "cmd.mydata": ("Tải dữ liệu của tôi", "Download my data"),
    "cmd.forget": ("Xoá dữ liệu của tôi", "Erase my data"),
    "cmd.events": ("Các buổi đối thoại", "Dialogue events"),
    "cmd.polls": ("Thăm dò ý kiến", "Polls"),
    "cmd.broadcast": ("Gửi thông báo", "Send an announcement"),
    "cmd.newevent": ("Tạo buổi đối thoại", "Create a dialogue event"),
    "cmd.newpoll": ("Tạo thăm dò ý kiến", "Create a poll"),
    "cmd.grant": ("Cấp quyền cán bộ", "Make someone an official"),
    "cmd.revoke": ("Thu hồi quyền cán bộ", "Withdraw the official role"),
}


def t(language: str, key: str, **values: Any) -> str:
    """The text for `key` in `language` (Vietnamese when unknown), with `values` filled in."""
    vi, en = TEXTS[key]
    template = en if language == "en" else vi
    return template.format(**values) if values else template


def label(language: str, group: str, code: str) -> str:
    """The display name of a coded value such as field.health, or the code itself."""
    key = f"{group}.{code}"
    return t(language, key) if key in TEXTS else code
