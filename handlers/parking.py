"""Forms set aside by a command and taken up again: no form is lost to an interruption.

A command typed in the middle of a form (feedback, profile, an event, a poll, an honour round or nomination,
an announcement) answers, and the router keeps the form where it was in the conversation state (`Context.park`),
adding one line saying so. The next time the person opens that form, `offer` asks whether to carry on or to
start afresh (discarding the old one): each form registers how to ask its current question again (`keep`)
and how to start afresh.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot.conversation import PARK_OFFER, Context, Router, Worth, holds_something
from bot.messages import Reply
from handlers.base import buttons, payload_parts

router = Router()

Ask = Callable[[Context], Awaitable[list[Reply]]]
Fresh = Callable[[Context, dict[str, Any]], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Kept:
    """How a form is taken up again: its current question asked again, or a fresh one started."""

    ask: Ask
    fresh: Fresh
    role: str = "member"


_forms: dict[str, Kept] = {}
_askers: dict[str, Ask] = {}


def keep(form_router: Router, form: str, ask: Ask, fresh: Fresh, role: str = "member", worth: Worth = holds_something) -> None:
    """Register `form` (its steps are `form.*`) as set aside by commands rather than dropped, when `worth` says
    it holds something (by default: anything the person gave)."""
    form_router.kept[form] = worth
    _forms[form] = Kept(ask, fresh, role)


def asks_again(step_prefix: str, ask: Ask) -> None:
    """A step shared by forms (the audience picker) and how it asks its question again."""
    _askers[step_prefix] = ask


def offer(ctx: Context, form: str, fresh: dict[str, Any] | None = None) -> list[Reply] | None:
    """If `form` was set aside: ask whether to carry on with it or start afresh (with `fresh`); else None."""
    if form not in ctx.parked_forms():
        return None
    ctx.finish()
    ctx.goto(f"{PARK_OFFER}.offer", form=form, fresh=fresh or {})
    rows = buttons([(ctx.t("park.carry_on"), f"pk:go:{form}")], [(ctx.t("park.afresh"), f"pk:new:{form}")])
    return [Reply(ctx.t(f"park.offer.{form}"), rows)]


@router.step(PARK_OFFER)
async def offer_again(ctx: Context) -> list[Reply]:
    """Something other than a choice while the offer waits (a file): the offer again."""
    form, fresh = str(ctx.state.data.get("form", "")), dict(ctx.state.data.get("fresh") or {})
    return offer(ctx, form, fresh) or [Reply(ctx.t("error.not_understood"))]


@router.callback(PARK_OFFER)
async def parked_button(ctx: Context) -> list[Reply]:
    """pk:go:<form> takes the form up where it was; pk:new:<form> discards it and starts afresh."""
    parts = payload_parts(ctx)
    form = parts[2] if len(parts) == 3 else ""
    kept = _forms.get(form)
    if kept is None or ctx.step != f"{PARK_OFFER}.offer" or ctx.state.data.get("form") != form:
        return [Reply(ctx.t("error.already_answered"), notice=True)]
    if not ctx.has_role(kept.role):
        ctx.finish()
        return [Reply(ctx.t("error.no_rights"))]
    fresh = dict(ctx.state.data.get("fresh") or {})
    if parts[1] == "new":
        ctx.discard(form)
        ctx.finish()
        return [Reply(ctx.t("park.discarded"), edit=True), *await kept.fresh(ctx, fresh)]
    if parts[1] != "go" or not ctx.unpark(form):
        return [Reply(ctx.t("error.stale_button"), notice=True)]
    ask = _askers.get((ctx.step or "").split(".", 1)[0], kept.ask)
    return [Reply(ctx.t("park.carried_on"), edit=True), *await ask(ctx)]
