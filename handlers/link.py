"""One person on several messengers: /link gives a one-time code, /link CODE on the other account joins them."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from bot.conversation import Context, Router
from bot.messages import Reply
from storage import anonymous, repo

router = Router()

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_LENGTH = 8
CODE_TTL = timedelta(minutes=10)


def code_hash(code: str) -> str:
    """The stored form of a code, as typed in any case, with or without its dash and spaces."""
    normalized = "".join(code.split()).replace("-", "").upper()
    return hashlib.sha256(normalized.encode()).hexdigest()


@router.command("link", needs_consent=False)
async def link(ctx: Context) -> list[Reply]:
    """Without an argument: a code to enter on the other account; with one: join the two accounts."""
    if ctx.inbound.args.strip():
        return await _join(ctx, ctx.inbound.args)
    if ctx.person.consent_at is None:
        return [Reply(ctx.t("error.need_consent"))]
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    await repo.replace_link_code(ctx.session, ctx.person.id, code_hash(code), ctx.now, ctx.now + CODE_TTL)
    minutes = int(CODE_TTL.total_seconds() // 60)
    return [Reply(ctx.t("link.code", code=f"{code[:4]}-{code[4:]}", minutes=minutes))]


async def _join(ctx: Context, code: str) -> list[Reply]:
    """Merge the person who asked for `code` with this one; the older person survives."""
    owner_id = await repo.find_link_code(ctx.session, code_hash(code), ctx.now)
    owner = await repo.find_person(ctx.session, owner_id) if owner_id is not None else None
    if owner is None:
        return [Reply(ctx.t("link.invalid"))]
    if owner.id == ctx.person.id:
        return [Reply(ctx.t("link.same_account"))]
    accounts = await repo.person_identities(ctx.session, owner.id) + await repo.person_identities(ctx.session, ctx.person.id)
    channels = [identity.channel for identity in accounts]
    if len(set(channels)) < len(channels):
        return [Reply(ctx.t("link.same_channel"))]
    keep, gone = sorted((owner, ctx.person), key=lambda person: (person.created_at, person.id))
    await anonymous.move(ctx.session, ctx.sealer, gone.id, keep.id)
    await repo.merge_people(ctx.session, keep, gone, ctx.now)
    keep.last_channel = ctx.identity.channel  # this account is the one used last
    await repo.drop_link_codes(ctx.session, keep.id)
    repo.audit(ctx.session, "link", actor=keep.id, target=keep.id, detail=",".join(sorted(channels)), now=ctx.now)
    await ctx.session.refresh(ctx.identity)
    ctx.person, ctx.lang = keep, keep.language
    ctx.menu_changes.append(keep.id)
    shown = ", ".join(sorted(channel.capitalize() for channel in channels))
    return [Reply(ctx.t("link.done", channels=shown))]
