"""Steps the feedback tests share: members with names, officials, a submission sent through the bot."""

from __future__ import annotations

import re

from sqlalchemy import select

from storage.models import Submission, SubmissionEvent
from tests.conftest import ADMIN_ID, Harness

CODE = re.compile(r"HK-[2-9A-HJ-NP-Z]{5}")


async def member(h: Harness, user_id: int, name: str | None = None, language_code: str = "vi") -> None:
    """A member who consented and, if given, entered their full name."""
    await h.join(user_id, language_code)
    if name is not None:
        await h.say(user_id, "/profile")
        await h.press(user_id, "pf:edit:full_name")
        await h.say(user_id, name)


INTAKE = "Văn phòng"  # the example organisation's intake unit: it sees the submissions not yet forwarded


async def official(h: Harness, user_id: int, name: str | None = None, unit: str | None = INTAKE) -> None:
    """A member the admin granted the official role, of `unit` (by default the intake unit; None: no unit)."""
    await member(h, user_id, name)
    if not h.tg.sent_to(ADMIN_ID):
        await h.join(ADMIN_ID)
    await h.say(ADMIN_ID, f"/grant telegram:{user_id}" + (f" {unit}" if unit else ""))


async def submit(h: Harness, user_id: int, text: str, privacy: str = "anonymous", topic: str = "Y tế") -> str:
    """Write and send a submission; returns its tracking code."""
    await h.say(user_id, "/feedback")
    await h.press(user_id, h.button(user_id, topic))
    await h.say(user_id, text)
    await h.press(user_id, f"fb:privacy:{privacy}")
    texts = await h.press(user_id, "fb:send")
    found = CODE.search(texts[0])
    assert found is not None, texts
    return found.group()


async def row(h: Harness, code: str) -> Submission:
    assert h.app is not None
    async with h.app.db.transaction() as session:
        submission = await session.scalar(select(Submission).where(Submission.code == code))
        assert submission is not None
        return submission


async def events(h: Harness, code: str) -> list[SubmissionEvent]:
    submission = await row(h, code)
    assert h.app is not None
    async with h.app.db.transaction() as session:
        found = await session.scalars(
            select(SubmissionEvent).where(SubmissionEvent.submission_id == submission.id).order_by(SubmissionEvent.id)
        )
        return list(found)


async def open_item(h: Harness, official_id: int, code: str) -> list[str]:
    """/inbox, then the item (its button, wherever its page); returns what the official saw."""
    seen = await h.say(official_id, "/inbox")
    opened = h.tg.callback_update(official_id, f"fo:open:{(await row(h, code)).id}", h.last(official_id).message_id)
    return seen + await h.push(opened)


async def answer(h: Harness, official_id: int, code: str, text: str) -> list[str]:
    """Open the item, write an answer, send it; returns the texts of the last step."""
    submission = await row(h, code)
    await open_item(h, official_id, code)
    await h.press(official_id, f"fo:ans:{submission.id}")
    await h.say(official_id, text)
    return await h.press(official_id, f"fo:send:{submission.id}")


def everything_seen_by(h: Harness, chat_id: int) -> list[str]:
    """Every text and button label the bot sent or edited in a chat, and every pop-up answer it gave."""
    tg = h.tg
    texts = [m.text or "" for m in tg.sent_to(chat_id)]
    texts += [e.text or "" for e in tg.edits if e.chat_id == chat_id]
    texts += [label for m in tg.sent_to(chat_id) for label, _ in tg.buttons(m)]
    texts += [a.get("text") or "" for a in tg.callback_answers]  # all pop-ups: a superset of the chat's
    return texts
