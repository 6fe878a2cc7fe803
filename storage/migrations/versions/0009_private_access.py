"""private access: events, polls and drafts belong to a unit; group chats told once to write in private;
no group kept as anyone's reply chat; stored text normalised

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

import storage.db
from storage.text import clean

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None

OWNED = ("events", "polls", "drafts")
# Text people typed, by table: (column, single line?). Rows stored before `storage.text.clean` existed are cleaned.
TYPED: dict[str, tuple[tuple[str, bool], ...]] = {
    "people": (("full_name", True), ("workplace", True), ("commune", True), ("ethnicity", True)),
    "submissions": (("text", False),),
    "submission_events": (("detail", False),),
    "events": (("title", False), ("description", False), ("place", False)),
    "event_questions": (("text", False),),
    "polls": (("question", False),),
    "drafts": (("title", False), ("summary", False), ("source_text", False)),
    "draft_sections": (("group_title", False), ("heading", False), ("body", False)),
    "draft_comments": (("text", False), ("explanation", False)),
}
BATCH = 1000


def _cleaned(value: Any, single_line: bool) -> Any:
    if isinstance(value, str):
        return clean(value, multiline=not single_line)
    if isinstance(value, list):  # a poll's options
        return [_cleaned(item, single_line) for item in value]
    return value


def _clean_table(connection: sa.Connection, name: str, columns: tuple[tuple[str, bool], ...], extra: tuple[str, ...] = ()) -> None:
    """Rewrite the rows whose text changes when cleaned, a batch of ids at a time."""
    table = sa.table(name, sa.column("id"), *(sa.column(c) for c, _ in columns), *(sa.column(c, sa.JSON) for c in extra))
    kinds = dict(columns) | dict.fromkeys(extra, False)
    last = 0
    while True:
        rows = connection.execute(sa.select(table).where(table.c.id > last).order_by(table.c.id).limit(BATCH)).mappings().all()
        if not rows:
            return
        for row in rows:
            changed = {c: _cleaned(row[c], single) for c, single in kinds.items() if _cleaned(row[c], single) != row[c]}
            if changed:
                connection.execute(sa.update(table).where(table.c.id == row["id"]).values(changed))
        last = rows[-1]["id"]


def upgrade() -> None:
    for name in OWNED:
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.add_column(sa.Column("unit", sa.String(length=120), nullable=True))
        op.execute(
            f"UPDATE {name} SET unit = (SELECT people.unit FROM people WHERE people.id = {name}.created_by)"
            " WHERE created_by IS NOT NULL"
        )
    op.create_table(
        "group_chats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_hash", sa.String(length=64), nullable=False),
        sa.Column("pointed_at", storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_chats")),
        sa.UniqueConstraint("chat_hash", name=op.f("uq_group_chats_chat_hash")),
    )
    # A person's private chat has the person's own id on Telegram, Zalo and the console: any other chat
    # recorded as someone's reply chat, or holding a conversation, was a group.
    op.execute("UPDATE identities SET chat_id = user_id WHERE chat_id <> user_id")
    op.execute("DELETE FROM conversation_states WHERE chat_id <> user_id")
    connection = op.get_bind()
    for name, columns in TYPED.items():
        _clean_table(connection, name, columns, ("options",) if name == "polls" else ())


def downgrade() -> None:
    op.drop_table("group_chats")
    for name in reversed(OWNED):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_column("unit")
