"""SQLAlchemy 2 models: people, their channel identities, the inbox, conversation state, the outbox,
link codes, served media, broadcasts, events, polls, submissions and their timelines, drafts, group chats
told to write in private, weekly digests, the Zalo OA's tokens, honour rounds with their nominations, and
invitations sent to experts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint, case
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.db import Base, UTCDateTime, UTCDay, utcnow
from storage.sealing import SealedJSON

ROLES = ("member", "official", "admin")
PRIVACY = ("named", "confidential", "anonymous")
STATUSES = ("received", "in_review", "forwarded", "answered", "closed", "declined")
OPEN_STATUSES = ("received", "in_review", "forwarded")
AUTHOR_VISIBLE_EVENTS = ("received", "status", "forwarded", "answered", "rated", "reopened")  # not notes or assignments


class Person(Base):
    """One intellectual or official, whatever channel they write from."""

    __tablename__ = "people"
    __table_args__ = {"sqlite_autoincrement": True}  # an erased person's id is never given to someone else

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(16), default="member")
    unit: Mapped[str | None] = mapped_column(String(120))  # an official's unit (one of the organisation's units)
    language: Mapped[str] = mapped_column(String(8), default="vi")
    language_chosen: Mapped[bool] = mapped_column(default=False)
    # Every time on a person's rows is kept to the day (UTCDay), so none can be matched to an anonymous item.
    consent_at: Mapped[datetime | None] = mapped_column(UTCDay())
    consent_version: Mapped[str | None] = mapped_column(String(16))
    full_name: Mapped[str | None] = mapped_column(String(120))
    field: Mapped[str | None] = mapped_column(String(32))
    qualification: Mapped[str | None] = mapped_column(String(32))
    workplace: Mapped[str | None] = mapped_column(String(200))
    commune: Mapped[str | None] = mapped_column(String(120))
    associations: Mapped[list[str]] = mapped_column(JSON, default=list)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    gender: Mapped[str | None] = mapped_column(String(16))
    ethnicity: Mapped[str | None] = mapped_column(String(60))
    # Consents given in /profile, each withdrawn with one tap: to be found by name (to be nominated),
    # and to be consulted as an expert in the fields listed (None: not on the roster).
    findable_at: Mapped[datetime | None] = mapped_column(UTCDay())
    expert_since: Mapped[datetime | None] = mapped_column(UTCDay())
    expert_fields: Mapped[list[str] | None] = mapped_column(JSON)
    profile_completed_at: Mapped[datetime | None] = mapped_column(UTCDay())
    last_channel: Mapped[str | None] = mapped_column(String(16))  # where they wrote from last: notices go there
    created_at: Mapped[datetime] = mapped_column(UTCDay(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDay(), default=utcnow, onupdate=utcnow)

    identities: Mapped[list[Identity]] = relationship(back_populates="person", lazy="raise_on_sql")


class Identity(Base):
    """A person's account on one channel: where to reach them."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("channel", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str] = mapped_column(String(64))
    unreachable_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDay(), default=utcnow)  # to the day: it must not pin an action
    # Channels with an interaction window (Zalo OA): until when a consultation message may go, to the
    # whole hour, rounded down so it never claims more than the OA gives; None when unknown.
    window_until: Mapped[datetime | None] = mapped_column(UTCDateTime())

    person: Mapped[Person] = relationship(back_populates="identities", lazy="joined")


def used_last_first() -> tuple[Any, ...]:
    """Order a person's identities (with people joined): the channel they wrote from last first."""
    return case((Identity.channel == Person.last_channel, 0), else_=1), Identity.last_seen_at.desc(), Identity.id.desc()


class InboxUpdate(Base):
    """Every update a channel delivered, stored before the channel is told it arrived."""

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("channel", "external_id"),
        Index("ix_inbox_pending", "status", "id"),
        Index("ix_inbox_chat_pending", "chat_key", "status", "id"),  # a chat's oldest pending row, per chat
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    # A keyed digest of the channel's update id (dedupes redeliveries; says nothing without the key).
    external_id: Mapped[str] = mapped_column(String(128))
    # Once handled, a row keeps only its digest and the day (chat_key emptied, payload cleared, times to the
    # day), and `purge_inbox` deletes it after the redelivery window: nothing ties a chat to an instant.
    chat_key: Mapped[str] = mapped_column(String(160))
    # The neutral Inbound as JSON; cleared once handled so no message text outlives its processing here.
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, done, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(300))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ConversationState(Base):
    """Where a person is in a flow, by string-named step, so a restart continues there."""

    __tablename__ = "conversation_states"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    step: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The last buttons shown, for channels that answer menus with a digit: sealed with HIENKE_SECRET_KEY,
    # so no code or id of what was shown sits in the database next to the chat.
    menu: Mapped[list[list[str]]] = mapped_column(SealedJSON("menu", empty="[]"), default=list, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDay(), default=utcnow, onupdate=utcnow)


class OutboxMessage(Base):
    """One message (or channel action) to send to one chat, with its delivery status."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_pending", "status", "priority", "id"),
        Index("ix_outbox_broadcast", "broadcast_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="message")  # message, menu, ack
    broadcast_id: Mapped[int | None] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    media_id: Mapped[int | None] = mapped_column(ForeignKey("media.id", ondelete="SET NULL"))
    priority: Mapped[int] = mapped_column(Integer, default=0)  # 0 interactive, 1 bulk
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    # pending, sending, sent, failed, cancelled, or held: kept (text and all) until the person next writes
    # because the channel's interaction window is closed and nothing else could carry it; `error` says why.
    status: Mapped[str] = mapped_column(String(16), default="pending")
    # How a row that missed the interaction window went: linked (another of the person's channels),
    # transaction or promotion (an OA message within its quota); None for the ordinary way.
    via: Mapped[str | None] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str | None] = mapped_column(String(300))
    external_message_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuditEvent(Base):
    """Who changed roles or erased data, and when."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))
    target_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    detail: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LinkCode(Base):
    """A one-time code that joins a person's accounts on two channels; only its hash is kept."""

    __tablename__ = "link_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Media(Base):
    """A file the web app serves at /media/{token} (until `expires_at`, if set), for channels that fetch files by URL."""

    __tablename__ = "media"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    mime_type: Mapped[str] = mapped_column(String(80))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Broadcast(Base):
    """One bulk send: its recipients are the outbox rows that carry its id."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # invitation, reminder, poll, poll_results, announcement, followup
    ref_id: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    total: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="sending")  # sending, done, cancelled
    # The official who started it sees one progress message, sent and then edited by a scheduled job.
    progress_channel: Mapped[str | None] = mapped_column(String(16))
    progress_chat_id: Mapped[str | None] = mapped_column(String(64))
    progress_outbox_id: Mapped[int | None] = mapped_column(Integer)
    progress_message_id: Mapped[str | None] = mapped_column(String(64))  # the first report as sent, which later ones edit
    progress_language: Mapped[str] = mapped_column(String(8), default="vi")
    progress_final: Mapped[bool] = mapped_column(Boolean, default=False)
    last_report: Mapped[str | None] = mapped_column(String(500))  # with the window's fallback lines (Zalo OA)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Event(Base):
    """A dialogue meeting people are invited to."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(String(300), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    rsvp_deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    unit: Mapped[str | None] = mapped_column(String(120))  # the creator's unit, whose officials manage it (None: admins)
    status: Mapped[str] = mapped_column(String(16), default="published")  # published, cancelled
    reminded_24h_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_1h_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    followup_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Rsvp(Base):
    """A person's answer to an invitation; `waitlisted_at` orders the waiting list."""

    __tablename__ = "rsvps"
    __table_args__ = (UniqueConstraint("event_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    answer: Mapped[str] = mapped_column(String(16))  # attend, maybe, decline, waitlist
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class EventQuestion(Base):
    """A question sent ahead of a dialogue; others up-vote it."""

    __tablename__ = "event_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    votes: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class QuestionVote(Base):
    __tablename__ = "question_votes"
    __table_args__ = (UniqueConstraint("question_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("event_questions.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))


class Poll(Base):
    """A dialogue poll; ballots are ours, not the messenger's."""

    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question: Mapped[str] = mapped_column(String(300))
    options: Mapped[list[str]] = mapped_column(JSON)
    multiple: Mapped[bool] = mapped_column(Boolean, default=False)
    live_results: Mapped[bool] = mapped_column(Boolean, default=False)
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="open")  # open, closed
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    unit: Mapped[str | None] = mapped_column(String(120))  # the creator's unit, whose officials manage it (None: admins)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Ballot(Base):
    """One person's choices in one poll, changeable until it closes."""

    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("poll_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    choices: Mapped[list[int]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Submission(Base):
    """An opinion or aspiration sent to the organisation, followed by its code until it is closed.

    An anonymous submission has no person_id: only `author_seal`, the author's id sealed with
    HIENKE_SECRET_KEY, lets the bot relay answers, and `author_tag` lets the author find it (see
    storage.sealing). /forget drops both, and sets person_id to NULL on the others.
    """

    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_open", "status", "answer_due_at"),
        Index("ix_submissions_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    author_seal: Mapped[str | None] = mapped_column(Text)
    author_tag: Mapped[str | None] = mapped_column(String(40), unique=True, index=True)  # see storage.sealing
    privacy: Mapped[str] = mapped_column(String(16))  # named, confidential, anonymous
    topic: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    # Files kept by their channel file id: [{"channel", "kind", "file_id", "file_name", "mime_type"}]
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    language: Mapped[str | None] = mapped_column(String(8))  # detected from the text; None if too short to tell
    status: Mapped[str] = mapped_column(String(16), default="received")
    urgent: Mapped[bool] = mapped_column(default=False)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    unit: Mapped[str | None] = mapped_column(String(120))
    rating: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ack_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answer_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the guard: one answer per round
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # set once: the author may reopen once
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SubmissionEvent(Base):
    """One step of a submission's timeline; the author's own steps never name them (actor is NULL)."""

    __tablename__ = "submission_events"
    # Leads with submission_id for the timeline; kind and at make the first answer of each an index-only read.
    __table_args__ = (Index("ix_submission_events_kinds", "submission_id", "kind", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    # received, status, assigned, forwarded, urgent, answered, note, rated, reopened
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str | None] = mapped_column(String(16))  # the status after this step, if it changed
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    detail: Mapped[str | None] = mapped_column(Text)  # reason, unit, answer, note or rating
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Draft(Base):
    """A draft (plan, policy, strategy) put to consultation, from preparation to published dispositions."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="preparing")  # preparing, published
    kind: Mapped[str] = mapped_column(String(16), default="draft", server_default="draft")  # draft, question (one section)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    unit: Mapped[str | None] = mapped_column(String(120))  # the creator's unit, whose officials manage it (None: admins)
    title: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    audience: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # an Audience; None until chosen
    audience_count: Mapped[int] = mapped_column(Integer, default=0)
    # The original: the channel's file id and a SHA-256 of its bytes, or the text pasted in chat.
    source_channel: Mapped[str | None] = mapped_column(String(16))
    source_file_id: Mapped[str | None] = mapped_column(String(256))
    source_file_name: Mapped[str | None] = mapped_column(String(255))
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    source_text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    results_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DraftSection(Base):
    """One article or section of a draft, in document order."""

    __tablename__ = "draft_sections"
    __table_args__ = (UniqueConstraint("draft_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    group_title: Mapped[str | None] = mapped_column(String(300))  # the chapter or part it belongs to
    heading: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")


class DraftComment(Base):
    """A person's opinion on one section, and the official's disposition of it.

    An anonymous comment keeps no person link in clear: only `sealed_author`, the person id
    sealed with HIENKE_SECRET_KEY, so they can be told what became of it, and `author_tag`.
    """

    __tablename__ = "draft_comments"
    __table_args__ = (UniqueConstraint("section_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("draft_sections.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    anonymous: Mapped[bool] = mapped_column(default=False)
    sealed_author: Mapped[str | None] = mapped_column(Text)
    author_tag: Mapped[str | None] = mapped_column(String(40), unique=True, index=True)  # see storage.sealing
    kind: Mapped[str] = mapped_column(String(16))  # agree, disagree, wording, comment
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    disposition: Mapped[str | None] = mapped_column(String(16))  # accepted, partly, rejected
    explanation: Mapped[str | None] = mapped_column(Text)
    disposed_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    disposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SectionView(Base):
    """That someone opened a section, counted once per reader for the officials' figures.

    The reader is a keyed digest of (section, person), different for every section, with no time:
    it neither names the person nor lines up with a comment.
    """

    __tablename__ = "draft_section_views"

    section_id: Mapped[int] = mapped_column(ForeignKey("draft_sections.id", ondelete="CASCADE"), primary_key=True)
    reader: Mapped[str] = mapped_column(String(64), primary_key=True)


class GroupChat(Base):
    """A group chat someone wrote to the bot from: told once to write in private, known only by a hash of its id."""

    __tablename__ = "group_chats"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of "channel:chat id"
    pointed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Keyring(Base):
    """The salt HIENKE_SECRET_KEY is derived with, and a check value that tells a wrong key at start (one row)."""

    __tablename__ = "keyring"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    salt: Mapped[str] = mapped_column(String(64))  # hex
    check: Mapped[str] = mapped_column(String(64))  # hex HMAC of a fixed text under a key derived for it


class BroadcastTally(Base):
    """How many of a broadcast's messages ended each way (sent, failed, cancelled, via:<route>).

    A finished outbox row is deleted, so nothing keeps a chat next to the moment it was written to;
    these counters are what the progress report reads instead.
    """

    __tablename__ = "broadcast_tallies"

    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(32), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class Digest(Base):
    """That the weekly summary of one ISO week was pushed to the admins (or skipped: the bot was not yet running)."""

    __tablename__ = "digests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week: Mapped[str] = mapped_column(String(10), unique=True)  # 2026-W49, of the scheduled moment
    scheduled_for: Mapped[datetime] = mapped_column(UTCDateTime())
    recipients: Mapped[int | None] = mapped_column(Integer)  # None: the first check found it past, nothing sent
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ZaloOAToken(Base):
    """The Zalo OA's tokens (one row): sealed with HIENKE_SECRET_KEY, refreshed by one process at a time.

    The refresh token is single use: each refresh returns the next one, which is committed in the
    same transaction that holds this row locked, so no two processes ever spend the same one.
    """

    __tablename__ = "zalo_oa_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    access_token: Mapped[str | None] = mapped_column(Text)  # sealed
    refresh_token: Mapped[str | None] = mapped_column(Text)  # sealed
    access_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failure: Mapped[str | None] = mapped_column(String(300))  # why the last refresh failed; None while healthy
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    admins_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # of the current failure
    code_verifier: Mapped[str | None] = mapped_column(Text)  # sealed PKCE verifier of an authorisation under way
    quota: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # as last read from the OA
    quota_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class HonourRound(Base):
    """A round of honouring outstanding intellectuals: nominations until the deadline, then the council's review."""

    __tablename__ = "honour_rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)  # free categories; empty: by field of expertise
    criteria: Mapped[list[str]] = mapped_column(JSON, default=list)
    association: Mapped[str | None] = mapped_column(String(64))  # who may nominate: its members; None: everyone who joined
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # nominations closed before the deadline
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    unit: Mapped[str | None] = mapped_column(String(120))  # the creator's unit, whose officials manage it (None: admins)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CouncilSeat(Base):
    """A member of a round's review council (an official or admin, named by an admin)."""

    __tablename__ = "honour_council"

    round_id: Mapped[int] = mapped_column(ForeignKey("honour_rounds.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True)


class Nomination(Base):
    """Someone put forward in a round: a person in the bot (asked to consent) or a name and workplace typed in.

    A nominee who declines leaves nothing behind: their id, the achievements and files are cleared.
    """

    __tablename__ = "nominations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("honour_rounds.id", ondelete="CASCADE"), index=True)
    nominator_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    nominee_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    nominee_name: Mapped[str | None] = mapped_column(String(120))  # typed in: not in the bot
    nominee_workplace: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(200))
    achievements: Mapped[str] = mapped_column(Text, default="")
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    relation: Mapped[str] = mapped_column(String(16))
    consent: Mapped[str] = mapped_column(String(16))  # accepted, pending, declined, not_asked (typed in), withdrawn
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision: Mapped[str | None] = mapped_column(String(16))  # honoured, not_honoured
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Endorsement(Base):
    """A sentence in support of a nomination, once per person."""

    __tablename__ = "endorsements"
    __table_args__ = (UniqueConstraint("nomination_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class HonourScore(Base):
    """One council member's score (1–5) of one nomination against one criterion."""

    __tablename__ = "honour_scores"
    __table_args__ = (UniqueConstraint("nomination_id", "member_id", "criterion"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    criterion: Mapped[int] = mapped_column(Integer)  # index into the round's criteria
    score: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ExpertInvitation(Base):
    """An expert chosen from the roster and invited to a consultation (`draft`) or a dialogue (`event`).

    Their answer to a consultation is kept here; to a dialogue it is their RSVP.
    """

    __tablename__ = "expert_invitations"
    __table_args__ = (UniqueConstraint("kind", "ref_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # draft, event
    ref_id: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    invited_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    answer: Mapped[str | None] = mapped_column(String(16))  # accepted, declined
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class HandlerFailure(Base):
    """How many inbound messages a handler failed on, per UTC day and error class: the failed rows themselves keep
    nothing of the message, and this is what admins see of them (/healthz, the weekly digest)."""

    __tablename__ = "handler_failures"

    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD, UTC
    error: Mapped[str] = mapped_column(String(120), primary_key=True)  # the exception's class
    count: Mapped[int] = mapped_column(Integer, default=0)


class Lease(Base):
    """Work only one process may do at a time (the sender, a channel's polling), held until `expires_at`
    and renewed by its holder; another process takes it over once it lapses."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
