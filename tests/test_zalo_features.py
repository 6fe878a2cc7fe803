"""The features on Zalo, where menus are numbered lists: feedback, a poll vote, and one ballot after /link."""

from __future__ import annotations

import re

from sqlalchemy import select

from storage.models import Ballot, Submission
from tests.conftest import ADMIN_ID, Harness
from tests.flows import CODE
from tests.test_conversations import option_number
from tests.test_link import TG_USER, new_code, telegram_consent, zalo_consent
from tests.test_polls import new_poll

ZALO_USER = "zu-77"


async def test_feedback_entirely_on_zalo(harness: Harness) -> None:
    await zalo_consent(harness, ZALO_USER)
    texts = await harness.zsay(ZALO_USER, "/feedback")
    assert texts[0].startswith("Ý kiến của bạn thuộc lĩnh vực nào?\n\n1. Giáo dục")
    await harness.zsay(ZALO_USER, option_number(harness, ZALO_USER, "Y tế"))
    texts = await harness.zsay(ZALO_USER, "Trạm y tế xã cần thêm một bác sĩ trực đêm vào mùa mưa lũ.")
    await harness.zsay(ZALO_USER, option_number(harness, ZALO_USER, "Ẩn danh"))
    texts = await harness.zsay(ZALO_USER, option_number(harness, ZALO_USER, "Gửi"))
    found = CODE.search(" ".join(texts))
    assert found is not None, texts
    texts = await harness.zsay(ZALO_USER, "/mine")
    assert found.group() in texts[0]
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        submission = await session.scalar(select(Submission))
    assert submission is not None and submission.person_id is None and submission.privacy == "anonymous"


async def test_poll_vote_on_zalo_with_a_digit(harness: Harness) -> None:
    await zalo_consent(harness, ZALO_USER)
    await harness.join(ADMIN_ID)
    await new_poll(harness)
    poll = [m for m in harness.zalo.sent_to(ZALO_USER) if (m.text or "").startswith("📊")]  # type: ignore[union-attr]
    assert poll and re.search(r"\n1\. Đường giao thông\n2\. Trường học\n3\. Trạm y tế", poll[-1].text or "")
    await harness.zsay(ZALO_USER, "2")
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        assert (await session.scalars(select(Ballot.choices))).all() == [[1]]


async def test_linked_accounts_vote_once(harness: Harness) -> None:
    await telegram_consent(harness)
    await harness.press(TG_USER, "pf:later")
    await zalo_consent(harness, ZALO_USER)
    code = await new_code(harness)
    await harness.zsay(ZALO_USER, f"/link {code}")
    await harness.say(TG_USER, "/help")  # Telegram is the account used last: the poll goes there
    await harness.join(ADMIN_ID)
    poll_id = await new_poll(harness)
    await harness.press(TG_USER, f"pv:v:{poll_id}:0")
    texts = await harness.zsay(ZALO_USER, "/polls")
    assert "đã trả lời" in texts[0]  # the vote given on Telegram counts for the same person
    await harness.zsay(ZALO_USER, "1")
    await harness.zsay(ZALO_USER, option_number(harness, ZALO_USER, "Trạm y tế"))
    assert harness.app is not None
    async with harness.app.db.transaction() as session:
        rows = (await session.execute(select(Ballot.person_id, Ballot.choices))).all()
    assert len(rows) == 1 and rows[0].choices == [2]
