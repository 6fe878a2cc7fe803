"""outbox: an index by chat, so the sender finds each chat's first due row (one row per chat in turn)

Revision ID: 0017
Revises: 0018
Create Date: 2026-12-01 13:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_outbox_chat", "outbox", ["channel", "chat_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_outbox_chat", table_name="outbox")
