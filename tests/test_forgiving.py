"""A conversation that forgives, as a person who types rather than presses would have it: tables of "person says /
bot answers" played on the fake Telegram server and on the console (the same application as `hienke run`, in a
terminal): typed answers without diacritics, unknown words and digits at every menu, interruptions at every step of
every form (and a restart in the middle of one set aside), first contact without /start, dates as people type them,
a poll closing in the console with its results delivered."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.app import Application
from bot.console import ConsoleChannel, converse, until_answered
from bot.menus import plain, typed_number
from bot.messages import OutFile, Outgoing, Reply
from bot.settings import load_settings
from handlers.dates import in_full, parse_moment
from storage.db import Database
from storage.models import ConversationState, Person, Submission
from tests.conftest import ADMIN_ID, Clock, Harness

Say = Callable[[str], Awaitable[list[str]]]
Table = list[tuple[str, str | tuple[str, ...]]]
MEMBER = 4101
CONSOLE_ADMIN = "admin"
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


async def play(say: Say, table: Table) -> None:
    """Say each text in turn; everything the bot answered must hold each expected piece."""
    for said, expected in table:
        answered = "\n".join(await say(said))
        for piece in (expected,) if isinstance(expected, str) else expected:
            assert piece in answered, f"{said!r}: expected {piece!r} in:\n{answered}"


class Terminal:
    """`hienke chat --as console:<user>` in this process: the whole application, a terminal's output as a list."""

    def __init__(self, app: Application, channel: ConsoleChannel, printed: list[str]) -> None:
        self.app, self.channel, self.printed = app, channel, printed

    async def say(self, line: str) -> list[str]:
        start = len(self.printed)
        await converse(self.app, self.channel, line)
        return self.printed[start:]


Open = Callable[[str], Awaitable[Terminal]]


@pytest.fixture
async def terminal(database_url: str, clock: Clock, tmp_path: Path) -> AsyncIterator[Open]:
    """Opens terminals on one database, as `hienke chat` does (dispatch, sender and scheduler running)."""
    settings = load_settings(
        _env_file=None, database_url=database_url, hienke_admins=f"console:{CONSOLE_ADMIN}",
        hienke_secret_key="console-test-secret-key-for-sealing-authors", hienke_files_dir=tmp_path / "files",
    )  # fmt: skip
    opened: list[Application] = []

    async def open_terminal(user: str) -> Terminal:
        printed: list[str] = []
        channel = ConsoleChannel("console", user, printed.append, settings.hienke_files_dir, clock)
        # each terminal its own connection pool (several on one SQLite file, in this one process), its own sender
        app = await Application.build(settings, channels=[channel], clock=clock, db=Database.from_url(database_url))
        await app.start(own_sender=True)
        opened.append(app)
        return Terminal(app, channel, printed)

    yield open_terminal
    for app in opened:
        await app.close()


def telegram(h: Harness, user_id: int = MEMBER) -> Say:
    return lambda text: h.say(user_id, text)


Speak = Callable[[str], Awaitable[Say]]  # (who: member, other or admin) -> their side of the chat
PEOPLE: dict[str, dict[str, int | str]] = {
    "telegram": {"member": MEMBER, "other": MEMBER + 1, "admin": ADMIN_ID},
    "console": {"member": "hoa", "other": "mai", "admin": CONSOLE_ADMIN},
}


@pytest.fixture(params=["telegram", "console"])
def speak(request: pytest.FixtureRequest) -> Speak:
    """The same table on each channel, each on its own database: the fake Telegram server, or the console."""
    if request.param == "telegram":
        harness: Harness = request.getfixturevalue("harness")

        async def on_telegram(who: str) -> Say:
            return telegram(harness, int(PEOPLE["telegram"][who]))

        return on_telegram
    open_terminal: Open = request.getfixturevalue("terminal")

    async def on_console(who: str) -> Say:
        return (await open_terminal(str(PEOPLE["console"][who]))).say

    return on_console


# ------------------------------------------------------------------ typed answers without diacritics

JOIN: Table = [
    ("/start", "Bạn có đồng ý không?"),
    ("dong y", "✓ Bạn đã đồng ý."),
    ("de sau.", "Được. Khi nào muốn, gõ /profile."),
]
FEEDBACK_TYPED: Table = [
    *JOIN,
    ("/feedback", "Ý kiến của bạn thuộc lĩnh vực nào?"),
    ("Y TE", "Chủ đề: Y tế ✓"),
    ("Trạm y tế xã thiếu thuốc sốt rét.", "Ai được biết bạn là người gửi?"),
    ("an danh", "Hình thức: Ẩn danh"),
    ("gui!", "Đã nhận ý kiến của bạn."),
]
PROFILE_TYPED: Table = [
    *JOIN,
    ("/profile", "Hồ sơ của bạn:"),
    ("khai lan luot tat ca", "Họ và tên của bạn?"),
    ("Nguyễn Thị Hoa", "Lĩnh vực chuyên môn của bạn?"),
    ("y te", "Lĩnh vực: Y tế ✓"),
    ("thac si", "Nơi công tác của bạn?"),
    ("Bo qua", ("Nơi công tác: (bỏ qua)", "Bạn sống hoặc làm việc ở xã, phường nào?")),  # not saved as a workplace
    ("xa mu ca", "Bạn là hội viên của hội nào?"),
    ("hoi y hoc", "Bạn là hội viên của hội nào?"),  # ticked (the tick shows on its button)
    ("xong", "Hội: Hội Y học ✓"),
    ("dung.", "Đã dừng. Những gì bạn đã khai vẫn được lưu."),
]


async def test_typed_answers_without_diacritics(speak: Speak, database_url: str) -> None:
    await play(await speak("member"), FEEDBACK_TYPED)
    await play(await speak("other"), PROFILE_TYPED)
    db = Database.from_url(database_url)
    async with db.transaction() as session:
        assert len((await session.scalars(select(Submission))).all()) == 1
        people = (await session.scalars(select(Person).where(Person.full_name == "Nguyễn Thị Hoa"))).all()
    await db.dispose()
    assert [(p.field, p.qualification, p.workplace, p.commune, p.associations) for p in people] == [
        ("health", "master", None, "Xã Mù Cả", ["medicine"])
    ]


def test_the_matcher() -> None:
    assert [plain(s) for s in ("  Đồng ý! ", "de sau.", "✓ Hội Y học", "[Bỏ qua]", "ĐÃ XONG")] == [
        "dong y", "de sau", "hoi y hoc", "bo qua", "da xong",
    ]  # fmt: skip
    assert [typed_number(s) for s in ("3", " 3. ", "٣", "3a", "", "¹")] == [3, 3, None, None, None, 1]  # the number reader's


# ------------------------------------------------------------------ unknown words and digits at every menu

MISS = "không phải một lựa chọn ở đây"
MENUS: list[tuple[str, Table, str]] = [  # (which, how to reach it, its question)
    ("profile offer", [("/start", "Bạn có đồng ý"), ("dong y", "Bạn có muốn khai hồ sơ")], "Bạn có muốn khai hồ sơ"),
    ("topic", [*JOIN, ("/feedback", "lĩnh vực nào")], "Ý kiến của bạn thuộc lĩnh vực nào?"),
    ("privacy", [*JOIN, ("/feedback", "lĩnh vực"), ("y te", "Chủ đề"), ("Thiếu thuốc.", "Ai được biết")], "Ai được biết"),
    ("confirm", [*JOIN, ("/feedback", "lĩnh"), ("y te", "Chủ đề"), ("Thiếu thuốc.", "Ai"), ("ghi ten", "Xin kiểm")], "Xin kiểm tra"),
    ("field", [*JOIN, ("/profile", "Hồ sơ"), ("khai lan luot tat ca", "Họ và tên"), ("Hoa", "Lĩnh vực")], "Lĩnh vực chuyên môn"),
    ("associations", [*JOIN, ("/profile", "Hồ sơ"), ("hoi", "Bạn là hội viên")], "Bạn là hội viên"),
    ("language", [*JOIN, ("/language", "Chọn ngôn ngữ")], "Chọn ngôn ngữ:"),
    ("forget", [*JOIN, ("/forget", "Xoá hồ sơ")], "Xoá hồ sơ"),
]


@pytest.mark.parametrize("which", [m[0] for m in MENUS])
async def test_unknown_words_and_digits_at_every_menu(speak: Speak, database_url: str, which: str) -> None:
    """A word or a digit that is no option: one line saying so, the same question with its options, nothing chosen."""
    _, reach, question = next(m for m in MENUS if m[0] == which)
    misses: Table = [("xyz", (f"«xyz» {MISS}", question)), ("99", (f"«99» {MISS}", question)), ("0", f"«0» {MISS}")]
    await play(await speak("member"), [*reach, *misses])
    db = Database.from_url(database_url)
    async with db.transaction() as session:
        assert not (await session.scalars(select(Submission))).all()
        people = (await session.scalars(select(Person))).all()
    await db.dispose()
    assert people and all(p.language == "vi" and p.workplace is None for p in people)


async def test_digits_answer_numbered_menus_on_the_console(terminal: Open) -> None:
    term = await terminal("ba")
    await play(term.say, [
        ("/start", "1. Đồng ý\n2. Không đồng ý"), ("1", "✓ Bạn đã đồng ý."), ("2", "Được. Khi nào muốn"),
        ("/feedback", "1. Giáo dục"), ("2", "Chủ đề: Y tế ✓"), ("3", "Ai được biết"),  # a typed 3 is the text here
    ])  # fmt: skip
    await play(term.say, [("3", "Hình thức: Ẩn danh"), ("1", "Đã nhận ý kiến của bạn.")])


# ------------------------------------------------------------------ interruptions at every step of every form

KEPT = "📝 Đã giữ lại"
CARRY_ON = "viet tiep"  # typed, as people do
FORMS: list[tuple[str, str, list[tuple[str, str]]]] = [  # (form, its command, [(an answer, the question it answers)])
    ("feedback", "/feedback", [
        ("y te", "Ý kiến của bạn thuộc lĩnh vực nào?"),
        ("Trạm y tế xã thiếu thuốc.", "Xin viết nội dung ý kiến"),
        ("ghi ten", "Ai được biết bạn là người gửi?"),
        ("gui", "Xin kiểm tra trước khi gửi"),
    ]),
    ("newpoll", "/newpoll", [
        ("Giờ họp nào phù hợp?", "Câu hỏi? (tối đa 300 ký tự)"),
        ("Sáng\nChiều", "Gửi các phương án"),
        ("xong", "Đã có:"),
        ("chon mot", "Mỗi người chọn một hay nhiều phương án?"),
        ("chi khi dong tham do", "Khi nào người trả lời được xem kết quả?"),
        ("thu sau 17h", "Đóng thăm dò lúc nào?"),
        ("xong (1 nguoi)", "Gửi tới ai?"),
        ("huy", "Xem trước:"),
    ]),
    ("broadcast", "/broadcast", [
        ("Chiều nay mất điện từ 14h.", "Nhập nội dung thông báo"),
        ("xong (1 nguoi)", "Gửi tới ai?"),
        ("huy", "Xem trước:"),
    ]),
    ("newevent", "/newevent", [
        ("Đối thoại chuyển đổi số", "Tên buổi đối thoại?"),
        ("Nghe ý kiến trí thức trẻ.", "Nội dung, mục đích của buổi?"),
        ("thu sau 9h", "Bắt đầu lúc nào?"),
        ("11h", "Kết thúc lúc nào?"),
        ("Hội trường UBND phường", "Địa điểm"),
        ("bo qua", "Tối đa bao nhiêu người?"),
        ("mai 17h", "Hạn trả lời lời mời?"),
        ("xong (1 nguoi)", "Gửi tới ai?"),
        ("huy", "Xem trước lời mời:"),
    ]),
]


@pytest.mark.parametrize("form", [f[0] for f in FORMS])
async def test_interruptions_at_every_step_of_every_form(harness: Harness, form: str) -> None:
    """At each step, a command answers and keeps the form; the form's command offers it back where it was."""
    _, command, steps = next(f for f in FORMS if f[0] == form)
    say = telegram(harness, ADMIN_ID)
    await play(say, JOIN)
    for stop in range(1, len(steps)):  # the first question holds nothing yet: there is nothing to keep before it
        opened = "\n".join(await say(command))
        if "Viết tiếp hay bỏ nó" in opened:
            await play(say, [("bo ban cu, bat dau lai", "Đã bỏ bản cũ")])
        for answer, _ in steps[:stop]:
            await say(answer)
        await play(say, [
            ("/mine", KEPT),
            (command, "Viết tiếp hay bỏ nó và bắt đầu lại?"),
            ("xyz", MISS),  # nothing chosen by default
            (CARRY_ON, ("Tiếp tục từ chỗ bạn dừng", steps[stop][1])),
        ])  # fmt: skip
        if stop + 1 < len(steps):
            await play(say, [(steps[stop][0], steps[stop + 1][1])])  # and it goes on from there


async def test_a_restart_in_the_middle_of_a_form_set_aside(harness: Harness) -> None:
    say = telegram(harness)
    await play(say, [
        *JOIN, ("/feedback", "lĩnh vực"), ("phap luat", "Chủ đề: Pháp luật ✓"),
        ("Cần trợ giúp pháp lý lưu động cho xã Tà Tổng.", "Ai được biết"),
        ("/language", ("Chọn ngôn ngữ:", f"{KEPT} ý kiến bạn đang viết. Gõ /feedback để viết tiếp.")),
    ])  # fmt: skip
    await harness.restart()
    await play(say, [
        ("tieng viet", "Đã chuyển sang tiếng Việt."),  # the language menu still answers after the restart
        ("/feedback", "Bạn còn ý kiến bạn đang viết."),
        (CARRY_ON, "Ai được biết bạn là người gửi?"),
        ("bao mat", ("Chủ đề: Pháp luật\nHình thức: Bảo mật", "Cần trợ giúp pháp lý lưu động cho xã Tà Tổng.")),
        ("gui", "Đã nhận ý kiến của bạn."),
    ])  # fmt: skip


async def test_a_new_start_discards_only_when_asked(harness: Harness) -> None:
    say = telegram(harness)
    await play(say, [
        *JOIN, ("/feedback", "lĩnh vực"), ("giao duc", "Chủ đề: Giáo dục ✓"), ("/mine", KEPT),
        ("Trường cần thêm phòng máy.", "Bạn có muốn gửi tin nhắn này thành ý kiến"),  # a new message, offered
        ("gui thanh y kien", "Bạn còn ý kiến bạn đang viết."),
        ("bo ban cu, bat dau lai", ("Đã bỏ bản cũ", "Ý kiến của bạn thuộc lĩnh vực nào?")),
        ("giao duc", ("Chủ đề: Giáo dục ✓", "Ai được biết")),  # the new message is the text
    ])  # fmt: skip


# ------------------------------------------------------------------ first contact without /start

FIRST_CONTACT: Table = [
    ("xin chao, toi muon gop y ve duong lang", ("Xin chào! Đây là Hiến kế", "Chúng tôi đã giữ tin nhắn của bạn", "Bạn có đồng ý không?")),
    ("/help", ("Trước khi đồng ý", "/start", "/language")),
    ("dong y", ("✓ Bạn đã đồng ý.", "Bạn có muốn gửi tin nhắn này thành ý kiến")),
    ("gui thanh y kien", "Ý kiến của bạn thuộc lĩnh vực nào?"),
    ("ha tang", ("Chủ đề: Hạ tầng ✓", "Ai được biết")),  # what they wrote first is the text
    ("an danh", "xin chao, toi muon gop y ve duong lang"),
]


async def test_first_contact_without_start(speak: Speak) -> None:
    await play(await speak("member"), FIRST_CONTACT)
    help_text = "\n".join(await (await speak("other"))("/help"))
    assert "/feedback" not in help_text and "/language" in help_text  # only what works before consenting


async def test_too_long_is_said_when_it_arrives(terminal: Open) -> None:
    long = "Đường " * 600  # 3,600 characters, 3,599 once the last space is trimmed
    table: Table = [
        *JOIN,
        (long, "Nội dung dài 3.599 ký tự, quá giới hạn 3.000 ký tự. Xin rút bớt 599 ký tự rồi gửi lại."),
    ]
    await play((await terminal("dai")).say, table)  # Telegram cuts a message at 4,096; the console does not


# ------------------------------------------------------------------ dates as people type them

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # Monday 09:00 in Hà Nội
ACCEPTED = {
    "17h": "thứ Hai 30/11/2026 lúc 17:00",
    "17h30": "thứ Hai 30/11/2026 lúc 17:30",
    "17:30": "thứ Hai 30/11/2026 lúc 17:30",
    "8h": "thứ Ba 01/12/2026 lúc 08:00",  # already past today
    "thứ Sáu 9h": "thứ Sáu 04/12/2026 lúc 09:00",
    "thu sau 9h": "thứ Sáu 04/12/2026 lúc 09:00",
    "T6 9h": "thứ Sáu 04/12/2026 lúc 09:00",
    "mai 9h": "thứ Ba 01/12/2026 lúc 09:00",
    "15/12": "thứ Ba 15/12/2026 lúc 23:59",
    "15/12 14h": "thứ Ba 15/12/2026 lúc 14:00",
    "15/12/2026 14:00": "thứ Ba 15/12/2026 lúc 14:00",
    "15-12-2026 14h30": "thứ Ba 15/12/2026 lúc 14:30",
    "2h chiều": "thứ Hai 30/11/2026 lúc 14:00",
    "1/1": "thứ Sáu 01/01/2027 lúc 23:59",  # passed this year: next year's
}
REFUSED = ("25:00", "17h75", "32/12", "15/13", "29/02/2027", "17", "abc", "thứ Tám 9h", "ngày mai", "thứ Sáu")


def test_every_accepted_date_form_and_the_refused_ones() -> None:
    understood = {text: parse_moment(text, NOW, ZONE) for text in ACCEPTED}
    assert {text: in_full("vi", moment, ZONE) if moment else None for text, moment in understood.items()} == ACCEPTED
    assert {text: parse_moment(text, NOW, ZONE) for text in REFUSED} == dict.fromkeys(REFUSED)


async def test_dates_in_a_dialogue(speak: Speak) -> None:
    table: Table = [
        *JOIN,
        ("/newpoll", "Câu hỏi?"), ("Họp lúc nào?", "phương án"), ("Sáng\nChiều", "Đã có"), ("xong", "một hay nhiều"),
        ("chon mot", "xem kết quả"), ("chi khi dong tham do", "Đóng thăm dò lúc nào?"),
        *((text, "Chưa đọc được thời gian.") for text in REFUSED),
        ("8h", "✓ Đã hiểu: thứ Ba 01/12/2026 lúc 08:00."),  # past today: tomorrow
    ]  # fmt: skip
    await play(await speak("admin"), table)


# ------------------------------------------------------------------ the console is the whole application

async def test_a_poll_closes_in_the_console_and_its_results_arrive(terminal: Open, clock: Clock) -> None:
    """Two terminals on one database, as two people would run `hienke chat`: the admin asks, Hoa votes."""
    admin, hoa = await terminal(CONSOLE_ADMIN), await terminal("hoa")
    assert admin.app.scheduler._apscheduler.running  # the console runs the scheduler, as `run` does
    await play(hoa.say, JOIN)
    await play(admin.say, [
        *JOIN, ("/newpoll", "Câu hỏi?"), ("Họp lúc nào?", "phương án"), ("Sáng\nChiều", "Đã có"), ("xong", "một hay nhiều"),
        ("1", "xem kết quả"), ("2", "Đóng thăm dò lúc nào?"), ("17h", "✓ Đã hiểu: thứ Hai 30/11/2026 lúc 17:00."),
        ("xong (2 nguoi)", "Xem trước:"), ("gui", "Đã tạo thăm dò"),
    ])  # fmt: skip
    await until_answered(hoa.app, hoa.channel)
    assert "Họp lúc nào?\n\nChọn một phương án" in "\n".join(hoa.printed) and "1. Sáng" in "\n".join(hoa.printed)
    await play(hoa.say, [("/polls", "Họp lúc nào?"), ("hop luc nao?", "Chọn một phương án"), ("sang", "Bạn đã chọn: Sáng")])
    clock.advance(hours=9)
    start, noted = len(hoa.printed), len(admin.printed)
    await admin.app.scheduler.run_due()
    await until_answered(admin.app, admin.channel)
    assert "🔒 Thăm dò «Họp lúc nào?» đã đóng, 1 người trả lời." in "\n".join(admin.printed[noted:])
    await play(hoa.say, [("/polls", "🔒 Đã đóng — 1 người trả lời — đã trả lời")])  # her /polls shows it closed
    assert "📊 Kết quả thăm dò:\nHọp lúc nào?" in "\n".join(hoa.printed[start:])  # and its results came to her
    files = sorted((hoa.channel.download_dir).iterdir())
    assert files and all(f.name[:4] == "2026" for f in files)  # the chart, under a time-stamped name


async def test_an_event_created_in_the_console_has_its_qr_code_among_the_files(terminal: Open) -> None:
    admin = await terminal(CONSOLE_ADMIN)
    await play(admin.say, [
        *JOIN, ("/newevent", "Tên buổi đối thoại?"), ("Đối thoại chuyển đổi số", "Nội dung"), ("Nghe ý kiến.", "Bắt đầu"),
        ("thu sau 9h", "✓ Đã hiểu: thứ Sáu 04/12/2026 lúc 09:00."), ("11h", "✓ Đã hiểu: thứ Sáu 04/12/2026 lúc 11:00."),
        ("Hội trường", "Tối đa bao nhiêu người?"), ("bo qua", "Hạn trả lời"), ("bo qua", "Gửi tới ai?"),
        ("xong (1 nguoi)", "Xem trước lời mời:"), ("gui", ("🔗 Đường dẫn tới buổi đối thoại", "/start ev_1", "-event-1-qr.png")),
    ])  # fmt: skip
    assert [p.suffix for p in admin.channel.download_dir.iterdir()] == [".png"]


async def test_console_files_never_overwrite(tmp_path: Path) -> None:
    printed: list[str] = []
    channel = ConsoleChannel("console", "x", printed.append, tmp_path / "files", lambda: NOW)
    for _ in range(3):
        await channel.deliver(Outgoing("console", "x", Reply("tệp", document=OutFile("bao-cao.docx", b"x"))))
    names = sorted(p.name for p in (tmp_path / "files").iterdir())
    assert len(names) == 3 and all(name.endswith(".docx") and "bao-cao" in name for name in names)


async def test_state_is_untouched_by_a_miss(harness: Harness) -> None:
    await play(telegram(harness), [*JOIN, ("/feedback", "lĩnh vực"), ("y te", "Chủ đề")])
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        before = await session.get(ConversationState, ("telegram", str(MEMBER), str(MEMBER)))
        assert before is not None
        step, data = before.step, dict(before.data)
    await play(telegram(harness), [("Thiếu thuốc.", "Ai được biết"), ("xyz", MISS)])
    async with harness.app.db.transaction() as session:
        after = await session.get(ConversationState, ("telegram", str(MEMBER), str(MEMBER)))
        assert after is not None and after.step == "feedback.privacy" and step == "feedback.text" and data
