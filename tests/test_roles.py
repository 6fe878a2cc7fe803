"""Admins grant and revoke the official role; menus follow the role."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AuditEvent, Identity
from tests.conftest import ADMIN_ID, Harness
from tests.fakes.telegram_server import FakeTelegram

MEMBER = 801


async def role_of(h: Harness, user_id: int) -> str:
    assert h.app is not None
    async with h.app.db.transaction() as session:
        identity = await session.scalar(select(Identity).where(Identity.user_id == str(user_id)))
        assert identity is not None
        return identity.person.role


def menu(tg: FakeTelegram, chat_id: int, language: str = "") -> list[str]:
    return [c["command"] for c in tg.commands[tg.key({"type": "chat", "chat_id": chat_id}, language)]]


async def test_menus_at_start(harness: Harness) -> None:
    tg = harness.tg
    default = [c["command"] for c in tg.commands[tg.key(None, "")]]
    assert default[:3] == ["feedback", "mine", "status"] and default[-2:] == ["start", "help"] and "grant" not in default
    english = tg.commands[tg.key(None, "en")]
    assert {"command": "help", "description": "Commands"} in english
    assert {"command": "help", "description": "Các lệnh"} in tg.commands[tg.key(None, "")]
    assert "grant" in menu(tg, ADMIN_ID) and "revoke" in menu(tg, ADMIN_ID, "en")


async def test_grant_and_revoke(harness: Harness) -> None:
    tg = harness.tg
    await harness.join(MEMBER)
    await harness.join(ADMIN_ID)
    texts = await harness.say(ADMIN_ID, f"/grant telegram:{MEMBER}")
    assert texts[0] == f"Đã cấp quyền cán bộ cho telegram:{MEMBER}."
    assert tg.sent_to(MEMBER)[-1].text.startswith("Bạn đã được cấp quyền cán bộ")
    assert await role_of(harness, MEMBER) == "official"
    assert "help" in menu(tg, MEMBER)
    texts = await harness.say(ADMIN_ID, f"/grant {MEMBER}")
    assert texts == [f"telegram:{MEMBER} đã có quyền cán bộ."]
    texts = await harness.say(ADMIN_ID, f"/revoke {MEMBER}")
    assert texts[0] == f"Đã thu hồi quyền cán bộ của telegram:{MEMBER}."
    assert await role_of(harness, MEMBER) == "member"
    texts = await harness.say(ADMIN_ID, f"/revoke {MEMBER}")
    assert texts == [f"telegram:{MEMBER} không phải cán bộ."]
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        actions = (await session.scalars(select(AuditEvent.action).order_by(AuditEvent.id))).all()
    assert actions == ["grant", "revoke"]


async def test_grant_needs_a_known_person_and_an_argument(harness: Harness) -> None:
    await harness.join(ADMIN_ID)
    assert (await harness.say(ADMIN_ID, "/grant"))[0].startswith("Cách dùng: /grant")
    assert (await harness.say(ADMIN_ID, "/grant telegram:424242"))[0].startswith("Không tìm thấy người dùng telegram:424242")


async def test_configured_admin_cannot_be_revoked(harness: Harness) -> None:
    await harness.join(ADMIN_ID)
    texts = await harness.say(ADMIN_ID, f"/revoke {ADMIN_ID}")
    assert texts[0].startswith(f"telegram:{ADMIN_ID} là quản trị viên theo cấu hình HIENKE_ADMINS")
    assert await role_of(harness, ADMIN_ID) == "admin"


async def test_help_lists_what_the_role_may_use(harness: Harness) -> None:
    await harness.join(MEMBER)
    await harness.join(ADMIN_ID)
    member_help = (await harness.say(MEMBER, "/help"))[0]
    admin_help = (await harness.say(ADMIN_ID, "/help"))[0]
    assert "/profile — Xem, sửa hồ sơ" in member_help and "/grant" not in member_help
    assert "/grant — Cấp quyền cán bộ" in admin_help
