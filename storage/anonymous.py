"""A person's own anonymous items, found by their author tags (see storage.sealing): each lookup reads
only that person's rows, by index, and computes a few dozen HMACs; nothing is decrypted but what is found."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import DraftComment, Submission
from storage.sealing import Keys

# A person's items carry tags 0, 1, 2, … of their kind; the search stops at the first batch with none.
BATCH = 32
KINDS: dict[str, Any] = {"submission": Submission, "comment": DraftComment}


async def own(session: AsyncSession, keys: Keys, kind: str, person_id: int) -> list[tuple[int, Any]]:
    """(index, row) of the person's anonymous items of `kind`, by index."""
    model = KINDS[kind]
    found: list[tuple[int, Any]] = []
    start = 0
    while True:
        batch = dict((tag, index) for index, tag in islice(keys.tags(kind, person_id, start), BATCH))
        rows = (await session.scalars(select(model).where(model.author_tag.in_(list(batch))))).all()
        if not rows:
            return sorted(found, key=lambda pair: pair[0])
        found += [(batch[row.author_tag], row) for row in rows]
        start += BATCH


async def own_rows(session: AsyncSession, keys: Keys, kind: str, person_id: int) -> list[Any]:
    return [row for _, row in await own(session, keys, kind, person_id)]


async def next_tag(session: AsyncSession, keys: Keys, kind: str, person_id: int) -> str:
    """The tag for the person's next anonymous item of `kind`."""
    found = await own(session, keys, kind, person_id)
    return keys.tag(kind, person_id, found[-1][0] + 1 if found else 0)


def seal_field(kind: str) -> str:
    return "author_seal" if kind == "submission" else "sealed_author"


async def move(session: AsyncSession, keys: Keys, gone_id: int, keep_id: int) -> None:
    """After /link: the anonymous items of the person who goes are sealed and tagged for the one who stays."""
    for kind in KINDS:
        moving = await own_rows(session, keys, kind, gone_id)
        await retag(session, kind, [(row.id, keep_id) for row in moving], keys)


async def retag(session: AsyncSession, kind: str, authors: Sequence[tuple[int, int]], keys: Keys) -> None:
    """Seal and tag each (row id, person id) anew under `keys`, after the items each person already has there."""
    model = KINDS[kind]
    ids = [row_id for row_id, _ in authors]
    if not ids:
        return
    for start in range(0, len(ids), 500):  # tags are unique: clear the old ones so a new one never meets an old one
        await session.execute(update(model).where(model.id.in_(ids[start : start + 500])).values(author_tag=None))
    following: dict[int, int] = {}
    for row_id, person_id in authors:
        if person_id not in following:
            found = await own(session, keys, kind, person_id)
            following[person_id] = found[-1][0] + 1 if found else 0
        index = following[person_id]
        following[person_id] = index + 1
        values = {"author_tag": keys.tag(kind, person_id, index), seal_field(kind): keys.seal(person_id)}
        await session.execute(update(model).where(model.id == row_id).values(values))


async def erase(session: AsyncSession, keys: Keys, person_id: int) -> None:
    """Drop the sealed author and tag of every anonymous item of the person (the items stay, unlinked)."""
    for kind, model in KINDS.items():
        ids = [row.id for row in await own_rows(session, keys, kind, person_id)]
        if ids:
            values = {"author_tag": None, seal_field(kind): None}
            await session.execute(update(model).where(model.id.in_(ids)).values(values))


async def rotate(session: AsyncSession, old: Callable[[str], int | None], new: Keys, untagged_only: bool = False) -> int:
    """Re-seal and re-tag under `new` every anonymous item whose author `old` opens (all, or those without a
    tag: sealed before tags existed); how many were moved."""
    moved = 0
    for kind, model in KINDS.items():
        seal_column = getattr(model, seal_field(kind))
        statement = select(model.id, seal_column).where(seal_column.is_not(None)).order_by(model.id)
        if untagged_only:
            statement = statement.where(model.author_tag.is_(None))
        result = await session.execute(statement)
        authors = [(row_id, person_id) for row_id, sealed in result if (person_id := old(sealed)) is not None]
        await retag(session, kind, authors, new)
        moved += len(authors)
    return moved
