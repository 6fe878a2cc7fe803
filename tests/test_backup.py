"""`hienke db backup` while the bot runs, then `hienke db restore` into an empty database: the bot goes on there
with every person, submission and seal (an anonymous author still finds their own submission)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from bot.cli import db_backup, db_restore
from bot.settings import Settings, SettingsError
from storage.db import Database, make_engine
from storage.models import Identity, Person, Submission
from tests.conftest import ADMIN_ID, POSTGRES_URL, Clock, Harness, running
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.zalo_server import FakeZalo
from tests.flows import member, official, submit

MEMBER = 4401
OFFICIAL = 4402


@pytest.fixture
async def empty_database(tmp_path: Path) -> AsyncIterator[str]:
    """A new, empty database of the kind under test: a new SQLite file, or test_h…_restore beside the test database."""
    if POSTGRES_URL is None:
        yield f"sqlite+aiosqlite:///{tmp_path / 'restored.db'}"
        return
    url = make_url(POSTGRES_URL)
    name = f"{url.database}_restore"
    admin = make_engine(url.set(database="postgres").render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def census(db: Database) -> tuple[int, int, int, list[str | None]]:
    """People, identities, submissions, and each submission's sealed author link, in order."""
    async with db.transaction() as session:
        people = int(await session.scalar(select(func.count()).select_from(Person)) or 0)
        identities = int(await session.scalar(select(func.count()).select_from(Identity)) or 0)
        seals = list((await session.scalars(select(Submission.author_seal).order_by(Submission.id))).all())
    return people, identities, len(seals), seals


async def test_backup_then_restore_into_an_empty_database_and_the_bot_goes_on(
    harness: Harness, settings: Settings, tg: FakeTelegram, zalo: FakeZalo, clock: Clock, tmp_path: Path, empty_database: str
) -> None:
    await member(harness, MEMBER, "Lò Thị Mai")
    await official(harness, OFFICIAL)
    named = await submit(harness, MEMBER, "Đường vào bản bị sạt lở sau mưa lớn.", "named", "Hạ tầng")
    anonymous = await submit(harness, MEMBER, "Trạm y tế xã thiếu thuốc cấp cứu.", "anonymous", "Y tế")
    assert harness.app is not None
    before = await census(harness.app.db)
    file = tmp_path / "hienke-2026-12-01.backup"
    await db_backup(settings, file)  # while the bot runs
    with pytest.raises(SettingsError, match="exists already"):
        await db_backup(settings, file)
    await harness.kill()  # the machine is lost

    restored = settings.model_copy(update={"database_url": empty_database})
    await db_restore(restored, file)
    with pytest.raises(SettingsError, match="not empty"):
        await db_restore(restored, file)  # nothing is ever overwritten
    async with running(Harness(restored, tg, clock, zalo), serve=False) as h:
        assert h.app is not None
        assert await census(h.app.db) == before
        mine = (await h.say(MEMBER, "/mine"))[-1]
        assert named in mine and anonymous in mine  # the seal opens with the same key: the author finds it
        assert (await h.say(OFFICIAL, "/inbox"))  # the official's role survived
        texts = await h.say(ADMIN_ID, "/help")
        assert texts and "/grant" in texts[-1]
