"""Queries and writes on one session; nothing here commits (the unit of work does)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, Table, UniqueConstraint, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage import experts, honours, leases, submissions
from storage.db import Base, day_of, dialect_insert
from storage.models import (
    AUTHOR_VISIBLE_EVENTS,
    ROLES,
    AuditEvent,
    Ballot,
    Broadcast,
    BroadcastTally,
    ConversationState,
    Draft,
    DraftComment,
    DraftSection,
    Event,
    EventQuestion,
    GroupChat,
    Identity,
    InboxUpdate,
    LinkCode,
    Media,
    OutboxMessage,
    Person,
    Poll,
    Rsvp,
    Submission,
    SubmissionEvent,
    used_last_first,
)

REDELIVERY_WINDOW = timedelta(hours=48)  # Telegram keeps undelivered updates for 24 hours; Zalo less


def _locks_rows(session: AsyncSession) -> bool:
    return session.bind is not None and session.bind.dialect.name == "postgresql"


async def insert_ignoring_duplicates(session: AsyncSession, table: Any, rows: Sequence[dict[str, Any]], unique: list[str]) -> int:
    """Insert rows, skipping those whose `unique` columns match a stored row; returns how many were new."""
    if not rows:
        return 0
    statement = (
        dialect_insert(session, table).values(list(rows)).on_conflict_do_nothing(index_elements=unique).returning(table.id)
    )
    result = await session.execute(statement)
    return len(result.all())


async def lock(session: AsyncSession, model: Any, row_id: int) -> Any:
    """The row, locked until commit so checks made after this hold: FOR UPDATE on PostgreSQL.

    SQLite's driver opens the transaction only at the first write, so reads before it take no
    lock; a no-op UPDATE first takes the database's write lock, and a concurrent writer waits.
    """
    if not _locks_rows(session):
        await session.execute(
            update(model).where(model.id == row_id).values(id=model.id).execution_options(synchronize_session=False)
        )
    return await session.scalar(select(model).where(model.id == row_id).with_for_update())


async def store_inbound(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> int:
    """Insert inbox rows (channel, external_id, chat_key, payload), ignoring ones already stored; returns how many were new."""
    return await insert_ignoring_duplicates(session, InboxUpdate, rows, ["channel", "external_id"])


async def pending_inbox(session: AsyncSession, limit: int, per_chat: int = 5) -> list[tuple[int, str]]:
    """The oldest unhandled inbox rows as (id, chat_key), at most `per_chat` of any one chat: a chat that sent
    hundreds does not fill the batch and hold back those who wrote after it."""
    ranked = (
        select(
            InboxUpdate.id,
            InboxUpdate.chat_key,
            func.row_number().over(partition_by=InboxUpdate.chat_key, order_by=InboxUpdate.id).label("place"),
        )
        .where(InboxUpdate.status == "pending")
        .subquery()
    )
    result = await session.execute(
        select(ranked.c.id, ranked.c.chat_key).where(ranked.c.place <= per_chat).order_by(ranked.c.id).limit(limit)
    )
    return [(row.id, row.chat_key) for row in result]


async def lock_chat(session: AsyncSession, chat_key: str) -> bool:
    """Hold the chat for this transaction's handling, unless another process is handling it now (per-chat order
    across processes: the chat is locked, not its rows)."""
    return await leases.try_exclusive(session, f"chat:{chat_key}")


async def claim_next_in_chat(session: AsyncSession, chat_key: str) -> InboxUpdate | None:
    """The chat's oldest unhandled row, which only this transaction may handle; None when there is none, or when
    another process is handling this chat now."""
    if not await lock_chat(session, chat_key):
        return None
    statement = (
        select(InboxUpdate)
        .where(InboxUpdate.chat_key == chat_key, InboxUpdate.status == "pending")
        .order_by(InboxUpdate.id)
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def claim_rows(session: AsyncSession, rows: Sequence[tuple[int, str]]) -> list[InboxUpdate]:
    """Those of the listed (id, chat_key) inbox rows still unhandled, oldest first, which only this transaction may
    handle; a chat another process is handling now is left out (`lock_chat`).
    The rows of a chat must be its oldest unhandled ones, as `pending_inbox` lists them."""
    mine = {key for key in dict.fromkeys(key for _, key in rows) if await lock_chat(session, key)}
    ids = [row_id for row_id, key in rows if key in mine]
    if not ids:
        return []
    statement = select(InboxUpdate).where(InboxUpdate.id.in_(ids), InboxUpdate.status == "pending").order_by(InboxUpdate.id)
    return list((await session.scalars(statement)).all())


def scrubbed(now: datetime) -> dict[str, Any]:
    """What a handled row keeps: only its digest and the day; no chat, no text, no instant to match an action to."""
    return {"chat_key": "", "payload": None, "received_at": day_of(now), "processed_at": day_of(now)}


def scrub_handled(row: InboxUpdate, now: datetime) -> None:
    for name, value in scrubbed(now).items():
        setattr(row, name, value)


async def mark_handled(session: AsyncSession, ids: Sequence[int], now: datetime) -> None:
    """Rows handled together: done and scrubbed, in one statement."""
    await session.execute(
        update(InboxUpdate)
        .where(InboxUpdate.id.in_(ids))
        .values(status="done", attempts=InboxUpdate.attempts + 1, **scrubbed(now))
        .execution_options(synchronize_session=False)
    )


async def purge_inbox(session: AsyncSession, now: datetime, keep: timedelta = REDELIVERY_WINDOW) -> int:
    """Delete handled rows past the redelivery window (they keep only their day: kept 48 to 72 hours)."""
    result = await session.execute(
        delete(InboxUpdate).where(InboxUpdate.status != "pending", InboxUpdate.received_at < now - keep - timedelta(days=1))
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def first_time_in_group(session: AsyncSession, chat_hash: str, now: datetime) -> bool:
    """Record that a group chat was told to write in private; False if it already was (by any process)."""
    return await insert_ignoring_duplicates(session, GroupChat, [{"chat_hash": chat_hash, "pointed_at": now}], ["chat_hash"]) == 1


async def find_identity(session: AsyncSession, channel: str, user_id: str) -> Identity | None:
    result = await session.execute(select(Identity).where(Identity.channel == channel, Identity.user_id == user_id))
    return result.scalar_one_or_none()


async def get_or_create_identity(
    session: AsyncSession, channel: str, user_id: str, chat_id: str, language: str, now: datetime
) -> tuple[Identity, bool]:
    """The identity for this channel account, creating it and its person on first contact."""
    identity = await find_identity(session, channel, user_id)
    if identity is not None:
        identity.chat_id = chat_id
        identity.last_seen_at = now
        identity.person.last_channel = channel
        identity.unreachable_at = None  # they wrote (or followed again): they can be reached
        return identity, False
    person = Person(language=language, associations=[], created_at=now, updated_at=now, last_channel=channel)
    identity = Identity(person=person, channel=channel, user_id=user_id, chat_id=chat_id, last_seen_at=now)
    session.add_all([person, identity])
    await session.flush()
    return identity, True


async def load_state(session: AsyncSession, channel: str, chat_id: str, user_id: str) -> ConversationState:
    state = await session.get(ConversationState, (channel, chat_id, user_id))
    if state is None:
        state = ConversationState(channel=channel, chat_id=chat_id, user_id=user_id, step=None, data={}, menu=[])
        session.add(state)
    return state


def enqueue(
    session: AsyncSession,
    *,
    channel: str,
    chat_id: str,
    person_id: int | None,
    payload: dict[str, Any],
    priority: int = 0,
    kind: str = "message",
    now: datetime,
) -> OutboxMessage:
    row = OutboxMessage(
        channel=channel,
        chat_id=chat_id,
        person_id=person_id,
        payload=payload,
        priority=priority,
        kind=kind,
        created_at=now,
    )
    session.add(row)
    return row


async def enqueue_many(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many outbox rows in a few statements (a broadcast to thousands)."""
    for start in range(0, len(rows), 1000):
        await session.execute(insert(OutboxMessage), list(rows[start : start + 1000]))


async def tallies(session: AsyncSession, broadcast_id: int) -> dict[str, int]:
    """How many of a broadcast's messages ended each way (sent, failed, cancelled, via:<route>)."""
    result = await session.execute(
        select(BroadcastTally.outcome, BroadcastTally.count).where(BroadcastTally.broadcast_id == broadcast_id)
    )
    return {outcome: int(n) for outcome, n in result}


async def tally(session: AsyncSession, broadcast_id: int, outcome: str, n: int = 1) -> None:
    """Add `n` to a broadcast's count of `outcome` (atomic on both backends)."""
    if n <= 0:
        return
    statement = dialect_insert(session, BroadcastTally).values(broadcast_id=broadcast_id, outcome=outcome, count=n)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["broadcast_id", "outcome"], set_={"count": BroadcastTally.count + statement.excluded["count"]}
        )
    )


async def outbox_counts(session: AsyncSession, broadcast_id: int) -> dict[str, int]:
    """How many of a broadcast's messages are in each status: still queued (rows) or finished (tallies)."""
    result = await session.execute(
        select(OutboxMessage.status, func.count())
        .where(OutboxMessage.broadcast_id == broadcast_id)
        .group_by(OutboxMessage.status)
    )
    counts = {status: int(n) for status, n in result}
    for outcome, n in (await tallies(session, broadcast_id)).items():
        if not outcome.startswith("via:"):
            counts[outcome] = counts.get(outcome, 0) + n
    return counts


async def cancel_pending(session: AsyncSession, broadcast_id: int) -> int:
    """Drop a broadcast's unsent rows, counting them as cancelled."""
    result = await session.execute(
        delete(OutboxMessage).where(OutboxMessage.broadcast_id == broadcast_id, OutboxMessage.status == "pending")
    )
    cancelled = int(getattr(result, "rowcount", 0) or 0)
    await tally(session, broadcast_id, "cancelled", cancelled)
    return cancelled


async def finish_outbox_row(session: AsyncSession, row: OutboxMessage, status: str, external_id: str | None) -> None:
    """A row that was sent or failed for good is deleted: its broadcast counts it, and a broadcast's progress
    message keeps its message id to edit. Nothing then keeps the chat next to the moment it was written to."""
    if row.broadcast_id is not None:
        await tally(session, row.broadcast_id, status)
        if status == "sent" and row.via:
            await tally(session, row.broadcast_id, f"via:{row.via}")
    if status == "sent" and external_id is not None:
        await session.execute(
            update(Broadcast).where(Broadcast.progress_outbox_id == row.id).values(progress_message_id=external_id)
        )
    await session.delete(row)


async def enqueue_for_person(
    session: AsyncSession, person_id: int, payload: dict[str, Any], *, now: datetime, priority: int = 0, linked: bool = True
) -> bool:
    """Queue a message to a person on the channel they used last; False if they cannot be reached.

    `linked=False` leaves the outbox row without the person's id (for anonymous relays).
    """
    identities = await reachable_identities(session, person_id)
    if not identities:
        return False
    target = identities[0]
    enqueue(
        session,
        channel=target.channel,
        chat_id=target.chat_id,
        person_id=person_id if linked else None,
        payload={**payload, "language": target.person.language},
        priority=priority,
        now=now,
    )
    return True


async def reachable_identities(session: AsyncSession, person_id: int) -> list[Identity]:
    """The person's channel accounts that can still be written to, most recently used first."""
    result = await session.execute(
        select(Identity)
        .join(Person, Person.id == Identity.person_id)
        .where(Identity.person_id == person_id, Identity.unreachable_at.is_(None))
        .order_by(*used_last_first())
    )
    return list(result.scalars())


async def claim_outbox(
    session: AsyncSession,
    channel_filters: dict[str, str | None],
    now: datetime,
    limit: int,
    per_chat: int = 3,
    skip_chats: Collection[str] = (),
) -> list[OutboxMessage]:
    """Mark up to `limit` due rows as 'sending' and return them, interactive replies first.

    At most `per_chat` rows of a chat, its first due ones in order, and none while one of it is being sent or
    while it is in `skip_chats` (sent to a moment ago, so a row of it would only wait): each chat's messages
    keep their order and every chat gets its turn (one chat's 500 replies hold back no one else). A row
    deferred after a fault does not hold its chat back.
    """
    conditions = [
        (OutboxMessage.channel == channel) if chat is None
        else ((OutboxMessage.channel == channel) & (OutboxMessage.chat_id == chat))
        for channel, chat in channel_filters.items()
    ]
    if not conditions:
        return []
    due = or_(OutboxMessage.not_before.is_(None), OutboxMessage.not_before <= now)
    place = func.row_number().over(partition_by=(OutboxMessage.channel, OutboxMessage.chat_id), order_by=OutboxMessage.id)
    ranked = (
        select(OutboxMessage.id, place.label("place"))
        .where(OutboxMessage.status == "pending", or_(*conditions), due)
        .subquery()
    )
    sending = aliased(OutboxMessage)
    busy_chat = (
        select(sending.id)
        .where(sending.channel == OutboxMessage.channel, sending.chat_id == OutboxMessage.chat_id, sending.status == "sending")
        .exists()
    )
    statement = (
        select(OutboxMessage, ranked.c.place)
        .join(ranked, ranked.c.id == OutboxMessage.id)
        .where(ranked.c.place <= per_chat, ~busy_chat, OutboxMessage.chat_id.not_in(list(skip_chats)))
        .order_by(OutboxMessage.priority, OutboxMessage.id)
        .limit(limit)
    )
    if _locks_rows(session):
        statement = statement.with_for_update(skip_locked=True, of=OutboxMessage)
    found = (await session.execute(statement)).all()
    places: dict[tuple[str, str], set[int]] = {}
    for row, row_place in found:
        places.setdefault((row.channel, row.chat_id), set()).add(row_place)
    rows = [row for row, row_place in found if set(range(1, row_place + 1)) <= places[(row.channel, row.chat_id)]]
    for row in rows:  # only a chat's first rows without a gap, so none goes ahead of an earlier one left out
        row.status = "sending"
    return rows


async def chat_waiting(session: AsyncSession, channel: str, chat_id: str, now: datetime) -> bool:
    """Whether a message to this chat is due and not yet sent (waiting, or being sent now)."""
    found = await session.scalar(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.channel == channel,
            OutboxMessage.chat_id == chat_id,
            OutboxMessage.status.in_(("pending", "sending")),
            or_(OutboxMessage.not_before.is_(None), OutboxMessage.not_before <= now),
        )
        .limit(1)
    )
    return found is not None


async def inbox_waiting(session: AsyncSession, chat_key: str) -> bool:
    """Whether an update of this chat is stored and not yet handled."""
    found = await session.scalar(
        select(InboxUpdate.id).where(InboxUpdate.chat_key == chat_key, InboxUpdate.status == "pending").limit(1)
    )
    return found is not None


async def release_unfinished_sends(session: AsyncSession, channels: Sequence[str]) -> int:
    """Rows of these channels left 'sending' by a sender that stopped go back to pending (at most those in flight
    repeat); called by the process that has just become the sender, so none is being sent now."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "sending", OutboxMessage.channel.in_(list(channels)))
        .values(status="pending")
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def remember_menu(session: AsyncSession, channel: str, chat_id: str, menu: list[list[str]]) -> None:
    """The numbered options last shown in a chat, so a digit typed next answers them."""
    await session.execute(
        update(ConversationState)
        .where(ConversationState.channel == channel, ConversationState.chat_id == chat_id)
        .values(menu=menu)
    )


async def clear_menus(session: AsyncSession) -> None:
    """Forget every numbered menu (they are sealed under the key being replaced)."""
    await session.execute(update(ConversationState).values(menu=[]))


async def mark_unreachable(session: AsyncSession, channel: str, chat_id: str, now: datetime) -> None:
    await session.execute(
        update(Identity)
        .where(Identity.channel == channel, Identity.chat_id == chat_id, Identity.unreachable_at.is_(None))
        .values(unreachable_at=now)
    )


async def find_person(session: AsyncSession, person_id: int) -> Person | None:
    return await session.get(Person, person_id)


async def people_with_role(session: AsyncSession, role: str) -> list[int]:
    return list(await session.scalars(select(Person.id).where(Person.role == role).order_by(Person.id)))


def audit(session: AsyncSession, action: str, *, actor: int | None, target: int | None, detail: str | None, now: datetime) -> None:
    session.add(AuditEvent(action=action, actor_person_id=actor, target_person_id=target, detail=detail, at=now))


PROFILE_FIELDS = (
    "full_name",
    "field",
    "qualification",
    "workplace",
    "commune",
    "associations",
    "birth_year",
    "gender",
    "ethnicity",
)


async def person_identities(session: AsyncSession, person_id: int) -> list[Identity]:
    result = await session.execute(select(Identity).where(Identity.person_id == person_id).order_by(Identity.id))
    return list(result.scalars())


async def _named_draft_comments(session: AsyncSession, person_id: int) -> list[dict[str, Any]]:
    """The comments on drafts a person made with their name (anonymous ones are not linked to them)."""
    result = await session.execute(
        select(Draft.title, DraftSection.heading, DraftComment.kind, DraftComment.text, DraftComment.updated_at)
        .join(DraftSection, DraftSection.id == DraftComment.section_id)
        .join(Draft, Draft.id == DraftSection.draft_id)
        .where(DraftComment.person_id == person_id)
        .order_by(DraftComment.id)
    )
    return [
        {"draft": title, "section": heading, "kind": kind, "text": text, "updated_at": at.isoformat()}
        for title, heading, kind, text, at in result
    ]


async def person_export(session: AsyncSession, person: Person) -> dict[str, Any]:
    """Everything stored about a person, as a JSON-ready dict."""
    identities = await person_identities(session, person.id)
    return {
        "person_id": person.id,
        "role": person.role,
        "unit": person.unit,
        "language": person.language,
        "consent": {
            "given_at": person.consent_at.isoformat() if person.consent_at else None,
            "version": person.consent_version,
        },
        "profile": {name: getattr(person, name) for name in PROFILE_FIELDS},
        "accounts": [
            {
                "channel": identity.channel,
                "user_id": identity.user_id,
                "chat_id": identity.chat_id,
                "last_seen_at": identity.last_seen_at.isoformat(),
                "unreachable": identity.unreachable_at is not None,
            }
            for identity in identities
        ],
        "submissions": [
            _submission_export(submission, await submissions.events(session, submission.id))
            for submission in await submissions.of_person(session, person.id)
        ],
        "draft_comments": await _named_draft_comments(session, person.id),
        "created_at": person.created_at.isoformat(),
        "findable_by_name_since": person.findable_at.isoformat() if person.findable_at else None,
        **await _participation(session, person.id),
        **await experts.person_export(session, person),
        **await honours.person_export(session, person.id),
    }


async def _participation(session: AsyncSession, person_id: int) -> dict[str, Any]:
    """The person's answers to invitations, questions sent ahead and poll ballots."""
    answers = await session.execute(
        select(Event.title, Rsvp.answer, Rsvp.updated_at).join(Event, Event.id == Rsvp.event_id).where(Rsvp.person_id == person_id)
    )
    questions = await session.execute(
        select(Event.title, EventQuestion.text, EventQuestion.created_at)
        .join(Event, Event.id == EventQuestion.event_id)
        .where(EventQuestion.person_id == person_id)
    )
    ballots = await session.execute(
        select(Poll.question, Poll.options, Ballot.choices, Ballot.updated_at)
        .join(Poll, Poll.id == Ballot.poll_id)
        .where(Ballot.person_id == person_id)
    )
    return {
        "event_answers": [{"event": title, "answer": answer, "at": at.isoformat()} for title, answer, at in answers],
        "event_questions": [{"event": title, "question": text, "at": at.isoformat()} for title, text, at in questions],
        "poll_answers": [
            {"poll": question, "chosen": [options[i] for i in choices], "at": at.isoformat()}
            for question, options, choices, at in ballots
        ],
    }


def _submission_export(submission: Submission, events: list[SubmissionEvent]) -> dict[str, Any]:
    """A named or confidential submission as its author may see it (no internal notes, no officials' ids)."""
    return {
        "code": submission.code,
        "topic": submission.topic,
        "privacy": submission.privacy,
        "text": submission.text,
        "attachments": [{"kind": a["kind"], "file_name": a.get("file_name")} for a in submission.attachments],
        "language": submission.language,
        "status": submission.status,
        "rating": submission.rating,
        "created_at": submission.created_at.isoformat(),
        "timeline": [
            {"at": event.at.isoformat(), "event": event.kind, "status": event.status, "detail": event.detail}
            for event in events
            if event.kind in AUTHOR_VISIBLE_EVENTS
        ],
    }


async def erase_person(session: AsyncSession, person: Person, *, now: datetime) -> None:
    """Delete the person's profile, accounts and conversation state; their submissions and outgoing rows
    stay for the record without any link to them (their anonymous items: `storage.anonymous.erase` first).

    Leaving the people table takes them off the expert roster and every council; nominations of them are
    withdrawn and scrubbed; their nominations, endorsements and scores stay unsigned (foreign keys set NULL).
    """
    await submissions.unlink_person(session, person.id)
    await honours.forget_person(session, person.id, now)
    for identity in await person_identities(session, person.id):
        await session.execute(
            delete(ConversationState).where(
                ConversationState.channel == identity.channel, ConversationState.user_id == identity.user_id
            )
        )
        await session.execute(  # what waited for them to write again (Zalo OA) is not kept either
            delete(OutboxMessage).where(
                OutboxMessage.status == "held", OutboxMessage.channel == identity.channel, OutboxMessage.chat_id == identity.chat_id
            )
        )
    await session.execute(delete(Identity).where(Identity.person_id == person.id))
    await session.execute(delete(Person).where(Person.id == person.id))


async def replace_link_code(session: AsyncSession, person_id: int, code_hash: str, now: datetime, expires_at: datetime) -> None:
    """Keep `code_hash` as the person's only link code; expired codes of anyone are dropped."""
    await session.execute(delete(LinkCode).where(or_(LinkCode.person_id == person_id, LinkCode.expires_at <= now)))
    session.add(LinkCode(person_id=person_id, code_hash=code_hash, created_at=now, expires_at=expires_at))


async def find_link_code(session: AsyncSession, code_hash: str, now: datetime) -> int | None:
    """The person who asked for this code, if it exists and has not expired."""
    return await session.scalar(
        select(LinkCode.person_id).where(LinkCode.code_hash == code_hash, LinkCode.expires_at > now)
    )


async def drop_link_codes(session: AsyncSession, person_id: int) -> None:
    await session.execute(delete(LinkCode).where(LinkCode.person_id == person_id))


def _is_empty(value: object) -> bool:
    return value is None or value == "" or value == []


def _fill_person(keep: Person, gone: Person) -> None:
    """Give `keep` what it lacks from `gone`: its own non-empty values win; the higher role wins."""
    for name in (*PROFILE_FIELDS, "profile_completed_at"):
        if _is_empty(getattr(keep, name)) and not _is_empty(getattr(gone, name)):
            setattr(keep, name, getattr(gone, name))
    if keep.consent_at is None and gone.consent_at is not None:
        keep.consent_at, keep.consent_version = gone.consent_at, gone.consent_version
    if not keep.language_chosen and gone.language_chosen:
        keep.language, keep.language_chosen = gone.language, True
    if keep.expert_since is None and gone.expert_since is not None:
        keep.expert_since, keep.expert_fields = gone.expert_since, gone.expert_fields
    keep.findable_at = keep.findable_at or gone.findable_at
    if ROLES.index(gone.role) > ROLES.index(keep.role):
        keep.role = gone.role
    keep.unit = keep.unit or gone.unit


def _unique_keys(table: Table) -> list[list[Column[Any]]]:
    """The column sets of a table's primary key, unique constraints and unique indexes."""
    keys = [list(c.columns) for c in table.constraints if isinstance(c, (PrimaryKeyConstraint, UniqueConstraint))]
    return keys + [list(index.columns) for index in table.indexes if index.unique]


async def _drop_clashes(session: AsyncSession, column: Column[Any], gone_id: int, keep_id: int) -> None:
    """Delete `gone`'s rows that would duplicate one of `keep`'s on a unique key containing `column`."""
    table = column.table
    for key in _unique_keys(table):  # type: ignore[arg-type]
        if column.name not in {c.name for c in key}:
            continue
        kept = table.alias("kept")
        same = [kept.c[c.name] == c for c in key if c.name != column.name]
        clash = select(kept.c[column.name]).where(kept.c[column.name] == keep_id, *same).exists()
        await session.execute(delete(table).where(column == gone_id, clash))


async def move_person_rows(session: AsyncSession, gone_id: int, keep_id: int, metadata: MetaData = Base.metadata) -> None:
    """Point every row of every table that references people.id at `keep` instead of `gone`.

    A row that would then duplicate one of keep's on a unique key (one vote per person, say) is dropped:
    the surviving person's own row wins, as their profile values do.
    """
    people = metadata.tables["people"]
    for table in metadata.sorted_tables:
        for foreign_key in table.foreign_keys:
            if foreign_key.references(people):
                column = foreign_key.parent
                await _drop_clashes(session, column, gone_id, keep_id)
                await session.execute(update(table).where(column == gone_id).values({column.name: keep_id}))


async def merge_people(session: AsyncSession, keep: Person, gone: Person, now: datetime) -> None:
    """Make two people one: `keep` takes what it lacks from `gone` and every row pointing at it; `gone` is deleted."""
    _fill_person(keep, gone)
    keep.updated_at = now
    await session.flush()
    await move_person_rows(session, gone.id, keep.id)
    await session.execute(delete(Person).where(Person.id == gone.id))


def add_media(session: AsyncSession, token: str, name: str, mime_type: str, content: bytes, now: datetime, expires_at: datetime) -> None:
    session.add(Media(token=token, name=name, mime_type=mime_type, content=content, created_at=now, expires_at=expires_at))


async def find_media(session: AsyncSession, token: str, now: datetime) -> Media | None:
    """The file served under `token`, unless it has expired."""
    statement = select(Media).where(Media.token == token, or_(Media.expires_at.is_(None), Media.expires_at > now))
    return await session.scalar(statement)


async def purge_expired_media(session: AsyncSession, now: datetime) -> None:
    await session.execute(delete(Media).where(Media.expires_at <= now))
