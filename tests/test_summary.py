"""/summary for leaders: figures against the previous week, themes without stop-words, excerpts never from
anonymous authors, the chart, the drill-down buttons, who may see what, and the weekly digest."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from handlers.themes import stopwords
from storage.db import Database
from storage.models import (
    Ballot,
    Broadcast,
    Digest,
    Draft,
    DraftComment,
    DraftSection,
    Event,
    Identity,
    Person,
    Poll,
    Rsvp,
    Submission,
    SubmissionEvent,
)
from tests.conftest import ADMIN_ID, Harness
from tests.flows import member

OFFICIAL = 7001
MEMBER = 7002
UNIT = "Phòng Văn hoá – Xã hội"
ANONYMOUS_MARK = "Khuổi Hà"  # only anonymous texts name this place


def day(d: int, hour: int = 3, month: int = 11) -> datetime:
    return datetime(2026, month, d, hour, tzinfo=UTC)


@dataclass(frozen=True)
class Seed:
    """One submission as the test wants it."""

    topic: str
    privacy: str
    text: str
    created: datetime
    status: str = "received"
    answered_after: float | None = None  # hours to the first answer
    rating: int | None = None
    overdue: bool = False
    unit: str | None = None
    commune: str | None = None


THIS_WEEK = [
    Seed("health", "named", "Trạm y tế xã thiếu bác sĩ, người dân phải đi xa. Gọi 0912 345 678.", day(24), "answered", 2, 5,
         commune="Xã Mù Cả"),
    Seed("health", "confidential", "Trạm y tế cần thêm bác sĩ trẻ, liên hệ hoa@example.com.", day(25), "closed", 4, 4,
         commune="Phường Tân Phong"),
    Seed("health", "anonymous", f"Trạm y tế ở bản {ANONYMOUS_MARK} không có thuốc, học sinh ốm phải nghỉ.", day(26), overdue=True),
    Seed("education", "named", "Trường thiếu giáo viên tiếng Anh, học sinh phải học ghép lớp.", day(27), "in_review",
         unit=UNIT, commune="Xã Mù Cả"),
    Seed("infrastructure", "anonymous", f"Đường vào {ANONYMOUS_MARK} sạt lở.", day(28), "declined"),
]
LAST_WEEK = [
    Seed("health", "named", "Xin thêm giường bệnh.", day(18), "answered", 10, 4, unit=UNIT),
    Seed("education", "named", "Sửa mái trường mầm non.", day(19), "answered", 30),
    Seed("law", "anonymous", "Hỏi về thủ tục đất đai.", day(20), overdue=True),
]


async def seed_submissions(db: Database, seeds: list[Seed]) -> None:
    """Submissions straight into the database, with their first answer in the timeline."""
    async with db.transaction() as session:
        for n, seed in enumerate(seeds):
            person = None
            if seed.privacy != "anonymous":
                person = Person(
                    consent_at=seed.created, full_name=f"Tác giả {n}", commune=seed.commune, associations=[], language="vi"
                )
                session.add(person)
                await session.flush()
            answered = seed.created + timedelta(hours=seed.answered_after) if seed.answered_after is not None else None
            due = seed.created + (timedelta(hours=1) if seed.overdue else timedelta(days=60))
            submission = Submission(
                code=f"HK-T{n:03d}{seed.created.day:02d}",
                person_id=person.id if person else None,
                author_seal="sealed" if person is None else None,
                privacy=seed.privacy,
                topic=seed.topic,
                text=seed.text,
                status=seed.status,
                unit=seed.unit,
                rating=seed.rating,
                created_at=seed.created,
                ack_due_at=due,
                answer_due_at=due,
                acknowledged_at=answered,
                answered_at=answered,
            )
            session.add(submission)
            await session.flush()
            if answered is not None:
                session.add(SubmissionEvent(submission_id=submission.id, kind="answered", status="answered", detail="…", at=answered))


async def seed_activity(db: Database) -> None:
    """A dialogue held this week (three to attend), a cancelled and a future one, a poll closed, a draft open."""
    async with db.transaction() as session:
        people = [Person(consent_at=day(20), associations=[], language="vi") for _ in range(4)]
        session.add_all(people)
        held = Event(title="Đối thoại với bác sĩ trẻ", starts_at=day(26), rsvp_deadline=day(25))
        cancelled = Event(title="Hoãn", starts_at=day(27), rsvp_deadline=day(26), status="cancelled")
        later = Event(title="Sắp tới", starts_at=day(5, month=12), rsvp_deadline=day(4, month=12))
        poll = Poll(question="Giờ tiếp dân?", options=["Sáng", "Chiều"], closes_at=day(27), status="closed", closed_at=day(27))
        draft = Draft(status="published", title="Đề án thu hút trí thức", deadline=day(29), published_at=day(20))
        session.add_all([held, cancelled, later, poll, draft])
        await session.flush()
        answers = ("attend", "attend", "attend", "decline")
        session.add_all(Rsvp(event_id=held.id, person_id=p.id, answer=a) for p, a in zip(people, answers, strict=True))
        session.add_all(Rsvp(event_id=cancelled.id, person_id=p.id, answer="attend") for p in people)
        session.add_all(Ballot(poll_id=poll.id, person_id=p.id, choices=[i % 2]) for i, p in enumerate(people))
        session.add(Broadcast(kind="poll", ref_id=poll.id, total=10, status="done"))
        section = DraftSection(draft_id=draft.id, position=1, heading="Điều 1.")
        session.add(section)
        await session.flush()
        session.add_all(DraftComment(section_id=section.id, person_id=p.id, kind="agree") for p in people[:2])


async def seeded(h: Harness) -> None:
    assert h.app is not None
    await h.join(ADMIN_ID)
    await seed_submissions(h.app.db, THIS_WEEK + LAST_WEEK)
    await seed_activity(h.app.db)


def summary_text(texts: list[str]) -> str:
    return next(text for text in texts if text.startswith("📊"))


async def test_summary_figures_against_last_week(harness: Harness) -> None:
    await seeded(harness)
    texts = await harness.say(ADMIN_ID, "/summary")
    text = summary_text(texts)
    assert text.startswith("📊 Tổng hợp 7 ngày qua\n24/11–30/11/2026, so với 17/11–23/11/2026\nĐảng uỷ phường Tân Phong\n")
    for expected in (
        "📝 Ý kiến mới: 5 ▲2",
        "• Y tế: 3 ▲2",
        "• Giáo dục: 1 =",
        "• Hạ tầng: 1 ▲1",
        "Ghi tên 2 · Bảo mật 1 · Ẩn danh 2",
        "✅ Đã trả lời: 2 =",
        "⏳ Đang xử lý: 1 ▲1",
        "⚠️ Quá hạn: 1 =",
        "✖️ Đóng, không trả lời: 1 ▲1",
        "⏱ Trả lời lần đầu sau 3,0 giờ ▼17,0\n   (trung vị)",
        "⭐ Hài lòng: 4,5/5 ▲0,5\n   (2 lượt chấm)",
        "🤝 Đối thoại: 1 buổi ▲1\n   3 người đăng ký dự ▲3",
        "🗳 Thăm dò đã đóng: 1 ▲1\n   4/10 người trả lời (40%)",
        "📜 Dự thảo lấy ý kiến: 1 =\n   2 góp ý =",
        "👥 Người mới tham gia: 4 ▼2",  # the admin and three authors; last week two authors and four others
    ):
        assert expected in text, f"{expected!r} not in:\n{text}"
    assert max(len(line) for line in text.splitlines() if not line.startswith("«")) <= 60  # phone-sized lines


async def test_themes_and_excerpts(harness: Harness) -> None:
    await seeded(harness)
    text = summary_text(await harness.say(ADMIN_ID, "/summary"))
    themes = next(line for line in text.splitlines() if line.startswith("🔎 Nổi bật: ")).removeprefix("🔎 Nổi bật: ").split(" · ")
    assert themes[0] == "trạm y tế" and "học sinh" in themes
    stop = stopwords()
    for theme in themes:
        assert not any(syllable in stop.syllables for syllable in theme.split()), theme
        assert tuple(theme.split()) not in stop.phrases, theme
    quotes = [line for line in text.splitlines() if line.startswith("«")]
    assert len(quotes) == 3
    assert not any(ANONYMOUS_MARK in quote for quote in quotes)  # never quoted from an anonymous author
    assert "«Trạm y tế xã thiếu bác sĩ, người dân phải đi xa. Gọi •••• ••• •••.»" in quotes
    assert "«Trạm y tế cần thêm bác sĩ trẻ, liên hệ •••@•••.»" in quotes


async def test_chart_is_sent_as_a_photo_before_the_summary(harness: Harness) -> None:
    await seeded(harness)
    await harness.say(ADMIN_ID, "/summary")
    photo, summary = harness.tg.sent_to(ADMIN_ID)[-2:]
    assert photo.method == "sendPhoto" and (photo.document_bytes or b"").startswith(b"\x89PNG")
    assert photo.text == "Ý kiến mới từ 06/10 đến 30/11/2026, mỗi cột một tuần: theo lĩnh vực và theo trạng thái đến nay."
    assert summary.text.startswith("📊") and [label for label, _ in harness.tg.buttons(summary)] == [
        "📂 Theo lĩnh vực",
        "📍 Theo xã, phường",
        "⚠️ Quá hạn (2)",
    ]


async def test_no_chart_when_there_is_nothing_to_draw(harness: Harness) -> None:
    await harness.join(ADMIN_ID)
    texts = await harness.say(ADMIN_ID, "/summary")
    assert len(texts) == 1 and texts[0].startswith("📊 Tổng hợp 7 ngày qua") and "📝 Ý kiến mới: 0 =" in texts[0]
    assert harness.last(ADMIN_ID).method == "sendMessage"


async def test_drill_down_by_topic_commune_and_overdue(harness: Harness) -> None:
    await seeded(harness)
    await harness.say(ADMIN_ID, "/summary")
    texts = await harness.press(ADMIN_ID, harness.button(ADMIN_ID, "📂 Theo lĩnh vực"))
    assert texts == [
        "📂 Ý kiến theo lĩnh vực\n24/11–30/11/2026\n"
        "• Y tế: 3 ▲2\n   ✅ 2 · ⏳ 0 · ⚠️ 1\n"
        "• Giáo dục: 1 =\n   ✅ 0 · ⏳ 1 · ⚠️ 0\n"
        "• Hạ tầng: 1 ▲1\n   ✅ 0 · ⏳ 0 · ⚠️ 0"
    ]
    texts = await harness.press(ADMIN_ID, harness.button(ADMIN_ID, "📍 Theo xã, phường"))
    assert texts == [  # the admin knows confidential authors' communes; anonymous ones have none
        "📍 Ý kiến theo xã, phường của người gửi\n24/11–30/11/2026\n"
        "• Xã Mù Cả: 2 ▲2\n   ✅ 1 · ⏳ 1 · ⚠️ 0\n"
        "• Phường Tân Phong: 1 ▲1\n   ✅ 1 · ⏳ 0 · ⚠️ 0\n"
        "• Không rõ (ẩn danh, chưa khai): 2 ▼1\n   ✅ 0 · ⏳ 0 · ⚠️ 1"
    ]
    texts = await harness.press(ADMIN_ID, harness.button(ADMIN_ID, "⚠️ Quá hạn (2)"))
    assert texts == ["⚠️ Quá hạn hiện nay: 2\n• HK-T00720 · Pháp luật · trễ 9,9 ngày\n• HK-T00226 · Y tế · trễ 3,9 ngày"]
    assert [label for label, _ in harness.tg.buttons(harness.last(ADMIN_ID))] == ["HK-T00720", "HK-T00226"]
    opened = await harness.press(ADMIN_ID, harness.button(ADMIN_ID, "HK-T00226"))
    assert opened[0].startswith("Ý kiến HK-T00226 ⚠️ QUÁ HẠN")  # the overdue list opens the item in the inbox


async def test_a_month_and_given_days(harness: Harness) -> None:
    await seeded(harness)
    text = summary_text(await harness.say(ADMIN_ID, "/summary month"))
    assert text.startswith("📊 Tổng hợp 30 ngày qua\n01/11–30/11/2026, so với 02/10–31/10/2026\n")
    assert "📝 Ý kiến mới: 8 ▲8" in text
    text = summary_text(await harness.say(ADMIN_ID, "/summary 2026-11-17 2026-11-23"))
    assert text.startswith("📊 Tổng hợp\n17/11–23/11/2026, so với 10/11–16/11/2026\n") and "📝 Ý kiến mới: 3 ▲3" in text
    assert summary_text(await harness.say(ADMIN_ID, "/summary 17/11/2026 23/11/2026")) == text
    texts = await harness.say(ADMIN_ID, "/summary 2026-01-01 2026-11-30")
    assert texts[0] == "Ý kiến mới từ 01/01 đến 30/11/2026, mỗi cột 4 tuần: theo lĩnh vực và theo trạng thái đến nay."
    for wrong in ("/summary year", "/summary 2026-11-30 2026-11-01", "/summary 2025-01-01 2026-11-01"):
        assert (await harness.say(ADMIN_ID, wrong))[0].startswith("Cách dùng:\n/summary — 7 ngày qua")


async def test_who_may_see_summaries(harness: Harness) -> None:
    await seeded(harness)
    await member(harness, MEMBER)
    refusal = "Xin lỗi, bạn không có quyền dùng lệnh này."
    assert await harness.say(MEMBER, "/summary") == [refusal]
    for payload in ("sm:o", "sm:t:1764000000:1764600000"):
        forged = harness.tg.callback_update(MEMBER, payload, harness.last(MEMBER).message_id)
        assert await harness.push(forged) == [refusal]
    await member(harness, OFFICIAL)
    await harness.say(ADMIN_ID, f"/grant telegram:{OFFICIAL}")
    texts = await harness.say(OFFICIAL, "/summary")
    assert texts == [
        "Bạn là cán bộ nhưng chưa được gán đơn vị, nên chưa dùng được chức năng này.\n"
        "Quản trị viên gán bằng: /grant telegram:ID Tên đơn vị"
    ]
    forged = harness.tg.callback_update(OFFICIAL, "sm:o", harness.last(OFFICIAL).message_id)
    assert (await harness.push(forged))[0].startswith("Bạn là cán bộ nhưng chưa được gán đơn vị")


async def test_an_official_sees_their_units_submissions(harness: Harness) -> None:
    await seeded(harness)
    await member(harness, OFFICIAL)
    assert await harness.say(ADMIN_ID, f"/grant telegram:{OFFICIAL} phòng văn hoá – xã hội") == [
        f"Đã cấp quyền cán bộ cho telegram:{OFFICIAL}.\ntelegram:{OFFICIAL} là cán bộ của {UNIT}."
    ]
    assert (await harness.say(ADMIN_ID, f"/grant telegram:{OFFICIAL} Phòng Kế hoạch"))[0] == (
        "Không có đơn vị \"Phòng Kế hoạch\". Các đơn vị: Văn phòng, Phòng Văn hoá – Xã hội, Phòng Kinh tế."
    )
    text = summary_text(await harness.say(OFFICIAL, "/summary"))
    assert text.startswith(f"📊 Tổng hợp 7 ngày qua\n24/11–30/11/2026, so với 17/11–23/11/2026\nĐơn vị: {UNIT}\n")
    assert "📝 Ý kiến mới: 1 =\n• Giáo dục: 1 ▲1\nGhi tên 1 · Bảo mật 0 · Ẩn danh 0" in text
    assert "🤝" not in text and "👥" not in text  # dialogues, polls, drafts and members are not a unit's
    texts = await harness.press(OFFICIAL, harness.button(OFFICIAL, "📍 Theo xã, phường"))
    assert texts == ["📍 Ý kiến theo xã, phường của người gửi\n24/11–30/11/2026\n• Xã Mù Cả: 1 ▲1\n   ✅ 0 · ⏳ 1 · ⚠️ 0"]
    assert await harness.press(OFFICIAL, harness.button(OFFICIAL, "⚠️ Quá hạn (0)")) == ["✅ Không có ý kiến nào quá hạn."]
    assert await harness.say(ADMIN_ID, f"/revoke telegram:{OFFICIAL}") == [f"Đã thu hồi quyền cán bộ của telegram:{OFFICIAL}."]
    async with harness.app.db.transaction() as session:  # type: ignore[union-attr]
        person = await session.scalar(select(Person).join(Identity).where(Identity.user_id == str(OFFICIAL)))
        assert person is not None and person.role == "member" and person.unit is None


def digests_received(h: Harness) -> list[str]:
    return [m.text or "" for m in h.tg.sent_to(ADMIN_ID) if (m.text or "").startswith("📊 Tổng hợp tuần")]


async def run_due(h: Harness) -> None:
    assert h.app is not None
    await h.app.scheduler.run_due()
    await h.settle()


async def digest_rows(h: Harness) -> list[tuple[str, int | None]]:
    assert h.app is not None
    async with h.app.db.transaction() as session:
        return [(d.week, d.recipients) for d in await session.scalars(select(Digest).order_by(Digest.week))]


async def test_digest_once_across_restarts_around_monday_0730(harness: Harness) -> None:
    harness.clock.now = datetime(2026, 11, 30, 0, 20, tzinfo=UTC)  # Monday 07:20 in Hà Nội
    await seeded(harness)
    await run_due(harness)  # the first check ever only notes last week's digest as past
    assert digests_received(harness) == [] and await digest_rows(harness) == [("2026-W48", None)]
    harness.clock.advance(minutes=9)
    await harness.restart()
    await run_due(harness)  # 07:29: not yet
    assert digests_received(harness) == []
    harness.clock.advance(minutes=2)
    assert harness.app is not None
    await asyncio.gather(harness.app.scheduler.run_due(), harness.app.scheduler.run_due())  # two ticks at once
    await harness.settle()
    photo, digest = harness.tg.sent_to(ADMIN_ID)[-2:]
    assert photo.method == "sendPhoto" and photo.text.startswith("Ý kiến mới từ 05/10 đến 29/11/2026")
    assert digest.text.startswith("📊 Tổng hợp tuần\n23/11–29/11/2026, so với 16/11–22/11/2026\nĐảng uỷ phường Tân Phong\n")
    assert "📝 Ý kiến mới: 5 ▲2" in digest.text and "📂 Theo lĩnh vực" in [b for b, _ in harness.tg.buttons(digest)]
    await harness.restart()
    await run_due(harness)
    harness.clock.advance(hours=3)
    await run_due(harness)
    assert len(digests_received(harness)) == 1 and await digest_rows(harness) == [("2026-W48", None), ("2026-W49", 1)]


async def test_digest_sent_on_start_when_the_bot_was_down_at_0730(harness: Harness) -> None:
    harness.clock.now = datetime(2026, 11, 29, 13, 0, tzinfo=UTC)  # Sunday 20:00 in Hà Nội
    await seeded(harness)
    await run_due(harness)
    await harness.kill()
    harness.clock.advance(hours=14)  # down over Monday 07:30; back at 10:00
    await harness.start()
    await run_due(harness)  # what the scheduler does at start
    assert len(digests_received(harness)) == 1
    harness.clock.advance(days=7)  # the next Monday's, at 10:00, once
    await run_due(harness)
    await run_due(harness)
    assert [text.splitlines()[1] for text in digests_received(harness)] == [
        "23/11–29/11/2026, so với 16/11–22/11/2026",
        "30/11–06/12/2026, so với 23/11–29/11/2026",
    ]
