"""Working-day deadlines, the sealed author link and its key, the organisation's feedback settings, and
the migrations matching the models."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot.app import Application
from bot.crypto import secret_from_settings
from bot.org import load_organisation
from bot.settings import SettingsError, load_settings
from bot.workdays import CalendarRules, WorkCalendar
from storage.db import Base, make_engine
from storage.sealing import Keys
from tests.test_cli import hienke

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=HANOI)


@pytest.fixture
def calendar() -> WorkCalendar:
    return WorkCalendar(CalendarRules(), HANOI)


def test_working_hours_skip_lunch_nights_and_weekends(calendar: WorkCalendar) -> None:
    assert calendar.add_working_hours(local(2026, 11, 30, 9, 0), 8) == local(2026, 12, 1, 9, 0)
    assert calendar.add_working_hours(local(2026, 12, 4, 16, 0), 4) == local(2026, 12, 7, 10, 0)  # Friday -> Monday
    assert calendar.add_working_hours(local(2026, 12, 5, 22, 0), 1) == local(2026, 12, 7, 8, 30)  # from a Saturday night
    assert calendar.is_office_time(local(2026, 12, 1, 10, 0))
    assert not calendar.is_office_time(local(2026, 12, 1, 12, 0))
    assert not calendar.is_office_time(local(2026, 12, 5, 10, 0))


def test_working_days_skip_tet_and_follow_swap_days(calendar: WorkCalendar) -> None:
    assert calendar.end_of_working_day(local(2026, 2, 13, 10, 0), 5) == local(2026, 2, 27, 17, 30)  # Tết 16–20/2
    assert calendar.end_of_working_day(local(2026, 4, 29, 10, 0), 1) == local(2026, 5, 4, 17, 30)  # 30/4, 1/5
    assert calendar.is_working_day(date(2025, 4, 26))  # a Saturday worked in exchange for 2 May
    assert not calendar.is_working_day(date(2025, 5, 2))


def test_local_overrides_win(calendar: WorkCalendar) -> None:
    rules = CalendarRules(
        office_hours=((time(8), time(12)),),
        days_off=frozenset({date(2026, 12, 1)}),
        working_days=frozenset({date(2026, 12, 5)}),
    )
    local_calendar = WorkCalendar(rules, HANOI)
    assert local_calendar.end_of_working_day(local(2026, 11, 30, 9, 0), 2) == local(2026, 12, 3, 12, 0)
    assert local_calendar.add_working_hours(local(2026, 12, 4, 11, 0), 2) == local(2026, 12, 5, 9, 0)


def test_organisation_feedback_settings(tmp_path: Path) -> None:
    org = load_organisation(None)
    assert org.units == ("Văn phòng", "Phòng Văn hoá – Xã hội", "Phòng Kinh tế")
    assert org.deadlines.answer_days_for("policy_proposal") == 10 and org.deadlines.answer_days_for("health") == 5
    path = tmp_path / "org.toml"
    path.write_text('[organisation]\nname = "Xã A"\nlevel = "commune"\n[calendar]\noffice_hours = ["13:00-11:00"]\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="^Invalid setting HIENKE_ORG_FILE: .*office hours"):
        load_organisation(path)
    path.write_text('[organisation]\nname = "Xã A"\nlevel = "commune"\n', encoding="utf-8")
    assert load_organisation(path).units == () and load_organisation(path).deadlines.acknowledge_hours == 8


async def test_unknown_topic_in_deadlines_stops_start_up(tmp_path: Path) -> None:
    path = tmp_path / "org.toml"
    path.write_text(
        '[organisation]\nname = "Xã A"\nlevel = "commune"\n[deadlines.answer_days_by_topic]\nhelth = 3\n', encoding="utf-8"
    )
    settings = load_settings(_env_file=None, hienke_org_file=path, database_url=f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(SettingsError, match="unknown topics in \\[deadlines.answer_days_by_topic\\]: helth"):
        await Application.build(settings)


def test_sealed_link_opens_only_with_its_key() -> None:
    salt = bytes(16)
    sealer = Keys("a long random secret of at least 32 characters", salt)
    token = sealer.seal(8642013579)
    assert "8642013579" not in token and sealer.open(token) == 8642013579
    assert sealer.seal(8642013579) != token  # a fresh nonce each time: two seals of one person do not match
    assert Keys("another long random secret of 32 characters or more", salt).open(token) is None
    assert Keys("a long random secret of at least 32 characters", bytes(15) + b"\1").open(token) is None  # another salt
    assert sealer.open(token[:-4] + "AAAA") is None
    tags = {sealer.tag("submission", 7, n) for n in range(50)} | {sealer.tag("comment", 7, 0), sealer.tag("submission", 8, 0)}
    assert len(tags) == 52  # no two of one person's items share a tag: the database cannot group them


def test_secret_key_is_required_with_a_messenger_token(caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(SettingsError, match="^Missing setting HIENKE_SECRET_KEY"):
        secret_from_settings(load_settings(_env_file=None, telegram_bot_token="1:x"))
    with pytest.raises(SettingsError, match="^Invalid setting HIENKE_SECRET_KEY: use at least 32 characters"):
        load_settings(_env_file=None, hienke_secret_key="s" * 31)
    with caplog.at_level(logging.WARNING, logger="bot.crypto"):
        console = secret_from_settings(load_settings(_env_file=None, database_url="sqlite:///a.db"))
    assert "HIENKE_SECRET_KEY is not set" in caplog.text
    assert secret_from_settings(load_settings(_env_file=None, database_url="sqlite:///a.db")) == console  # stable


def test_run_with_a_token_but_no_secret_key_says_so(tmp_path: Path) -> None:
    result = hienke(["run"], tmp_path, TELEGRAM_BOT_TOKEN="1:x", DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode == 2
    assert result.stderr.startswith("hienke: Missing setting HIENKE_SECRET_KEY")


async def test_migrations_match_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        async with engine.connect() as conn:
            diffs = await conn.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata)
            )
    finally:
        await engine.dispose()
    assert diffs == []


def test_deadline_times_are_utc(calendar: WorkCalendar) -> None:
    due = calendar.add_working_hours(local(2026, 11, 30, 9, 0), 1)
    assert due.tzinfo == UTC and due == datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
