"""Role management for admins: /grant the official role (with the official's unit, if given) and /revoke it."""

from __future__ import annotations

import unicodedata

from bot.conversation import Context, Router
from bot.messages import Reply
from bot.texts import t
from storage import repo
from storage.models import Identity

router = Router()


async def _target(ctx: Context) -> tuple[str, Identity | None]:
    """The identity named by the argument: `telegram:123` or a bare id on the admin's own channel."""
    raw = ctx.inbound.args.split()[0] if ctx.inbound.args.split() else ""
    channel, sep, user_id = raw.partition(":")
    if not sep:
        channel, user_id = ctx.inbound.channel, raw
    shown = f"{channel}:{user_id}"[:80]
    if not user_id:
        return shown, None
    return shown, await repo.find_identity(ctx.session, channel, user_id)


def _unit(ctx: Context) -> tuple[str, str | None]:
    """The unit named after the target (as typed, and as the organisation spells it), or ("", None) if none."""
    typed = " ".join(ctx.inbound.args.split()[1:])
    wanted = unicodedata.normalize("NFC", typed).casefold()
    return typed, next((u for u in ctx.org.units if unicodedata.normalize("NFC", u).casefold() == wanted), None)


@router.command("grant", role="admin")
async def grant(ctx: Context) -> list[Reply]:
    """Make a person an official, optionally of one unit (an official's unit may be changed the same way)."""
    if not ctx.inbound.args.strip():
        return [Reply(ctx.t("grant.usage"))]
    typed, unit = _unit(ctx)
    if typed and unit is None:
        return [Reply(ctx.t("grant.unknown_unit", unit=typed[:120], units=", ".join(ctx.org.units) or "—"))]
    shown, identity = await _target(ctx)
    if identity is None:
        return [Reply(ctx.t("grant.unknown", target=shown))]
    person = identity.person
    if person.role == "admin" or (person.role == "official" and unit is None):
        return [Reply(ctx.t("grant.already", target=shown, role=ctx.t(f"role.{person.role}")))]
    repo.audit(ctx.session, "grant", actor=ctx.person.id, target=person.id, detail=f"official {unit or ''}".strip(), now=ctx.now)
    person.unit = unit
    if person.role == "official":
        return [Reply(ctx.t("grant.unit_done", target=shown, unit=unit))]
    person.role = "official"
    ctx.menu_changes.append(person.id)
    await ctx.notify(person.id, Reply(t(person.language, "grant.notify")))
    done = ctx.t("grant.done", target=shown)
    return [Reply(done + ("\n" + ctx.t("grant.unit_done", target=shown, unit=unit) if unit else ""))]


@router.command("revoke", role="admin")
async def revoke(ctx: Context) -> list[Reply]:
    """Take the official role back."""
    if not ctx.inbound.args.strip():
        return [Reply(ctx.t("revoke.usage"))]
    shown, identity = await _target(ctx)
    if identity is None:
        return [Reply(ctx.t("grant.unknown", target=shown))]
    person = identity.person
    if person.role == "admin":
        return [Reply(ctx.t("revoke.configured_admin", target=shown))]
    if person.role != "official":
        return [Reply(ctx.t("revoke.not_official", target=shown))]
    person.role, person.unit = "member", None
    repo.audit(ctx.session, "revoke", actor=ctx.person.id, target=person.id, detail="official", now=ctx.now)
    ctx.menu_changes.append(person.id)
    await ctx.notify(person.id, Reply(t(person.language, "revoke.notify")))
    return [Reply(ctx.t("revoke.done", target=shown))]
