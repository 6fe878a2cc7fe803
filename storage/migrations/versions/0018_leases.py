"""leases: work one process at a time does (the sender, a channel's polling), for several processes on one database;
an index to find a chat's oldest pending inbox row

Revision ID: 0018
Revises: 0015
Create Date: 2026-12-01 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.db

revision = "0018"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=128), nullable=False),
        sa.Column("expires_at", storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_leases")),
    )
    op.create_index("ix_inbox_chat_pending", "inbox", ["chat_key", "status", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_inbox_chat_pending", table_name="inbox")
    op.drop_table("leases")
