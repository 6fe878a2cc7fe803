"""Zalo OA tokens that never lapse: sealed in the database, renewed once when they expire mid-broadcast,
never spent twice by two processes, a failed renewal told to the admins and /readyz, nothing lost."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from pydantic import SecretStr
from sqlalchemy import select, text, update

from bot.app import oa_tokens
from bot.messages import Reply
from bot.settings import Settings
from bot.zalo_oa import ZaloOAChannel
from handlers.broadcasts import start_broadcast
from storage.db import Database
from storage.models import Identity, OutboxMessage, Person, ZaloOAToken
from tests.conftest import ADMIN_ID, Clock, Harness, with_oa
from tests.fakes.zalo_oa_server import FakeZaloOA


def oa_channel(h: Harness) -> ZaloOAChannel:
    assert h.app is not None
    channel = h.app.channels["zalo_oa"]
    assert isinstance(channel, ZaloOAChannel)
    return channel


async def oa_followers(db: Database, oa: FakeZaloOA, count: int, now: datetime, first: int = 9_000_000) -> list[str]:
    """Consenting people who follow the OA (each interacted just now, on the fake and in our window)."""
    users = [str(first + n) for n in range(count)]
    async with db.transaction() as session:
        for user in users:
            oa.interact(user)
            person = Person(consent_at=now, associations=[], language="vi")
            session.add(Identity(person=person, channel="zalo_oa", user_id=user, chat_id=user, last_seen_at=now,
                                 window_until=now + timedelta(hours=47)))
    return users


async def broadcast(db: Database, text_: str, now: datetime) -> None:
    """An announcement to everyone who consented, through the broadcast engine."""
    async with db.transaction() as session:
        people = list((await session.scalars(select(Person.id).where(Person.consent_at.is_not(None)))).all())
        await start_broadcast(session, kind="announcement", person_ids=people, now=now, render=lambda _: Reply(text_))


async def wait_until(condition, timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def test_tokens_are_sealed_and_the_seed_is_spent_only_once(oa_harness: Harness, oa: FakeZaloOA, clock: Clock) -> None:
    h = oa_harness
    assert h.app is not None
    seed = oa.refreshes[0]
    assert len(oa.refreshes) == 1 and oa.reused == []
    async with h.app.db.transaction() as session:
        row = (await session.execute(text("SELECT access_token, refresh_token FROM zalo_oa_tokens"))).one()
    issued = [token for token in oa.access_tokens]
    assert all(token not in row.access_token and token not in row.refresh_token for token in issued + [seed])
    h.settings = h.settings.model_copy(update={"zalo_oa_refresh_token": SecretStr(oa.issue_refresh_token())})
    await h.restart()
    assert len(oa.refreshes) == 1  # the database holds tokens: a new seed is not spent
    assert (await oa_channel(h).tokens.problem()) is None


async def test_expiry_mid_broadcast_renews_once_and_sending_goes_on(oa_harness: Harness, oa: FakeZaloOA, clock: Clock) -> None:
    h = oa_harness
    assert h.app is not None
    users = await oa_followers(h.app.db, oa, 60, clock())
    await broadcast(h.app.db, "📢 Lịch tiếp công dân tháng 12.", clock())
    h.app.sender.wake()
    await wait_until(lambda: len(oa.sent) >= 15)
    oa.expire_access_tokens()
    await h.settle(timeout=30)
    received = sorted(m.user_id for m in oa.sent if (m.text or "").startswith("📢"))
    assert received == sorted(users)
    assert len(oa.refreshes) == 2 and oa.reused == []  # the seed at start, then one renewal


async def test_two_processes_never_spend_the_same_refresh_token(
    oa_harness: Harness, oa: FakeZaloOA, database_url: str, clock: Clock
) -> None:
    """Four more processes (and the bot itself), five coroutines each, all finding the token expired at once."""
    h = oa_harness
    assert h.app is not None
    async with h.app.db.transaction() as session:
        await session.execute(update(ZaloOAToken).values(access_expires_at=clock() - timedelta(minutes=1)))
    processes = [Database.from_url(database_url) for _ in range(4)]
    stores = [oa_tokens(h.settings, db, clock) for db in processes]
    try:
        tokens = await asyncio.gather(*(store.access_token() for store in stores for _ in range(5)))
    finally:
        for db in processes:
            await db.dispose()
    assert len(set(tokens)) == 1 and tokens[0] in oa.access_tokens
    assert len(oa.refreshes) == 2 and len(set(oa.refreshes)) == 2 and oa.reused == []  # the seed, then one renewal


async def test_a_failed_renewal_tells_the_admins_and_readyz_and_loses_nothing(oa_harness: Harness, oa: FakeZaloOA, clock: Clock) -> None:
    h = oa_harness
    assert h.app is not None
    await h.join(ADMIN_ID)
    channel = oa_channel(h)
    channel.token_pause = 0.2
    users = await oa_followers(h.app.db, oa, 5, clock())
    oa.refresh_tokens = dict.fromkeys(oa.refresh_tokens, False)  # the stored refresh token no longer works
    oa.expire_access_tokens()
    await broadcast(h.app.db, "📢 Họp trực tuyến 20:00.", clock())
    h.app.sender.wake()
    await wait_until(lambda: len(oa.refreshes) >= 2)
    await channel.maintain_once()
    await wait_until(lambda: any("Zalo OA: không làm mới được mã truy cập" in (m.text or "") for m in h.tg.sent_to(ADMIN_ID)))
    async with aiohttp.ClientSession() as session, session.get(f"{h.settings.hienke_public_url}/readyz") as response:
        body = await response.json()
    assert response.status == 503 and "Zalo OA token refresh failed" in body["problems"][0] and "-14014" in body["problems"][0]
    await channel.maintain_once()
    assert sum("không làm mới được" in (m.text or "") for m in h.tg.sent_to(ADMIN_ID)) == 1  # told once
    async with h.app.db.transaction() as session:
        on_oa = (OutboxMessage.broadcast_id.is_not(None)) & (OutboxMessage.channel == "zalo_oa")
        statuses = set((await session.scalars(select(OutboxMessage.status).where(on_oa))).all())
    assert statuses <= {"pending", "sending"}  # waiting, not failed
    challenge = await channel.tokens.begin_authorization()  # an admin runs `hienke zalo-oa authorize` again
    await channel.tokens.complete_authorization(oa.authorization_code(challenge))
    await h.settle(timeout=30)
    assert sorted(m.user_id for m in oa.sent if (m.text or "").startswith("📢")) == sorted(users)
    async with aiohttp.ClientSession() as session, session.get(f"{h.settings.hienke_public_url}/readyz") as response:
        assert response.status == 200


async def test_authorize_prints_the_link_and_stores_the_first_tokens(settings: Settings, oa: FakeZaloOA, tmp_path: Path) -> None:
    configured = with_oa(settings, oa)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_", "HIENKE_", "DATABASE_URL"))}
    env.update({
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "DATABASE_URL": configured.database_url,
        "ZALO_OA_APP_ID": oa.app_id, "ZALO_OA_SECRET_KEY": oa.secret_key, "ZALO_OA_OAUTH_BASE_URL": oa.root,
        "ZALO_OA_API_BASE_URL": oa.root, "HIENKE_SECRET_KEY": "test-secret-key-for-sealing-anonymous-authors",
    })
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "zalo-oa", "authorize", "--redirect-uri", "https://hienke.example/zalo-oa/authorized",
        cwd=tmp_path, env=env, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None and process.stdin is not None
    link = ""
    while "code_challenge=" not in link:
        link = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
    assert link.startswith(f"{oa.root}/v4/oa/permission?app_id={oa.app_id}&redirect_uri=https%3A%2F%2Fhienke.example")
    challenge = link.split("code_challenge=")[1].split("&")[0]
    code = oa.authorization_code(challenge)
    out, err = await asyncio.wait_for(process.communicate(f"https://hienke.example/zalo-oa/authorized?code={code}&oa_id=1\n".encode()), 30)
    assert process.returncode == 0, err.decode()
    assert "Zalo OA tokens stored" in out.decode()
    db = Database.from_url(configured.database_url)
    try:
        store = oa_tokens(configured, db, lambda: datetime.now(UTC))
        assert await store.access_token() in oa.access_tokens and store.refreshes == 0
    finally:
        await db.dispose()
