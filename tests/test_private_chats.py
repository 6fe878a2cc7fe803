"""The bot converses only in private chats: in a group it answers once with a pointer to the private chat, keeps
nobody's data or conversation there, records no group as anyone's reply chat and sends nothing personal to it."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.messages import Inbound
from bot.zalo import to_received as zalo_received
from storage.models import ConversationState, GroupChat, Identity, Person
from tests.conftest import Harness
from tests.flows import answer, member, official, submit
from tests.test_conversations import option_number

MEMBER = 6201
STRANGER = 6202  # has never written to the bot privately
OFFICIAL = 6203
GROUP = -1001234567890
POINTER = (
    "Hiến kế chỉ trò chuyện riêng, để ý kiến và thông tin của từng người không lộ ra nhóm.\n"
    "Xin nhắn riêng cho bot: https://t.me/hienke_test_bot"
)
ZALO_USER, ZALO_GROUP = "zu-6204", "zg-6205"


async def count(h: Harness, statement) -> int:  # type: ignore[no-untyped-def]
    assert h.app is not None
    async with h.app.db.transaction() as session:
        return int(await session.scalar(statement) or 0)


async def identity_chat(h: Harness, channel: str, user_id: str) -> str | None:
    assert h.app is not None
    async with h.app.db.transaction() as session:
        return await session.scalar(select(Identity.chat_id).where(Identity.channel == channel, Identity.user_id == user_id))


def test_adapters_mark_the_chat_type() -> None:
    private = {"chat": {"id": "u1", "chat_type": "PRIVATE"}, "from": {"id": "u1"}, "message_id": "m1", "text": "hi"}
    group = {**private, "chat": {"id": "g1", "chat_type": "GROUP"}, "message_id": "m2"}
    unmarked = {**private, "chat": {"id": "g2"}, "message_id": "m3"}
    kinds = [zalo_received({"event_name": "message.text.received", "message": m}) for m in (private, group, unmarked)]
    assert [k.inbound.chat_type if k else None for k in kinds] == ["private", "group", "group"]
    assert Inbound.from_json({"channel": "telegram", "chat_id": "1", "user_id": "1"}).private  # rows stored before the field


async def test_a_telegram_group_gets_one_pointer_and_nothing_personal(harness: Harness) -> None:
    h, tg = harness, harness.tg
    await member(h, MEMBER)
    await official(h, OFFICIAL)
    code = await submit(h, MEMBER, "Trạm y tế bản Hon thiếu thuốc.", "anonymous")
    people = await count(h, select(func.count()).select_from(Person))

    texts = await h.push(tg.group_message_update(MEMBER, GROUP, "/help@hienke_test_bot"), chat_id=GROUP)
    assert texts == [POINTER]
    for said in ("/mine", "/mydata", f"/status {code}", "Tôi muốn góp ý về trạm y tế"):
        assert await h.push(tg.group_message_update(MEMBER, GROUP, said), chat_id=GROUP) == []
    assert await h.push(tg.group_message_update(STRANGER, GROUP, "/start"), chat_id=GROUP) == []
    pointer = tg.sent_to(GROUP)[0].message_id
    assert await h.push(tg.callback_update(MEMBER, "fb:view:" + code, pointer, chat_id=GROUP), chat_id=GROUP) == []
    assert [m.text for m in tg.sent_to(GROUP)] == [POINTER]  # one answer per chat, ever
    assert await count(h, select(func.count()).select_from(Person)) == people  # the stranger is not kept
    assert await identity_chat(h, "telegram", str(MEMBER)) == str(MEMBER)  # the reply chat is still the private one
    assert await count(h, select(func.count()).select_from(ConversationState).where(ConversationState.chat_id == str(GROUP))) == 0
    assert h.app is not None
    async with h.app.db.transaction() as session:
        hashes = (await session.scalars(select(GroupChat.chat_hash))).all()
    assert len(hashes) == 1 and str(GROUP) not in hashes[0]

    await answer(h, OFFICIAL, code, "Trạm đã được cấp thêm thuốc.")  # the anonymous author's answer goes to the private chat
    assert any("Trạm đã được cấp thêm thuốc." in (m.text or "") for m in tg.sent_to(MEMBER))
    assert (await h.say(MEMBER, "/mine"))[0].startswith("Ý kiến của bạn")
    assert [m.text for m in tg.sent_to(GROUP)] == [POINTER]

    await h.restart()  # the pointer is remembered in the database, not in memory
    assert await h.push(tg.group_message_update(MEMBER, GROUP, "/start"), chat_id=GROUP) == []


async def test_a_zalo_group_gets_one_pointer_and_nothing_personal(harness: Harness) -> None:
    h = harness
    assert h.zalo is not None
    zalo = h.zalo
    await h.zsay(ZALO_USER, "/start")
    await h.zsay(ZALO_USER, option_number(h, ZALO_USER, "Đồng ý"))
    await h.zsay(ZALO_USER, option_number(h, ZALO_USER, "Để sau"))
    for said in ("/help", "/mine", "1"):
        await h.zpush(zalo.update(ZALO_USER, "message.text.received", {"text": said}, group=ZALO_GROUP))
    assert [m.text for m in zalo.sent_to(ZALO_GROUP)] == [
        "Hiến kế chỉ trò chuyện riêng, để ý kiến và thông tin của từng người không lộ ra nhóm.\n"
        "Xin mở trò chuyện riêng với bot và gõ /start."
    ]
    assert await identity_chat(h, "zalo", ZALO_USER) == ZALO_USER
    assert await count(h, select(func.count()).select_from(ConversationState).where(ConversationState.chat_id == ZALO_GROUP)) == 0
    assert (await h.zsay(ZALO_USER, "/mine"))[0].startswith("Bạn chưa gửi ý kiến nào")
