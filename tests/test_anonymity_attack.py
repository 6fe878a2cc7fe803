"""The linkage attack: someone holds a copy of the database (not HIENKE_SECRET_KEY) and tries to tie an
anonymous item to its author. Every anonymous path is played through the real stack — Telegram, Zalo's
numbered menus, the console, /link and /forget — then every table and column is read raw and searched for
one row that holds something of an author together with something of their item."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import SecretStr
from sqlalchemy import select, text

from bot.app import Application
from bot.cli import rotate_key
from bot.console import ConsoleChannel
from bot.settings import Settings, SettingsError
from storage import anonymous, migrate
from storage.db import Base, Database, day_of, make_engine
from storage.models import DraftComment, Person, Submission, SubmissionEvent
from tests.conftest import ADMIN_ID, POSTGRES_URL, Harness
from tests.flows import CODE, answer, official, submit
from tests.test_cli import hienke
from tests.test_conversations import option_number
from tests.test_drafts import join_named, open_section, publish_plan
from tests.test_link import zalo_consent

OFFICIAL = 7700088
AUTHOR = 7700011
AUTHOR_NAME = "Hoàng Thị Bích Ngọc"
ZALO_AUTHOR = "zu-7700022"
CONSOLE_AUTHOR = "con-7700033"
LINKED_TG, LINKED_ZALO = 7700044, "zu-7700055"
FORGOTTEN, NEWCOMER = 7700066, 7700077
SECRET = "test-secret-key-for-sealing-anonymous-authors"  # as in conftest's settings
NEAR = timedelta(seconds=5)  # a time this close to an item's own times would point at it


@dataclass
class Author:
    """What identifies one author: account ids and name (in any text) and person ids (in columns that refer to people)."""

    marks: set[str]
    person_ids: set[int] = field(default_factory=set)


@dataclass
class Item:
    """What identifies one anonymous item: its code or words (in any text), its row, and its own instants."""

    table: str
    id: int
    marks: set[str]
    instants: list[datetime] = field(default_factory=list)


def tick(h: Harness) -> None:
    """Time passes between two things a person does (as it does: nobody acts twice in the same second)."""
    h.clock.advance(minutes=3)


def as_text(value: Any) -> str:
    """A column's raw value as text, JSON read back so escaped letters show as letters."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    found = str(value)
    if found[:1] in "[{\"":
        try:
            return json.dumps(json.loads(found), ensure_ascii=False)
        except ValueError:
            return found
    return found


TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d")


def as_time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and TIMESTAMP.match(value):
        moment = datetime.fromisoformat(value)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None


async def dump(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as the database holds it (no key: nothing sealed is opened)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    async with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            result = await conn.execute(text(f'SELECT * FROM "{table.name}"'))
            tables[table.name] = [dict(row._mapping) for row in result]
    return tables


def references(table: str, column: str, target: str) -> bool:
    """Whether `table.column` is a foreign key to `target`.id (or is `target`.id itself)."""
    if table == target and column == "id":
        return True
    return any(fk.column.table.name == target for fk in Base.metadata.tables[table].c[column].foreign_keys)


def holds_author(table: str, row: dict[str, Any], author: Author) -> str | None:
    for column, value in row.items():
        if value is None:
            continue
        if isinstance(value, int) and value in author.person_ids and references(table, column, "people"):
            return f"{column}={value} (the author's person id)"
        shown = as_text(value)
        for mark in author.marks:
            if mark in shown:
                return f"{column} holds {mark!r}"
    return None


def holds_item(table: str, row: dict[str, Any], item: Item) -> str | None:
    for column, value in row.items():
        if value is None:
            continue
        if isinstance(value, int) and value == item.id and references(table, column, item.table):
            return f"{column}={value} (the item's id)"
        shown = as_text(value)
        for mark in item.marks:
            if mark in shown:
                return f"{column} holds {mark!r}"
        moment = as_time(value)
        if moment is not None and any(abs(moment - instant) <= NEAR for instant in item.instants):
            return f"{column}={moment.isoformat()} (within {NEAR.seconds}s of the item's own times)"
    return None


def links(tables: dict[str, list[dict[str, Any]]], pairs: list[tuple[Author, Item]]) -> list[str]:
    """Every row that holds something of an author and something of that author's item."""
    found = []
    for author, item in pairs:
        for table, rows in tables.items():
            for row in rows:
                who = holds_author(table, row, author)
                what = holds_item(table, row, item) if who else None
                if who and what:
                    found.append(f"{table}: {who}; {what}")
    return found


async def person_id(h: Harness, channel: str, user_id: str) -> int:
    assert h.app is not None
    async with h.app.db.transaction() as session:
        statement = text("SELECT person_id FROM identities WHERE channel = :c AND user_id = :u")
        found = await session.scalar(statement, {"c": channel, "u": user_id})
    assert found is not None
    return int(found)


async def submission_item(db: Database, code: str, words: str) -> Item:
    """The submission with its own instants: when it was made, and every step of its timeline."""
    async with db.transaction() as session:
        submission = await session.scalar(select(Submission).where(Submission.code == code))
        assert submission is not None
        steps = (await session.scalars(select(SubmissionEvent.at).where(SubmissionEvent.submission_id == submission.id))).all()
    instants = [submission.created_at, *steps] + [
        moment for moment in (submission.acknowledged_at, submission.answered_at, submission.closed_at, submission.reopened_at)
        if moment is not None
    ]
    return Item("submissions", submission.id, {code, words}, instants)


async def zalo_submit(h: Harness, user: str, words: str) -> str:
    await h.zsay(user, "/feedback")
    await h.zsay(user, option_number(h, user, "Y tế"))
    await h.zsay(user, f"Trạm y tế cần thêm bác sĩ trực đêm. {words}")
    await h.zsay(user, option_number(h, user, "Ẩn danh"))
    texts = await h.zsay(user, option_number(h, user, "Gửi"))
    found = CODE.search(" ".join(texts))
    assert found is not None, texts
    return found.group()


async def test_a_copy_of_the_database_ties_no_anonymous_item_to_its_author(harness: Harness, tmp_path: Path) -> None:
    h, tg = harness, harness.tg
    await join_named(h, AUTHOR, AUTHOR_NAME)
    tick(h)
    await publish_plan(h)
    await official(h, OFFICIAL, "Trần Văn Cán")
    tick(h)

    # Telegram: an anonymous comment on a draft section …
    await open_section(h, AUTHOR, "Điều 2. Chính sách hỗ trợ")
    tick(h)
    await h.press(AUTHOR, h.button(AUTHOR, "👎 Không đồng ý"))
    await h.say(AUTHOR, "Muc ho tro qua thap ZQCOMMENT1.")
    texts = await h.press(AUTHOR, h.button(AUTHOR, "Ẩn danh"))
    assert texts[0].startswith("✓ Đã ghi ý kiến của bạn về Điều 2. Chính sách hỗ trợ (ẩn danh).")
    tick(h)
    # … and an anonymous submission: answered, rated, reopened, answered again, followed with /status and /mine.
    code = await submit(h, AUTHOR, "Tram y te thieu thuoc ZQSUBMIT1 cho nguoi dan vung cao.")
    tick(h)
    await answer(h, OFFICIAL, code, "Da cap bo sung thuoc.")
    tick(h)
    assert (await h.press(AUTHOR, f"fb:rate:{code}:2"))[0].endswith("Bạn đã chấm 2/5. Cảm ơn bạn!")
    tick(h)
    assert (await h.press(AUTHOR, f"fb:reopen:{code}"))[0].startswith(f"Đã mở lại ý kiến {code}.")
    tick(h)
    await answer(h, OFFICIAL, code, "Da kiem tra lai kho thuoc.")
    tick(h)
    assert (await h.say(AUTHOR, f"/status {code}"))[0].startswith(f"Ý kiến {code}\n")
    tick(h)
    assert code in (await h.say(AUTHOR, "/mine"))[0]
    tick(h)

    # Zalo's numbered menus: an anonymous submission, answered, rated with a digit.
    await zalo_consent(h, ZALO_AUTHOR)
    tick(h)
    zalo_code = await zalo_submit(h, ZALO_AUTHOR, "ZQZALO1")
    tick(h)
    await answer(h, OFFICIAL, zalo_code, "Da bo tri bac si.")
    tick(h)
    await h.zsay(ZALO_AUTHOR, option_number(h, ZALO_AUTHOR, "4⭐"))
    tick(h)

    # /link: one anonymous submission from each account, then the accounts become one person.
    await h.join(LINKED_TG)
    tick(h)
    linked_tg_code = await submit(h, LINKED_TG, "Duong vao ban sat lo ZQLINKTG.")
    tick(h)
    await zalo_consent(h, LINKED_ZALO)
    tick(h)
    linked_zalo_code = await zalo_submit(h, LINKED_ZALO, "ZQLINKZALO")
    tick(h)
    linker = {LINKED_TG: await person_id(h, "telegram", str(LINKED_TG)), LINKED_ZALO: await person_id(h, "zalo", LINKED_ZALO)}
    found_code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", (await h.say(LINKED_TG, "/link"))[0])
    assert found_code is not None
    tick(h)
    assert (await h.zsay(LINKED_ZALO, f"/link {found_code.group()}"))[0].startswith("Đã liên kết.")
    tick(h)
    mine = " ".join(await h.zsay(LINKED_ZALO, "/mine"))
    assert linked_tg_code in mine and linked_zalo_code in mine  # both are the merged person's own
    await answer(h, OFFICIAL, linked_tg_code, "Da sua duong.")
    assert h.zalo is not None and "Da sua duong." in (h.zalo.sent_to(LINKED_ZALO)[-1].text or "")  # used last: Zalo
    tick(h)

    # /forget: the erased person's anonymous submission stays, unlinked; a newcomer gets a new id and sees nothing.
    await h.join(FORGOTTEN)
    tick(h)
    forgotten_code = await submit(h, FORGOTTEN, "Can them lop hoc ZQFORGET.")
    tick(h)
    forgotten_id = await person_id(h, "telegram", str(FORGOTTEN))
    await h.say(FORGOTTEN, "/forget")
    await h.press(FORGOTTEN, "fg:yes")
    tick(h)
    await h.join(NEWCOMER)
    newcomer_id = await person_id(h, "telegram", str(NEWCOMER))
    assert newcomer_id > forgotten_id  # never the erased person's id again
    assert (await h.say(NEWCOMER, "/mine"))[0].startswith("Bạn chưa gửi ý kiến nào")
    assert not (await h.say(NEWCOMER, f"/status {forgotten_code}"))[0].startswith(f"Ý kiến {forgotten_code}")
    tick(h)

    # The consultation closes; the anonymous comment is decided and its author told the outcome.
    h.clock.advance(days=20)
    await h.say(ADMIN_ID, "/drafts")
    await h.press(ADMIN_ID, next(data for label, data in tg.shown_buttons(ADMIN_ID) if label.startswith("📋 ")))
    await h.press(ADMIN_ID, h.button(ADMIN_ID, "✍️ Xử lý ý kiến tiếp theo"))
    await h.press(ADMIN_ID, h.button(ADMIN_ID, "Tiếp thu"))
    await h.press(ADMIN_ID, h.button(ADMIN_ID, "Không cần giải trình"))
    tick(h)
    await h.press(ADMIN_ID, h.button(ADMIN_ID, "📣 Báo kết quả cho người góp ý"))
    assert "ZQCOMMENT1" in (tg.sent_to(AUTHOR)[-1].text or "")
    tick(h)

    # The console: an anonymous submission and its status.
    assert h.app is not None
    author_id = await person_id(h, "telegram", str(AUTHOR))
    zalo_author_id = await person_id(h, "zalo", ZALO_AUTHOR)
    await h.kill()
    printed: list[str] = []
    console = ConsoleChannel("console", CONSOLE_AUTHOR, printed.append, tmp_path)
    app = await Application.build(h.settings, channels=[console], clock=h.clock, schedule=False)
    try:

        async def write(line: str) -> str:
            before = len(printed)
            await app.dispatcher.receive([console.received(line)])
            await app.dispatcher.process_pending()
            while await app.sender.drain_once():
                pass
            return "\n".join(printed[before:])

        def pick(label: str) -> str:
            for shown in reversed(printed):
                for line in shown.splitlines():
                    number, dot, rest = line.partition(". ")
                    if dot and number.isdigit() and rest == label:
                        return number
            raise AssertionError(f"no option {label!r} in {printed}")

        await write("/start")
        await write(pick("Đồng ý"))
        h.clock.advance(minutes=3)
        await write("/feedback")
        await write(pick("Y tế"))
        await write("Thieu nuoc sach ZQCONSOLE1 o ban.")
        await write(pick("Ẩn danh"))
        console_code = CODE.search(await write(pick("Gửi")))
        assert console_code is not None
        h.clock.advance(minutes=3)
        assert console_code.group() in await write(f"/status {console_code.group()}")
        console_id = int(await _scalar(app.db, "SELECT person_id FROM identities WHERE user_id = :u", u=CONSOLE_AUTHOR))

        db = app.db
        async with db.transaction() as session:
            comment = await session.scalar(select(DraftComment).where(DraftComment.anonymous.is_(True)))
            assert comment is not None and comment.person_id is None
            assert await session.get(Person, forgotten_id) is None
        comment_item = Item(
            "draft_comments", comment.id, {"ZQCOMMENT1"},
            [m for m in (comment.created_at, comment.updated_at, comment.disposed_at) if m is not None],
        )
        author = Author({str(AUTHOR), AUTHOR_NAME}, {author_id})
        linked = Author({str(LINKED_TG), LINKED_ZALO}, set(linker.values()))
        pairs = [
            (author, comment_item),
            (author, await submission_item(db, code, "ZQSUBMIT1")),
            (Author({ZALO_AUTHOR}, {zalo_author_id}), await submission_item(db, zalo_code, "ZQZALO1")),
            (linked, await submission_item(db, linked_tg_code, "ZQLINKTG")),
            (linked, await submission_item(db, linked_zalo_code, "ZQLINKZALO")),
            (Author({str(FORGOTTEN)}, {forgotten_id}), await submission_item(db, forgotten_code, "ZQFORGET")),
            (Author({CONSOLE_AUTHOR}, {console_id}), await submission_item(db, console_code.group(), "ZQCONSOLE1")),
        ]
        tables = await dump(db)
    finally:
        await app.close(grace=0)
    assert tables["submissions"] and tables["draft_comments"] and tables["people"]
    assert links(tables, pairs) == []
    # Nothing of the erased person is left anywhere, and no table keeps who read which section.
    assert not any(str(FORGOTTEN) in as_text(v) for rows in tables.values() for row in rows for v in row.values() if v)
    assert set(tables["draft_section_views"][0]) == {"section_id", "reader"}


async def _scalar(db: Database, sql: str, **params: Any) -> Any:
    async with db.transaction() as session:
        return await session.scalar(text(sql), params)


def test_the_attack_finds_a_planted_link() -> None:
    """The search itself works: a row with an author's chat id beside an item's code, or beside a time a
    second after the item was made, is found; the same time kept to the day is not."""
    made = datetime(2026, 11, 30, 2, 17, 41, tzinfo=UTC)
    author, item = Author({"7700011"}, {5}), Item("submissions", 9, {"HK-ABCDE"}, [made])
    planted = {
        "inbox": [{"chat_key": "telegram:7700011", "processed_at": "2026-11-30 02:17:42.000000"}],
        "outbox": [{"chat_id": "7700011", "payload": {"reply": {"text": "Trả lời ý kiến HK-ABCDE"}}}],
        "identities": [{"person_id": 5, "last_seen_at": "2026-11-30 00:00:00.000000"}],
    }
    assert links(planted, [(author, item)]) == [
        "inbox: chat_key holds '7700011'; processed_at=2026-11-30T02:17:42+00:00 (within 5s of the item's own times)",
        "outbox: chat_id holds '7700011'; payload holds 'HK-ABCDE'",
    ]


@pytest.mark.skipif(POSTGRES_URL is not None, reason="plays an upgrade from 0013 on a SQLite file of its own")
async def test_an_old_database_is_scrubbed_and_its_anonymous_authors_adopted(tmp_path: Path, settings: Settings) -> None:
    """A database from before 0015: linking rows scrubbed, ids kept, and the Fernet-sealed author adopted at start."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    await migrate.upgrade(engine, "0013")
    old_key = Fernet(base64.urlsafe_b64encode(
        HKDF(algorithm=hashes.SHA256(), length=32, salt=b"hienke", info=b"author-link").derive(SECRET.encode())
    ))
    seal = old_key.encrypt(b'{"person": 2}').decode()
    at = "2026-11-30 02:17:41.123456"
    statements = [
        "INSERT INTO people (id, role, language, language_chosen, associations, created_at, updated_at)"
        f" VALUES (1, 'member', 'vi', 0, '[]', '{at}', '{at}'), (2, 'member', 'vi', 0, '[]', '{at}', '{at}')",
        f"INSERT INTO identities (person_id, channel, user_id, chat_id, last_seen_at) VALUES (2, 'telegram', '4242', '4242', '{at}')",
        "INSERT INTO conversation_states (channel, chat_id, user_id, data, menu, updated_at)"
        f" VALUES ('zalo', 'z1', 'z1', '{{}}', '[[\"1\", \"fb:rate:HK-OLDAA:5\"]]', '{at}')",
        "INSERT INTO inbox (channel, external_id, chat_key, payload, status, attempts, received_at, processed_at)"
        f" VALUES ('telegram', '77', 'telegram:4242', NULL, 'done', 1, '{at}', '{at}')",
        "INSERT INTO submissions (code, person_id, author_seal, privacy, topic, text, attachments, status, urgent,"
        " created_at, ack_due_at, answer_due_at)"
        f" VALUES ('HK-OLDAA', NULL, '{seal}', 'anonymous', 'health', 'old', '[]', 'received', 0, '{at}', '{at}', '{at}')",
        "INSERT INTO broadcasts (id, kind, total, status, progress_language, progress_final, created_at)"
        f" VALUES (1, 'poll', 2, 'done', 'vi', 1, '{at}')",
        "INSERT INTO outbox (channel, chat_id, person_id, kind, broadcast_id, priority, payload, status, attempts, created_at)"
        f" VALUES ('telegram', '4242', 2, 'message', 1, 1, '{{}}', 'sent', 1, '{at}'),"
        f" ('telegram', '4242', 2, 'message', NULL, 0, '{{}}', 'sent', 1, '{at}')",
    ]
    async with engine.begin() as conn:
        for statement in statements:
            await conn.execute(text(statement))
    await migrate.upgrade(engine)
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM inbox"))).scalar() == 0
        assert (await conn.execute(text("SELECT count(*) FROM outbox"))).scalar() == 0
        assert (await conn.execute(text("SELECT outcome, count FROM broadcast_tallies"))).all() == [("sent", 1)]
        assert (await conn.execute(text("SELECT menu FROM conversation_states"))).scalar() is None
        assert (await conn.execute(text("SELECT person_id, last_seen_at FROM identities"))).one() == (2, "2026-11-30 00:00:00.000000")
        assert (await conn.execute(text("SELECT created_at FROM people WHERE id = 2"))).scalar() == "2026-11-30 00:00:00.000000"
        table = (await conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'people'"))).scalar()
        assert "AUTOINCREMENT" in table
    await engine.dispose()

    app = await Application.build(settings.model_copy(update={"database_url": url}), schedule=False)
    try:
        async with app.db.transaction() as session:
            submission = await session.scalar(select(Submission))
            assert submission is not None and submission.author_tag is not None
            assert app.dispatcher.sealer.open(submission.author_seal) == 2
            mine = await anonymous.own_rows(session, app.dispatcher.sealer, "submission", 2)
        assert [s.code for s in mine] == ["HK-OLDAA"]
    finally:
        await app.close(grace=0)


def test_a_short_or_wrong_key_is_refused_at_start_in_one_line(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'keys.db'}"
    fresh = hienke(["secret"], tmp_path).stdout.strip()
    assert len(fresh) >= 32 and fresh != hienke(["secret"], tmp_path).stdout.strip()
    short = hienke(["chat"], tmp_path, "/quit\n", HIENKE_SECRET_KEY="s" * 31, DATABASE_URL=database)
    assert short.returncode == 2
    assert short.stderr.strip().splitlines() == [
        "hienke: Invalid setting HIENKE_SECRET_KEY: use at least 32 characters (`hienke secret` prints a fresh one)"
    ]
    assert hienke(["chat"], tmp_path, "/quit\n", HIENKE_SECRET_KEY=fresh, DATABASE_URL=database).returncode == 0
    wrong = hienke(["chat"], tmp_path, "/quit\n", HIENKE_SECRET_KEY="another-" + fresh, DATABASE_URL=database)
    assert wrong.returncode == 2
    assert wrong.stderr.strip().splitlines() == [
        "hienke: Invalid setting HIENKE_SECRET_KEY: it is not the key this database was sealed with"
    ]


async def test_after_rotation_every_anonymous_author_still_hears_back(harness: Harness) -> None:
    h = harness
    await official(h, OFFICIAL, "Trần Văn Cán")
    await h.join(AUTHOR)
    await zalo_consent(h, ZALO_AUTHOR)
    code = await submit(h, AUTHOR, "Thieu giao vien ZQROTATE1.")
    zalo_code = await zalo_submit(h, ZALO_AUTHOR, "ZQROTATE2")
    old = h.settings.hienke_secret_key
    assert old is not None
    await h.kill()
    new = h.settings.model_copy(update={"hienke_secret_key": SecretStr("rotated-" + old.get_secret_value())})
    with pytest.raises(SettingsError, match="^Invalid option --old"):
        await rotate_key(new, "not-the-old-key-but-long-enough-to-pass")
    await rotate_key(new, old.get_secret_value())
    with pytest.raises(SettingsError, match="it is not the key this database was sealed with"):
        await Application.build(h.settings, schedule=False)  # the old key no longer opens anything
    h.settings = new
    await h.start()
    await answer(h, OFFICIAL, code, "Da bo sung giao vien.")
    assert "Da bo sung giao vien." in (h.tg.sent_to(AUTHOR)[-1].text or "")
    await answer(h, OFFICIAL, zalo_code, "Da xem xet.")
    assert h.zalo is not None and "Da xem xet." in (h.zalo.sent_to(ZALO_AUTHOR)[-1].text or "")
    assert code in (await h.say(AUTHOR, "/mine"))[0]


async def test_handled_updates_are_digests_and_go_after_the_redelivery_window(harness: Harness) -> None:
    h = harness
    await h.join(AUTHOR)
    assert h.app is not None
    async with h.app.db.transaction() as session:
        rows = (await session.execute(text("SELECT external_id, chat_key, payload, received_at, processed_at FROM inbox"))).all()
    assert rows and all(len(r.external_id) == 64 and r.chat_key == "" and r.payload in (None, "null") for r in rows)
    assert all(as_time(r.received_at) == as_time(r.processed_at) == day_of(h.clock.now) for r in rows)
    update = h.tg.message_update(AUTHOR, "/help")
    assert await h.push(update)
    assert await h.push(update) == []  # delivered again: recognised by its digest, handled once
    h.clock.advance(hours=47)
    await h.run_jobs()
    async with h.app.db.transaction() as session:
        assert await session.scalar(text("SELECT count(*) FROM inbox")) == len(rows) + 1
    h.clock.advance(hours=26)
    await h.run_jobs()
    async with h.app.db.transaction() as session:
        assert await session.scalar(text("SELECT count(*) FROM inbox")) == 0
