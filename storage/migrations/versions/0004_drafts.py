"""drafts, their sections, comments and section views

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-29 09:38:16.161857
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.db

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("deadline", storage.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("audience", sa.JSON(), nullable=True),
        sa.Column("audience_count", sa.Integer(), nullable=False),
        sa.Column("source_channel", sa.String(length=16), nullable=True),
        sa.Column("source_file_id", sa.String(length=256), nullable=True),
        sa.Column("source_file_name", sa.String(length=255), nullable=True),
        sa.Column("source_sha256", sa.String(length=64), nullable=True),
        sa.Column("source_text", sa.Text(), nullable=True),
        sa.Column("created_at", storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("published_at", storage.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("results_published_at", storage.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["people.id"], name=op.f("fk_drafts_created_by_people"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
    )
    op.create_index(op.f("ix_drafts_created_by"), "drafts", ["created_by"], unique=False)

    op.create_table(
        "draft_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("group_title", sa.String(length=300), nullable=True),
        sa.Column("heading", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"], name=op.f("fk_draft_sections_draft_id_drafts"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_sections")),
        sa.UniqueConstraint("draft_id", "position", name=op.f("uq_draft_sections_draft_id_position")),
    )

    op.create_table(
        "draft_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("sealed_author", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("created_at", storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("disposition", sa.String(length=16), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("disposed_by", sa.Integer(), nullable=True),
        sa.Column("disposed_at", storage.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["disposed_by"], ["people.id"], name=op.f("fk_draft_comments_disposed_by_people"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_draft_comments_person_id_people"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["section_id"], ["draft_sections.id"], name=op.f("fk_draft_comments_section_id_draft_sections"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_comments")),
        sa.UniqueConstraint("section_id", "person_id", name=op.f("uq_draft_comments_section_id_person_id")),
    )
    op.create_index(op.f("ix_draft_comments_person_id"), "draft_comments", ["person_id"], unique=False)

    op.create_table(
        "draft_section_views",
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("first_at", storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_draft_section_views_person_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["section_id"], ["draft_sections.id"], name=op.f("fk_draft_section_views_section_id_draft_sections"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("section_id", "person_id", name=op.f("pk_draft_section_views")),
    )
    op.create_index(op.f("ix_draft_section_views_person_id"), "draft_section_views", ["person_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_draft_section_views_person_id"), table_name="draft_section_views")
    op.drop_table("draft_section_views")
    op.drop_index(op.f("ix_draft_comments_person_id"), table_name="draft_comments")
    op.drop_table("draft_comments")
    op.drop_table("draft_sections")
    op.drop_index(op.f("ix_drafts_created_by"), table_name="drafts")
    op.drop_table("drafts")
