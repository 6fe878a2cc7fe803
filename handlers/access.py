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

How a feature declares what it needs (the router asks `authorize` before the handler runs):

    @router.command("inbox", role="official", check=Check("manage"))          # an official with a unit
    @router.callback("eo", role="official", check=Check("manage", in_payload("event", 2)))
    @router.step("inbox", role="official", check=Check("manage", in_state("submission", "sid")))
    @router.callback("pv", check=Check("take_part", in_payload("poll", 2)))   # in the poll's audience

A `Check` names a rule — `manage`, `take_part`, `read` or `author` (RULES below) — and how to find its
target in the inbound: `in_payload(kind, index)`, `in_payload_by_action(index, {action: kind}, default)`,
`in_state(kind, key)` or a function of the Context returning (kind, key) or None. Kinds: submission,
submission_code, event, event_question, poll, draft, draft_section, draft_comment, broadcast. Without a
target the rule checks only the person (for `manage`: an official's unit); a target that no longer
exists is left to the handler, which says it is gone.
Handlers ask the same policy mid-way with `await ctx.refusal("take_part", ("event", key))`, and filter
their lists with `scope(ctx)` (SQL: `Scope.condition()`, `Scope.owns(column)`) and `takes_part`.
A new kind of thing gets a loader in `_load` and its case in `may_manage` or `takes_part`; a new rule
an entry in RULES (`build_router` refuses to start with a check no rule decides).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.conversation import Context, Target
from bot.org import Organisation
from handlers.tracking import author_of, normalise_code
from storage import events as events_db
from storage import polls as polls_db
from storage import submissions
from storage.audience import Audience, includes
from storage.models import Broadcast, Draft, DraftComment, DraftSection, Event, EventQuestion, Person, Poll, Submission
from storage.reports import Scope

Thing = Submission | Event | Poll | Draft | Broadcast
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


def may_manage(person: Person, org: Organisation, thing: Thing) -> bool:
    """Whether an official (or admin) may see and handle a submission, event, poll, draft or broadcast."""
    found = scope_of(person, org)
    if found is None:
        return False
    if isinstance(thing, Submission):
        return found.includes(thing.unit)
    if isinstance(thing, Broadcast):
        return person.role == "admin" or thing.created_by == person.id
    return found.manages(thing.unit)


async def takes_part(ctx: Context, thing: Event | Poll | Draft) -> bool:
    """In the audience now, or (events, polls) already answered."""
    if await includes(ctx.session, Audience.from_json(thing.audience), ctx.person.id, ctx.now.year):
        return True
    if isinstance(thing, Event):
        return await events_db.find_rsvp(ctx.session, thing.id, ctx.person.id) is not None
    if isinstance(thing, Poll):
        return await polls_db.find_ballot(ctx.session, thing.id, ctx.person.id) is not None
    return False


async def _manage(ctx: Context, thing: Thing | None) -> str | None:
    if not ctx.has_role("official"):
        return ctx.t("error.no_rights")
    if scope(ctx) is None:
        return ctx.t("access.no_unit")
    if thing is None or may_manage(ctx.person, ctx.org, thing):
        return None
    return ctx.t("access.not_yours" if isinstance(thing, Broadcast) else "access.other_unit")


async def _take_part(ctx: Context, thing: Thing | None) -> str | None:
    if not isinstance(thing, Event | Poll | Draft) or await takes_part(ctx, thing):
        return None
    return ctx.t("access.not_invited")


async def _read(ctx: Context, thing: Thing | None) -> str | None:
    """A draft's sections: those taking part, and the officials who manage it."""
    if thing is not None and may_manage(ctx.person, ctx.org, thing):
        return None
    return await _take_part(ctx, thing)


async def _author(ctx: Context, thing: Thing | None) -> str | None:
    if not isinstance(thing, Submission) or author_of(ctx, thing) == ctx.person.id:
        return None
    return ctx.t("access.not_author")


RULES: dict[str, Rule] = {"manage": _manage, "take_part": _take_part, "read": _read, "author": _author}


async def _load(ctx: Context, target: Target) -> Thing | None:
    """The thing a target names, by its own kind or through what it belongs to (a section's draft…)."""
    kind, key = target
    if kind == "submission_code":
        code = normalise_code(key)
        return await submissions.by_code(ctx.session, code) if code else None
    if not key.isdigit():
        return None
    number = int(key)
    direct: dict[str, type[Thing]] = {"submission": Submission, "event": Event, "poll": Poll, "draft": Draft, "broadcast": Broadcast}
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
    return await rule(ctx, await _load(ctx, target) if target is not None else None)
