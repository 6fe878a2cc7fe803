"""Officials' side: overdue reminders once a day (also across restarts), one answer when two officials
send at once, and the scheduler that runs the reminders."""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.scheduler import Job, Scheduler
from storage.models import SubmissionEvent
from tests.conftest import ADMIN_ID, Clock, Harness
from tests.flows import answer, events, member, official, open_item, row, submit

MEMBER = 8642013579
OFFICIAL = 8642024680
SECOND = 8642035791


def reminders(h: Harness, chat_id: int) -> list[str]:
    return [m.text or "" for m in h.tg.sent_to(chat_id) if (m.text or "").startswith("Nhắc việc:")]


async def run_due(h: Harness) -> None:
    assert h.app is not None
    await h.app.scheduler.run_due()
    await h.settle()


async def test_overdue_reminder_once_a_day_even_across_restarts(harness: Harness) -> None:
    await member(harness, MEMBER)
    await official(harness, OFFICIAL)
    taken = await submit(harness, MEMBER, "Thiếu giáo viên tiếng Anh ở trường THCS.", "named", "Giáo dục")
    untaken = await submit(harness, MEMBER, "Trường mầm non cần sửa mái.", "anonymous", "Giáo dục")
    await open_item(harness, OFFICIAL, taken)
    await harness.press(OFFICIAL, f"fo:take:{(await row(harness, taken)).id}")
    await run_due(harness)
    assert reminders(harness, OFFICIAL) == reminders(harness, ADMIN_ID) == []

    harness.clock.advance(days=1, hours=1)  # Tuesday 10:00: the untaken one missed its 8 working hours
    await run_due(harness)
    assert reminders(harness, ADMIN_ID) == [
        f"Nhắc việc: 1 ý kiến đã quá hạn:\n• {untaken} · Giáo dục · chưa tiếp nhận, hạn 09:00 01/12/2026\nGõ /inbox để xử lý."
    ]
    assert reminders(harness, OFFICIAL) == []

    harness.clock.advance(days=7)  # Tuesday 8 December: the taken one is past its answer deadline
    await run_due(harness)
    assert reminders(harness, OFFICIAL) == [
        f"Nhắc việc: 1 ý kiến đã quá hạn:\n• {taken} · Giáo dục · hạn trả lời 17:30 07/12/2026\nGõ /inbox để xử lý."
    ]
    assert len(reminders(harness, ADMIN_ID)) == 2
    await run_due(harness)
    harness.clock.advance(hours=5)
    await harness.restart()
    await harness.settle()
    await run_due(harness)
    assert len(reminders(harness, OFFICIAL)) == 1 and len(reminders(harness, ADMIN_ID)) == 2

    harness.clock.advance(hours=18)  # Wednesday 09:00
    await run_due(harness)
    assert len(reminders(harness, OFFICIAL)) == 2 and len(reminders(harness, ADMIN_ID)) == 3
    harness.clock.advance(days=3)  # Saturday: nobody is reminded at the weekend
    await run_due(harness)
    assert len(reminders(harness, OFFICIAL)) == 2
    assert harness.tg.buttons(harness.tg.sent_to(OFFICIAL)[-1]) == [(taken, f"fo:open:{(await row(harness, taken)).id}")]
    view = (await open_item(harness, OFFICIAL, taken))[-1]
    assert view.startswith(f"Ý kiến {taken} ⚠️ QUÁ HẠN\n")


async def test_urgent_items_are_due_in_four_working_hours(harness: Harness) -> None:
    await member(harness, MEMBER)
    await official(harness, OFFICIAL)
    code = await submit(harness, MEMBER, "Lở đất đe doạ ba hộ dân ở bản Sin Câu.", "named", "Hạ tầng")
    await open_item(harness, OFFICIAL, code)
    texts = await harness.press(OFFICIAL, f"fo:urgent:{(await row(harness, code)).id}")
    assert texts[0].startswith(f"Ý kiến {code} 🔴 KHẨN\n")
    assert "Hạn tiếp nhận: 15:00 30/11/2026\nHạn trả lời: 15:00 30/11/2026" in texts[0]  # 2.5 h, lunch, 1.5 h


async def test_two_officials_answering_at_once_send_one_answer(harness: Harness) -> None:
    tg = harness.tg
    await member(harness, MEMBER)
    await official(harness, OFFICIAL)
    await official(harness, SECOND)
    code = await submit(harness, MEMBER, "Xin hướng dẫn thủ tục cấp phép xây nhà.", "anonymous", "Pháp luật")
    submission = await row(harness, code)
    previews = {}
    for person, text in ((OFFICIAL, "Trả lời của cán bộ thứ nhất."), (SECOND, "Trả lời của cán bộ thứ hai.")):
        await open_item(harness, person, code)
        await harness.press(person, f"fo:ans:{submission.id}")
        await harness.say(person, text)
        previews[person] = harness.last(person).message_id
    before = len(tg.sent_to(MEMBER))
    for person in (OFFICIAL, SECOND):  # both presses reach the bot in one batch and are dispatched concurrently
        tg.push(tg.callback_update(person, f"fo:send:{submission.id}", previews[person]))
    await harness.settle()

    answers = [m.text or "" for m in tg.sent_to(MEMBER)[before:]]
    assert len(answers) == 1 and answers[0].startswith(f"Trả lời ý kiến {code}")
    outcomes = sorted(e.text or "" for e in tg.edits if e.chat_id in (OFFICIAL, SECOND) and e.message_id == previews[e.chat_id])
    assert outcomes == [
        f"Ý kiến {code} vừa được trả lời hoặc đóng (có thể bởi cán bộ khác). Câu trả lời của bạn không được gửi.",
        f"✓ Đã gửi câu trả lời cho ý kiến {code}.",
    ]
    assert [e.kind for e in await events(harness, code)].count("answered") == 1
    winner = OFFICIAL if "thứ nhất" in answers[0] else SECOND
    assert any(e.text == f"✓ Đã gửi câu trả lời cho ý kiến {code}." and e.chat_id == winner for e in tg.edits)
    texts = await harness.push(tg.callback_update(winner, f"fo:send:{submission.id}", previews[winner]))
    assert texts == ["Câu này đã được ghi nhận rồi."]  # the same button pressed again


async def test_the_scheduler_ticks_by_itself_until_stopped(harness: Harness, clock: Clock) -> None:
    assert harness.app is not None
    ticks: list[datetime] = []

    async def probe(session: AsyncSession, now: datetime) -> None:
        ticks.append(now)

    jobs = {"probe": Job(probe, every_seconds=0.05)}
    scheduler = Scheduler(harness.app.db, clock, jobs, on_outbox=lambda: None, timezone="Asia/Ho_Chi_Minh")
    scheduler.start()
    try:
        await harness.tg.wait_for(lambda: len(ticks) >= 3, timeout=5)
    finally:
        await scheduler.stop()
    stopped_at = len(ticks)
    await asyncio.sleep(0.2)
    assert len(ticks) == stopped_at and ticks[0] == clock.now


async def test_stopping_lets_the_run_under_way_commit(harness: Harness, clock: Clock) -> None:
    """Closing the app stops the scheduler: a job in the middle of its transaction finishes and commits (it is not
    cancelled mid-commit before the database is disposed, which could hang the close)."""
    assert harness.app is not None
    started, release = asyncio.Event(), asyncio.Event()
    runs: list[str] = []

    async def slow(session: AsyncSession, now: datetime) -> None:
        runs.append("started")
        started.set()
        await release.wait()
        await session.execute(select(func.count()).select_from(SubmissionEvent))

    jobs = {"slow": Job(slow, every_seconds=3600)}
    scheduler = Scheduler(harness.app.db, clock, jobs, on_outbox=lambda: runs.append("committed"), timezone="Asia/Ho_Chi_Minh")
    scheduler.start()
    await started.wait()
    stopping = asyncio.create_task(scheduler.stop(grace=60))
    await asyncio.sleep(0)  # the stop begins: no new runs, waiting for this one
    release.set()
    await stopping
    assert runs == ["started", "committed"]


async def test_answers_are_counted_once_in_the_database(harness: Harness) -> None:
    await member(harness, MEMBER)
    await official(harness, OFFICIAL)
    code = await submit(harness, MEMBER, "Cần thêm điểm phát wifi công cộng ở trung tâm xã.", "named", "Chuyển đổi số")
    await answer(harness, OFFICIAL, code, "Đã đưa vào kế hoạch năm 2027.")
    submission = await row(harness, code)
    texts = await harness.press(OFFICIAL, f"fo:ans:{submission.id}", harness.tg.sent_to(OFFICIAL)[-1].message_id)
    assert texts == ["Ý kiến này đã được trả lời."]
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        answered = await session.scalar(
            select(func.count()).select_from(SubmissionEvent).where(SubmissionEvent.kind == "answered")
        )
    assert answered == 1 and (await row(harness, code)).answered_at is not None
