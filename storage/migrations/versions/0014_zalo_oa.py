"""zalo_oa: the OA's sealed tokens and quota, each identity's interaction window, how a row missed it,
and room for the progress report's fallback lines

Revision ID: 0014
Revises: 0009
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.db

revision = "0014"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "zalo_oa_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("access_token", sa.Text(), nullable=True),
        sa.Column("refresh_token", sa.Text(), nullable=True),
        sa.Column("access_expires_at", storage.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("refreshed_at", storage.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("failure", sa.String(length=300), nullable=True),
        sa.Column("failed_at", storage.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("admins_told_at", storage.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("code_verifier", sa.Text(), nullable=True),
        sa.Column("quota", sa.JSON(), nullable=True),
        sa.Column("quota_checked_at", storage.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zalo_oa_tokens")),
    )
    with op.batch_alter_table("identities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("window_until", storage.db.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("via", sa.String(length=16), nullable=True))
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.alter_column("last_report", existing_type=sa.String(length=120), type_=sa.String(length=500))


def downgrade() -> None:
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.alter_column("last_report", existing_type=sa.String(length=500), type_=sa.String(length=120))
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("via")
    with op.batch_alter_table("identities", schema=None) as batch_op:
        batch_op.drop_column("window_until")
    op.drop_table("zalo_oa_tokens")
