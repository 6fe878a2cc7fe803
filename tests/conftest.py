"""Fixtures: a migrated database per test (SQLite, or PostgreSQL via HIENKE_TEST_DATABASE_URL),
the fake Telegram and Zalo Bot APIs, and a harness that runs the real application against them."""

from __future__ import annotations

import asyncio
import inspect
import os
import shutil
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import text

from bot.app import Application
from bot.settings import Settings, load_settings
from storage import migrate
from storage.db import Base, Database, make_engine
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.zalo_oa_server import FakeZaloOA
from tests.fakes.zalo_server import FakeZalo

os.environ.setdefault("PTB_TIMEDELTA", "true")

POSTGRES_URL = os.environ.get("HIENKE_TEST_DATABASE_URL")
ADMIN_ID = 900


def pytest_report_header() -> str:
    return f"database: {'PostgreSQL ' + POSTGRES_URL if POSTGRES_URL else 'SQLite (a file per test)'}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.db"

    async def build() -> None:
        engine = make_engine(f"sqlite+aiosqlite:///{path}")
        await migrate.upgrade(engine)
        await engine.dispose()

    asyncio.run(build())
    return path


@pytest.fixture(scope="session")
def postgres_ready() -> Iterator[str | None]:
    """The PostgreSQL test database, emptied and migrated once per run."""
    if POSTGRES_URL is None:
        yield None
        return

    async def reset() -> None:
        engine = make_engine(POSTGRES_URL)
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await migrate.upgrade(engine)
        await engine.dispose()

    asyncio.run(reset())
    yield POSTGRES_URL


@pytest.fixture
async def database_url(tmp_path: Path, sqlite_template: Path, postgres_ready: str | None) -> str:
    """A clean, migrated database for this test."""
    if postgres_ready is None:
        path = tmp_path / "hienke.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite+aiosqlite:///{path}"
    engine = make_engine(postgres_ready)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    async with engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await engine.dispose()
    return postgres_ready


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def zalo() -> AsyncIterator[FakeZalo]:
    async with FakeZalo() as fake:
        yield fake


@pytest.fixture
async def oa() -> AsyncIterator[FakeZaloOA]:
    async with FakeZaloOA() as fake:
        yield fake


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # Monday 09:00 in Hà Nội

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def unreachable_database(database_url: str) -> Database:
    """A database of the same kind that cannot be reached (to play an outage)."""
    if database_url.startswith("postgresql"):
        return Database.from_url("postgresql+asyncpg://postgres@127.0.0.1:1/down")
    return Database.from_url("sqlite+aiosqlite:////nonexistent-directory/down.db")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def settings(tg: FakeTelegram, zalo: FakeZalo, database_url: str) -> Settings:
    """The bot on Telegram and Zalo together, both polling their fakes."""
    return load_settings(
        _env_file=None,
        telegram_bot_token=tg.token,
        telegram_api_base_url=tg.root,
        zalo_bot_token=zalo.token,
        zalo_api_base_url=zalo.root,
        database_url=database_url,
        hienke_admins=f"telegram:{ADMIN_ID}",
        hienke_poll_timeout=1,
        hienke_webhook_secret="s3cret-token",
        hienke_secret_key="test-secret-key-for-sealing-anonymous-authors",
    )


class Harness:
    """Runs the real application (polling the fake Telegram and Zalo) and lets tests kill and rebuild it."""

    def __init__(
        self, settings: Settings, tg: FakeTelegram, clock: Clock, zalo: FakeZalo | None = None, oa: FakeZaloOA | None = None
    ) -> None:
        self.settings = settings
        self.tg = tg
        self.zalo = zalo
        self.oa = oa
        self.clock = clock
        self.app: Application | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> Application:
        self.app = await Application.build(self.settings, clock=self.clock, schedule=False)
        self._task = asyncio.create_task(self.app.run_polling())
        await asyncio.wait_for(self.app.started.wait(), timeout=10)
        return self.app

    async def serve(self) -> Application:
        """Run `hienke serve` instead: webhooks registered with both fakes at a local public URL."""
        port = free_port()
        self.settings = self.settings.model_copy(update={"hienke_public_url": f"http://127.0.0.1:{port}"})
        self.app = await Application.build(self.settings, clock=self.clock)
        await self.app.serve("127.0.0.1", port)
        return self.app

    async def kill(self) -> None:
        """Stop at once, as a crash would: nothing in flight is finished."""
        assert self.app is not None
        if self._task is not None:
            self._task.cancel()
        await self.app.close(grace=0)
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)
        self.app = None

    async def restart(self) -> Application:
        await self.kill()
        return await self.start()

    async def settle(self, timeout: float = 8.0) -> None:
        """Wait until every pushed update is stored and handled and the outbox is empty."""
        assert self.app is not None
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            zalo_unconfirmed = self.zalo.unconfirmed if self.zalo is not None else 0
            if self.tg.unconfirmed == 0 and zalo_unconfirmed == 0 and await self.idle(self.app.db):
                return
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError("the bot did not settle:\n" + self.dump())
            await asyncio.sleep(0.02)

    @staticmethod
    async def idle(db: Database) -> bool:
        async with db.transaction() as session:
            busy = await session.scalar(
                text(
                    "SELECT (SELECT count(*) FROM inbox WHERE status = 'pending')"
                    " + (SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending'))"
                )
            )
        return busy == 0

    async def join(self, user_id: int, language_code: str = "vi") -> None:
        """/start and consent, declining the profile for now."""
        await self.say(user_id, "/start", language_code=language_code)
        await self.press(user_id, "cs:yes")
        await self.press(user_id, "pf:later")

    async def dialogue(self, user_id: int, table: list[tuple[str, str]]) -> None:
        """Say each text in turn; the bot's last answer to each must start as the table says."""
        for said, expected in table:
            texts = await self.say(user_id, said)
            assert texts and texts[-1].startswith(expected), (said, texts)

    async def run_jobs(self) -> None:
        """Run every scheduled job once now and wait until what they queued is sent."""
        assert self.app is not None
        await self.app.scheduler.run_due()
        await self.settle(timeout=15)

    async def say(self, user_id: int, text: str, **kw: object) -> list[str]:
        """Send a text as `user_id`; returns what the bot sent or edited in that chat, and pop-up answers."""
        return await self._act(user_id, lambda: self.tg.send_text(user_id, text, **kw))

    async def press(self, user_id: int, data: str, message_id: int | None = None) -> list[str]:
        return await self._act(user_id, lambda: self.tg.press(user_id, data, message_id))

    async def push(self, update: dict[str, object], chat_id: int | None = None) -> list[str]:
        """Push a built update; what the bot then said in the sender's chat (or in `chat_id`, a group's)."""
        source = update.get("message") or update.get("callback_query")
        user_id = source["from"]["id"]  # type: ignore[index]
        return await self._act(user_id if chat_id is None else chat_id, lambda: self.tg.push(update))

    async def zsay(self, user_id: str, text: str) -> list[str]:
        """Send a text to the bot on Zalo as `user_id`; returns the texts the bot sent in answer."""
        assert self.zalo is not None
        zalo = self.zalo
        return await self._act(user_id, lambda: zalo.send_text(user_id, text))

    async def zpush(self, update: dict[str, object]) -> list[str]:
        assert self.zalo is not None
        zalo = self.zalo
        return await self._act(None, lambda: zalo.push(update))

    async def osay(self, user_id: str, text: str) -> list[str]:
        """Write to the Zalo OA as `user_id` (through its signed webhook); the texts the OA sent in answer."""
        assert self.oa is not None
        return await self.opush(self.oa.text_event(user_id, text), user_id)

    async def opress(self, user_id: str, title: str) -> list[str]:
        """Press the OA button titled `title` on the newest message that shows it."""
        assert self.oa is not None
        return await self.opush(self.oa.pressed(user_id, title), user_id)

    async def opush(self, event: dict[str, object], user_id: str | None = None) -> list[str]:
        """Post an OA event to the webhook (it must be stored: 200), then wait until the bot settles."""
        oa = self.oa
        assert oa is not None

        async def post() -> None:
            assert await oa.post_event(event) == 200

        return await self._act(user_id, post)

    async def _act(self, chat_id: int | str | None, action: Callable[[], object]) -> list[str]:
        """Do `action`, wait until the bot settles; what it sent or edited in that chat (every chat for None)."""
        sent_before, edits_before, answers_before = len(self.tg.sent), len(self.tg.edits), len(self.tg.callback_answers)
        zalo_before = len(self.zalo.sent) if self.zalo is not None else 0
        oa_before = len(self.oa.sent) if self.oa is not None else 0
        done = action()
        if inspect.isawaitable(done):
            await done
        await self.settle()

        def ours(chat: int | str) -> bool:
            return chat_id is None or str(chat) == str(chat_id)

        texts = [m.text or "" for m in self.tg.sent[sent_before:] if ours(m.chat_id)]
        texts += [e.text or "" for e in self.tg.edits[edits_before:] if ours(e.chat_id)]
        texts += [a.get("text") or "" for a in self.tg.callback_answers[answers_before:] if a.get("text")]
        if self.zalo is not None:
            texts += [m.text or "" for m in self.zalo.sent[zalo_before:] if ours(m.chat_id)]
        if self.oa is not None:
            texts += [m.text for m in self.oa.sent[oa_before:] if ours(m.user_id) and m.text is not None]
        return texts

    def dump(self) -> str:
        return (
            self.tg.dump()
            + ("\n" + self.zalo.dump() if self.zalo is not None else "")
            + ("\n" + self.oa.dump() if self.oa is not None else "")
        )

    def last(self, chat_id: int):  # type: ignore[no-untyped-def]
        return self.tg.sent_to(chat_id)[-1]

    def button(self, chat_id: int, label: str) -> str:
        """The callback data of the button labelled `label` on the newest message in the chat that shows it now."""
        for text_, data in self.tg.shown_buttons(chat_id):
            if text_ == label:
                return data
        raise AssertionError(f"no button {label!r} in:\n{self.tg.dump()}")


@asynccontextmanager
async def running(h: Harness, *, serve: bool) -> AsyncIterator[Harness]:
    """The harness with the bot polling (`hienke run`) or serving webhooks (`hienke serve`), shut down after."""
    await (h.serve() if serve else h.start())
    try:
        yield h
    finally:
        if h.app is not None:
            await h.app.close(grace=0)
        if h._task is not None:
            h._task.cancel()
            await asyncio.gather(h._task, return_exceptions=True)


@pytest.fixture
async def harness(settings: Settings, tg: FakeTelegram, zalo: FakeZalo, clock: Clock) -> AsyncIterator[Harness]:
    """The bot polling Telegram and Zalo."""
    async with running(Harness(settings, tg, clock, zalo), serve=False) as h:
        yield h


@pytest.fixture
async def served(settings: Settings, tg: FakeTelegram, zalo: FakeZalo, clock: Clock) -> AsyncIterator[Harness]:
    """The bot under `hienke serve`: webhooks on both fakes, files served by URL."""
    async with running(Harness(settings, tg, clock, zalo), serve=True) as h:
        yield h


def with_oa(settings: Settings, oa: FakeZaloOA, **more: object) -> Settings:
    """The settings plus a Zalo OA on the fake, seeded with a refresh token, its webhook on a free local port."""
    port = free_port()
    oa.webhook_url = f"http://127.0.0.1:{port}/zalo-oa/webhook"
    return settings.model_copy(
        update={
            "zalo_oa_app_id": oa.app_id,
            "zalo_oa_secret_key": SecretStr(oa.secret_key),
            "zalo_oa_refresh_token": SecretStr(oa.issue_refresh_token()),
            "zalo_oa_api_base_url": oa.root,
            "zalo_oa_oauth_base_url": oa.root,
            "hienke_port": port,
            "hienke_public_url": f"http://127.0.0.1:{port}",
            **more,
        }
    )


@pytest.fixture
async def oa_harness(settings: Settings, tg: FakeTelegram, zalo: FakeZalo, oa: FakeZaloOA, clock: Clock) -> AsyncIterator[Harness]:
    """The bot polling Telegram and Zalo and receiving a Zalo OA's events on its webhook (`hienke run`)."""
    async with running(Harness(with_oa(settings, oa), tg, clock, zalo, oa), serve=False) as h:
        yield h
