"""Uploaded drafts that are not what they claim: malformed XML, not a zip, a zip bomb, 10,000 headings, too slow to
read. Each gets its own polite answer and changes nothing; the download and the reading happen with no database
transaction open (no lock held while a file arrives)."""

from __future__ import annotations

import asyncio
import io
import zipfile

import pytest
from sqlalchemy import func, select, update

from handlers.base import DOCX_MIME
from handlers.draft_files import MAX_SECTIONS, TooManySections, TooSlowToRead, check_package, docx_sections, split_sections
from storage.models import DraftSection, Person
from tests.conftest import ADMIN_ID, Harness
from tests.test_drafts import db_value, draft_docx, prepare, step_of

PLAN = draft_docx("Điều 1. Mục tiêu", "Thu hút trí thức.", "Điều 2. Chính sách", "Hỗ trợ nhà ở.")
NOT_DOCX = "Tệp này không phải văn bản Word (.docx)."
UNPACKS = "Tệp này khi giải nén lớn quá (tối đa 50 MB) hoặc bị nén bất thường."


def with_part(docx: bytes, name: str, content: bytes) -> bytes:
    """The same package with one part replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item))
        target.writestr(name, content)
    return out.getvalue()


MALFORMED = with_part(PLAN, "word/document.xml", b"<w:document xmlns:w='x'><w:body><w:p>unclosed")
DEEP = with_part(PLAN, "word/document.xml", b"<a>" * 100_000 + b"</a>" * 100_000)
BOMB = with_part(PLAN, "word/media/image1.png", b"\0" * (60 * 1024 * 1024))  # 60 MB packed into about 60 kB


async def drafting(h: Harness) -> None:
    await h.join(ADMIN_ID)
    await prepare(h)


async def sections(h: Harness) -> int:
    return await db_value(h, select(func.count()).select_from(DraftSection))


@pytest.mark.parametrize(
    ("content", "answer"),
    [(MALFORMED, NOT_DOCX), (DEEP, NOT_DOCX), (b"PK\x03\x04 truncated", NOT_DOCX), (b"", NOT_DOCX), (BOMB, UNPACKS)],
    ids=["malformed-xml", "deep-xml", "truncated-zip", "empty", "zip-bomb"],
)
async def test_a_hostile_file_is_answered_and_changes_nothing(harness: Harness, content: bytes, answer: str) -> None:
    await drafting(harness)
    texts = await harness.push(harness.tg.document_update(ADMIN_ID, "du-thao.docx", DOCX_MIME, content=content))
    assert len(texts) == 1 and texts[0].startswith(answer), texts
    assert await sections(harness) == 0 and await step_of(harness, ADMIN_ID) == "newdraft.source"
    texts = await harness.push(harness.tg.document_update(ADMIN_ID, "du-thao.docx", DOCX_MIME, content=PLAN))
    assert "Gồm 2 mục:" in texts[0]  # the next, good file is read


async def test_ten_thousand_headings(harness: Harness) -> None:
    await drafting(harness)
    many = draft_docx(*(f"Điều {n}. Quy định số {n}" for n in range(1, 10_001)))
    texts = await harness.push(harness.tg.document_update(ADMIN_ID, "nhieu-dieu.docx", DOCX_MIME, content=many))
    assert texts == [
        f"Dự thảo có hơn {MAX_SECTIONS} mục, quá nhiều cho một đợt lấy ý kiến. Xin chia thành nhiều dự thảo nhỏ hơn."
    ]
    assert await sections(harness) == 0


async def test_a_long_draft_previews_in_one_message(harness: Harness) -> None:
    await drafting(harness)
    long = draft_docx(*(f"Điều {n}. Quy định số {n}" for n in range(1, 501)))
    texts = await harness.push(harness.tg.document_update(ADMIN_ID, "dai.docx", DOCX_MIME, content=long))
    assert len(texts) == 1 and "Gồm 500 mục:" in texts[0] and "… và 470 mục nữa." in texts[0]
    assert await sections(harness) == 500


async def test_no_transaction_is_open_while_a_file_arrives(harness: Harness) -> None:
    await drafting(harness)
    assert harness.app is not None
    pool = harness.app.db.engine.sync_engine.pool
    gate = harness.tg.file_gate = asyncio.Event()
    harness.tg.push(harness.tg.document_update(ADMIN_ID, "ke-hoach.docx", DOCX_MIME, content=PLAN))
    for _ in range(500):  # until the download is under way
        if any(method == "getFile" for method, _ in harness.tg.calls):
            break
        await asyncio.sleep(0.02)
    held = []
    for _ in range(20):
        held.append(pool.checkedout())
        await asyncio.sleep(0.02)
    assert not gate.is_set() and min(held) == 0  # the file has not arrived, and no connection (no transaction) is held
    async with harness.app.db.transaction() as session:  # the database takes writes meanwhile
        await session.execute(update(Person).where(Person.id == -1).values(full_name="x"))
    gate.set()
    await harness.settle()
    assert "Gồm 2 mục:" in (harness.tg.sent_to(ADMIN_ID)[-1].text or "")
    assert sum(method == "getFile" for method, _ in harness.tg.calls) == 1  # downloaded once, read once
    assert await sections(harness) == 2


def test_limits_of_reading() -> None:
    with pytest.raises(TooSlowToRead):
        docx_sections(PLAN, seconds=0)
    with pytest.raises(TooManySections):
        split_sections(f"Điều {n}. Mục" for n in range(1, MAX_SECTIONS + 2))
    assert len(split_sections(f"Điều {n}. Mục" for n in range(1, MAX_SECTIONS + 1))) == MAX_SECTIONS
    check_package(PLAN)
