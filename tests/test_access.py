"""The access model, played by everyone: every command and every button prefix by a member, an official of
another unit, an official without a unit, a revoked official and an admin, refused or allowed exactly as
README's access model says; a refusal changes nothing in the database. Steps are checked when they run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from handlers import build_router
from storage.db import Base
from storage.models import (
    Broadcast,
    ConversationState,
    CouncilSeat,
    Draft,
    DraftComment,
    DraftSection,
    Event,
    HonourRound,
    Identity,
    Nomination,
    Person,
    Poll,
    Submission,
    SubmissionEvent,
)
from tests.conftest import ADMIN_ID, Harness
from tests.flows import member, official, open_item, row, submit

MEMBER = 6101  # field "health", association "medicine": in the audience of the event, the poll and the draft, in the
# honour round's circle; author of the submission; the nominee of the round's nomination
OWNER = 6102  # official of Văn phòng, the intake unit: the submission (not forwarded) and what OWNER created are its;
# the honour round's only council member
OTHER = 6103  # official of Phòng Kinh tế
NO_UNIT = 6104  # official without a unit
REVOKED = 6105  # was an official of Văn phòng
ACTORS = {"member": MEMBER, "other unit": OTHER, "no unit": NO_UNIT, "revoked": REVOKED, "admin": ADMIN_ID}

NO_RIGHTS = "Xin lỗi, bạn không có quyền dùng lệnh này."
NO_UNIT_TEXT = (
    "Bạn là cán bộ nhưng chưa được gán đơn vị, nên chưa dùng được chức năng này.\n"
    "Quản trị viên gán bằng: /grant telegram:ID Tên đơn vị"
)
OTHER_UNIT = "Mục này thuộc đơn vị khác; bạn không xem hay xử lý được."
NOT_INVITED = "Mục này dành cho một nhóm người khác. Nếu bạn thuộc nhóm đó, xin cập nhật hồ sơ (/profile)."
NOT_AUTHOR = "Chỉ người gửi ý kiến mới làm được việc này."
NOT_YOURS = "Chỉ người đã bắt đầu việc này (hoặc quản trị viên) mới làm được."
NOT_FOUND = "Không tìm thấy ý kiến mã"
NOT_COUNCIL = "Chỉ hội đồng xét chọn của đợt này mới chấm điểm và quyết định."
NOT_NOMINEE = "Chỉ người được đề cử mới trả lời được câu hỏi này."
REFUSALS = (NO_RIGHTS, NO_UNIT_TEXT, OTHER_UNIT, NOT_INVITED, NOT_AUTHOR, NOT_YOURS, NOT_FOUND, NOT_COUNCIL, NOT_NOMINEE)
ALLOW = ""
TOLD = "told: "  # a command that runs (and so ends the flow the person was in) and tells them this

Profile = dict[str, str]  # actor -> the refusal they get (nothing changes), what they are told, or ALLOW


def profile(member: str, other: str, no_unit: str, revoked: str, admin: str) -> Profile:
    return dict(zip(ACTORS, (member, other, no_unit, revoked, admin), strict=True))


EVERYONE = profile(ALLOW, ALLOW, ALLOW, ALLOW, ALLOW)
OFFICIALS = profile(NO_RIGHTS, ALLOW, NO_UNIT_TEXT, NO_RIGHTS, ALLOW)  # any official with a unit
MANAGERS = profile(NO_RIGHTS, OTHER_UNIT, NO_UNIT_TEXT, NO_RIGHTS, ALLOW)  # Văn phòng's things: admins only, here
ADMINS = profile(NO_RIGHTS, NO_RIGHTS, NO_RIGHTS, NO_RIGHTS, ALLOW)
AUDIENCE = profile(ALLOW, NOT_INVITED, NOT_INVITED, NOT_INVITED, NOT_INVITED)
READERS = profile(ALLOW, NOT_INVITED, NOT_INVITED, NOT_INVITED, ALLOW)  # the audience (circle) and those who manage it
AUTHOR = profile(ALLOW, NOT_AUTHOR, NOT_AUTHOR, NOT_AUTHOR, NOT_AUTHOR)
STARTER = profile(NO_RIGHTS, NOT_YOURS, NO_UNIT_TEXT, NO_RIGHTS, ALLOW)  # a broadcast OWNER started
COUNCIL = profile(NO_RIGHTS, NOT_COUNCIL, NO_UNIT_TEXT, NO_RIGHTS, NOT_COUNCIL)  # the round's council: OWNER alone
NOMINEE = profile(ALLOW, NOT_NOMINEE, NOT_NOMINEE, NOT_NOMINEE, NOT_NOMINEE)
LISTS = profile(ALLOW, ALLOW, TOLD + NO_UNIT_TEXT, ALLOW, ALLOW)  # /events, /polls, /drafts: the members' lists, and why
STATUS = profile(ALLOW, TOLD + NOT_FOUND, TOLD + NO_UNIT_TEXT, TOLD + NOT_FOUND, ALLOW)  # /status CODE of MEMBER's submission

COMMANDS: dict[str, Profile] = {
    **dict.fromkeys(("start", "help", "feedback", "mine", "profile", "language", "link", "mydata", "forget"), EVERYONE),
    **dict.fromkeys(("events", "polls", "drafts", "honours"), LISTS),
    "status": STATUS,
    **dict.fromkeys(("inbox", "newevent", "newpoll", "newdraft", "broadcast", "summary", "export", "newhonour", "experts"), OFFICIALS),
    **dict.fromkeys(("report", "grant", "revoke", "oa"), ADMINS),
}
# button prefix -> (a payload with {placeholders} for the things seeded, its profile)
BUTTONS: dict[str, tuple[str, Profile]] = {
    "cs": ("cs:yes", EVERYONE),
    "lg": ("lg:vi", EVERYONE),
    "fg": ("fg:no", EVERYONE),
    "pf": ("pf:later", EVERYONE),
    "pk": ("pk:go:feedback", EVERYONE),  # nothing set aside: nothing to take up
    "fb": ("fb:view:{code}", AUTHOR),
    "fo": ("fo:open:{submission}", MANAGERS),
    "sm": ("sm:o", OFFICIALS),
    "ev": ("ev:o:{event}", AUDIENCE),
    "eo": ("eo:o:{event}", MANAGERS),
    "pv": ("pv:o:{poll}", AUDIENCE),
    "po": ("po:r:{poll}", MANAGERS),
    "dr": ("dr:o:{draft}", READERS),
    "dc": ("dc:q:{section}", AUDIENCE),
    "ds": ("ds:{draft}", MANAGERS),
    "dd": ("dd:c:{comment}", MANAGERS),
    "dx": ("dx:x:{draft}", MANAGERS),
    "nd": ("nd:pre:{draft}", MANAGERS),
    "bc": ("bc:x:{broadcast}", STARTER),
    "au": ("au:b", OFFICIALS),
    "ne": ("ne:send", OFFICIALS),
    "np": ("np:send", OFFICIALS),
    "ef": ("ef:send", OFFICIALS),
    "nh": ("nh:send", OFFICIALS),
    "hc": ("hc:o:{round}", ADMINS),
    "hr": ("hr:n:{round}", AUDIENCE),  # nominating: the round's circle (hr:l, reading its nominations: READERS)
    "hw": ("hw:x:{round}", AUDIENCE),
    "hn": ("hn:skip:files", EVERYONE),  # no nomination under way: nothing to check it against
    "hy": ("hy:{nomination}:y", NOMINEE),
    "he": ("he:{nomination}", READERS),
    "hf": ("hf", EVERYONE),
    "hm": ("hm:o:{round}", MANAGERS),
    "hs": ("hs:b:{round}", COUNCIL),
    "hd": ("hd:{nomination}:h", COUNCIL),
    "hx": ("hx:{round}", MANAGERS),
    "px": ("px:o", EVERYONE),
    "xf": ("xf", OFFICIALS),
    "xp": ("xp:x", OFFICIALS),
    "xs": ("xs:draft:{draft}", MANAGERS),
    "xi": ("xi:{draft}:a", AUDIENCE),
}
VOLATILE = {"identities": {"last_seen_at"}, "conversation_states": {"updated_at"}}  # moved by any message at all


async def dump(h: Harness) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the inbox, outbox and leases (the transport), less what any message moves."""
    assert h.app is not None
    found = {}
    async with h.app.db.transaction() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in ("inbox", "outbox", "leases"):
                continue
            columns = [c for c in table.columns if c.name not in VOLATILE.get(table.name, set())]
            rows = await session.execute(select(*columns).order_by(*table.primary_key.columns))
            found[table.name] = [tuple(r) for r in rows]
    return found


async def person_id(h: Harness, user_id: int) -> int:
    assert h.app is not None
    async with h.app.db.transaction() as session:
        found = await session.scalar(select(Identity.person_id).where(Identity.user_id == str(user_id)))
        assert found is not None
        return found


async def step_of(h: Harness, user_id: int) -> str | None:
    assert h.app is not None
    async with h.app.db.transaction() as session:
        state = await session.get(ConversationState, ("telegram", str(user_id), str(user_id)))
        return state.step if state else None


@dataclass
class Seeded:
    code: str
    ids: dict[str, int]


async def cast(h: Harness) -> Seeded:
    """The five actors, OWNER, MEMBER's submission, Văn phòng's event, poll, draft and broadcast for MEMBER's field, and
    Văn phòng's honour round for MEMBER's association, with OWNER its council and MEMBER nominated."""
    await member(h, MEMBER)
    await h.say(MEMBER, "/profile")
    await h.press(MEMBER, "pf:edit:field")
    await h.press(MEMBER, "pf:set:field:1")  # Y tế: health
    await official(h, OWNER)
    await official(h, OTHER, unit="Phòng Kinh tế")
    await official(h, NO_UNIT, unit=None)
    await official(h, REVOKED)
    await h.say(ADMIN_ID, f"/revoke telegram:{REVOKED}")
    code = await submit(h, MEMBER, "Trạm y tế xã cần thêm một bác sĩ.", "named")
    owner = await person_id(h, OWNER)
    now = h.clock.now
    audience = {"fields": ["health"]}
    assert h.app is not None
    async with h.app.db.transaction() as session:
        event = Event(title="Đối thoại y tế", starts_at=now + timedelta(days=5), rsvp_deadline=now + timedelta(days=4),
                      audience=audience, created_by=owner, unit="Văn phòng")
        poll = Poll(question="Giờ khám?", options=["Sáng", "Chiều"], closes_at=now + timedelta(days=3), audience=audience,
                    created_by=owner, unit="Văn phòng")
        draft = Draft(status="published", title="Đề án y tế", summary="…", deadline=now + timedelta(days=7), published_at=now,
                      audience=audience, created_by=owner, unit="Văn phòng")
        broadcast = Broadcast(kind="announcement", total=1, status="sending", created_by=owner)
        session.add_all([event, poll, draft, broadcast])
        await session.flush()
        section = DraftSection(draft_id=draft.id, position=1, heading="Điều 1.", body="Nội dung.")
        session.add(section)
        await session.flush()
        comment = DraftComment(section_id=section.id, person_id=await person_id(h, MEMBER), kind="agree")
        session.add(comment)
        await session.execute(update(Person).where(Person.id == await person_id(h, MEMBER)).values(associations=["medicine"]))
        honour_round = HonourRound(title="Trí thức tiêu biểu", criteria=["Thành tích"], association="medicine",
                                   deadline=now + timedelta(days=10), created_by=owner, unit="Văn phòng")
        session.add(honour_round)
        await session.flush()
        nomination = Nomination(round_id=honour_round.id, nominee_id=await person_id(h, MEMBER), category="health",
                                achievements="Mười năm ở trạm y tế.", relation="colleague", consent="pending")
        session.add_all([CouncilSeat(round_id=honour_round.id, person_id=owner), nomination])
        await session.flush()
        ids = {"event": event.id, "poll": poll.id, "draft": draft.id, "broadcast": broadcast.id, "section": section.id,
               "comment": comment.id, "submission": (await row(h, code)).id, "round": honour_round.id,
               "nomination": nomination.id}
    return Seeded(code, ids)


def refusal_in(texts: list[str], expected: str) -> bool:
    return any(text.startswith(expected) for text in texts)


@pytest.mark.timeout(600)  # every command and button for four people: ~50 s of CPU, 120 s on a loaded PostgreSQL machine
async def test_every_command_and_button_for_everyone(harness: Harness) -> None:
    router = build_router()
    assert set(COMMANDS) == set(router.commands) and set(BUTTONS) == set(router.callbacks)  # a new one needs its row here
    h = harness
    seeded = await cast(h)
    plays: list[tuple[str, str, Profile, bool]] = [
        (f"/{name}" + (f" {seeded.code}" if name == "status" else ""), name, expected, False)
        for name, expected in COMMANDS.items()
    ]
    plays += [(payload.format(code=seeded.code, **seeded.ids), prefix, expected, True) for prefix, (payload, expected) in BUTTONS.items()]
    wrong = []
    before = await dump(h)
    for said, name, expected, pressed in plays:
        for actor, user_id in ACTORS.items():
            if pressed:
                texts = await h.push(h.tg.callback_update(user_id, said, h.last(user_id).message_id))
            else:
                texts = await h.say(user_id, said)
            after = await dump(h)
            refusal = expected[actor]
            if refusal == ALLOW:
                if any(refusal_in(texts, text) for text in REFUSALS):
                    wrong.append((said, actor, "refused", texts))
            elif not refusal_in(texts, refusal.removeprefix(TOLD)):
                wrong.append((said, actor, "not refused as expected", texts))
            elif after != before and not refusal.startswith(TOLD):
                changed = sorted(name for name in after if after[name] != before[name])
                wrong.append((said, actor, "refused but changed", changed))
            before = after
    assert wrong == []


async def test_a_step_is_checked_when_it_runs(harness: Harness) -> None:
    """An official moved to another unit, or revoked, mid-answer: the typed answer and the old Send button are refused,
    nothing is recorded, and the step is dropped (a refused button leaves it as it was)."""
    h = harness
    await member(h, MEMBER)
    await official(h, OWNER)
    code = await submit(h, MEMBER, "Xin sửa đường vào trạm y tế.", "anonymous")
    sid = (await row(h, code)).id
    await open_item(h, OWNER, code)
    await h.press(OWNER, f"fo:ans:{sid}")
    await h.say(ADMIN_ID, f"/grant telegram:{OWNER} Phòng Kinh tế")
    before = await dump(h)
    assert await h.say(OWNER, "Đã có kế hoạch sửa đường.") == [OTHER_UNIT]
    after = await dump(h)
    assert {name for name in after if after[name] != before[name]} == {"conversation_states"}
    assert await step_of(h, OWNER) is None

    await h.say(ADMIN_ID, f"/grant telegram:{OWNER} Văn phòng")
    await open_item(h, OWNER, code)
    await h.press(OWNER, f"fo:ans:{sid}")
    await h.say(OWNER, "Đã có kế hoạch sửa đường.")  # the preview, with Send
    await h.say(ADMIN_ID, f"/revoke telegram:{OWNER}")
    await h.restart()  # nothing of the decision is kept in memory
    before = await dump(h)
    assert await h.press(OWNER, f"fo:send:{sid}") == [NO_RIGHTS]
    assert await dump(h) == before and await step_of(h, OWNER) == "inbox.confirm"
    assert await h.say(OWNER, "Gửi lại.") == [NO_RIGHTS]
    assert await step_of(h, OWNER) is None
    assert h.app is not None
    async with h.app.db.transaction() as session:
        kinds = (await session.scalars(select(SubmissionEvent.kind).where(SubmissionEvent.submission_id == sid))).all()
    assert list(kinds) == ["received"] and (await row(h, code)).status == "received"
    assert not [m for m in h.tg.sent_to(MEMBER) if "Đã có kế hoạch" in (m.text or "")]


async def test_a_disposition_after_the_role_was_revoked_is_refused(harness: Harness) -> None:
    h = harness
    seeded = await cast(h)
    comment = seeded.ids["comment"]
    assert h.app is not None
    async with h.app.db.transaction() as session:
        await session.execute(update(Draft).values(deadline=h.clock.now - timedelta(hours=1)))  # the consultation is over
    await h.say(OWNER, "/drafts")
    await h.push(h.tg.callback_update(OWNER, f"dd:r:{comment}", h.last(OWNER).message_id))
    assert await step_of(h, OWNER) == "dispose.explain"
    await h.say(ADMIN_ID, f"/revoke telegram:{OWNER}")
    assert await h.say(OWNER, "Không phù hợp với quy hoạch.") == [NO_RIGHTS]
    async with h.app.db.transaction() as session:
        stored = await session.get(DraftComment, comment)
        assert stored is not None and stored.disposition is None and stored.explanation is None


async def test_leaving_the_audience_mid_comment(harness: Harness) -> None:
    h = harness
    seeded = await cast(h)
    section = seeded.ids["section"]
    await h.push(h.tg.callback_update(MEMBER, f"dc:c:{section}", h.last(MEMBER).message_id))
    assert await step_of(h, MEMBER) == "dcomment.text"
    assert h.app is not None
    async with h.app.db.transaction() as session:  # the profile now says another field
        await session.execute(update(Person).where(Person.id == await person_id(h, MEMBER)).values(field="education"))
    assert await h.say(MEMBER, "Cần thêm bác sĩ cho trạm.") == [NOT_INVITED]
    async with h.app.db.transaction() as session:
        texts = (await session.scalars(select(DraftComment.text).where(DraftComment.section_id == section))).all()
    assert list(texts) == [None]  # only the earlier "agree"; the typed comment was not kept


async def test_an_official_sees_only_their_units_submissions(harness: Harness) -> None:
    h = harness
    await member(h, MEMBER)
    await official(h, OWNER)
    await official(h, OTHER, unit="Phòng Kinh tế")
    first = await submit(h, MEMBER, "Ý kiến về chợ phiên.", "named", "Nông – lâm nghiệp")
    second = await submit(h, MEMBER, "Ý kiến về trường học.", "named", "Giáo dục")
    assert (await h.say(OTHER, "/inbox")) == ["Không có ý kiến nào đang chờ xử lý."]
    assert (await h.say(OTHER, f"/status {first}"))[0].startswith(NOT_FOUND)
    await open_item(h, OWNER, first)
    await h.press(OWNER, f"fo:fwd:{(await row(h, first)).id}")
    await h.press(OWNER, f"fo:unit:{(await row(h, first)).id}:2")  # to Phòng Kinh tế
    inbox = (await h.say(OTHER, "/inbox"))[0]
    assert first in inbox and second not in inbox
    assert (await h.say(OTHER, f"/status {first}"))[0].startswith(f"Ý kiến {first}")
    owner_inbox = (await h.say(OWNER, "/inbox"))[0]
    assert second in owner_inbox and first not in owner_inbox
    forged = h.tg.callback_update(OWNER, f"fo:open:{(await row(h, first)).id}", h.last(OWNER).message_id)
    assert await h.push(forged) == [OTHER_UNIT]


async def test_another_units_official_presses_every_item_button(harness: Harness) -> None:
    """The official of another unit learns nothing of the item by pressing every button an official has on it."""
    h = harness
    seeded = await cast(h)
    sid = seeded.ids["submission"]
    before = await dump(h)
    for action in ("open", "take", "fwd", "unit", "st", "set", "ans", "send", "note", "urgent", "files"):
        payload = f"fo:{action}:{sid}" + (":0" if action in ("unit", "set") else "")
        assert await h.push(h.tg.callback_update(OTHER, payload, h.last(OTHER).message_id)) == [OTHER_UNIT], action
    assert await dump(h) == before
    assert h.app is not None
    async with h.app.db.transaction() as session:
        assert (await session.get(Submission, sid)).assignee_id is None  # type: ignore[union-attr]


async def test_honour_steps_are_checked_when_they_run(harness: Harness) -> None:
    """A member who leaves the round's association mid-nomination, and a council member revoked while typing the
    reason of a decision: the next press and the typed answer are refused, and nothing is recorded."""
    h = harness
    seeded = await cast(h)
    round_id, nomination_id = seeded.ids["round"], seeded.ids["nomination"]
    member_id = await person_id(h, MEMBER)
    await h.push(h.tg.callback_update(MEMBER, f"hr:n:{round_id}", h.last(MEMBER).message_id))
    assert (await h.say(MEMBER, "Giàng A Páo"))[-1].startswith("Không thấy ai tên «Giàng A Páo»")
    assert await step_of(h, MEMBER) == "hw.pick"
    assert h.app is not None
    async with h.app.db.transaction() as session:  # the profile no longer names the association
        await session.execute(update(Person).where(Person.id == member_id).values(associations=[]))
    assert await h.push(h.tg.callback_update(MEMBER, f"hw:t:{round_id}", h.last(MEMBER).message_id)) == [NOT_INVITED]
    assert await h.say(MEMBER, "Trường PTDTBT Tà Tổng") == [NOT_INVITED]
    assert await step_of(h, MEMBER) is None

    async with h.app.db.transaction() as session:  # the nominee accepted; nominations are closed: the review begins
        await session.execute(update(Person).where(Person.id == member_id).values(associations=["medicine"]))
    await h.push(h.tg.callback_update(MEMBER, f"hy:{nomination_id}:y", h.last(MEMBER).message_id))
    async with h.app.db.transaction() as session:
        await session.execute(update(HonourRound).values(closed_at=h.clock.now))
    await h.push(h.tg.callback_update(OWNER, f"hd:{nomination_id}:h", h.last(OWNER).message_id))
    assert await step_of(h, OWNER) == "hd.reason"
    await h.say(ADMIN_ID, f"/revoke telegram:{OWNER}")
    before = await dump(h)
    assert await h.say(OWNER, "Nhiều đóng góp cho y tế cơ sở.") == [NO_RIGHTS]
    after = await dump(h)
    assert {name for name in after if after[name] != before[name]} == {"conversation_states"}
    async with h.app.db.transaction() as session:
        assert (await session.get(Nomination, nomination_id)).decision is None  # type: ignore[union-attr]
