"""summary: weekly digests sent, officials' units, submissions by date, first answers by index

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-29 10:36:39.842689
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.db

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=10), nullable=False),
        sa.Column("scheduled_for", storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=True),
        sa.Column("created_at", storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digests")),
        sa.UniqueConstraint("week", name=op.f("uq_digests_week")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit", sa.String(length=120), nullable=True))
    with op.batch_alter_table("submission_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submission_events_submission_id"))
        batch_op.create_index("ix_submission_events_kinds", ["submission_id", "kind", "at"], unique=False)
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.create_index("ix_submissions_created", ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index("ix_submissions_created")
    with op.batch_alter_table("submission_events", schema=None) as batch_op:
        batch_op.drop_index("ix_submission_events_kinds")
        batch_op.create_index(batch_op.f("ix_submission_events_submission_id"), ["submission_id"], unique=False)
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("unit")
    op.drop_table("digests")
