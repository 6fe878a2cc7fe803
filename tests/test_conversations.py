"""One conversation table played on every channel: Telegram (pressing buttons by their callback
data) and Zalo (answering the numbered menus with a digit, or with the option's words)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

import pytest
from sqlalchemy import select

from storage.models import Identity, Person
from tests.conftest import Harness

TELEGRAM_USER = 501
ZALO_USER = "zu-501"


@dataclass(frozen=True)
class Choose:
    """Pick the option with this label: a button on Telegram, a numbered line on Zalo."""

    label: str


CONVERSATION: list[tuple[str | Choose, str]] = [
    ("/start", "Xin chào! Đây là Hiến kế"),
    ("xin chào", "Bạn có đồng ý không?"),  # kept, and offered as feedback once they agreed
    (Choose("Đồng ý"), "Bạn có muốn gửi tin nhắn này thành ý kiến"),
    (Choose("Không"), "Được, tin nhắn không được gửi đi."),
    ("/profile", "• Họ tên: chưa khai"),
    (Choose("Khai lần lượt tất cả"), "Họ và tên của bạn?"),
    ("Nguyễn Thị Hoa", "Lĩnh vực chuyên môn của bạn?"),
    (Choose("Y tế"), "Lĩnh vực: Y tế ✓"),
    (Choose("Thạc sĩ"), "Nơi công tác của bạn?"),
    ("Bệnh viện đa khoa tỉnh", "Bạn sống hoặc làm việc ở xã, phường nào?"),
    (Choose("Xã Mù Cả"), "Bạn là hội viên của hội nào?"),
    (Choose("Hội Y học"), "Bạn là hội viên của hội nào?"),
    (Choose("Xong"), "Hội: Hội Y học ✓"),
    ("năm 85", "Năm sinh cần là số có 4 chữ số"),
    ("1985", "Giới tính của bạn?"),
    (Choose("Nữ"), "Dân tộc của bạn?"),
    ("Hà Nhì", "Cảm ơn bạn! Hồ sơ đã được lưu."),
    ("/profile", "• Họ tên: Nguyễn Thị Hoa"),
    (Choose("Nơi công tác"), "Nơi công tác của bạn?"),
    ("Trạm y tế xã", "• Nơi công tác: Trạm y tế xã"),
    ("/link", "Mã liên kết của bạn:"),
    ("/mydata", "Đây là toàn bộ dữ liệu chúng tôi lưu về bạn."),
    ("/language", "Chọn ngôn ngữ:"),
    (Choose("English"), "Switched to English."),
    ("/help", "/link — Link your Telegram and Zalo accounts"),
    ("/forget", "Erase your profile and contact details?"),
    (Choose("No"), "Nothing was erased."),
]


def option_number(h: Harness, user_id: str, label: str) -> str:
    """The digit of `label` in the newest numbered menu the bot sent this Zalo user."""
    assert h.zalo is not None
    for message in reversed(h.zalo.sent_to(user_id)):
        for line in (message.text or "").splitlines():
            number, dot, rest = line.partition(". ")
            if dot and number.isdigit() and rest == label:
                return number
    raise AssertionError(f"no option {label!r} on Zalo:\n{h.dump()}")


Act = Callable[[str], Awaitable[list[str]]]


@dataclass(frozen=True)
class Chat:
    """A person's side of a conversation on one channel."""

    channel: str
    user_id: str
    send: Act
    choose: Act


def telegram_chat(h: Harness) -> Chat:
    """Buttons pressed by their callback data."""
    return Chat(
        "telegram",
        str(TELEGRAM_USER),
        lambda text: h.say(TELEGRAM_USER, text),
        lambda label: h.press(TELEGRAM_USER, h.button(TELEGRAM_USER, label)),
    )


def zalo_chat(h: Harness, *, by_number: bool) -> Chat:
    """Options answered with their number, or with their words."""

    async def send(text: str) -> list[str]:
        return await h.zsay(ZALO_USER, text)

    async def choose(label: str) -> list[str]:
        return await send(option_number(h, ZALO_USER, label) if by_number else label)

    return Chat("zalo", ZALO_USER, send, choose)


@pytest.mark.parametrize(
    "open_chat",
    [telegram_chat, partial(zalo_chat, by_number=True), partial(zalo_chat, by_number=False)],
    ids=["telegram", "zalo-digits", "zalo-words"],
)
async def test_the_same_conversation_on_every_channel(harness: Harness, open_chat: Callable[[Harness], Chat]) -> None:
    chat = open_chat(harness)
    for said, expected in CONVERSATION:
        texts = await (chat.choose(said.label) if isinstance(said, Choose) else chat.send(said))
        assert any(expected in text for text in texts), f"{said!r}: expected {expected!r} in {texts}\n{harness.dump()}"
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        identity = await session.scalar(select(Identity).where(Identity.channel == chat.channel))
        assert identity is not None and identity.user_id == chat.user_id
        person: Person = identity.person
        assert (person.full_name, person.field, person.qualification, person.workplace) == (
            "Nguyễn Thị Hoa",
            "health",
            "master",
            "Trạm y tế xã",
        )
        assert (person.commune, person.associations, person.birth_year, person.gender, person.ethnicity) == (
            "Xã Mù Cả",
            ["medicine"],
            1985,
            "female",
            "Hà Nhì",
        )
        assert person.language == "en" and person.consent_at is not None
        assert len((await session.scalars(select(Identity))).all()) == 1  # nothing leaked to the other channel
    if chat.channel == "zalo":
        assert harness.tg.sent == []
        assert all(len(m.text or "") <= 2000 for m in harness.zalo.sent)  # type: ignore[union-attr]
    else:
        assert harness.zalo is not None and harness.zalo.sent == []
