"""Choosing who a bulk send reaches, shared by invitations, polls, drafts and announcements."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation import Check, Context, Router
from bot.messages import Reply
from bot.reading import number_at
from bot.texts import label
from handlers.base import buttons, in_rows, payload_parts
from handlers.profile import FIELDS, QUALIFICATIONS
from storage.audience import AGE_GROUPS, Audience, count_audience

router = Router()

Continuation = Callable[[Context, Audience], Awaitable[list[Reply]]]
Count = Callable[[AsyncSession, Audience, int], Awaitable[int]]
CRITERIA = ("fields", "qualifications", "communes", "associations", "age_groups")


@dataclass(frozen=True)
class Purpose:
    """What the picker is for: what follows the choice, who it counts, and its texts (`<texts>.menu`, `.done`, `.chosen`, `.everyone`)."""

    continuation: Continuation
    count: Count = count_audience
    texts: str = "audience"


_purposes: dict[str, Purpose] = {}


def on_chosen(purpose: str, *, count: Count = count_audience, texts: str = "audience") -> Callable[[Continuation], Continuation]:
    """Register what happens once the audience for `purpose` is chosen (and whom its figures count)."""

    def register(continuation: Continuation) -> Continuation:
        _purposes[purpose] = Purpose(continuation, count, texts)
        return continuation

    return register


def _purpose(ctx: Context) -> Purpose | None:
    return _purposes.get(ctx.state.data.get("aud_for", ""))


def _options(ctx: Context, criterion: str) -> list[tuple[str, str]]:
    """(value, label) pairs for one criterion."""
    if criterion == "fields":
        return [(code, label(ctx.lang, "field", code)) for code in FIELDS]
    if criterion == "qualifications":
        return [(code, label(ctx.lang, "qualification", code)) for code in QUALIFICATIONS]
    if criterion == "communes":
        return [(name, name) for name in ctx.org.communes]
    if criterion == "associations":
        return [(a.code, a.name(ctx.lang)) for a in ctx.org.associations]
    return [(group, ctx.t(f"audience.age.{group}")) for group in AGE_GROUPS]


def _current(ctx: Context) -> Audience:
    return Audience.from_json(ctx.state.data.get("aud"))


def describe(ctx: Context, audience: Audience, texts: str = "audience") -> str:
    """A short human description such as `Lĩnh vực: Y tế, Giáo dục; Độ tuổi: Dưới 30`."""
    if audience.is_everyone:
        return ctx.t(f"{texts}.everyone")
    parts = [ctx.t("audience.people", count=len(audience.people))] if audience.people else []
    for criterion in CRITERIA:
        chosen = getattr(audience, criterion)
        if chosen:
            names = dict(_options(ctx, criterion))
            parts.append(f"{ctx.t(f'audience.c.{criterion}')}: {', '.join(names.get(v, v) for v in chosen)}")
    return "; ".join(parts)


async def _menu(ctx: Context, *, edit: bool) -> Reply:
    audience = _current(ctx)
    purpose = _purpose(ctx)
    count, texts = (purpose.count, purpose.texts) if purpose is not None else (count_audience, "audience")
    reach = await count(ctx.session, audience, ctx.now.year)
    text = ctx.t(f"{texts}.menu", who=describe(ctx, audience, texts), count=reach)
    rows = in_rows([(ctx.t(f"audience.c.{c}"), f"au:c:{c}") for c in CRITERIA], 3)
    rows += buttons([(ctx.t(f"{texts}.done", count=reach), "au:ok"), (ctx.t("audience.cancel"), "au:no")])
    return Reply(text, rows, edit=edit)


async def choose_audience(ctx: Context, purpose: str) -> list[Reply]:
    """Start the picker; the continuation registered for `purpose` runs when it is confirmed."""
    ctx.goto("aud.menu", aud={}, aud_for=purpose)
    return [await _menu(ctx, edit=False)]


def _criterion_reply(ctx: Context, criterion: str) -> Reply:
    chosen = set(getattr(_current(ctx), criterion))
    options = _options(ctx, criterion)
    pairs = [(("✓ " if value in chosen else "") + name, f"au:t:{criterion}:{i}") for i, (value, name) in enumerate(options)]
    rows = in_rows(pairs, 2) + buttons([(ctx.t("audience.back"), "au:b")])
    return Reply(ctx.t("audience.pick", criterion=ctx.t(f"audience.c.{criterion}")), rows, edit=True)


@router.callback("au", role="official", check=Check("manage"))
async def audience_button(ctx: Context) -> list[Reply]:
    """Open a criterion, toggle a value, go back, confirm or cancel."""
    if not (ctx.step or "").startswith("aud."):
        return [Reply(ctx.t("error.already_answered"), notice=True)]
    parts = payload_parts(ctx)
    action = parts[1] if len(parts) > 1 else ""
    if action == "c" and len(parts) == 3 and parts[2] in CRITERIA:
        return [_criterion_reply(ctx, parts[2])]
    index = number_at(parts, 3) if action == "t" and len(parts) == 4 and parts[2] in CRITERIA else None
    if index is not None:
        criterion, options = parts[2], _options(ctx, parts[2])
        if index >= len(options):
            return [Reply(ctx.t("error.stale_button"), notice=True)]
        value = options[index][0]
        chosen = list(getattr(_current(ctx), criterion))
        chosen = [v for v in chosen if v != value] if value in chosen else [*chosen, value]
        ctx.goto("aud.menu", aud={**ctx.state.data.get("aud", {}), criterion: chosen})
        return [_criterion_reply(ctx, criterion)]
    if action == "b":
        return [await _menu(ctx, edit=True)]
    if action == "no":
        ctx.finish()
        return [Reply(ctx.t("audience.cancelled"), edit=True)]
    if action == "ok":
        purpose = _purpose(ctx)
        if purpose is None:
            ctx.finish()
            return [Reply(ctx.t("error.stale_button"), notice=True)]
        audience = _current(ctx)
        confirmed = Reply(ctx.t(f"{purpose.texts}.chosen", who=describe(ctx, audience, purpose.texts)), edit=True)
        return [confirmed, *await purpose.continuation(ctx, audience)]
    return [Reply(ctx.t("error.stale_button"), notice=True)]


@router.step("aud", role="official", check=Check("manage"))
async def audience_text(ctx: Context) -> list[Reply]:
    """Typing while the picker is open: show it again."""
    return [await _menu(ctx, edit=False)]
