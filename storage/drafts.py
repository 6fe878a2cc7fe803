"""Queries and writes for draft consultations; like `repo`, nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.db import dialect_insert
from storage.models import Draft, DraftComment, DraftSection, Person, SectionView


@dataclass(frozen=True)
class SectionStats:
    section: DraftSection
    views: int
    comments: int


@dataclass(frozen=True)
class CommentRow:
    """A comment with its section and, when it was named, its author."""

    comment: DraftComment
    section: DraftSection
    author: Person | None


async def open_drafts(session: AsyncSession, now: datetime) -> list[Draft]:
    """Published drafts whose deadline has not come, soonest first."""
    result = await session.execute(
        select(Draft).where(Draft.status == "published", Draft.deadline > now).order_by(Draft.deadline, Draft.id)
    )
    return list(result.scalars())


async def closed_drafts(session: AsyncSession, now: datetime, where: ColumnElement[bool], limit: int = 10) -> list[Draft]:
    """Published drafts past their deadline (and meeting `where`), the most recent first."""
    result = await session.execute(
        select(Draft)
        .where(Draft.status == "published", Draft.deadline <= now, where)
        .order_by(Draft.deadline.desc(), Draft.id.desc())
        .limit(limit)
    )
    return list(result.scalars())


async def preparing_draft(session: AsyncSession, person_id: int) -> Draft | None:
    """The draft this official began and has not published yet."""
    result = await session.execute(
        select(Draft).where(Draft.status == "preparing", Draft.created_by == person_id).order_by(Draft.id.desc()).limit(1)
    )
    return result.scalar_one_or_none()


async def delete_draft(session: AsyncSession, draft: Draft) -> None:
    await session.execute(delete(Draft).where(Draft.id == draft.id))


async def sections(session: AsyncSession, draft_id: int) -> list[DraftSection]:
    result = await session.execute(
        select(DraftSection).where(DraftSection.draft_id == draft_id).order_by(DraftSection.position)
    )
    return list(result.scalars())


async def replace_sections(session: AsyncSession, draft_id: int, parsed: Sequence[tuple[str | None, str, str]]) -> None:
    """Put (group title, heading, body) triples in place of the draft's sections."""
    await session.execute(delete(DraftSection).where(DraftSection.draft_id == draft_id))
    session.add_all(
        DraftSection(draft_id=draft_id, position=position, group_title=group, heading=heading, body=body)
        for position, (group, heading, body) in enumerate(parsed, start=1)
    )


async def record_view(session: AsyncSession, section_id: int, reader: str) -> None:
    """Count a reader's first opening of a section (later ones change nothing); `reader` is a keyed digest."""
    await session.execute(
        dialect_insert(session, SectionView)
        .values(section_id=section_id, reader=reader)
        .on_conflict_do_nothing(index_elements=["section_id", "reader"])
    )


async def section_stats(session: AsyncSession, draft_id: int) -> list[SectionStats]:
    """Each section with how many people opened it and how many commented."""
    views = (
        select(SectionView.section_id, func.count().label("n")).group_by(SectionView.section_id).subquery()
    )
    comments = (
        select(DraftComment.section_id, func.count().label("n")).group_by(DraftComment.section_id).subquery()
    )
    result = await session.execute(
        select(DraftSection, func.coalesce(views.c.n, 0), func.coalesce(comments.c.n, 0))
        .outerjoin(views, views.c.section_id == DraftSection.id)
        .outerjoin(comments, comments.c.section_id == DraftSection.id)
        .where(DraftSection.draft_id == draft_id)
        .order_by(DraftSection.position)
    )
    return [SectionStats(section, views_n, comments_n) for section, views_n, comments_n in result]


async def named_comment(session: AsyncSession, section_id: int, person_id: int) -> DraftComment | None:
    result = await session.execute(
        select(DraftComment).where(DraftComment.section_id == section_id, DraftComment.person_id == person_id)
    )
    return result.scalar_one_or_none()


async def draft_comments(session: AsyncSession, draft_id: int) -> list[CommentRow]:
    """Every comment on the draft in document order, with its section and named author."""
    result = await session.execute(
        select(DraftComment, DraftSection, Person)
        .join(DraftSection, DraftSection.id == DraftComment.section_id)
        .outerjoin(Person, (Person.id == DraftComment.person_id) & DraftComment.anonymous.is_(False))
        .where(DraftSection.draft_id == draft_id)
        .order_by(DraftSection.position, DraftComment.id)
    )
    return [CommentRow(comment, section, author) for comment, section, author in result]
