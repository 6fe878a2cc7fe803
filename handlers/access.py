"""The access policy: who may see or do what, decided here and nowhere else.

- Roles: member < official < admin (admins are the accounts in HIENKE_ADMINS). The role a command,
  button or step needs is checked first, by the router.
- Units: admins see everything. An official sees the submissions forwarded to their unit — the
  organisation's intake unit also those not yet forwarded — and manages the events, polls and drafts
  created by an official of their unit (events, polls and drafts created by an admin are managed by
  admins). A broadcast is stopped by the one who started it or by an admin. An official without a unit
  uses none of the officials' tools and is told so, with the same words everywhere.
- Audiences: a person takes part in an event, a poll or a consultation on a draft (answers, votes, asks,
  comments, reads its sections) only while they are in its audience — or, for events and polls, once
  they have answered, so they can still change or withdraw it. The officials who manage a draft may
  read it too.
- Authorship: only a submission's author rates its answer, reopens it or follows it as its author.
- Honour rounds belong, like events, to the unit of the official who opened them: its officials (and admins)
  manage the round — close nominations, announce, download the annex. Those who may nominate (everyone who
  joined, or the members of one association: the round's circle) take part: nominate and endorse. The round's
  nominations are read by its circle, its managers and its review council. The council (officials with a unit
  and admins an admin named) scores and decides; the results are theirs and the managers'. Only a nominee
  answers whether they accept their nomination.
- Experts: finding and inviting them is an official's tool (an official with a unit); who answered an
  invitation is seen by those who manage the consultation or dialogue it was to. A consultation put to chosen
  experts (a draft or a question) has them as its audience, so the audience rule above decides who reads it.

How a feature declares what it needs (the router asks `authorize` before the handler runs):

    @router.command("inbox", role="official", check=Check("manage"))          # an official with a unit
    @router.callback("eo", role="official", check=Check("manage", in_payload("event", 2)))
    @router.step("inbox", role="official", check=Check("manage", in_state("submission", "sid")))
    @router.callback("pv", check=Check("take_part", in_payload("poll", 2)))   # in the poll's audience

A `Check` names a rule — `manage`, `take_part`, `read`, `author`, `council`, `review` or `nominee` (RULES
below) — and how to find its target in the inbound: `in_payload(kind, index)`,
`in_payload_by_action(index, {action: kind}, default)`, `in_state(kind, key)` or a function of the Context
returning (kind, key) or None. Kinds: submission, submission_code, event, event_question, poll, draft,
draft_section, draft_comment, broadcast, honour_round, nomination (a nomination stands for its round, except
to `nominee`). Without a target the rule checks only the person (for `manage` and `council`: an official's
unit); a target that no longer exists is left to the handler, which says it is gone.
Handlers ask the same policy mid-way with `await ctx.refusal("take_part", ("event", key))`, and filter
their lists with `scope(ctx)` (SQL: `Scope.condition()`, `Scope.owns(column)`) and `takes_part`.
A new kind of thing gets a loader in `_load` and its case in `may_manage` or `takes_part`; a new rule
an entry in RULES (`build_router` refuses to start with a check no rule decides).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.conversation import Context, Target
from bot.org import Organisation
from bot.reading import number as read_number
from handlers.tracking import author_of, normalise_code
from storage import events as events_db
from storage import honours as honours_db
from storage import polls as polls_db
from storage import submissions
from storage.audience import Audience, includes
from storage.models import (
    Broadcast,
    Draft,
    DraftComment,
    DraftSection,
    Event,
    EventQuestion,
    HonourRound,
    Nomination,
    Person,
    Poll,
    Submission,
)
from storage.reports import Scope

Managed = Submission | Event | Poll | Draft | Broadcast | HonourRound
Thing = Managed | Nomination
Rule = Callable[[Context, Thing | None], Awaitable[str | None]]


def scope_of(person: Person, org: Organisation) -> Scope | None:
    """Admins: everything; an official: their unit (with new submissions, for the intake unit); else None."""
    if person.role == "admin":
        return Scope(sees_confidential=True)
    if person.role == "official" and person.unit:
        return Scope(unit=person.unit, intake=person.unit == org.intake_unit)
    return None


def scope(ctx: Context) -> Scope | None:
    """What this person may see as an official, or None (a member, or an official without a unit)."""
    return scope_of(ctx.person, ctx.org)


def may_manage(person: Person, org: Organisation, thing: Managed) -> bool:
    """Whether an official (or admin) may see and handle a submission, event, poll, draft, broadcast or honour round."""
    found = scope_of(person, org)
    if found is None:
        return False
    if isinstance(thing, Submission):
        return found.includes(thing.unit)
    if isinstance(thing, Broadcast):
        return person.role == "admin" or thing.created_by == person.id
    return found.manages(thing.unit)


def circle(honour_round: HonourRound) -> Audience:
    """Who may nominate in a round, as an audience: the members of its association, or everyone who joined."""
    return Audience(associations=(honour_round.association,)) if honour_round.association else Audience()


async def takes_part(ctx: Context, thing: Event | Poll | Draft | HonourRound) -> bool:
    """In the audience (a round's circle) now, or (events, polls) already answered."""
    audience = circle(thing) if isinstance(thing, HonourRound) else Audience.from_json(thing.audience)
    if await includes(ctx.session, audience, ctx.person, ctx.now.year):
        return True
    if isinstance(thing, Event):
        return await events_db.find_rsvp(ctx.session, thing.id, ctx.person.id) is not None
    if isinstance(thing, Poll):
        return await polls_db.find_ballot(ctx.session, thing.id, ctx.person.id) is not None
    return False


async def on_council(ctx: Context, honour_round: HonourRound) -> bool:
    """A seat on the round's review council, held by an official with a unit or an admin."""
    return scope(ctx) is not None and ctx.person.id in await honours_db.council_ids(ctx.session, honour_round.id)


def _official(ctx: Context) -> str | None:
    """Why this person uses no official's tool: not an official, or one without a unit."""
    if not ctx.has_role("official"):
        return ctx.t("error.no_rights")
    return ctx.t("access.no_unit") if scope(ctx) is None else None


async def _manage(ctx: Context, thing: Thing | None) -> str | None:
    refused = _official(ctx)
    if refused is not None or thing is None or isinstance(thing, Nomination) or may_manage(ctx.person, ctx.org, thing):
        return refused
    return ctx.t("access.not_yours" if isinstance(thing, Broadcast) else "access.other_unit")


async def _take_part(ctx: Context, thing: Thing | None) -> str | None:
    if not isinstance(thing, Event | Poll | Draft | HonourRound) or await takes_part(ctx, thing):
        return None
    return ctx.t("access.not_invited")


async def _read(ctx: Context, thing: Thing | None) -> str | None:
    """A draft's sections, a round's nominations: those taking part, the officials who manage it, a round's council."""
    if isinstance(thing, Managed) and may_manage(ctx.person, ctx.org, thing):
        return None
    if isinstance(thing, HonourRound) and await on_council(ctx, thing):
        return None
    return await _take_part(ctx, thing)


async def _author(ctx: Context, thing: Thing | None) -> str | None:
    if not isinstance(thing, Submission) or author_of(ctx, thing) == ctx.person.id:
        return None
    return ctx.t("access.not_author")


async def _council(ctx: Context, thing: Thing | None) -> str | None:
    """Scoring and deciding a round's nominations: its council."""
    refused = _official(ctx)
    if refused is not None or not isinstance(thing, HonourRound) or await on_council(ctx, thing):
        return refused
    return ctx.t("access.not_council")


async def _review(ctx: Context, thing: Thing | None) -> str | None:
    """A round's results: its council and those who manage it."""
    if isinstance(thing, HonourRound) and may_manage(ctx.person, ctx.org, thing):
        return None
    return await _council(ctx, thing)


async def _nominee(ctx: Context, thing: Thing | None) -> str | None:
    """Accepting or declining a nomination: its nominee. One that names nobody any more (declined, withdrawn) is
    gone, and left to the handler to say so."""
    if not isinstance(thing, Nomination) or thing.nominee_id in (None, ctx.person.id):
        return None
    return ctx.t("access.not_nominee")


RULES: dict[str, Rule] = {
    "manage": _manage,
    "take_part": _take_part,
    "read": _read,
    "author": _author,
    "council": _council,
    "review": _review,
    "nominee": _nominee,
}


async def _load(ctx: Context, target: Target) -> Thing | None:
    """The thing a target names, by its own kind or through what it belongs to (a section's draft…)."""
    kind, key = target
    if kind == "submission_code":
        code = normalise_code(key)
        return await submissions.by_code(ctx.session, code) if code else None
    number = read_number(key)
    if number is None:
        return None
    direct: dict[str, type[Thing]] = {
        "submission": Submission, "event": Event, "poll": Poll, "draft": Draft, "broadcast": Broadcast,
        "honour_round": HonourRound, "nomination": Nomination,
    }  # fmt: skip
    if kind in direct:
        return await ctx.session.get(direct[kind], number)
    if kind == "event_question":
        question = await ctx.session.get(EventQuestion, number)
        return await ctx.session.get(Event, question.event_id) if question is not None else None
    if kind == "draft_comment":
        comment = await ctx.session.get(DraftComment, number)
        if comment is None:
            return None
        number = comment.section_id
    elif kind != "draft_section":
        raise ValueError(f"unknown access target kind {kind!r}")
    section = await ctx.session.get(DraftSection, number)
    return await ctx.session.get(Draft, section.draft_id) if section is not None else None


async def authorize(ctx: Context, check: str, target: Target | None) -> str | None:
    """The one access policy: why `check` on `target` is refused to this person now, or None if it is allowed."""
    rule = RULES.get(check)
    if rule is None:
        raise ValueError(f"unknown access check {check!r}")
    thing = await _load(ctx, target) if target is not None else None
    if isinstance(thing, Nomination) and rule is not _nominee:  # a nomination is decided by its round's rules
        thing = await ctx.session.get(HonourRound, thing.round_id)
    return await rule(ctx, thing)
