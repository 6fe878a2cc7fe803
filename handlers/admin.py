"""Role management for admins: /grant and /revoke the official role."""

from __future__ import annotations

from bot.messages import Reply
from handlers.base import Context, Router
from handlers.texts import t
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


@router.command("grant", role="admin")
async def grant(ctx: Context) -> list[Reply]:
    """Make a person an official."""
    if not ctx.inbound.args.strip():
        return [Reply(ctx.t("grant.usage"))]
    shown, identity = await _target(ctx)
    if identity is None:
        return [Reply(ctx.t("grant.unknown", target=shown))]
    person = identity.person
    if person.role != "member":
        return [Reply(ctx.t("grant.already", target=shown, role=ctx.t(f"role.{person.role}")))]
    person.role = "official"
    repo.audit(ctx.session, "grant", actor=ctx.person.id, target=person.id, detail="official", now=ctx.now)
    ctx.menu_changes.append(person.id)
    await ctx.notify(person.id, Reply(t(person.language, "grant.notify")))
    return [Reply(ctx.t("grant.done", target=shown))]


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
    person.role = "member"
    repo.audit(ctx.session, "revoke", actor=ctx.person.id, target=person.id, detail="official", now=ctx.now)
    ctx.menu_changes.append(person.id)
    await ctx.notify(person.id, Reply(t(person.language, "revoke.notify")))
    return [Reply(ctx.t("revoke.done", target=shown))]
