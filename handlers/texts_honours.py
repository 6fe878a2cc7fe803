"""What honour rounds say (/newhonour, /honours, nominations, endorsements, the council's review, the annex,
the report's section), and the forms' wording for files; Vietnamese first, English second."""

from __future__ import annotations

from bot.texts import register

TEXTS: dict[str, tuple[str, str]] = {
    "cmd.honours": ("Tôn vinh trí thức: đề cử, ủng hộ", "Honours: nominate, endorse"),
    "cmd.newhonour": ("Mở đợt tôn vinh trí thức", "Open a round of honours"),
    # forms: files and list wording
    "form.files": ("Đã nhận {count} tệp. Gửi thêm, hoặc bấm Xong.", "{count} file(s) received. Send more, or press Done."),
    "form.files_count": ("{count} tệp", "{count} file(s)"),
    "form.need_files": (
        "Xin gửi ảnh hoặc tệp tài liệu, hoặc bấm Xong / Bỏ qua.",
        "Please send a photo or a document, or press Done / Skip.",
    ),
    "form.too_many_files": ("Tối đa {most} tệp. Chưa thêm tệp nào.", "At most {most} files. Nothing was added."),
    "audience.people": ("{count} người được chọn", "{count} people chosen"),
    # a round
    "honour.everyone": ("Mọi người đã tham gia", "Everyone who joined"),
    "honour.by_field": ("theo lĩnh vực chuyên môn", "by field of expertise"),
    "honour.until": ("nhận đề cử đến {deadline}", "nominations until {deadline}"),
    "honour.reviewing": ("hội đồng đang xét chọn", "under the council's review"),
    "honour.announced": ("đã công bố kết quả ngày {date}", "results announced on {date}"),
    "honour.done": ("đã công bố kết quả", "results announced"),
    "honour.card": (
        "🏅 {title}\nHạng mục: {categories}\nTiêu chí xét chọn:\n{criteria}\nQuyền đề cử: {circle}\nTình trạng: {stands}",
        "🏅 {title}\nCategories: {categories}\nCriteria:\n{criteria}\nWho may nominate: {circle}\nNow: {stands}",
    ),
    "honour.none": ("Hiện không có đợt tôn vinh nào.", "There is no round of honours at the moment."),
    "honour.list": ("Các đợt tôn vinh trí thức:", "Rounds of honours:"),
    "honour.nominate": ("✍️ Đề cử", "✍️ Nominate"),
    "honour.nominations": ("📋 Các đề cử ({count})", "📋 Nominations ({count})"),
    "honour.mine": ("Đề cử của tôi", "My nominations"),
    "honour.review": ("⚖️ Hội đồng chấm điểm", "⚖️ Council review"),
    "honour.manage": ("⚙️ Quản lý đợt", "⚙️ Manage the round"),
    "honour.closed": ("Đợt này đã hết hạn nhận đề cử.", "Nominations for this round are closed."),
    # /newhonour
    "nh.ask.title": (
        "Tên đợt tôn vinh? Ví dụ: Trí thức tiêu biểu năm 2026.",
        "The round's title? For example: Outstanding intellectuals 2026.",
    ),
    "nh.ask.categories": (
        "Các hạng mục khen thưởng? Mỗi dòng một hạng mục (tối đa 10).\nBấm Bỏ qua để chia theo lĩnh vực chuyên môn.",
        "The categories? One per line (at most 10).\nPress Skip to use the fields of expertise.",
    ),
    "nh.ask.criteria": (
        "Các tiêu chí xét chọn? Mỗi dòng một tiêu chí (1 đến 5); hội đồng chấm từng tiêu chí từ 1 đến 5 điểm.",
        "The criteria? One per line (1 to 5); the council scores each from 1 to 5.",
    ),
    "nh.ask.circle": ("Ai có quyền đề cử?", "Who may nominate?"),
    "nh.ask.deadline": (
        "Hạn nhận đề cử? Gõ ngày và giờ, ví dụ 31/12/2026 17:00.",
        "Nominations until when? Type a date and time, for example 31/12/2026 17:00.",
    ),
    "nh.item_count": ("{count} mục", "{count} items"),
    "nh.too_many": (
        "Tối đa {most} mục, như vậy sẽ thành {count}. Chưa thêm dòng nào.",
        "At most {most}; that would make {count}. Nothing was added.",
    ),
    "nh.too_few": ("Cần ít nhất {least} mục (mới có {count}).", "At least {least} are needed (you have {count})."),
    "nh.repeated": ("Có dòng bị trùng. Chưa thêm dòng nào.", "A line is repeated. Nothing was added."),
    "nh.preview": ("Xem trước:\n\n{round}", "Preview:\n\n{round}"),
    "nh.too_late": (
        "Hạn nhận đề cử đã qua trong lúc soạn. Gõ /newhonour để làm lại.",
        "The deadline passed meanwhile. Type /newhonour to start again.",
    ),
    "nh.opened": (
        "✓ Đã mở đợt «{title}». Mọi người xem và đề cử qua /honours.",
        "✓ The round «{title}» is open. People nominate through /honours.",
    ),
    "nh.council_asked": (
        "Hội đồng xét chọn do quản trị viên chỉ định; chúng tôi đã báo để họ chọn.",
        "The review council is named by an admin; they have been asked to name it.",
    ),
    "honour.an_official": ("một cán bộ", "an official"),
    "honour.council_needed": (
        "🏅 {by} vừa mở đợt tôn vinh «{title}». Xin chỉ định hội đồng xét chọn.",
        "🏅 {by} opened the round «{title}». Please name its review council.",
    ),
    "honour.name_council": ("👥 Chỉ định hội đồng", "👥 Name the council"),
    # the council
    "honour.council_pick": (
        "Hội đồng xét chọn «{title}»: bấm để chọn hoặc bỏ chọn (cán bộ và quản trị viên), rồi bấm Xong.",
        "Review council of «{title}»: press to add or remove (officials and admins), then Done.",
    ),
    "honour.council_done": ("Xong ({count} người)", "Done ({count})"),
    "honour.council_saved": ("✓ Hội đồng xét chọn «{title}»: {names}.", "✓ Review council of «{title}»: {names}."),
    "honour.no_council": ("chưa có", "none yet"),
    "honour.council_named": (
        "👥 Bạn được chỉ định vào hội đồng xét chọn «{title}». Khi hết hạn đề cử, mở /honours để chấm điểm.",
        "👥 You were named to the review council of «{title}». When nominations close, open /honours to score.",
    ),
    "honour.council_button": ("👥 Hội đồng", "👥 Council"),
    "honour.review_open": (
        "⚖️ Đợt «{title}» đã đóng nhận đề cử. Mời hội đồng chấm điểm: /honours.",
        "⚖️ Nominations for «{title}» are closed. The council may score now: /honours.",
    ),
    # nominating
    "honour.ask_whom": (
        "Đề cử trong đợt «{title}».\nBạn đề cử ai? Gõ họ tên để tìm trong số những người cho phép tìm tên, hoặc bấm «Tôi tự ứng cử».",
        "Nominating in «{title}».\nWhom do you nominate? Type their name to search among those who allow it, or press «Myself».",
    ),
    "honour.myself": ("Tôi tự ứng cử", "Myself"),
    "honour.found": ("Chọn người bạn đề cử, hoặc gõ tên khác để tìm lại:", "Choose the person you nominate, or type another name:"),
    "honour.not_found": (
        "Không thấy ai tên «{name}» trong số người cho phép tìm tên. Gõ tên khác, hoặc đề cử theo tên và nơi công tác.",
        "Nobody called «{name}» among those who allow it. Type another name, or nominate by name and workplace.",
    ),
    "honour.by_name": ("Đề cử «{name}» theo tên", "Nominate «{name}» by name"),
    "honour.ask_workplace": ("Nơi công tác của {name}?", "Where does {name} work?"),
    "honour.name_first": ("Xin khai họ tên trong /profile trước.", "Please enter your name in /profile first."),
    "honour.already_nominated": ("Bạn đã đề cử người này trong đợt này rồi.", "You already nominated this person in this round."),
    "hn.ask.category": ("Hạng mục?", "Which category?"),
    "hn.ask.achievements": (
        "Thành tích, đóng góp nổi bật? (tối đa 3000 ký tự)",
        "Achievements and contributions? (at most 3000 characters)",
    ),
    "hn.ask.files": (
        "Gửi kèm tài liệu, ảnh minh chứng (tối đa 10 tệp), hoặc bấm Bỏ qua.",
        "Attach documents or photos as evidence (at most 10 files), or press Skip.",
    ),
    "hn.ask.relation": ("Bạn là gì của người được đề cử?", "What is your relation to the nominee?"),
    "honour.relation.self": ("Tự ứng cử", "Self-nomination"),
    "honour.relation.colleague": ("Đồng nghiệp", "Colleague"),
    "honour.relation.supervisor": ("Lãnh đạo, quản lý", "Supervisor"),
    "honour.relation.association": ("Cùng hội, đoàn thể", "Same association"),
    "honour.relation.student": ("Học trò, người được hướng dẫn", "Student or mentee"),
    "honour.relation.other": ("Khác", "Other"),
    "hn.preview": (
        "Xem lại đề cử:\nĐợt: {title}\nNgười được đề cử: {name}\nHạng mục: {category}\nThành tích: {achievements}\n"
        "Tệp kèm: {files}\nQuan hệ: {relation}\n\n{note}",
        "Your nomination:\nRound: {title}\nNominee: {name}\nCategory: {category}\nAchievements: {achievements}\n"
        "Files: {files}\nRelation: {relation}\n\n{note}",
    ),
    "honour.note_self": ("Đề cử của bạn sẽ được hội đồng xét chọn.", "The council will review your nomination."),
    "honour.note_asked": (
        "Người được đề cử sẽ được hỏi riêng. Chỉ khi họ đồng ý, đề cử mới hiện với người khác và hội đồng.",
        "The nominee will be asked privately. Only if they accept is the nomination shown to others and the council.",
    ),
    "honour.note_typed": (
        "Người này chưa dùng Hiến kế nên không được hỏi qua bot: đề cử chỉ gửi hội đồng, tên không được công bố.",
        "This person does not use Hiến kế and cannot be asked here: only the council sees it; the name is not announced.",
    ),
    "honour.sent": ("✓ Đã gửi đề cử. Cảm ơn bạn!", "✓ Nomination sent. Thank you!"),
    "honour.sent_asked": (
        "✓ Đã gửi đề cử. Chúng tôi đã hỏi ý kiến người được đề cử; kết quả sẽ báo bạn khi công bố.",
        "✓ Nomination sent. The nominee has been asked; you will hear the outcome when it is announced.",
    ),
    "honour.a_member": ("Một thành viên", "A member"),
    "honour.consent_request": (
        "🏅 {by} ({relation}) đề cử bạn trong đợt «{title}», hạng mục {category}.\nThành tích được nêu: {achievements}\n\n"
        "Nếu đồng ý, tên bạn và thành tích sẽ hiện với những người xem đề cử của đợt và hội đồng xét chọn, "
        "và được công bố nếu bạn được khen thưởng. Nếu từ chối, đề cử bị huỷ và tên bạn không hiện ở đâu.",
        "🏅 {by} ({relation}) nominated you in «{title}», category {category}.\nAchievements stated: {achievements}\n\n"
        "If you accept, your name and these achievements are shown to those who see the round's nominations and to the "
        "council, and announced if you are honoured. If you decline, the nomination is withdrawn and your name appears nowhere.",
    ),
    "honour.accept": ("Đồng ý", "I accept"),
    "honour.decline": ("Từ chối", "I decline"),
    "honour.accepted": (
        "✓ Cảm ơn, bạn đã đồng ý được đề cử trong đợt «{title}».",
        "✓ Thank you: you accepted the nomination in «{title}».",
    ),
    "honour.declined": (
        "Đã ghi nhận. Đề cử đã được huỷ; tên bạn không được lưu cùng đề cử và không hiện ở đâu.",
        "Noted. The nomination is withdrawn; your name is not kept with it and appears nowhere.",
    ),
    "honour.too_late": ("Đợt này đã công bố kết quả.", "This round's results were already announced."),
    # the nominations others see, endorsements, one's own
    "honour.list_head": ("Các đề cử «{title}» (trang {page}/{pages}):", "Nominations in «{title}» (page {page}/{pages}):"),
    "honour.list_line": (
        "{n}. {name} — {category}\n   {text}\n   👍 {count} ủng hộ",
        "{n}. {name} — {category}\n   {text}\n   👍 {count} endorsements",
    ),
    "honour.endorse": ("👍 Ủng hộ {n}", "👍 Endorse {n}"),
    "honour.ask_endorsement": (
        "Một câu ủng hộ đề cử {name} (tối đa {limit} ký tự). Ý kiến của bạn ghi tên bạn.",
        "One sentence endorsing {name} (at most {limit} characters). It carries your name.",
    ),
    "honour.endorsed": ("✓ Cảm ơn, đã ghi nhận ý kiến ủng hộ {name}.", "✓ Thank you: your endorsement of {name} is recorded."),
    "honour.cannot_endorse": (
        "Không ủng hộ được đề cử này: mỗi người một lần, khi còn hạn, và không phải người đề cử hay người được đề cử.",
        "You cannot endorse this one: once each, before the deadline, and not by the nominator or the nominee.",
    ),
    "honour.mine_head": ("Đề cử của bạn trong «{title}»:", "Your nominations in «{title}»:"),
    "honour.mine_line": ("{n}. {name} — {category}: {stands}", "{n}. {name} — {category}: {stands}"),
    "honour.mine_dropped": ("{n}. Hạng mục {category}: không được đưa vào xét chọn", "{n}. Category {category}: not taken forward"),
    "honour.consent.accepted": ("đang được xét chọn", "under review"),
    "honour.consent.pending": ("chờ người được đề cử trả lời", "waiting for the nominee's answer"),
    "honour.consent.not_asked": ("gửi hội đồng xét chọn", "sent to the council"),
    "profile.label.findable": ("Cho tìm tên để đề cử", "Findable by name for nominations"),
    "profile.findable_yes": ("có", "yes"),
    "profile.findable_no": ("không", "no"),
    "profile.findable_on": ("🔎 Cho tìm tên", "🔎 Allow search by name"),
    "profile.findable_off": ("🔎 Không cho tìm tên", "🔎 Stop search by name"),
    "profile.findable_set": ("Người khác có thể tìm tên bạn để đề cử.", "Others can now find your name to nominate you."),
    "profile.findable_unset": ("Không ai tìm được tên bạn để đề cử nữa.", "Nobody can find your name to nominate you any more."),
    # managing and announcing
    "honour.manage_card": (
        "{round}\n\nĐề cử: {accepted} đã đồng ý, {pending} chờ trả lời, {typed} đề cử theo tên; "
        "{dropped} không đưa vào xét chọn.\nHội đồng: {council}",
        "{round}\n\nNominations: {accepted} accepted, {pending} awaiting an answer, {typed} by name; "
        "{dropped} not taken forward.\nCouncil: {council}",
    ),
    "honour.close_now": ("⏹ Đóng nhận đề cử ngay", "⏹ Close nominations now"),
    "honour.results": ("📊 Kết quả chấm", "📊 Results"),
    "honour.docx": ("📄 Danh sách (DOCX)", "📄 List (DOCX)"),
    "honour.announce": ("📣 Công bố kết quả", "📣 Announce the results"),
    "honour.not_now": ("Việc này chưa làm được lúc này.", "This cannot be done at this stage."),
    "honour.undecided": ("Còn {count} đề cử chưa có quyết định.", "{count} nomination(s) still have no decision."),
    "honour.announcement": ("🏅 {org} công bố kết quả {title}.", "🏅 {org} announces the results of {title}."),
    "honour.others": ("Cùng {count} trí thức khác được khen thưởng.", "And {count} other intellectual(s) honoured."),
    "honour.congratulations": ("Xin chúc mừng!", "Congratulations!"),
    "honour.nobody": ("Đợt này không có đề cử nào được khen thưởng.", "No nomination was honoured in this round."),
    "honour.announce_preview": (
        "Xem trước:\n\n{preview}\n\nSẽ gửi tới {count} người.",
        "Preview:\n\n{preview}\n\nIt will reach {count} people.",
    ),
    "honour.announced_to": (
        "✓ Đang gửi kết quả tới {count} người; đã báo kết quả cho {told} người đề cử.",
        "✓ Sending the results to {count} people; {told} nominator(s) were told their outcome.",
    ),
    "honour.outcome_head": ("Kết quả các đề cử của bạn trong «{title}»:", "The outcome of your nominations in «{title}»:"),
    "honour.outcome": ("• {name} ({category}): {decision}. Lý do: {reason}", "• {name} ({category}): {decision}. Reason: {reason}"),
    "honour.outcome_dropped": (
        "• Đề cử hạng mục {category} ngày {date}: không được đưa vào xét chọn.",
        "• Nomination in {category} of {date}: not taken forward.",
    ),
    "honour.decision.honoured": ("🏅 Khen thưởng", "🏅 Honoured"),
    "honour.decision.not_honoured": ("Không khen thưởng", "Not honoured"),
    "honour.unsigned": ("(đã xoá dữ liệu)", "(data erased)"),
    # the council's review
    "review.card": ("⚖️ {title} — đề cử {n}/{total}\n{name} — {workplace}", "⚖️ {title} — nomination {n}/{total}\n{name} — {workplace}"),
    "review.category": ("Hạng mục: {category}", "Category: {category}"),
    "review.nominator": ("Người đề cử: {name} ({relation})", "Nominated by: {name} ({relation})"),
    "review.achievements": ("Thành tích: {text}", "Achievements: {text}"),
    "review.files": ("Tệp kèm: {count}", "Files: {count}"),
    "review.files_button": ("📎 Tệp ({count})", "📎 Files ({count})"),
    "review.file_caption": ("{name} · tệp {index}/{count}", "{name} · file {index}/{count}"),
    "review.support": ("Ủng hộ ({count}):", "Endorsements ({count}):"),
    "review.your_scores": ("Điểm của bạn:", "Your scores:"),
    "review.decided": ("Quyết định: {decision}. Lý do: {reason}", "Decision: {decision}. Reason: {reason}"),
    "review.score": ("✏️ Chấm điểm", "✏️ Score"),
    "review.back": ("« Quay lại", "« Back"),
    "review.ask_score": (
        "Tiêu chí {n}/{total}: {criterion}\nĐiểm của bạn cho {name} (1 thấp — 5 cao):",
        "Criterion {n}/{total}: {criterion}\nYour score for {name} (1 low — 5 high):",
    ),
    "review.nothing": ("Chưa có đề cử nào để xét chọn.", "There is no nomination to review."),
    "review.ask_reason": ("Lý do quyết định «{decision}» cho {name}?", "The reason for «{decision}» for {name}?"),
    "review.recorded": ("✓ Đã ghi quyết định «{decision}» cho {name}.", "✓ Decision «{decision}» recorded for {name}."),
    "review.results": (
        "📊 Kết quả chấm «{title}» (hội đồng {members} người; điểm bình quân theo thang 1–5):",
        "📊 Results of «{title}» (council of {members}; average scores, 1–5):",
    ),
    "review.average": ("{score} điểm", "{score} points"),
    "review.tied": ("⚠ ngang điểm", "⚠ tied"),
    "review.missing_one": ("{name} ({count} tiêu chí)", "{name} ({count} criteria)"),
    "review.missing": ("⚠ chưa chấm: {names}", "⚠ not scored by: {names}"),
    "review.undecided": ("chưa quyết định", "undecided"),
    # the annex
    "annex.type": ("DANH SÁCH", "LIST"),
    "annex.title": ("Trí thức được xét khen thưởng — {title}", "Intellectuals reviewed for honours — {title}"),
    "annex.attached": (
        "(Kèm theo Quyết định số       /QĐ-{code} ngày     tháng     năm {year} của {org})",
        "(Attached to Decision No.       /QĐ-{code} of      /     /{year} of {org})",
    ),
    "annex.attached_party": (
        "(Kèm theo Quyết định số      -QĐ/{code} ngày     tháng     năm {year} của {org})",
        "(Attached to Decision No.      -QĐ/{code} of      /     /{year} of {org})",
    ),
    "annex.criteria": ("Tiêu chí xét chọn: {criteria}.", "Criteria: {criteria}."),
    "annex.scale": (
        "Hội đồng xét chọn gồm {members} thành viên; mỗi tiêu chí chấm từ 1 đến 5 điểm. Điểm ghi dưới đây là bình quân "
        "các điểm đã chấm; cột «Đã chấm» cho biết số thành viên đã chấm đủ các tiêu chí.",
        "The review council has {members} members; each criterion is scored 1 to 5. The scores below are the averages "
        "of the scores given; «Scored» says how many members scored every criterion.",
    ),
    "annex.col.n": ("STT", "No."),
    "annex.col.name": ("Họ và tên, nơi công tác", "Name, workplace"),
    "annex.col.category": ("Hạng mục", "Category"),
    "annex.col.criteria": ("Điểm theo tiêu chí", "Score by criterion"),
    "annex.col.average": ("Điểm bình quân", "Average"),
    "annex.col.scored": ("Đã chấm", "Scored"),
    "annex.col.decision": ("Quyết định", "Decision"),
    "annex.col.reason": ("Lý do", "Reason"),
    "annex.caption": (
        "📄 Danh sách xét khen thưởng «{title}» ({count} đề cử), dự thảo phụ lục quyết định khen thưởng.",
        "📄 The honours list of «{title}» ({count} nominations), a draft annex to the decision.",
    ),
    # the yearly report
    "report.s_honours": ("IV. TÔN VINH TRÍ THỨC TIÊU BIỂU", "IV. HONOURING OUTSTANDING INTELLECTUALS"),
    "report.honours.none": ("Trong năm chưa tổ chức đợt tôn vinh nào.", "No round of honours was held in the year."),
    "report.honours.rounds": (
        "Tổ chức {rounds} đợt tôn vinh ({announced} đã công bố kết quả), nhận {nominations} đề cử; {reviewed} đề cử "
        "được đưa vào xét chọn (người được đề cử đồng ý, hoặc đề cử theo tên người chưa dùng Hiến kế).",
        "{rounds} round(s) of honours ({announced} announced), {nominations} nominations; {reviewed} went to the council "
        "(the nominee accepted, or was nominated by name without using Hiến kế).",
    ),
    "report.honours.round": (
        "- {title}: {nominations} đề cử, {honoured} người được khen thưởng.",
        "- {title}: {nominations} nominations, {honoured} honoured.",
    ),
    "report.honours.honoured": (
        "Có {count} trí thức được khen thưởng (theo kết quả đã công bố), trong đó {in_bot} người có hồ sơ trên Hiến kế. "
        "Các tỷ lệ dưới đây chỉ tính trên những người này đã đồng ý và đã khai mục tương ứng.",
        "{count} intellectual(s) honoured (in announced results), {in_bot} of them with a profile on Hiến kế. The shares "
        "below count only those of them who consented and answered that question.",
    ),
    "report.honours.by_field": ("Người được khen thưởng theo lĩnh vực chuyên môn:", "Honourees by field of expertise:"),
}

register(TEXTS)
