"""The outbox sender against Telegram's refusals: 403 marks a person unreachable, 429 pauses the channel."""

from __future__ import annotations

import time

from sqlalchemy import select

from storage.models import Identity, OutboxMessage
from tests.conftest import ADMIN_ID, Clock, Harness

MEMBER = 811


async def test_blocked_person_is_marked_unreachable(harness: Harness) -> None:
    await harness.join(MEMBER)
    await harness.join(ADMIN_ID)
    harness.tg.blocked.add(MEMBER)
    texts = await harness.say(ADMIN_ID, f"/grant {MEMBER}")
    assert texts[0].startswith("Đã cấp quyền cán bộ")
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        identity = await session.scalar(select(Identity).where(Identity.user_id == str(MEMBER)))
        assert identity is not None and identity.unreachable_at is not None
        left = (await session.scalars(select(OutboxMessage))).all()
    assert left == []  # what could not be delivered is not kept either (nor whom it was for)


async def test_429_pauses_then_delivers(harness: Harness) -> None:
    harness.tg.fail_next("sendMessage", error_code=429, retry_after=1)
    started = time.monotonic()
    texts = await harness.say(MEMBER, "/start")
    assert texts[0].startswith("Xin chào!")
    assert len(harness.tg.sent_to(MEMBER)) == 2  # nothing lost, nothing twice
    assert time.monotonic() - started >= 0.9


async def test_passing_server_error_is_retried_in_order(harness: Harness) -> None:
    harness.tg.fail_next("sendMessage", error_code=502, retry_after=None, description="Bad Gateway")
    texts = await harness.say(MEMBER, "/start")
    assert [t[:8] for t in texts] == ["Xin chào", "Về dữ li"]


async def test_lasting_server_error_defers_without_holding_the_chat(harness: Harness, clock: Clock) -> None:
    harness.tg.fail_next("sendMessage", error_code=502, retry_after=None, description="Bad Gateway", times=3)
    harness.tg.send_text(MEMBER, "/start")
    await harness.tg.wait_for(lambda: len(harness.tg.sent_to(MEMBER)) == 1, timeout=8)
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        waiting = (await session.scalars(select(OutboxMessage).where(OutboxMessage.status == "pending"))).all()
    assert len(waiting) == 1 and waiting[0].attempts == 1 and waiting[0].not_before is not None
    clock.advance(seconds=5)
    await harness.settle()
    assert [m.text[:8] for m in harness.tg.sent_to(MEMBER)] == ["Về dữ li", "Xin chào"]
