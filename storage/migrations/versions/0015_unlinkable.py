"""unlinkable: a keyring (salt and check value), author tags on anonymous items, sealed menus, broadcast
tallies instead of finished outbox rows, section readers without names or times, person ids never reused;
and the rows that linked a person to an anonymous item scrubbed

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-01 14:00:00
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

import storage.db

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None

# Times on a person's rows, kept to the day from now on.
DAY_COLUMNS = {
    "people": ("consent_at", "findable_at", "expert_since", "profile_completed_at", "created_at", "updated_at"),
    "identities": ("last_seen_at",),
    "conversation_states": ("updated_at",),
}


def _to_day(table: str, column: str) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"UPDATE {table} SET {column} = date_trunc('day', {column}, 'UTC') WHERE {column} IS NOT NULL"
    return f"UPDATE {table} SET {column} = strftime('%Y-%m-%d 00:00:00.000000', {column}) WHERE {column} IS NOT NULL"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "keyring",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.Column("check", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keyring")),
    )
    op.create_table(
        "broadcast_tallies",
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["broadcast_id"], ["broadcasts.id"], name=op.f("fk_broadcast_tallies_broadcast_id_broadcasts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("broadcast_id", "outcome", name=op.f("pk_broadcast_tallies")),
    )
    with op.batch_alter_table("broadcasts") as batch_op:
        batch_op.add_column(sa.Column("progress_message_id", sa.String(length=64), nullable=True))
    # Finished outbox rows become counts (and the progress message's id); then they go.
    op.execute(
        "INSERT INTO broadcast_tallies (broadcast_id, outcome, count) SELECT broadcast_id, status, count(*) FROM outbox"
        " WHERE broadcast_id IS NOT NULL AND status IN ('sent', 'failed', 'cancelled') GROUP BY broadcast_id, status"
    )
    op.execute(
        "INSERT INTO broadcast_tallies (broadcast_id, outcome, count) SELECT broadcast_id, 'via:' || via, count(*) FROM outbox"
        " WHERE broadcast_id IS NOT NULL AND status = 'sent' AND via IS NOT NULL GROUP BY broadcast_id, via"
    )
    op.execute(
        "UPDATE broadcasts SET progress_message_id = (SELECT external_message_id FROM outbox"
        " WHERE outbox.id = broadcasts.progress_outbox_id)"
    )
    op.execute("DELETE FROM outbox WHERE status IN ('sent', 'failed', 'cancelled')")
    # Handled inbox rows kept the chat and the instant: they go (a redelivery of them is long past).
    op.execute("DELETE FROM inbox WHERE status <> 'pending'")

    for table in ("submissions", "draft_comments"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("author_tag", sa.String(length=40), nullable=True))
            batch_op.create_index(batch_op.f(f"ix_{table}_author_tag"), ["author_tag"], unique=True)

    # Numbered menus are sealed from now on; the ones stored in clear are forgotten.
    with op.batch_alter_table("conversation_states") as batch_op:
        batch_op.drop_column("menu")
    with op.batch_alter_table("conversation_states") as batch_op:
        batch_op.add_column(sa.Column("menu", sa.Text(), nullable=True))
    for table, columns in DAY_COLUMNS.items():
        for column in columns:
            op.execute(_to_day(table, column))

    # Section readers: a keyed digest per (section, person) from now on; old readers stay counted, unnamed.
    views = op.get_bind().execute(sa.text("SELECT section_id FROM draft_section_views")).all()
    op.drop_table("draft_section_views")
    readers = op.create_table(
        "draft_section_views",
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("reader", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["section_id"], ["draft_sections.id"], name=op.f("fk_draft_section_views_section_id_draft_sections"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("section_id", "reader", name=op.f("pk_draft_section_views")),
    )
    if views:
        op.bulk_insert(readers, [{"section_id": section_id, "reader": secrets.token_hex(32)} for (section_id,) in views])

    # AUTOINCREMENT on SQLite: an erased person's id is never given to the next newcomer.
    table_kwargs = {"sqlite_autoincrement": True} if sqlite else {}
    with op.batch_alter_table("people", recreate="always" if sqlite else "auto", table_kwargs=table_kwargs) as batch_op:
        batch_op.add_column(sa.Column("last_channel", sa.String(length=16), nullable=True))


def downgrade() -> None:
    op.drop_table("draft_section_views")
    op.create_table(
        "draft_section_views",
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("first_at", storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_draft_section_views_person_id_people"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["section_id"], ["draft_sections.id"], name=op.f("fk_draft_section_views_section_id_draft_sections"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("section_id", "person_id", name=op.f("pk_draft_section_views")),
    )
    with op.batch_alter_table("draft_section_views") as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_section_views_person_id"), ["person_id"], unique=False)
    with op.batch_alter_table("conversation_states") as batch_op:
        batch_op.drop_column("menu")
    with op.batch_alter_table("conversation_states") as batch_op:
        batch_op.add_column(sa.Column("menu", sa.JSON(), nullable=True))
    for table in ("submissions", "draft_comments"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_author_tag"))
            batch_op.drop_column("author_tag")
    with op.batch_alter_table("broadcasts") as batch_op:
        batch_op.drop_column("progress_message_id")
    with op.batch_alter_table("people") as batch_op:
        batch_op.drop_column("last_channel")
    op.drop_table("broadcast_tallies")
    op.drop_table("keyring")
