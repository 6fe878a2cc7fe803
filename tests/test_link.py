"""One person on Telegram and Zalo: /link codes, merging two people, and where notices go afterwards."""

from __future__ import annotations

import re

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, UniqueConstraint, func, insert, select

from storage import repo
from storage.models import AuditEvent, Identity, LinkCode, OutboxMessage, Person
from tests.conftest import ADMIN_ID, Harness
from tests.flows import submit
from tests.test_conversations import option_number

TG_USER = 501
ZALO_USER = "zu-501"
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}")


async def people(h: Harness) -> list[Person]:
    assert h.app is not None
    async with h.app.db.transaction() as session:
        return list((await session.scalars(select(Person).order_by(Person.id))).all())


async def identities(h: Harness) -> list[Identity]:
    assert h.app is not None
    async with h.app.db.transaction() as session:
        return list((await session.scalars(select(Identity).order_by(Identity.id))).all())


async def telegram_consent(h: Harness) -> None:
    await h.say(TG_USER, "/start")
    await h.press(TG_USER, "cs:yes")


async def zalo_consent(h: Harness, user: str = ZALO_USER) -> None:
    await h.zsay(user, "/start")
    await h.zsay(user, option_number(h, user, "Đồng ý"))


async def new_code(h: Harness) -> str:
    """Ask for a link code on Telegram."""
    texts = await h.say(TG_USER, "/link")
    found = CODE.search(texts[0])
    assert found is not None, texts
    return found.group()


async def test_linked_accounts_are_one_person_with_one_profile(harness: Harness) -> None:
    await telegram_consent(harness)
    await harness.press(TG_USER, "pf:begin")
    await harness.say(TG_USER, "Lò Văn Minh")
    code = await new_code(harness)
    texts = await harness.zsay(ZALO_USER, f"/link {code.replace('-', '').lower()}")
    assert texts == ["Đã liên kết. Các tài khoản Telegram, Zalo của bạn giờ dùng chung một hồ sơ."]
    [person] = await people(harness)
    assert [(i.channel, i.person_id) for i in await identities(harness)] == [("telegram", person.id), ("zalo", person.id)]
    texts = await harness.zsay(ZALO_USER, "/profile")
    assert "• Họ tên: Lò Văn Minh" in texts[0]
    await harness.zsay(ZALO_USER, option_number(harness, ZALO_USER, "Nơi công tác"))
    await harness.zsay(ZALO_USER, "Trường PTDTNT")
    texts = await harness.say(TG_USER, "/profile")
    assert "• Nơi công tác: Trường PTDTNT" in texts[0] and "• Họ tên: Lò Văn Minh" in texts[0]
    assert len(await people(harness)) == 1
    assert await harness.zsay("zu-other", f"/link {code}") == [
        "Mã liên kết không đúng hoặc đã hết hạn. Gõ /link trên tài khoản kia để lấy mã mới."
    ]


async def test_the_older_person_keeps_their_values_and_gains_the_rest(harness: Harness) -> None:
    await zalo_consent(harness)
    await harness.zsay(ZALO_USER, option_number(harness, ZALO_USER, "Khai ngay"))
    await harness.zsay(ZALO_USER, "Nguyễn Văn Zalo")
    await harness.zsay(ZALO_USER, option_number(harness, ZALO_USER, "Dừng"))
    harness.clock.advance(minutes=1)
    await telegram_consent(harness)
    await harness.press(TG_USER, "pf:begin")
    await harness.say(TG_USER, "Nguyễn Văn Telegram")
    await harness.press(TG_USER, harness.button(TG_USER, "Y tế"))
    await harness.say(TG_USER, "/language en")
    older, newer = await people(harness)
    await harness.zsay(ZALO_USER, f"/link {await new_code(harness)}")
    [person] = await people(harness)
    assert person.id == older.id
    assert (person.full_name, person.field, person.language, person.language_chosen) == (
        "Nguyễn Văn Zalo",
        "health",
        "en",
        True,
    )
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        outbox_left = (await session.scalars(select(OutboxMessage.person_id))).all()
        links = (await session.scalars(select(AuditEvent).where(AuditEvent.action == "link"))).all()
        codes = await session.scalar(select(func.count()).select_from(LinkCode))
    assert outbox_left == []  # what was sent to either is gone from the outbox
    assert len(links) == 1 and links[0].target_person_id == person.id and codes == 0


async def test_notices_go_to_the_account_used_last(harness: Harness) -> None:
    await telegram_consent(harness)
    code = await new_code(harness)
    harness.clock.advance(seconds=30)
    await harness.zsay(ZALO_USER, f"/link {code}")
    await harness.say(ADMIN_ID, "/start")
    await harness.press(ADMIN_ID, "cs:yes")
    assert harness.zalo is not None
    await harness.say(ADMIN_ID, f"/grant telegram:{TG_USER}")
    assert harness.zalo.sent_to(ZALO_USER)[-1].text == "Bạn đã được cấp quyền cán bộ trên Hiến kế. Gõ /help để xem các lệnh mới."
    harness.clock.advance(seconds=30)
    await harness.say(TG_USER, "/help")
    zalo_before = len(harness.zalo.sent)
    await harness.say(ADMIN_ID, f"/revoke zalo:{ZALO_USER}")
    assert harness.tg.sent_to(TG_USER)[-1].text == "Quyền cán bộ của bạn trên Hiến kế đã được thu hồi."
    assert len(harness.zalo.sent) == zalo_before


async def test_codes_that_cannot_link(harness: Harness) -> None:
    texts = await harness.zsay(ZALO_USER, "/link")
    assert texts == ["Để dùng tính năng này, xin gõ /start và đồng ý với thông báo về dữ liệu cá nhân."]
    await telegram_consent(harness)
    code = await new_code(harness)
    assert (await harness.say(TG_USER, f"/link {code}"))[0].startswith("Mã này được tạo từ chính tài khoản này.")
    await harness.say(777, "/start")
    assert (await harness.say(777, f"/link {code}"))[0].startswith("Chỉ liên kết được các tài khoản trên những kênh khác nhau")
    harness.clock.advance(minutes=11)
    assert (await harness.zsay(ZALO_USER, f"/link {code}"))[0].startswith("Mã liên kết không đúng hoặc đã hết hạn.")
    assert len(await people(harness)) == 3
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        stored = (await session.scalars(select(LinkCode.code_hash))).all()
    assert len(stored) == 1 and code not in stored[0] and len(stored[0]) == 64  # only a hash is kept


async def test_moving_rows_drops_what_would_clash_on_a_unique_key(harness: Harness) -> None:
    """A feature table with one row per (poll, person): the surviving person's own row wins."""
    metadata = MetaData()
    Table("people", metadata, Column("id", Integer, primary_key=True))
    votes = Table(
        "test_votes",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("poll", Integer, nullable=False),
        Column("person_id", ForeignKey("people.id"), nullable=False),
        Column("choice", Integer, nullable=False),
        UniqueConstraint("poll", "person_id"),
    )
    await telegram_consent(harness)
    await zalo_consent(harness)
    keep, gone = (p.id for p in await people(harness))
    assert harness.app is not None
    async with harness.app.db.engine.begin() as conn:
        await conn.run_sync(lambda sync: metadata.create_all(sync, tables=[votes]))
    try:
        async with harness.app.db.transaction() as session:
            rows = [(1, keep, 1), (1, gone, 2), (2, gone, 3)]
            await session.execute(insert(votes), [{"poll": p, "person_id": who, "choice": c} for p, who, c in rows])
            await repo.move_person_rows(session, gone, keep, metadata)
            moved = (await session.execute(select(votes.c.poll, votes.c.person_id, votes.c.choice).order_by(votes.c.poll))).all()
        assert [tuple(row) for row in moved] == [(1, keep, 1), (2, keep, 3)]
    finally:
        async with harness.app.db.engine.begin() as conn:
            await conn.run_sync(lambda sync: metadata.drop_all(sync, tables=[votes]))


async def test_anonymous_submissions_follow_the_merged_person(harness: Harness) -> None:
    await zalo_consent(harness)  # the Zalo person is older: it stays, the Telegram one goes
    await telegram_consent(harness)
    await harness.press(TG_USER, "pf:later")
    code = await submit(harness, TG_USER, "Đề nghị sửa đường lên bản Sin Suối Hồ trước mùa mưa.", "anonymous")
    link = await new_code(harness)
    await harness.zsay(ZALO_USER, f"/link {link}")
    assert len(await people(harness)) == 1
    texts = await harness.zsay(ZALO_USER, "/mine")
    assert code in texts[0]
    texts = await harness.say(TG_USER, f"/status {code}")
    assert code in texts[0] and "Không tìm thấy" not in texts[0]
