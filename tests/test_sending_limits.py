"""The sender against a fake Bot API that enforces Telegram's limits exactly (30 messages in any second for
the bot, one a second per chat, edits included): no 429 earned, nobody held back by someone else's flood,
a 429 that comes anyway obeyed, paid broadcasts in their own budget. Counts and order, never durations."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.app import Application
from bot.messages import Reply
from bot.ratelimit import CallWindow
from bot.settings import Settings
from handlers.broadcasts import start_broadcast
from storage.models import OutboxMessage, Person
from tests.conftest import ADMIN_ID, POSTGRES_URL, Clock, Harness, running
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.zalo_server import FakeZalo
from tests.test_broadcast import add_people

FLOODER = 700
OTHER = 701


@pytest.fixture
async def strict_tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(strict=30) as fake:
        yield fake


def strict_settings(settings: Settings, tg: FakeTelegram, **more: object) -> Settings:
    """The usual settings on the strict fake, with the real spacing of one message a second per chat."""
    return settings.model_copy(
        update={"telegram_bot_token": SecretStr(tg.token), "telegram_api_base_url": tg.root, "hienke_chat_interval": 1.0, **more}
    )


@pytest.fixture
async def strict(settings: Settings, strict_tg: FakeTelegram, zalo: FakeZalo, clock: Clock) -> AsyncIterator[Harness]:
    async with running(Harness(strict_settings(settings, strict_tg), strict_tg, clock, zalo), serve=False) as h:
        yield h


def refused(tg: FakeTelegram) -> int:
    assert tg.limits is not None
    return tg.limits.refused


async def test_a_crowd_starting_at_once_earns_no_429(strict: Harness) -> None:
    """60 people send /start together: two messages each, so both limits are met at once, and none is refused."""
    for user in range(2000, 2060):
        strict.tg.send_text(user, "/start")
    await strict.settle(timeout=30)
    assert refused(strict.tg) == 0
    assert all(len(strict.tg.sent_to(user)) == 2 for user in range(2000, 2060))


async def test_pressing_buttons_fast_spaces_the_edits_too(strict: Harness) -> None:
    """/start, consent and the profile answered at once: messages and edits in one chat, none refused."""
    await strict.join(ADMIN_ID)
    await strict.say(ADMIN_ID, "/help")
    assert refused(strict.tg) == 0
    assert strict.tg.edits and len(strict.tg.sent_to(ADMIN_ID)) >= 3


async def test_one_chats_pile_of_replies_holds_back_no_one_else(strict: Harness) -> None:
    """30 /help from one chat queue 30 replies sent one a second; another person's reply goes out in between."""
    for _ in range(30):
        strict.tg.send_text(FLOODER, "/help")
    strict.tg.send_text(OTHER, "/help")
    await strict.tg.wait_for(lambda: len(strict.tg.sent_to(OTHER)) == 1, timeout=30)
    order = [m.chat_id for m in strict.tg.sent]
    assert order.index(OTHER) < 10 and order.count(FLOODER) < 30
    assert refused(strict.tg) == 0


async def test_a_chats_next_message_waits_in_the_queue_not_in_a_claimed_place(strict: Harness) -> None:
    """Three announcements to each of 20 people: a chat's second one is claimed only once its interval has
    passed, so no chat ever has two messages taken for sending at once (places another chat could use)."""
    assert strict.app is not None
    db = strict.app.db
    await add_people(db, 20, first_id=60_000)
    async with db.transaction() as session:
        ids = list((await session.scalars(select(Person.id))).all())
        for n in range(3):
            await start_broadcast(session, kind="announcement", person_ids=ids, now=strict.clock(),
                                  render=lambda language, n=n: Reply(f"📢 Thông báo số {n + 1}."))
    strict.app.sender.wake()
    most = 0
    async with asyncio.timeout(60):
        while len([m for m in strict.tg.sent if m.chat_id >= 60_000]) < 60:
            async with db.transaction() as session:
                taken = await session.execute(
                    select(OutboxMessage.chat_id, func.count()).where(OutboxMessage.status == "sending").group_by(OutboxMessage.chat_id)
                )
                most = max([most, *(count for _, count in taken)])
            await asyncio.sleep(0.02)
    assert most == 1
    assert [m.text for m in strict.tg.sent_to(60_000)] == [f"📢 Thông báo số {n}." for n in (1, 2, 3)]
    assert refused(strict.tg) == 0


async def test_a_flood_gets_one_please_wait_and_the_rest_is_dropped(
    settings: Settings, strict_tg: FakeTelegram, zalo: FakeZalo, clock: Clock
) -> None:
    """500 /help in a minute from one chat: 5 answered (the limit here), one "please wait", nothing else; a
    person writing meanwhile is answered, and a minute later the flooder is heard again."""
    h = Harness(strict_settings(settings, strict_tg, hienke_inbound_per_minute=5), strict_tg, clock, zalo)
    async with running(h, serve=False):
        for _ in range(500):
            h.tg.send_text(FLOODER, "/help")
        h.tg.send_text(OTHER, "/help")
        await h.settle(timeout=30)
        texts = [m.text or "" for m in h.tg.sent_to(FLOODER)]
        answer = [m.text or "" for m in h.tg.sent_to(OTHER)]  # someone new's /help: what works before consent, the notice
        assert answer and texts[-1].startswith("Bạn gửi nhanh quá") and texts[:-1] == answer * 5
        clock.advance(minutes=1)
        assert (await h.say(FLOODER, "/help")) == answer
        assert refused(h.tg) == 0


async def test_a_429_that_comes_anyway_pauses_and_lowers_the_rate(strict: Harness) -> None:
    strict.tg.fail_next("sendMessage", error_code=429, retry_after=1)
    texts = await strict.say(OTHER, "/start")
    assert texts[0].startswith("Xin chào!") and len(strict.tg.sent_to(OTHER)) == 2  # nothing lost, nothing twice
    assert strict.app is not None
    limits = strict.app.sender.limits["telegram"]
    assert limits is not None and limits.window.current_limit(limits.window.paused_until) < 30


async def test_a_paid_broadcast_goes_in_its_own_budget(
    settings: Settings, strict_tg: FakeTelegram, zalo: FakeZalo, clock: Clock
) -> None:
    """With paid broadcasts on, 120 recipients are sent with allow_paid_broadcast (not held to 30 a second);
    the replies to people are not paid for."""
    h = Harness(strict_settings(settings, strict_tg, telegram_paid_broadcast=True), strict_tg, clock, zalo)
    async with running(h, serve=False) as running_h:
        assert running_h.app is not None
        await running_h.say(OTHER, "/help")
        await add_people(running_h.app.db, 120, first_id=80_000)
        async with running_h.app.db.transaction() as session:
            ids = list((await session.scalars(select(Person.id))).all())
            broadcast = await start_broadcast(session, kind="announcement", person_ids=ids, now=clock(),
                                  render=lambda language: Reply("📢 Họp dân 15/12."))
        running_h.app.sender.wake()
        await running_h.settle(timeout=30)
        assert strict_tg.limits is not None
        assert broadcast.total >= 120 and strict_tg.limits.paid == broadcast.total and refused(strict_tg) == 0
        assert len({m.chat_id for m in strict_tg.sent if m.chat_id >= 80_000}) == 120


@pytest.mark.skipif(POSTGRES_URL is None, reason="the sender lease passes between processes on PostgreSQL")
async def test_a_process_taking_over_the_sender_waits_out_the_last_ones_window(
    settings: Settings, strict_tg: FakeTelegram, clock: Clock
) -> None:
    """The sending process stops with a full window behind it; the one taking over starts no call until those
    calls have left the window, so the messenger never counts the two together."""
    config = strict_settings(settings, strict_tg)
    first = await Application.build(config, clock=clock, schedule=False)
    second = await Application.build(config, clock=clock, schedule=False)
    try:
        await add_people(first.db, 80, first_id=90_000)
        async with first.db.transaction() as session:
            ids = list((await session.scalars(select(Person.id))).all())
            await start_broadcast(session, kind="announcement", person_ids=ids, now=clock(),
                                  render=lambda language: Reply("📢 Họp dân 15/12."))
        async with asyncio.timeout(60):
            await first.start()
            while len(strict_tg.sent) < 35:  # a full window of the first one's calls
                await asyncio.sleep(0.01)
            await first.close(grace=0)  # its lease freed at once
            await second.start()
            while len({m.chat_id for m in strict_tg.sent}) < 80:
                await asyncio.sleep(0.05)
    finally:
        await first.close(grace=0)
        await second.close(grace=0)
    assert second.leases is not None and second.leases.since_last_holder("sender") is not None
    assert refused(strict_tg) == 0


async def test_the_window_serves_replies_before_bulk_and_never_exceeds_its_limit() -> None:
    """Three calls a (short) window: a reply that comes last goes before the bulk calls already waiting,
    and no window ever holds more than three calls, counted from start to a window after the end."""
    window = CallWindow(3, window=0.05)
    order: list[str] = []
    spans: list[tuple[float, float]] = []

    async def call(name: str, priority: int) -> None:
        await window.acquire(priority)
        started = time.monotonic()
        order.append(name)
        await asyncio.sleep(0.01)
        window.release()
        spans.append((started, time.monotonic()))

    bulk = [asyncio.create_task(call(f"bulk{n}", 1)) for n in range(8)]
    await asyncio.sleep(0.001)
    await asyncio.gather(call("reply", 0), *bulk)
    assert order.index("reply") <= 3
    for started, _ in spans:  # calls holding a place at each start: begun before, ended less than a window before
        assert sum(1 for s, e in spans if s <= started < e + 0.05) <= 3
