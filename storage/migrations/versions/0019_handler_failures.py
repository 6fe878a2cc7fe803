"""handler failures counted by day and error class (the failed inbox rows keep nothing)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 14:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handler_failures",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("error", sa.String(length=120), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "error", name=op.f("pk_handler_failures")),
    )
    op.execute("UPDATE inbox SET payload = NULL, chat_key = '' WHERE status = 'failed'")


def downgrade() -> None:
    op.drop_table("handler_failures")
