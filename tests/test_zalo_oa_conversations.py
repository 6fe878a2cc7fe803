"""The conversations people have on Telegram and the Zalo bot, on a Zalo Official Account: the same
table, pressing real buttons; feedback, status, an answer relayed, a poll vote and an RSVP."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Ballot, Identity, Person, Rsvp, Submission
from tests.conftest import ADMIN_ID, Harness
from tests.flows import CODE, answer, everything_seen_by, official
from tests.test_conversations import CONVERSATION, Choose
from tests.test_events import new_event
from tests.test_polls import new_poll

OA_USER = "8260015550771"


async def oa_member(h: Harness, user_id: str = OA_USER) -> None:
    await h.osay(user_id, "/start")
    await h.opress(user_id, "Đồng ý")
    await h.opress(user_id, "Để sau")


async def test_the_same_conversation_on_the_oa(oa_harness: Harness) -> None:
    h = oa_harness
    for said, expected in CONVERSATION:
        texts = await (h.opress(OA_USER, said.label) if isinstance(said, Choose) else h.osay(OA_USER, said))
        assert any(expected in text for text in texts), f"{said!r}: expected {expected!r} in {texts}\n{h.dump()}"
    assert h.app is not None and h.oa is not None
    async with h.app.db.transaction() as session:
        identity = await session.scalar(select(Identity).where(Identity.channel == "zalo_oa"))
        assert identity is not None and identity.user_id == OA_USER and identity.window_until is not None
        person: Person = identity.person
        assert (person.full_name, person.field, person.qualification, person.workplace, person.commune) == (
            "Nguyễn Thị Hoa", "health", "master", "Trạm y tế xã", "Xã Mù Cả",
        )
        assert (person.associations, person.birth_year, person.gender, person.ethnicity) == (["medicine"], 1985, "female", "Hà Nhì")
        assert person.language == "en" and person.consent_at is not None
    assert h.tg.sent == [] and h.zalo is not None and h.zalo.sent == []
    menus = [m for m in h.oa.sent if m.buttons]
    assert menus and all(len(m.buttons) <= 5 and len(m.text or "") <= 2000 for m in h.oa.sent)
    assert not any(line[:3] in ("1. ", "2. ") for m in menus for line in (m.text or "").splitlines()[-2:])  # real buttons, no digits


async def test_long_menus_are_split_five_buttons_a_message(oa_harness: Harness) -> None:
    h = oa_harness
    await h.osay(OA_USER, "/start")
    await h.opress(OA_USER, "Đồng ý")
    texts = await h.opress(OA_USER, "Khai ngay")
    await h.osay(OA_USER, "Lò Văn Minh")
    assert h.oa is not None
    fields = [m for m in h.oa.sent_to(OA_USER) if m.buttons][-3:]
    labels = [title for m in fields for title, _ in m.buttons]
    assert "Giáo dục" in labels and "Y tế" in labels and all(len(m.buttons) <= 5 for m in fields), (texts, h.dump())
    assert fields[-1].text == "Chọn tiếp:"


async def test_feedback_anonymous_status_and_the_answer_relayed_on_the_oa(oa_harness: Harness) -> None:
    h = oa_harness
    await oa_member(h)
    await h.osay(OA_USER, "/feedback")
    await h.opress(OA_USER, "Y tế")
    await h.osay(OA_USER, "Trạm y tế xã cần thêm một bác sĩ trực đêm vào mùa mưa lũ.")
    await h.opress(OA_USER, "Ẩn danh")
    texts = await h.opress(OA_USER, "Gửi")
    found = CODE.search(" ".join(texts))
    assert found is not None, h.dump()
    code = found.group()
    texts = await h.osay(OA_USER, f"/status {code}")
    assert code in texts[0] and "Đã nhận" in texts[0]
    assert h.app is not None
    async with h.app.db.transaction() as session:
        submission = await session.scalar(select(Submission))
    assert submission is not None and submission.person_id is None and submission.privacy == "anonymous"
    await official(h, 7001)
    seen = await answer(h, 7001, code, "Từ tháng 12, trạm có bác sĩ trực đêm từ thứ Hai đến thứ Sáu.")
    assert seen
    assert h.oa is not None
    relayed = [m for m in h.oa.sent_to(OA_USER) if "bác sĩ trực đêm từ thứ Hai" in (m.text or "")]
    assert relayed and any("⭐" in title for m in relayed for title, _ in m.buttons), h.dump()
    texts = await h.opress(OA_USER, "5⭐")
    assert texts and "5" in texts[0], h.dump()
    seen_by_official = " ".join(everything_seen_by(h, 7001))
    assert "Người gửi: (ẩn danh)" in seen_by_official and OA_USER not in seen_by_official


async def test_a_poll_vote_and_an_rsvp_by_button_on_the_oa(oa_harness: Harness) -> None:
    h = oa_harness
    await oa_member(h)
    await h.join(ADMIN_ID)
    await new_poll(h)
    assert h.oa is not None
    await h.opress(OA_USER, "Trường học")
    assert h.app is not None
    async with h.app.db.transaction() as session:
        assert (await session.scalars(select(Ballot.choices))).all() == [[1]]
    await new_event(h)
    texts = await h.opress(OA_USER, "Tham dự")
    assert any("Tham dự" in text or "tham dự" in text for text in texts), h.dump()
    async with h.app.db.transaction() as session:
        rsvp = await session.scalar(select(Rsvp))
    assert rsvp is not None and rsvp.answer == "attend"
