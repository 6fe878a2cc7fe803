"""How long /summary takes over 100,000 submissions and 5,000 people, on SQLite or PostgreSQL.

Generates a year of submissions (with their first answers, ratings and privacy), people with profiles,
dialogues, polls and drafts; then builds the summary text of the last week, the last month and the year
several times and prints the median, each SQL aggregate it is made of (median per query function), their
sum, and the ratio of the whole to that sum. Themes are read from the latest 2,000 texts of the period
only (SAMPLE), which the ratio includes. The chart is timed apart. No target is asserted: figures only.

    .venv/bin/python -m bench.summary [--submissions 100000] [--people 5000] [--runs 7] [--database-url URL] [--reset]

A PostgreSQL database must be empty, or `--reset` empties it (DROP SCHEMA public CASCADE).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event, func, insert, select, text

from bot.org import load_organisation
from handlers import summary
from handlers.tracking import TOPICS
from storage import migrate, reports
from storage.db import Database
from storage.models import Ballot, Broadcast, Draft, DraftComment, DraftSection, Event, Person, Poll, Rsvp, Submission, SubmissionEvent

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CHUNK = 2000
PLACES = ["Trạm y tế xã", "Trường tiểu học bản", "Đường giao thông liên xã", "Hệ thống nước sạch", "Chợ trung tâm", "Nhà văn hoá bản",
          "Trường mầm non", "Bệnh viện đa khoa", "Cầu treo qua suối", "Điểm bưu điện văn hoá"]
PROBLEMS = ["thiếu bác sĩ", "xuống cấp nghiêm trọng", "cần sửa chữa gấp", "thiếu giáo viên tiếng Anh", "chưa có mạng internet",
            "thường xuyên mất điện", "thiếu thuốc thiết yếu", "sạt lở vào mùa mưa", "chưa được đầu tư", "thiếu cán bộ chuyên môn"]
TAILS = ["người dân phải đi xa", "học sinh đi học khó khăn", "đề nghị xem xét hỗ trợ kinh phí", "mong sớm được giải quyết",
         "ảnh hưởng đến sản xuất nông nghiệp", "cần chính sách thu hút trí thức trẻ", "liên hệ số 0912 345 678"]
COMMUNES = ["Phường Tân Phong", "Phường Đoàn Kết", "Xã Mù Cả", "Xã Tà Tổng", "Xã Bum Nưa", "Xã Pa Ủ"]


def _rows(count: int, make: Callable[[int], dict[str, Any]]) -> list[dict[str, Any]]:
    return [make(n) for n in range(count)]


async def _insert(db: Database, model: Any, rows: list[dict[str, Any]]) -> None:
    async with db.transaction() as session:
        for start in range(0, len(rows), CHUNK):
            await session.execute(insert(model), rows[start : start + CHUNK])


def _person(rng: random.Random, n: int) -> dict[str, Any]:
    consent = NOW - timedelta(days=rng.uniform(0, 400)) if rng.random() < 0.95 else None
    answered = rng.random() < 0.7
    return {
        "role": "member", "language": "vi", "language_chosen": False, "associations": [], "consent_at": consent,
        "full_name": f"Người {n}", "field": rng.choice(TOPICS[:10]) if answered else None,
        "qualification": rng.choice(["bachelor", "bachelor", "master", "doctorate", "other"]) if answered else None,
        "commune": rng.choice(COMMUNES) if answered else None, "birth_year": rng.randint(1950, 2002) if answered else None,
        "gender": rng.choice(["female", "male"]) if answered else None,
        "ethnicity": rng.choice(["Kinh", "Thái", "Mông", "Dao"]) if answered else None,
        "created_at": consent or NOW, "updated_at": NOW,
    }


def _submission(rng: random.Random, n: int, people: int) -> dict[str, Any]:
    created = NOW - timedelta(seconds=rng.uniform(0, 365 * 86400))
    privacy = rng.choices(["named", "confidential", "anonymous"], [5, 2, 3])[0]
    answered = created + timedelta(hours=rng.expovariate(1 / 40)) if rng.random() < 0.75 else None
    answered = answered if answered is not None and answered < NOW else None
    unanswered = ["received", "in_review", "forwarded", "declined"]
    status = ("answered" if rng.random() < 0.6 else "closed") if answered else rng.choice(unanswered)
    text_ = f"{rng.choice(PLACES)} {rng.choice(PROBLEMS)}, {rng.choice(TAILS)}. {rng.choice(PLACES)} {rng.choice(PROBLEMS)}."
    return {
        "code": f"HK-{n:07d}", "person_id": rng.randint(1, people) if privacy != "anonymous" else None,
        "author_seal": "sealed" if privacy == "anonymous" else None, "privacy": privacy, "topic": rng.choice(TOPICS),
        "text": text_, "attachments": [], "status": status, "urgent": False,
        "unit": rng.choice([None, "Văn phòng", "Phòng Kinh tế"]), "rating": rng.randint(1, 5) if answered and rng.random() < 0.4 else None,
        "created_at": created, "ack_due_at": created + timedelta(hours=8), "answer_due_at": created + timedelta(days=7),
        "acknowledged_at": answered, "answered_at": answered,
    }


async def seed(db: Database, submissions: int, people: int, rng: random.Random) -> None:
    """People, submissions with their timelines, and some dialogues, polls and drafts."""
    await _insert(db, Person, _rows(people, lambda n: _person(rng, n)))
    rows = _rows(submissions, lambda n: _submission(rng, n, people))
    await _insert(db, Submission, rows)
    async with db.transaction() as session:
        ids = dict((await session.execute(select(Submission.code, Submission.id))).all())
    timeline = [{"submission_id": ids[r["code"]], "kind": "received", "status": "received", "at": r["created_at"]} for r in rows]
    timeline += [{"submission_id": ids[r["code"]], "kind": "answered", "status": "answered", "detail": "…", "at": r["answered_at"]}
                 for r in rows if r["answered_at"] is not None]
    await _insert(db, SubmissionEvent, timeline)
    await _seed_activity(db, people, rng)


async def _seed_activity(db: Database, people: int, rng: random.Random) -> None:
    """Fifty dialogues with answers, twenty polls with ballots and invitations, ten drafts with comments."""
    def when() -> datetime:
        return NOW - timedelta(days=rng.uniform(0, 365))

    await _insert(db, Event, _rows(50, lambda n: {"title": f"Đối thoại {n}", "description": "", "place": "", "audience": {},
                                                  "starts_at": (s := when()), "rsvp_deadline": s, "status": "published", "created_at": s}))
    await _insert(db, Rsvp, [{"event_id": e, "person_id": p, "answer": rng.choice(["attend", "maybe", "decline"]), "updated_at": NOW}
                             for e in range(1, 51) for p in rng.sample(range(1, people + 1), 40)])
    await _insert(db, Poll, _rows(20, lambda n: {"question": f"Câu hỏi {n}", "options": ["Có", "Không"], "multiple": False,
                                                 "live_results": False, "audience": {}, "closes_at": (c := when()), "status": "closed",
                                                 "closed_at": c, "created_at": c}))
    await _insert(db, Ballot, [{"poll_id": poll, "person_id": p, "choices": [rng.randint(0, 1)], "updated_at": NOW}
                               for poll in range(1, 21) for p in rng.sample(range(1, people + 1), 150)])
    await _insert(db, Broadcast, _rows(20, lambda n: {"kind": "poll", "ref_id": n + 1, "total": 400, "status": "done",
                                                      "progress_language": "vi", "progress_final": True, "created_at": NOW}))
    await _insert(db, Draft, _rows(10, lambda n: {"status": "published", "title": f"Dự thảo {n}", "published_at": (p := when()),
                                                  "deadline": p + timedelta(days=20), "audience_count": 0, "created_at": p}))
    await _insert(db, DraftSection, _rows(10, lambda n: {"draft_id": n + 1, "position": 1, "heading": "Điều 1.", "body": ""}))
    comment = {"kind": "agree", "anonymous": False, "created_at": NOW, "updated_at": NOW}
    commenters = [(s, p) for s in range(1, 11) for p in rng.sample(range(1, people + 1), 60)]
    await _insert(db, DraftComment, [{"section_id": s, "person_id": p, **comment} for s, p in commenters])


class Timings:
    """Wall time of each call to the wrapped query functions, and of every SQL statement at the cursor."""

    def __init__(self) -> None:
        self.calls: defaultdict[str, list[float]] = defaultdict(list)
        self.sql = 0.0
        self._started: list[float] = []

    def wrap(self, module: Any, name: str) -> None:
        original = getattr(module, name)

        @functools.wraps(original)
        async def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                self.calls[name].append(time.perf_counter() - start)

        setattr(module, name, timed)

    def listen(self, db: Database) -> None:
        event.listen(db.engine.sync_engine, "before_cursor_execute", lambda *a: self._started.append(time.perf_counter()))
        event.listen(db.engine.sync_engine, "after_cursor_execute", lambda *a: self._add())

    def _add(self) -> None:
        self.sql += time.perf_counter() - self._started.pop()

    def reset(self) -> None:
        self.calls.clear()
        self.sql = 0.0


QUERIES = ("submission_figures", "recent_texts", "events_held", "polls_closed", "drafts_open_during", "registrations", "overdue_now")
NESTED = "median_first_answer"  # called by submission_figures, so inside its time


async def build_text(db: Database, period: summary.Period, org: Any) -> str:
    """What /summary does before the chart: every figure, the themes, the overdue count and the message."""
    scope = reports.Scope(sees_confidential=True)
    async with db.transaction() as session:
        built = await summary.build(session, period, scope, NOW)
        overdue, _ = await reports.overdue_now(session, scope, NOW, 0)
    return summary.summary_reply("vi", built, org, TZ, overdue).text


async def measure(db: Database, timings: Timings, name: str, period: summary.Period, runs: int, org: Any) -> None:
    """Print the median build time of one period's summary and what its SQL aggregates took."""
    await build_text(db, period, org)  # warm the caches once
    builds, sums, sql = [], [], []
    per_query: defaultdict[str, list[float]] = defaultdict(list)
    for _ in range(runs):
        timings.reset()
        start = time.perf_counter()
        await build_text(db, period, org)
        builds.append(time.perf_counter() - start)
        sums.append(sum(sum(timings.calls[q]) for q in QUERIES))
        sql.append(timings.sql)
        for query in (*QUERIES, NESTED, "sample_themes"):
            per_query[query].append(sum(timings.calls[query]))
    build = statistics.median(builds)
    print(f"\n{name}: {summary.dates(period, TZ)}")
    for query in QUERIES:
        print(f"  {query:<22} {statistics.median(per_query[query]) * 1000:8.1f} ms")
        if query == "submission_figures":
            print(f"    of which {NESTED:<13} {statistics.median(per_query[NESTED]) * 1000:6.1f} ms")
    themes = statistics.median(per_query["sample_themes"]) - statistics.median(per_query["recent_texts"])
    print(f"  {'themes (Python)':<22} {themes * 1000:8.1f} ms over at most {summary.SAMPLE} texts")
    print(f"  summary text           {build * 1000:8.1f} ms (median of {runs})")
    print(f"  sum of its aggregates  {statistics.median(sums) * 1000:8.1f} ms (SQL at the cursor: {statistics.median(sql) * 1000:.1f} ms)")
    print(f"  ratio                  {build / statistics.median(sums):8.2f}")


async def prepare_database(url: str, reset: bool) -> Database | None:
    db = Database.from_url(url)
    if url.startswith("postgresql") and reset:
        async with db.engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await migrate.upgrade(db.engine)
    async with db.transaction() as session:
        if await session.scalar(select(func.count()).select_from(Submission)):
            print("the database is not empty: use a new one, or --reset to empty it", file=sys.stderr)
            await db.dispose()
            return None
    return db


async def bench(submissions: int, people: int, runs: int, url: str | None, reset: bool) -> int:
    url = url or f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp(prefix='hienke-bench-')) / 'summary.db'}"
    db = await prepare_database(url, reset)
    if db is None:
        return 2
    start = time.perf_counter()
    await seed(db, submissions, people, random.Random(45))
    if url.startswith("postgresql"):
        async with db.engine.begin() as conn:
            await conn.execute(text("ANALYZE"))
    print(f"database                 {url.split(':')[0]}")
    print(f"generated                {submissions} submissions over a year, {people} people ({time.perf_counter() - start:.1f} s)")
    timings = Timings()
    timings.listen(db)
    for name in (*QUERIES, NESTED, "sample_themes"):
        timings.wrap(reports if name != "sample_themes" else summary, name)
    org = load_organisation(None)
    periods = [
        ("week", summary.parse_period("", NOW, TZ)),
        ("month", summary.parse_period("month", NOW, TZ)),
        ("year (as /report)", summary.Period.year(2026, TZ)),
    ]
    for name, period in periods:
        assert period is not None
        await measure(db, timings, name, period, runs, org)
    await time_chart(db, periods[0][1])
    await db.dispose()
    return 0


async def time_chart(db: Database, period: summary.Period | None) -> None:
    assert period is not None
    spec = summary.chart_spec(period)
    async with db.transaction() as session:
        start = time.perf_counter()
        rows = await reports.bucket_counts(session, spec.origin, spec.end, spec.step.total_seconds(), reports.Scope(), NOW)
        counted = time.perf_counter() - start
    start = time.perf_counter()
    await summary.chart_reply("vi", spec, rows, TZ)
    drawn = time.perf_counter() - start
    print(f"\nchart: {spec.buckets} weekly bars, counts {counted * 1000:.1f} ms in SQL, drawn in {drawn * 1000:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file")
    parser.add_argument("--reset", action="store_true", help="empty a PostgreSQL database first (DROP SCHEMA public CASCADE)")
    args = parser.parse_args()
    return asyncio.run(bench(args.submissions, args.people, args.runs, args.database_url, args.reset))


if __name__ == "__main__":
    sys.exit(main())
