"""What the features say, in Vietnamese first and English second; registered into the runtime's catalogue (`bot.texts`)."""

from __future__ import annotations

from bot.texts import register

TEXTS: dict[str, tuple[str, str]] = {
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
        "Cảm ơn bạn! Hồ sơ đã được lưu. Gõ /profile để xem hoặc sửa.\n"
        "Bây giờ bạn có thể gửi ý kiến, kiến nghị: gõ /feedback (hoặc cứ viết ra đây). Gõ /help để xem các lệnh.",
        "Thank you! Your profile is saved. Type /profile to see or edit it.\n"
        "You can now send an opinion or a proposal: type /feedback (or just write it here). Type /help for the commands.",
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
    # one person on several messengers
    "link.code": (
        "Mã liên kết của bạn: {code}\n"
        "Trong {minutes} phút, hãy gửi /link {code} từ tài khoản còn lại (Telegram hoặc Zalo). "
        "Sau đó hai tài khoản dùng chung một hồ sơ.",
        "Your link code: {code}\n"
        "Within {minutes} minutes, send /link {code} from your other account (Telegram or Zalo). "
        "Both accounts will then share one profile.",
    ),
    "link.invalid": (
        "Mã liên kết không đúng hoặc đã hết hạn. Gõ /link trên tài khoản kia để lấy mã mới.",
        "That link code is wrong or has expired. Type /link on your other account to get a new one.",
    ),
    "link.same_account": (
        "Mã này được tạo từ chính tài khoản này. Hãy nhập nó trên tài khoản kia.",
        "This code was made on this very account. Enter it on your other account.",
    ),
    "link.same_channel": (
        "Chỉ liên kết được các tài khoản trên những kênh khác nhau (Telegram với Zalo).",
        "Only accounts on different channels can be linked (Telegram with Zalo).",
    ),
    "link.done": (
        "Đã liên kết. Các tài khoản {channels} của bạn giờ dùng chung một hồ sơ.",
        "Linked. Your {channels} accounts now share one profile.",
    ),
    # help
    "help.title": ("Các lệnh bạn có thể dùng:", "Commands you can use:"),
    # roles
    "grant.usage": (
        "Cách dùng: /grant telegram:12345 (hoặc chỉ mã số người dùng cùng kênh).\n"
        "Thêm tên đơn vị để cán bộ xem tổng hợp của đơn vị mình: /grant telegram:12345 Phòng Kinh tế",
        "Usage: /grant telegram:12345 (or just the user id on the same channel).\n"
        "Add a unit name for the official to see their unit's summary: /grant telegram:12345 Economic Office",
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
    "button.cancel": ("Huỷ", "Cancel"),
    "language.name.vi": ("tiếng Việt", "Vietnamese"),
    "language.name.en": ("tiếng Anh", "English"),
    # topics of submissions beyond the fields of expertise
    "topic.working_conditions": ("Điều kiện làm việc, thu nhập", "Working conditions & pay"),
    "topic.training_promotion": ("Đào tạo, thăng tiến", "Training & promotion"),
    "topic.policy_proposal": ("Đề xuất chính sách", "Policy proposal"),
    "topic.other": ("Khác", "Other"),
    "privacy.named": ("Ghi tên", "Named"),
    "privacy.confidential": ("Bảo mật", "Confidential"),
    "privacy.anonymous": ("Ẩn danh", "Anonymous"),
    "status.received": ("Mới nhận", "Received"),
    "status.in_review": ("Đang xem xét", "In review"),
    "status.forwarded": ("Đã chuyển đơn vị", "Forwarded to a unit"),
    "status.answered": ("Đã trả lời", "Answered"),
    "status.closed": ("Đã đóng", "Closed"),
    "status.declined": ("Không tiếp nhận", "Declined"),
    # writing a submission
    "feedback.ask_topic": ("Ý kiến của bạn thuộc lĩnh vực nào?", "What is your submission about?"),
    "feedback.topic_chosen": ("Chủ đề: {topic} ✓", "Topic: {topic} ✓"),
    "feedback.ask_text": (
        "Xin viết nội dung ý kiến, kiến nghị (tối đa {limit} ký tự).\nCó thể gửi kèm ảnh hoặc tệp.",
        "Please write your opinion or proposal (up to {limit} characters).\nYou may attach photos or files.",
    ),
    "feedback.need_text": (
        "Xin viết nội dung ý kiến bằng chữ. Ảnh và tệp chỉ gửi kèm được.",
        "Please write your submission in words; photos and files can only come with it.",
    ),
    "feedback.files_added": ("Đã đính kèm {count} tệp.", "{count} file(s) attached."),
    "feedback.files_need_text": (
        "Đã đính kèm {count} tệp. Giờ xin viết nội dung ý kiến.",
        "{count} file(s) attached. Now please write your submission.",
    ),
    "feedback.ask_privacy": (
        "Ai được biết bạn là người gửi?\n"
        "• Ghi tên: cán bộ tiếp nhận thấy tên bạn.\n"
        "• Bảo mật: chỉ quản trị viên thấy tên bạn.\n"
        "• Ẩn danh: không ai thấy tên bạn; bạn vẫn nhận được trả lời tại đây.",
        "Who may know that you sent it?\n"
        "• Named: the officials handling it see your name.\n"
        "• Confidential: only administrators see your name.\n"
        "• Anonymous: nobody sees your name; you still get the answer here.",
    ),
    "feedback.privacy_chosen": ("Hình thức: {privacy} ✓", "Privacy: {privacy} ✓"),
    "feedback.confirm": (
        "Xin kiểm tra trước khi gửi:\nChủ đề: {topic}\nHình thức: {privacy}",
        "Please check before sending:\nTopic: {topic}\nPrivacy: {privacy}",
    ),
    "feedback.send": ("Gửi", "Send"),
    "feedback.rewrite": ("Viết lại", "Rewrite"),
    "feedback.cancelled": ("Đã huỷ, không gửi gì.", "Cancelled; nothing was sent."),
    "feedback.received": (
        "Đã nhận ý kiến của bạn.\nMã theo dõi: {code}\n"
        "Cán bộ sẽ tiếp nhận trong {ack_hours} giờ làm việc và trả lời trước {due}. "
        "Câu trả lời sẽ gửi tới bạn tại đây.\nXem tiến độ: /status {code}",
        "Your submission was received.\nTracking code: {code}\n"
        "An official will take it up within {ack_hours} working hours and answer by {due}. "
        "The answer will come to you here.\nFollow it: /status {code}",
    ),
    "feedback.rate_limited": (
        "Bạn đã gửi {limit} ý kiến trong một giờ qua, là mức tối đa. Xin gửi tiếp sau. Cảm ơn bạn!",
        "You have sent {limit} submissions in the past hour, the most allowed. Please send more later. Thank you!",
    ),
    "feedback.offer": (
        "Bạn có muốn gửi tin nhắn này thành ý kiến tới {org} không?",
        "Would you like to send this message as a submission to {org}?",
    ),
    "feedback.offer_yes": ("Gửi thành ý kiến", "Send as a submission"),
    "feedback.offer_no": ("Không", "No"),
    "feedback.no_such_choice": (
        "Không có lựa chọn {choice} ở đây. Gõ /help để xem các lệnh.",
        "There is no option {choice} here. Type /help to see the commands.",
    ),
    "feedback.offer_declined": (
        "Được, tin nhắn không được gửi đi. Gõ /help để xem các lệnh.",
        "Fine, it was not sent. Type /help to see the commands.",
    ),
    # following a submission
    "feedback.status_usage": (
        "Cách dùng: /status HK-7F3K2 (mã theo dõi). Gõ /mine để xem các ý kiến của bạn.",
        "Usage: /status HK-7F3K2 (the tracking code). Type /mine to see your submissions.",
    ),
    "feedback.not_found": (
        "Không tìm thấy ý kiến mã {code} trong các ý kiến của bạn. Xin kiểm tra lại mã, hoặc gõ /mine.",
        "No submission {code} among yours. Please check the code, or type /mine.",
    ),
    "feedback.mine_empty": (
        "Bạn chưa gửi ý kiến nào. Gõ /feedback để gửi.",
        "You have not sent any submission yet. Type /feedback to send one.",
    ),
    "feedback.mine_title": ("Ý kiến của bạn:", "Your submissions:"),
    "feedback.mine_more": ("… và {count} ý kiến cũ hơn.", "… and {count} older ones."),
    "feedback.not_resolved": ("Chưa giải quyết được", "Not resolved"),
    "feedback.already_rated": ("Bạn đã chấm câu trả lời này rồi.", "You have already rated this answer."),
    "feedback.reopen_once": (
        "Ý kiến {code} đã được mở lại một lần nên không mở lại thêm được. Nếu vấn đề vẫn còn, xin gửi ý kiến mới bằng /feedback.",
        "Submission {code} was already reopened once and cannot be reopened again. "
        "If the matter remains, please send a new submission with /feedback.",
    ),
    "feedback.reopened": (
        "Đã mở lại ý kiến {code}. Cán bộ sẽ xem xét lại và trả lời trước {due}.",
        "Submission {code} is reopened. An official will look at it again and answer by {due}.",
    ),
    "track.title": ("Ý kiến {code}", "Submission {code}"),
    "track.topic": ("Chủ đề: {topic}", "Topic: {topic}"),
    "track.privacy": ("Hình thức: {privacy}", "Privacy: {privacy}"),
    "track.status": ("Trạng thái: {status}", "Status: {status}"),
    "track.due": ("Hạn trả lời: {due}", "Answer due: {due}"),
    "track.timeline": ("Diễn biến:", "Timeline:"),
    "track.answer": ("Câu trả lời:", "Answer:"),
    "track.answer_message": (
        "Trả lời ý kiến {code} ({topic}):\n\n{answer}",
        "Answer to your submission {code} ({topic}):\n\n{answer}",
    ),
    "track.rate_prompt": (
        "Bạn thấy câu trả lời thế nào? Xin chấm từ 1 (kém) đến 5 (rất tốt).",
        "How was this answer? Please rate it from 1 (poor) to 5 (very good).",
    ),
    "track.rated": ("Bạn đã chấm {rating}/5. Cảm ơn bạn!", "You rated it {rating}/5. Thank you!"),
    "track.relay_status": ("Ý kiến {code} của bạn: {status}.", "Your submission {code}: {status}."),
    "track.relay_forwarded": (
        "Ý kiến {code} của bạn đã được chuyển tới {unit} để xử lý.",
        "Your submission {code} was forwarded to {unit}.",
    ),
    "track.reason": ("Lý do: {reason}", "Reason: {reason}"),
    "event.received": ("Đã nhận", "Received"),
    "event.status": ("Chuyển sang «{status}»", "Moved to “{status}”"),
    "event.forwarded": ("Chuyển tới {detail}", "Forwarded to {detail}"),
    "event.answered": ("Đã trả lời", "Answered"),
    "event.rated": ("Người gửi chấm {detail}/5", "Rated {detail}/5 by the sender"),
    "event.reopened": ("Người gửi báo chưa giải quyết được; mở lại", "Reopened: the sender says it is not resolved"),
    "event.assigned": ("Nhận xử lý", "Taken up"),
    "event.note": ("Ghi chú nội bộ: {detail}", "Internal note: {detail}"),
    "event.urgent": ("Đánh dấu khẩn", "Marked urgent"),
    # officials' inbox
    "inbox.empty": ("Không có ý kiến nào đang chờ xử lý.", "No submissions are waiting."),
    "inbox.title": (
        "Ý kiến chờ xử lý: {total} (trang {page}/{pages}). Quá hạn và mới nhận xếp trước.",
        "Submissions waiting: {total} (page {page}/{pages}). Overdue and new ones first.",
    ),
    "inbox.due_short": ("hạn {due}", "due {due}"),
    "inbox.prev": ("« Trước", "« Previous"),
    "inbox.next": ("Sau »", "Next »"),
    "inbox.back": ("« Danh sách", "« List"),
    "inbox.overdue": ("⚠️ QUÁ HẠN", "⚠️ OVERDUE"),
    "inbox.urgent_flag": ("🔴 KHẨN", "🔴 URGENT"),
    "inbox.author": ("Người gửi: {author}", "Sender: {author}"),
    "inbox.author_anonymous": ("(ẩn danh)", "(anonymous)"),
    "inbox.author_confidential": ("(bảo mật)", "(confidential)"),
    "inbox.author_forgotten": ("(đã xoá dữ liệu cá nhân)", "(personal data erased)"),
    "inbox.no_name": ("(chưa khai họ tên)", "(name not given)"),
    "inbox.official_n": ("cán bộ #{id}", "official #{id}"),
    "inbox.handler": ("Người xử lý: {name} · Đơn vị: {unit}", "Handled by: {name} · Unit: {unit}"),
    "inbox.nobody": ("chưa có", "nobody yet"),
    "inbox.received_at": ("Nhận lúc: {when}", "Received: {when}"),
    "inbox.dues": ("Hạn tiếp nhận: {ack}\nHạn trả lời: {answer}", "Acknowledge by: {ack}\nAnswer by: {answer}"),
    "inbox.language": ("Ngôn ngữ: {name}", "Language: {name}"),
    "inbox.files": ("Tệp đính kèm: {count}", "Attachments: {count}"),
    "inbox.earlier_steps": ("… {count} bước trước đó", "… {count} earlier steps"),
    "inbox.take": ("Nhận xử lý", "Take it"),
    "inbox.forward": ("Chuyển đơn vị", "Forward"),
    "inbox.answer": ("Trả lời", "Answer"),
    "inbox.status": ("Đổi trạng thái", "Change status"),
    "inbox.urgent": ("Đánh dấu khẩn", "Mark urgent"),
    "inbox.note": ("Ghi chú nội bộ", "Internal note"),
    "inbox.files_button": ("Tệp đính kèm ({count})", "Attachments ({count})"),
    "inbox.choose_unit": ("Chuyển ý kiến {code} tới đơn vị nào?", "Forward {code} to which unit?"),
    "inbox.choose_status": ("Trạng thái mới cho ý kiến {code}:", "New status for {code}:"),
    "inbox.ask_reason": (
        "Ý kiến {code} → «{status}». Xin ghi lý do (sẽ gửi cho người gửi):",
        "{code} → “{status}”. Please give the reason (it is sent to the sender):",
    ),
    "inbox.status_done": ("Đã chuyển ý kiến {code} sang «{status}».", "{code} moved to “{status}”."),
    "inbox.ask_answer": (
        "Viết câu trả lời cho ý kiến {code} (tối đa {limit} ký tự). Câu trả lời được gửi nguyên văn tới người gửi.",
        "Write the answer to {code} (up to {limit} characters). It is sent to the sender as written.",
    ),
    "inbox.preview": (
        "Câu trả lời cho ý kiến {code} sẽ được gửi như sau:\n\n{answer}",
        "The answer to {code} will be sent as follows:\n\n{answer}",
    ),
    "inbox.send": ("Gửi trả lời", "Send the answer"),
    "inbox.rewrite": ("Viết lại", "Rewrite"),
    "inbox.answer_sent": ("✓ Đã gửi câu trả lời cho ý kiến {code}.", "✓ The answer to {code} was sent."),
    "inbox.answer_kept": (
        "Đã lưu câu trả lời cho ý kiến {code}, nhưng không gửi được: người gửi đã xoá dữ liệu hoặc chặn bot.",
        "The answer to {code} is recorded but could not be sent: the sender erased their data or blocked the bot.",
    ),
    "inbox.answered_elsewhere": (
        "Ý kiến {code} vừa được trả lời hoặc đóng (có thể bởi cán bộ khác). Câu trả lời của bạn không được gửi.",
        "{code} has just been answered or closed (perhaps by another official). Your answer was not sent.",
    ),
    "inbox.already_answered": ("Ý kiến này đã được trả lời.", "This submission is already answered."),
    "inbox.not_open": ("Ý kiến này đã đóng.", "This submission is closed."),
    "inbox.ask_note": (
        "Ghi chú nội bộ cho ý kiến {code} (không gửi cho người gửi):",
        "Internal note on {code} (never sent to the sender):",
    ),
    "inbox.note_saved": (
        "Đã lưu ghi chú nội bộ (không gửi cho người gửi).",
        "Internal note saved (not sent to the sender).",
    ),
    "inbox.cancelled": ("Đã huỷ.", "Cancelled."),
    "inbox.file_caption": ("{code} · tệp {index}/{count}", "{code} · file {index}/{count}"),
    "inbox.file_elsewhere": (
        "{caption}: gửi qua kênh {channel}, chỉ mở được trên kênh đó.",
        "{caption}: sent on {channel}; it can only be opened there.",
    ),
    "inbox.rated": (
        "Người gửi đã chấm {rating}/5 cho câu trả lời ý kiến {code}.",
        "The sender rated your answer to {code} {rating}/5.",
    ),
    "inbox.reopened": (
        "Ý kiến {code} được người gửi mở lại: vấn đề chưa được giải quyết. Hạn trả lời mới: {due}. Gõ /status {code} để xem.",
        "{code} was reopened by its sender: the matter is not resolved. New answer deadline: {due}. Type /status {code}.",
    ),
    "inbox.reminder": ("Nhắc việc: {count} ý kiến đã quá hạn:", "Reminder: {count} overdue submission(s):"),
    "inbox.reminder_ack": (
        "• {code} · {topic} · chưa tiếp nhận, hạn {due}",
        "• {code} · {topic} · not taken up, due {due}",
    ),
    "inbox.reminder_answer": ("• {code} · {topic} · hạn trả lời {due}", "• {code} · {topic} · answer due {due}"),
    "inbox.reminder_end": ("Gõ /inbox để xử lý.", "Type /inbox to handle them."),
    # drafts: reading and commenting
    "draft.list_title": ("Dự thảo đang lấy ý kiến:", "Drafts open for comment:"),
    "draft.list_empty": ("Hiện chưa có dự thảo nào đang lấy ý kiến.", "No draft is open for comment at the moment."),
    "draft.list_item": ("{n}. {title}\n   Hạn góp ý: {deadline}", "{n}. {title}\n   Comments until {deadline}"),
    "draft.list_closed": ("Đã hết hạn góp ý:", "Past their deadline:"),
    "draft.stats_button": ("📊 Số liệu {n}", "📊 Figures {n}"),
    "draft.announce": (
        "📜 Xin ý kiến dự thảo: {title}\n\n{summary}\n\nHạn góp ý: {deadline}.\nBấm nút dưới đây để đọc và góp ý từng mục.",
        "📜 Your comments are invited on a draft: {title}\n\n{summary}\n\nComments until {deadline}.\n"
        "Press the button below to read it and comment section by section.",
    ),
    "draft.open": ("Đọc và góp ý", "Read and comment"),
    "draft.summary": (
        "📜 {title}\n\n{summary}\n\nHạn góp ý: {deadline}\nDự thảo có {count} mục. Bạn có thể góp ý từng mục, ghi tên hoặc ẩn danh.",
        "📜 {title}\n\n{summary}\n\nComments until {deadline}\n"
        "Sections in the draft: {count}. You can comment on each, named or anonymously.",
    ),
    "draft.start_reading": ("Bắt đầu đọc ▶", "Start reading ▶"),
    "draft.contents": ("☰ Mục lục", "☰ Contents"),
    "draft.contents_title": ("☰ {title}\nChọn mục (trang {page}/{pages}):", "☰ {title}\nChoose a section (page {page}/{pages}):"),
    "draft.position": ("Mục {n}/{total}", "Section {n} of {total}"),
    "draft.yours": (
        "Ý kiến của bạn ({who}): {comment}\nBấm một nút bên dưới để sửa.",
        "Your comment ({who}): {comment}\nPress a button below to change it.",
    ),
    "draft.kind.agree": ("Đồng ý", "Agree"),
    "draft.kind.disagree": ("Không đồng ý", "Disagree"),
    "draft.kind.wording": ("Đề xuất câu chữ", "Proposed wording"),
    "draft.kind.comment": ("Góp ý", "Comment"),
    "draft.ask.disagree": (
        "Bạn không đồng ý với {heading}. Xin cho biết lý do (gõ tin nhắn), hoặc bấm Bỏ qua.",
        "You disagree with {heading}. Please say why (type a message), or press Skip.",
    ),
    "draft.ask.wording": (
        "Xin gõ câu chữ bạn đề xuất cho {heading}.",
        "Please type the wording you propose for {heading}.",
    ),
    "draft.ask.comment": ("Xin gõ ý kiến của bạn về {heading}.", "Please type your comment on {heading}."),
    "draft.current": ("Hiện đang ghi: {text}", "Currently recorded: {text}"),
    "draft.skip_reason": ("Bỏ qua", "Skip"),
    "draft.cancel": ("Huỷ", "Cancel"),
    "draft.cancelled": ("Đã huỷ, không ghi gì.", "Cancelled; nothing was recorded."),
    "draft.ask_who": (
        "Gửi ý kiến này kèm tên của bạn hay ẩn danh?\nẨn danh: bảng tổng hợp không nêu tên bạn, nhưng bạn vẫn được báo kết quả.",
        "Send this comment with your name or anonymously?\n"
        "Anonymous: the synthesis table does not name you, but you are still told the outcome.",
    ),
    "draft.named": ("Ghi tên", "With my name"),
    "draft.anonymous_button": ("Ẩn danh", "Anonymously"),
    "draft.by_name": ("ghi tên", "named"),
    "draft.anonymously": ("ẩn danh", "anonymous"),
    "draft.anonymous": ("Ẩn danh", "Anonymous"),
    "draft.saved": (
        "✓ Đã ghi ý kiến của bạn về {heading} ({who}).\nBạn có thể sửa đến {deadline}.",
        "✓ Your comment on {heading} is recorded ({who}).\nYou can change it until {deadline}.",
    ),
    "draft.previous": ("◀ Trước", "◀ Previous"),
    "draft.next": ("Sau ▶", "Next ▶"),
    "draft.back_to_section": ("◀ Về mục này", "◀ Back to the section"),
    "draft.next_section": ("Mục tiếp ▶", "Next section ▶"),
    "draft.closed": (
        "Đợt lấy ý kiến này đã kết thúc; không ghi nhận thêm.",
        "This consultation has closed; nothing more is recorded.",
    ),
    # drafts: /newdraft
    "newdraft.intro": (
        "Tạo đợt lấy ý kiến dự thảo. Dừng giữa chừng cũng không sao: gõ /newdraft để làm tiếp.",
        "New consultation on a draft. You can stop at any point: type /newdraft to carry on.",
    ),
    "newdraft.ask_title": ("Tên dự thảo?", "The draft's title?"),
    "newdraft.ask_summary": (
        "Tóm tắt ngắn: dự thảo nói về gì, cần góp ý điều gì?",
        "A short summary: what is the draft about, what comments are wanted?",
    ),
    "newdraft.ask_deadline": (
        'Hạn góp ý? Gõ ngày dd/mm/yyyy (hết ngày đó) hoặc "dd/mm/yyyy hh:mm".',
        'Deadline for comments? Type dd/mm/yyyy (the end of that day) or "dd/mm/yyyy hh:mm".',
    ),
    "newdraft.bad_deadline": (
        "Chưa đọc được ngày. Ví dụ: 15/12/2026 hoặc 15/12/2026 17:00.",
        "I could not read that date. For example: 15/12/2026 or 15/12/2026 17:00.",
    ),
    "newdraft.past_deadline": (
        "Hạn góp ý phải sau thời điểm hiện tại ({now}).",
        "The deadline must be later than now ({now}).",
    ),
    "newdraft.ask_source": (
        "Gửi dự thảo dưới dạng tệp Word (.docx), hoặc dán nội dung vào tin nhắn "
        '(có thể gửi nhiều tin). Các mục được tách theo tiêu đề như "Chương I", "Điều 1.", "I.", "1.".',
        "Send the draft as a Word file (.docx), or paste its text (several messages are fine). "
        'Sections are split at headings such as "Chương I", "Điều 1.", "I.", "1.".',
    ),
    "newdraft.not_docx": (
        "Tệp này không phải văn bản Word (.docx). Xin lưu dự thảo dưới dạng .docx rồi gửi lại, hoặc dán nội dung vào tin nhắn.",
        "This file is not a Word document (.docx). Please save the draft as .docx and send it again, or paste its text.",
    ),
    "newdraft.too_large": (
        "Tệp lớn quá: tối đa {limit} MB. Xin gửi tệp nhỏ hơn (bỏ bớt ảnh) hoặc dán nội dung vào tin nhắn.",
        "The file is too large: {limit} MB at most. Please send a smaller file (without images) or paste the text.",
    ),
    "newdraft.unpacks_too_large": (
        "Tệp này khi giải nén lớn quá (tối đa {limit} MB) hoặc bị nén bất thường. "
        "Xin lưu lại dự thảo bằng Word rồi gửi lại, hoặc dán nội dung vào tin nhắn.",
        "Unpacked, this file is too large ({limit} MB at most) or packed abnormally. "
        "Please save the draft again in Word and resend it, or paste its text.",
    ),
    "newdraft.too_many_sections": (
        "Dự thảo có hơn {limit} mục, quá nhiều cho một đợt lấy ý kiến. Xin chia thành nhiều dự thảo nhỏ hơn.",
        "The draft has more than {limit} sections, too many for one consultation. Please split it into smaller drafts.",
    ),
    "newdraft.too_slow": (
        "Đọc tệp này mất quá {limit} giây nên bot đã dừng. Xin lưu lại bằng Word (bỏ bớt bảng, ảnh) rồi gửi lại.",
        "Reading this file took over {limit} seconds, so the bot stopped. Please save it again in Word "
        "(with fewer tables and images) and resend it.",
    ),
    "newdraft.download_failed": (
        "Chưa tải được tệp về. Xin gửi lại sau ít phút.",
        "The file could not be fetched. Please send it again in a few minutes.",
    ),
    "newdraft.no_sections": (
        "Không tìm thấy mục nào. Mỗi mục cần bắt đầu bằng tiêu đề trên một dòng riêng, ví dụ:\n"
        "Điều 1. Phạm vi điều chỉnh\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục tiêu chung",
        "No sections were found. Each section must start with a heading on a line of its own, for example:\n"
        "Điều 1. Phạm vi điều chỉnh\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục tiêu chung",
    ),
    "newdraft.preview": (
        "Xem trước: {title}\n\n{summary}\n\nHạn góp ý: {deadline}",
        "Preview: {title}\n\n{summary}\n\nComments until {deadline}",
    ),
    "newdraft.preview_audience": ("Đối tượng: {audience}", "Audience: {audience}"),
    "newdraft.preview_sections": ("Gồm {count} mục:", "Sections ({count}):"),
    "newdraft.preview_more": ("… và {count} mục nữa.", "… and {count} more."),
    "newdraft.more_text": (
        "Gửi thêm tin nhắn để nối tiếp nội dung, hoặc gửi tệp .docx để thay.",
        "Send more messages to continue the text, or a .docx file to replace it.",
    ),
    "newdraft.other_file": ("Gửi tệp khác để thay, nếu cần.", "Send another file to replace it, if needed."),
    "newdraft.received": (
        "Đã nhận {count} mục, mục cuối: {last}.\nNếu còn, gửi tiếp; xong thì xem trước rồi công bố.",
        "Sections so far: {count}; the last: {last}.\nSend the rest if there is more; then preview and publish.",
    ),
    "newdraft.show_preview": ("👁 Xem trước", "👁 Preview"),
    "newdraft.publish": ("✅ Công bố", "✅ Publish"),
    "newdraft.discard": ("🗑 Huỷ dự thảo", "🗑 Discard"),
    "newdraft.discarded": ("Đã huỷ dự thảo này.", "This draft was discarded."),
    "newdraft.published": (
        '✓ Đã công bố "{title}", nhận góp ý đến {deadline}. Thông báo đang được gửi tới {count} người.\nGõ /drafts để theo dõi số liệu.',
        '✓ "{title}" is published, open for comments until {deadline}. Announcement queued for: {count}.\n'
        "Type /drafts to follow the figures.",
    ),
    "newdraft.deadline_passed": (
        "Hạn góp ý đã qua trong lúc soạn. Xin nhập hạn mới.",
        "The deadline passed while the draft was being prepared. Please enter a new one.",
    ),
    "newdraft.resume": (
        'Bạn đang soạn dở dự thảo "{title}". Làm tiếp hay bắt đầu lại?',
        'You have an unfinished draft, "{title}". Carry on or start over?',
    ),
    "newdraft.untitled": ("chưa có tên", "untitled"),
    "newdraft.continue": ("Làm tiếp", "Carry on"),
    "newdraft.start_over": ("Bắt đầu lại", "Start over"),
    "newdraft.gone": (
        "Dự thảo đang soạn không còn nữa. Gõ /newdraft để tạo mới.",
        "The draft being prepared is gone. Type /newdraft to start a new one.",
    ),
    # drafts: figures, dispositions, results
    "synthesis.open": (
        "📊 {title}\nĐang lấy ý kiến đến {deadline}; đã mời {audience} người.\nTừng mục (👁 người đã đọc · 💬 ý kiến):",
        "📊 {title}\nOpen for comments until {deadline}; people invited: {audience}.\nBy section (👁 readers · 💬 comments):",
    ),
    "synthesis.section_figures": ("• {heading}: 👁 {views} · 💬 {comments}", "• {heading}: 👁 {views} · 💬 {comments}"),
    "synthesis.totals": ("Tổng: 👁 {views} · 💬 {comments}", "Total: 👁 {views} · 💬 {comments}"),
    "synthesis.refresh": ("🔄 Cập nhật", "🔄 Refresh"),
    "synthesis.closed": (
        "📋 {title}\nĐã hết hạn góp ý ({deadline}). {count} ý kiến, còn {undecided} chưa xử lý.",
        "📋 {title}\nClosed on {deadline}. Comments: {count}; still to decide: {undecided}.",
    ),
    "synthesis.results_sent_at": ("Đã báo kết quả cho người góp ý lúc {at}.", "Commenters were told the outcome at {at}."),
    "synthesis.next_undecided": ("✍️ Xử lý ý kiến tiếp theo", "✍️ Decide the next comment"),
    "synthesis.review_all": ("🔁 Xem lại từng ý kiến", "🔁 Go through every comment"),
    "synthesis.docx": ("📄 Tải DOCX", "📄 DOCX"),
    "synthesis.xlsx": ("📊 Tải XLSX", "📊 XLSX"),
    "synthesis.publish_results": ("📣 Báo kết quả cho người góp ý", "📣 Tell commenters the outcome"),
    "synthesis.card": ("Ý kiến {n}/{total} · {heading}", "Comment {n} of {total} · {heading}"),
    "synthesis.card_author": ("Người góp ý: {author}", "From: {author}"),
    "synthesis.card_current": ("Đã xử lý: {result} — {explanation}", "Decided: {result} — {explanation}"),
    "synthesis.ask_explanation": (
        "Chọn: {result}. Xin gõ nội dung giải trình.",
        "Chosen: {result}. Please type the explanation.",
    ),
    "synthesis.no_explanation": ("Không cần giải trình", "No explanation needed"),
    "synthesis.choose_again": ("◀ Chọn lại", "◀ Choose again"),
    "synthesis.next_comment": ("Ý kiến sau ▶", "Next comment ▶"),
    "synthesis.back": ("☰ Tổng hợp", "☰ Overview"),
    "synthesis.result.accepted": ("Tiếp thu", "Accepted"),
    "synthesis.result.partly": ("Tiếp thu một phần", "Partly accepted"),
    "synthesis.result.rejected": ("Không tiếp thu", "Not accepted"),
    "synthesis.recorded": ("✓ Ý kiến {n}: {result}.", "✓ Comment {n}: {result}."),
    "synthesis.still_open": (
        "Đợt lấy ý kiến còn mở đến {deadline}; sau hạn mới xử lý được.",
        "The consultation is open until {deadline}; decisions come after that.",
    ),
    "synthesis.already_published": (
        "Kết quả đã được báo cho người góp ý; không sửa được nữa.",
        "The outcome has been sent to the commenters; it can no longer change.",
    ),
    "synthesis.undecided_left": (
        "Còn {count} ý kiến chưa xử lý. Xin xử lý hết rồi báo kết quả.",
        "Comments still undecided: {count}. Please decide them all first.",
    ),
    "synthesis.results_published": (
        "✓ Đã gửi kết quả tới {count} người góp ý.",
        "✓ Commenters told the outcome: {count}.",
    ),
    "synthesis.result_intro": (
        'Kết quả tiếp thu ý kiến về dự thảo "{title}":',
        'What became of your comments on the draft "{title}":',
    ),
    "synthesis.result_line": ('• {heading}: "{comment}"\n  → {outcome}', '• {heading}: "{comment}"\n  → {outcome}'),
    "synthesis.result_thanks": ("Cảm ơn bạn đã góp ý.", "Thank you for your comments."),
    "synthesis.author_erased": ("(người góp ý đã xoá dữ liệu)", "(the commenter erased their data)"),
    "synthesis.author_unnamed": ("Người dùng số {id}", "User no. {id}"),
    "synthesis.export_caption": ("Bảng tổng hợp ý kiến: {title}", "Synthesis of comments: {title}"),
    # the disposition table document
    "doc.title": (
        "BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý",
        "SYNTHESIS OF COMMENTS, WITH THEIR DISPOSITION",
    ),
    "doc.subtitle": ("Đối với dự thảo {title}", "On the draft: {title}"),
    "doc.place_date": ("{place}, ngày {day} tháng {month} năm {year}", "{place}, {day}/{month}/{year}"),
    "doc.lead_period": ("Thời gian lấy ý kiến: từ {start} đến {end}.", "Consultation period: from {start} to {end}."),
    "doc.lead_counts": (
        "Đã gửi thông báo xin ý kiến tới {audience} người; nhận được {comments} ý kiến "
        "({anonymous} ý kiến ẩn danh) về {commented}/{sections} mục của dự thảo.",
        "People invited to comment: {audience}. Comments received: {comments} ({anonymous} anonymous), "
        "on {commented} of the draft's {sections} sections.",
    ),
    "doc.col.section": ("Nhóm vấn đề / Điều, khoản", "Issue / article, clause"),
    "doc.col.author": ("Chủ thể góp ý", "Commenter"),
    "doc.col.content": ("Nội dung góp ý", "Comment"),
    "doc.col.outcome": ("Nội dung tiếp thu, giải trình", "Disposition and explanation"),
    "doc.col.result": ("Tiếp thu", "Disposition"),
    "doc.col.explanation": ("Giải trình", "Explanation"),
    "doc.sheet": ("Tổng hợp ý kiến", "Comments"),
    # forms (officials' step-by-step flows)
    "form.skip": ("Bỏ qua", "Skip"),
    "form.skipped": ("(bỏ qua)", "(skipped)"),
    "form.done": ("Xong", "Done"),
    "form.send": ("Gửi", "Send"),
    "form.drop": ("Huỷ", "Cancel"),
    "form.dropped": ("Đã huỷ, không gửi gì.", "Cancelled; nothing was sent."),
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
        "Chưa đọc được thời gian. Xin gõ như: 17h, mai 9h, thứ Sáu 9h, 15/12 14h hoặc 15/12/2026 14:00.",
        "I could not read that time. Please type, for example: 17h, mai 9h, thứ Sáu 9h, 15/12 14h or 15/12/2026 14:00.",
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
    "ne.ask.title": (
        "Tạo buổi đối thoại mới.\nTên buổi đối thoại? (tối đa 200 ký tự)",
        "New dialogue event.\nIts title? (at most 200 characters)",
    ),
    "ne.ask.description": ("Nội dung, mục đích của buổi? (tối đa 1500 ký tự)", "What is it about? (at most 1500 characters)"),
    "ne.ask.starts": (
        "Bắt đầu lúc nào? Ví dụ: 15/12 14h, thứ Sáu 9h, mai 9h, 15/12/2026 14:00.",
        "When does it start? For example: 15/12 14h, thứ Sáu 9h (Friday), mai 9h (tomorrow), 15/12/2026 14:00.",
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
        "Hạn trả lời lời mời? Gõ ngày giờ (ví dụ 14/12 17h), hoặc bấm Bỏ qua để nhận trả lời đến giờ bắt đầu.",
        "Deadline for answers? Type a day and time (for example 14/12 17h), or press Skip to take answers until the start.",
    ),
    "ne.bad_end": (
        "Chưa đọc được giờ kết thúc. Xin gõ giờ:phút (ví dụ 16:30) hoặc ngày/tháng/năm giờ:phút.",
        "I could not read the end. Please type hour:minute (for example 16:30) or day/month/year hour:minute.",
    ),
    "ne.end_before_start": ("Giờ kết thúc phải sau giờ bắt đầu ({starts}).", "The end must come after the start ({starts})."),
    "ne.bad_capacity": ("Số người tối đa cần là một số từ 1 đến {most}.", "The number of people must be a number from 1 to {most}."),
    "ne.deadline_after_start": ("Hạn trả lời không được sau giờ bắt đầu ({starts}).", "The deadline cannot be after the start ({starts})."),
    "ne.preview": (
        "Xem trước lời mời:\n\n{preview}\n\nSẽ gửi tới {count} người.",
        "Preview of the invitation:\n\n{preview}\n\nIt will go to {count} people.",
    ),
    "ne.too_late": (
        "Hạn trả lời đã qua trong lúc soạn nên chưa gửi gì. Gõ /newevent để tạo lại.",
        "The answer deadline passed while this was being prepared; nothing was sent. Type /newevent to start again.",
    ),
    "ne.sent": (
        "✅ Đã tạo buổi đối thoại, bắt đầu gửi lời mời tới {count} người.",
        "✅ Event created; invitations are going to {count} people.",
    ),
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
    "poll.head": (
        "📊 Thăm dò ý kiến:\n{question}\n\n{how}\n⏳ Hạn trả lời: {closes}",
        "📊 Poll:\n{question}\n\n{how}\n⏳ Closes: {closes}",
    ),
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
        "Đóng thăm dò lúc nào? Ví dụ: 17h, thứ Sáu 17h, 15/12 17h, 15/12/2026 17:00.",
        "When does the poll close? For example: 17h, thứ Sáu 17h (Friday), 15/12 17h, 15/12/2026 17:00.",
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
    # summaries for leaders: /summary, its drill-downs and chart, the weekly digest
    "summary.title.week": ("📊 Tổng hợp 7 ngày qua", "📊 Summary of the last 7 days"),
    "summary.title.month": ("📊 Tổng hợp 30 ngày qua", "📊 Summary of the last 30 days"),
    "summary.title.range": ("📊 Tổng hợp", "📊 Summary"),
    "summary.title.digest": ("📊 Tổng hợp tuần", "📊 Weekly summary"),
    "summary.digest_failures": (
        "⚠️ Tuần qua bot gặp lỗi khi xử lý {count} tin nhắn ({classes}). Người gửi đã được báo; "
        "xin xem nhật ký máy chủ để sửa.",
        "⚠️ Last week the bot failed on {count} messages ({classes}). The senders were told; "
        "please see the server log to fix it.",
    ),
    "summary.title.year": ("📊 Tổng hợp năm", "📊 Summary of the year"),
    "summary.dates": ("{dates}, so với {before}", "{dates}, against {before}"),
    "summary.scope_org": ("{org}", "{org}"),
    "summary.scope_unit": ("Đơn vị: {unit}", "Unit: {unit}"),
    "summary.new": ("📝 Ý kiến mới: {count}{trend}", "📝 New submissions: {count}{trend}"),
    "summary.topic_line": ("• {topic}: {count}{trend}", "• {topic}: {count}{trend}"),
    "summary.other_topics": ("• Lĩnh vực khác: {count}{trend}", "• Other topics: {count}{trend}"),
    "summary.privacy": (
        "Ghi tên {named} · Bảo mật {confidential} · Ẩn danh {anonymous}",
        "Named {named} · Confidential {confidential} · Anonymous {anonymous}",
    ),
    "summary.by_now": ("Đến nay, trong số đó:", "Of these, by now:"),
    "summary.answered": ("✅ Đã trả lời: {count}{trend}", "✅ Answered: {count}{trend}"),
    "summary.open": ("⏳ Đang xử lý: {count}{trend}", "⏳ In progress: {count}{trend}"),
    "summary.overdue": ("⚠️ Quá hạn: {count}{trend}", "⚠️ Overdue: {count}{trend}"),
    "summary.closed": ("✖️ Đóng, không trả lời: {count}{trend}", "✖️ Closed unanswered: {count}{trend}"),
    "summary.first_answer": (
        "⏱ Trả lời lần đầu sau {time}{trend}\n   (trung vị)",
        "⏱ First answer after {time}{trend}\n   (median)",
    ),
    "summary.no_answer": ("⏱ Chưa ý kiến nào được trả lời.", "⏱ None answered yet."),
    "summary.rating": (
        "⭐ Hài lòng: {average}/5{trend}\n   ({count} lượt chấm)",
        "⭐ Satisfaction: {average}/5{trend}\n   ({count} ratings)",
    ),
    "summary.no_rating": ("⭐ Chưa có lượt chấm điểm.", "⭐ No ratings yet."),
    "summary.hours": ("{n} giờ", "{n} h"),
    "summary.days": ("{n} ngày", "{n} days"),
    "summary.themes": ("🔎 Nổi bật: {themes}", "🔎 Themes: {themes}"),
    "summary.themes_sample": ("   (từ {count} ý kiến gần nhất)", "   (from the latest {count} submissions)"),
    "summary.excerpts": ("💬 Trích ý kiến:", "💬 In their words:"),
    "summary.excerpt": ("«{text}»", "“{text}”"),
    "summary.events": ("🤝 Đối thoại: {count} buổi{trend}", "🤝 Dialogues held: {count}{trend}"),
    "summary.events_people": ("   {count} người đăng ký dự{trend}", "   {count} registered to attend{trend}"),
    "summary.polls": ("🗳 Thăm dò đã đóng: {count}{trend}", "🗳 Polls closed: {count}{trend}"),
    "summary.turnout": ("   {ballots}/{invited} người trả lời ({percent}%)", "   {ballots} of {invited} answered ({percent}%)"),
    "summary.ballots": ("   {ballots} người trả lời", "   {ballots} answered"),
    "summary.drafts": ("📜 Dự thảo lấy ý kiến: {count}{trend}", "📜 Drafts in consultation: {count}{trend}"),
    "summary.draft_comments": ("   {count} góp ý{trend}", "   {count} comments{trend}"),
    "summary.joined": ("👥 Người mới tham gia: {count}{trend}", "👥 New members: {count}{trend}"),
    "summary.by_topic": ("📂 Theo lĩnh vực", "📂 By topic"),
    "summary.by_commune": ("📍 Theo xã, phường", "📍 By commune"),
    "summary.overdue_button": ("⚠️ Quá hạn ({count})", "⚠️ Overdue ({count})"),
    "summary.usage": (
        "Cách dùng:\n/summary — 7 ngày qua\n/summary month — 30 ngày qua\n"
        "/summary 2026-11-01 2026-11-30 — từ ngày đến ngày (tối đa 366 ngày)",
        "Usage:\n/summary — the last 7 days\n/summary month — the last 30 days\n"
        "/summary 2026-11-01 2026-11-30 — from one day to another (366 days at most)",
    ),
    "summary.topics_title": ("📂 Ý kiến theo lĩnh vực\n{dates}", "📂 Submissions by topic\n{dates}"),
    "summary.communes_title": ("📍 Ý kiến theo xã, phường của người gửi\n{dates}", "📍 Submissions by the sender's commune\n{dates}"),
    "summary.drill_line": (
        "• {name}: {count}{trend}\n   ✅ {answered} · ⏳ {open} · ⚠️ {overdue}",
        "• {name}: {count}{trend}\n   ✅ {answered} · ⏳ {open} · ⚠️ {overdue}",
    ),
    "summary.commune_unknown": ("Không rõ (ẩn danh, bảo mật, chưa khai)", "Unknown (anonymous, confidential, not given)"),
    "summary.commune_unknown_admin": ("Không rõ (ẩn danh, chưa khai)", "Unknown (anonymous, not given)"),
    "summary.drill_empty": ("Không có ý kiến nào trong kỳ này.", "No submissions in this period."),
    "summary.overdue_title": ("⚠️ Quá hạn hiện nay: {count}", "⚠️ Overdue now: {count}"),
    "summary.overdue_line": ("• {code} · {topic} · trễ {late}", "• {code} · {topic} · {late} late"),
    "summary.overdue_more": ("… và {count} ý kiến khác: /inbox", "… and {count} more: /inbox"),
    "summary.overdue_none": ("✅ Không có ý kiến nào quá hạn.", "✅ Nothing is overdue."),
    "summary.chart_caption": (
        "Ý kiến mới từ {first} đến {last}, mỗi cột {count} tuần: theo lĩnh vực và theo trạng thái đến nay.",
        "New submissions from {first} to {last}, {count} weeks a bar: by topic and by status as of now.",
    ),
    "summary.status.answered": ("Đã trả lời", "Answered"),
    "summary.status.open": ("Đang xử lý", "In progress"),
    "summary.status.overdue": ("Quá hạn", "Overdue"),
    "summary.status.closed": ("Đóng, không trả lời", "Closed unanswered"),
    "chart.by_topic": ("Ý kiến mới theo lĩnh vực", "New submissions by topic"),
    "chart.by_status": ("Cùng các ý kiến đó, theo trạng thái đến nay", "The same, by status as of now"),
    "chart.other": ("Khác", "Other"),
    "chart.axis": ("số ý kiến", "submissions"),
    # the yearly report (DOCX) and the export (XLSX)
    "report.usage": ("Cách dùng: /report hoặc /report 2026 (năm).", "Usage: /report or /report 2026 (the year)."),
    "report.caption": ("Báo cáo kết quả năm {year}.", "Report on the results of {year}."),
    "report.file": ("bao-cao-ket-qua-{year}.docx", "report-{year}.docx"),
    "report.type": ("BÁO CÁO", "REPORT"),
    "report.title": (
        "Kết quả tiếp nhận, trả lời ý kiến, kiến nghị của đội ngũ trí thức năm {year}",
        "Results of receiving and answering the opinions and proposals of intellectuals in {year}",
    ),
    "report.lead": (
        "{org} báo cáo kết quả tiếp nhận, trả lời ý kiến và đối thoại với đội ngũ trí thức qua kênh Hiến kế "
        "từ ngày 01/01/{year} đến ngày {until} như sau:",
        "{org} reports the results of receiving and answering opinions of, and dialogue with, intellectuals "
        "through Hiến kế from 1 January {year} to {until}:",
    ),
    "report.s1": ("I. TIẾP NHẬN VÀ TRẢ LỜI Ý KIẾN, KIẾN NGHỊ", "I. OPINIONS AND PROPOSALS RECEIVED AND ANSWERED"),
    "report.s1.count_title": ("1. Số lượng", "1. Number"),
    "report.s1.count": (
        "Tiếp nhận {total} ý kiến, kiến nghị ({trend} so với năm {before}); trong đó ghi tên {named}, "
        "bảo mật {confidential}, ẩn danh {anonymous}. Theo lĩnh vực:",
        "{total} opinions and proposals were received ({trend} on {before}): {named} named, "
        "{confidential} confidential, {anonymous} anonymous. By topic:",
    ),
    "report.col.number": ("STT", "No."),
    "report.col.topic": ("Lĩnh vực", "Topic"),
    "report.col.count": ("Số ý kiến", "Received"),
    "report.col.answered": ("Đã trả lời", "Answered"),
    "report.col.open": ("Đang xử lý", "In progress"),
    "report.col.overdue": ("Quá hạn", "Overdue"),
    "report.col.total": ("Tổng cộng", "Total"),
    "report.s1.answers_title": ("2. Kết quả trả lời", "2. Answers"),
    "report.s1.answers": (
        "Đến ngày báo cáo đã trả lời {answered} ý kiến ({percent}%), đang xử lý {open}, quá hạn {overdue}, "
        "đóng không trả lời {closed}.",
        "By the date of this report {answered} were answered ({percent}%), {open} are in progress, "
        "{overdue} overdue and {closed} closed unanswered.",
    ),
    "report.s1.median": (
        "Thời gian từ khi nhận đến khi trả lời lần đầu (trung vị): {time}.",
        "Median time from receipt to the first answer: {time}.",
    ),
    "report.s1.rating_title": ("3. Mức độ hài lòng", "3. Satisfaction"),
    "report.s1.rating": (
        "Người gửi chấm {count} câu trả lời, điểm bình quân {average}/5.",
        "Senders rated {count} answers, {average}/5 on average.",
    ),
    "report.s1.rating_before": ("Năm {before}: {average}/5.", "In {before}: {average}/5."),
    "report.s1.no_rating": ("Chưa có câu trả lời nào được chấm điểm.", "No answer was rated."),
    "report.s1.themes_title": ("4. Những vấn đề được quan tâm nhiều", "4. What came up most"),
    "report.s1.themes": (
        "Các cụm từ xuất hiện nhiều nhất trong {count} ý kiến gần nhất của năm: {themes}.",
        "The phrases most frequent in the year's latest {count} submissions: {themes}.",
    ),
    "report.s1.no_themes": ("Chưa đủ ý kiến để rút ra chủ đề chung.", "Too few submissions to draw common themes."),
    "report.s2": (
        "II. ĐỐI THOẠI, THĂM DÒ Ý KIẾN VÀ LẤY Ý KIẾN DỰ THẢO",
        "II. DIALOGUES, POLLS AND CONSULTATIONS ON DRAFTS",
    ),
    "report.s2.events_title": ("1. Đối thoại", "1. Dialogues"),
    "report.s2.events": (
        "Tổ chức {count} buổi đối thoại, {people} lượt người đăng ký dự.",
        "{count} dialogues were held; {people} registrations to attend.",
    ),
    "report.s2.event": ("- {title} ({date}): {count} người đăng ký dự.", "- {title} ({date}): {count} registered."),
    "report.s2.polls_title": ("2. Thăm dò ý kiến", "2. Polls"),
    "report.s2.polls": ("Kết thúc {count} cuộc thăm dò, {ballots} lượt trả lời.", "{count} polls closed, with {ballots} answers."),
    "report.s2.poll": (
        "- {question}: {ballots}/{invited} người trả lời ({percent}%).",
        "- {question}: {ballots} of {invited} answered ({percent}%).",
    ),
    "report.s2.poll_unknown": ("- {question}: {ballots} người trả lời.", "- {question}: {ballots} answered."),
    "report.s2.drafts_title": ("3. Lấy ý kiến dự thảo", "3. Consultations on drafts"),
    "report.s2.drafts": (
        "Lấy ý kiến {count} dự thảo, nhận {comments} góp ý.",
        "{count} drafts were put to consultation; {comments} comments.",
    ),
    "report.s2.draft": ("- {title} (hạn {date}): {count} góp ý.", "- {title} (until {date}): {count} comments."),
    "report.s3": ("III. ĐỘI NGŨ TRÍ THỨC THAM GIA", "III. THE INTELLECTUALS TAKING PART"),
    "report.s3.people": (
        "Có {consented} người đã đồng ý tham gia, trong đó {joined} người mới trong năm; {profiled} người đã khai hồ sơ. "
        "Các chỉ tiêu dưới đây chỉ tính trên những người đã đồng ý và đã khai mục tương ứng trong hồ sơ; "
        "người chưa khai không được tính.",
        "{consented} people have consented to take part, {joined} of them new this year; {profiled} filled in their profile. "
        "The indicators below count only people who consented and answered that question of the profile; "
        "those who did not are not counted.",
    ),
    "report.col.indicator": ("Chỉ tiêu", "Indicator"),
    "report.col.result": ("Kết quả", "Result"),
    "report.col.known": ("Số người đã khai", "People who answered"),
    "report.ind.postgraduate": ("Trình độ thạc sĩ trở lên", "Master's degree or higher"),
    "report.ind.postgraduate_result": (
        "{count} người; mục tiêu {target} người vào năm {year} (đạt {percent}%)",
        "{count}; target {target} by {year} ({percent}% reached)",
    ),
    "report.ind.under_40": ("Dưới 40 tuổi", "Under 40"),
    "report.ind.women": ("Nữ", "Women"),
    "report.ind.minorities": ("Người dân tộc thiểu số", "Ethnic minorities (not Kinh)"),
    "report.ind.share": ("{count} người ({percent}%)", "{count} ({percent}%)"),
    "report.s3.by_field": ("Theo lĩnh vực chuyên môn:", "By field of expertise:"),
    "report.s3.by_commune": ("Theo xã, phường:", "By commune:"),
    "report.col.field": ("Lĩnh vực", "Field"),
    "report.col.commune": ("Xã, phường", "Commune"),
    "report.col.people": ("Số người", "People"),
    "report.s4": ("V. NHẬN XÉT CHUNG", "V. OVERALL"),
    "report.s4.count": (
        "So với năm {before}, số ý kiến {trend}; tỷ lệ đã trả lời {rate}% (năm {before}: {rate_before}%).",
        "Compared with {before}, submissions {trend}; {rate}% answered ({before}: {rate_before}%).",
    ),
    "report.s4.no_rate": ("So với năm {before}, số ý kiến {trend}.", "Compared with {before}, submissions {trend}."),
    "report.up": ("tăng {count} ({percent}%)", "up {count} ({percent}%)"),
    "report.up_from_zero": ("tăng {count}", "up {count}"),
    "report.down": ("giảm {count} ({percent}%)", "down {count} ({percent}%)"),
    "report.same": ("không đổi", "unchanged"),
    "report.none": ("Không có.", "None."),
    "report.recipients": ("Nơi nhận:", "To:"),
    "report.archive": ("- Lưu: VT.", "- File: office."),
    "report.archive_party": ("- Lưu Văn phòng.", "- File: office."),
    "report.number": ("Số:      /BC-{code}", "No.      /BC-{code}"),
    "report.number_party": ("Số       -BC/{code}", "No.      -BC/{code}"),
    "export.caption": (
        "Dữ liệu xuất ngày {date}: ý kiến, đối thoại, thăm dò.",
        "Data exported on {date}: submissions, dialogues, polls.",
    ),
    "export.sheet.submissions": ("Ý kiến", "Submissions"),
    "export.sheet.events": ("Đối thoại", "Dialogues"),
    "export.sheet.polls": ("Thăm dò", "Polls"),
    "export.col.code": ("Mã", "Code"),
    "export.col.received": ("Ngày nhận", "Received"),
    "export.col.topic": ("Lĩnh vực", "Topic"),
    "export.col.privacy": ("Hình thức", "Privacy"),
    "export.col.status": ("Trạng thái", "Status"),
    "export.col.unit": ("Đơn vị", "Unit"),
    "export.col.author": ("Người gửi", "Sender"),
    "export.col.workplace": ("Nơi công tác", "Workplace"),
    "export.col.commune": ("Xã, phường", "Commune"),
    "export.col.text": ("Nội dung", "Text"),
    "export.col.first_answer": ("Trả lời lần đầu", "First answered"),
    "export.col.rating": ("Điểm", "Rating"),
    "export.col.title": ("Tên", "Title"),
    "export.col.starts": ("Bắt đầu", "Starts"),
    "export.col.place": ("Địa điểm", "Place"),
    "export.col.event_status": ("Trạng thái", "Status"),
    "export.col.capacity": ("Số chỗ", "Capacity"),
    "export.col.attend": ("Đăng ký dự", "Attending"),
    "export.col.maybe": ("Có thể", "Maybe"),
    "export.col.decline": ("Không dự", "Declined"),
    "export.col.waitlist": ("Danh sách chờ", "Waiting list"),
    "export.col.question": ("Câu hỏi", "Question"),
    "export.col.closes": ("Hạn", "Closes"),
    "export.col.poll_status": ("Trạng thái", "Status"),
    "export.col.invited": ("Được mời", "Invited"),
    "export.col.voters": ("Người trả lời", "Voters"),
    "export.col.results": ("Kết quả", "Results"),
    "export.anonymous": ("(ẩn danh)", "(anonymous)"),
    "export.cancelled": ("Đã huỷ", "Cancelled"),
    "export.closed": ("Đã đóng", "Closed"),
    "export.open": ("Đang mở", "Open"),
    "export.confidential": ("(bảo mật)", "(confidential)"),
    "export.erased": ("(đã xoá dữ liệu)", "(erased)"),
    "grant.unit_done": ("{target} là cán bộ của {unit}.", "{target} is an official of {unit}."),
    "grant.unknown_unit": (
        "Không có đơn vị \"{unit}\". Các đơn vị: {units}.",
        "There is no unit \"{unit}\". The units: {units}.",
    ),
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
    "cmd.link": ("Liên kết tài khoản Telegram và Zalo", "Link your Telegram and Zalo accounts"),
    "cmd.feedback": ("Gửi ý kiến, kiến nghị", "Send an opinion or proposal"),
    "cmd.mine": ("Các ý kiến tôi đã gửi", "My submissions"),
    "cmd.status": ("Tiến độ một ý kiến (theo mã)", "Follow a submission by its code"),
    "cmd.inbox": ("Ý kiến cần xử lý", "Submissions to handle"),
    "cmd.drafts": ("Dự thảo đang lấy ý kiến", "Drafts open for comment"),
    "cmd.newdraft": ("Tạo đợt lấy ý kiến dự thảo", "Put a draft to consultation"),
    "cmd.newevent": ("Tạo buổi đối thoại", "Create a dialogue event"),
    "cmd.newpoll": ("Tạo thăm dò ý kiến", "Create a poll"),
    "cmd.grant": ("Cấp quyền cán bộ", "Make someone an official"),
    "cmd.revoke": ("Thu hồi quyền cán bộ", "Withdraw the official role"),
    "cmd.summary": ("Tổng hợp tuần, tháng", "Weekly or monthly summary"),
    "cmd.report": ("Báo cáo kết quả năm (DOCX)", "Yearly report (DOCX)"),
    "cmd.export": ("Xuất dữ liệu (XLSX)", "Export the data (XLSX)"),
}


register(TEXTS)
