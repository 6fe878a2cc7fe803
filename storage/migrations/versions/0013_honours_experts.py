"""honour rounds (each kept with its creator's unit; council, nominations, endorsements, scores), the expert roster
and invitations, question drafts

Revision ID: 0013
Revises: 0014
Create Date: 2026-12-01 10:05:35.038401
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.db

revision = "0013"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "expert_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("invited_by", sa.Integer(), nullable=True),
        sa.Column("answer", sa.String(length=16), nullable=True),
        sa.Column("answered_at", storage.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["invited_by"], ["people.id"], name=op.f("fk_expert_invitations_invited_by_people"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_expert_invitations_person_id_people"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expert_invitations")),
        sa.UniqueConstraint("kind", "ref_id", "person_id", name=op.f("uq_expert_invitations_kind_ref_id_person_id")),
    )
    with op.batch_alter_table("expert_invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expert_invitations_invited_by"), ["invited_by"], unique=False)
        batch_op.create_index(batch_op.f("ix_expert_invitations_person_id"), ["person_id"], unique=False)

    op.create_table(
        "honour_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("association", sa.String(length=64), nullable=True),
        sa.Column("deadline", storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", storage.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(length=120), nullable=True),
        sa.Column("created_at", storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("announced_at", storage.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["people.id"], name=op.f("fk_honour_rounds_created_by_people"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_honour_rounds")),
    )
    op.create_table(
        "honour_council",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_honour_council_person_id_people"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["round_id"], ["honour_rounds.id"], name=op.f("fk_honour_council_round_id_honour_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("round_id", "person_id", name=op.f("pk_honour_council")),
    )
    with op.batch_alter_table("honour_council", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_honour_council_person_id"), ["person_id"], unique=False)

    op.create_table(
        "nominations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("nominator_id", sa.Integer(), nullable=True),
        sa.Column("nominee_id", sa.Integer(), nullable=True),
        sa.Column("nominee_name", sa.String(length=120), nullable=True),
        sa.Column("nominee_workplace", sa.String(length=200), nullable=True),
        sa.Column("category", sa.String(length=200), nullable=False),
        sa.Column("achievements", sa.Text(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("relation", sa.String(length=16), nullable=False),
        sa.Column("consent", sa.String(length=16), nullable=False),
        sa.Column("created_at", storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", storage.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", storage.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["decided_by"], ["people.id"], name=op.f("fk_nominations_decided_by_people"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["nominator_id"], ["people.id"], name=op.f("fk_nominations_nominator_id_people"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["nominee_id"], ["people.id"], name=op.f("fk_nominations_nominee_id_people"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["round_id"], ["honour_rounds.id"], name=op.f("fk_nominations_round_id_honour_rounds"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nominations")),
    )
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nominations_nominator_id"), ["nominator_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_nominations_nominee_id"), ["nominee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_nominations_round_id"), ["round_id"], unique=False)

    op.create_table(
        "endorsements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["nomination_id"], ["nominations.id"], name=op.f("fk_endorsements_nomination_id_nominations"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_endorsements_person_id_people"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_endorsements")),
        sa.UniqueConstraint("nomination_id", "person_id", name=op.f("uq_endorsements_nomination_id_person_id")),
    )
    with op.batch_alter_table("endorsements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_endorsements_person_id"), ["person_id"], unique=False)

    op.create_table(
        "honour_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("criterion", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("updated_at", storage.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["people.id"], name=op.f("fk_honour_scores_member_id_people"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["nomination_id"], ["nominations.id"], name=op.f("fk_honour_scores_nomination_id_nominations"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_honour_scores")),
        sa.UniqueConstraint("nomination_id", "member_id", "criterion", name=op.f("uq_honour_scores_nomination_id_member_id_criterion")),
    )
    with op.batch_alter_table("honour_scores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_honour_scores_member_id"), ["member_id"], unique=False)

    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=16), server_default="draft", nullable=False))

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("findable_at", storage.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("expert_since", storage.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("expert_fields", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("expert_fields")
        batch_op.drop_column("expert_since")
        batch_op.drop_column("findable_at")

    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_column("kind")

    with op.batch_alter_table("honour_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_honour_scores_member_id"))

    op.drop_table("honour_scores")
    with op.batch_alter_table("endorsements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_endorsements_person_id"))

    op.drop_table("endorsements")
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nominations_round_id"))
        batch_op.drop_index(batch_op.f("ix_nominations_nominee_id"))
        batch_op.drop_index(batch_op.f("ix_nominations_nominator_id"))

    op.drop_table("nominations")
    with op.batch_alter_table("honour_council", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_honour_council_person_id"))

    op.drop_table("honour_council")
    op.drop_table("honour_rounds")
    with op.batch_alter_table("expert_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expert_invitations_person_id"))
        batch_op.drop_index(batch_op.f("ix_expert_invitations_invited_by"))

    op.drop_table("expert_invitations")
