"""The expert roster: a member agrees in /profile to be consulted in chosen fields (withdrawn with one tap);
an official finds experts with /experts through the shared audience picker, sees how many match and who
(names and the fields they offered, never contact details), and invites the chosen ones in one step to a
consultation on a draft or a question (the draft consultation, with them as its audience) or to a dialogue.
Experts decline with one tap; the official sees who accepted, declined or did not answer.

Access (`handlers.access`): the search and the invitation are an official's tools (`manage`, an official with a
unit); the answers to an invitation belong to those who manage the consultation or dialogue (`manage` on it);
an expert answers an invitation while in its audience (`take_part`). Joining or leaving the roster is one's own."""

from __future__ import annotations

from bot.conversation import Check, Context, Router, in_payload, in_payload_by_action
from bot.messages import Reply
from bot.reading import number, number_at
from bot.texts import label, num
from handlers import access
from handlers.audience import choose_audience, on_chosen
from handlers.base import buttons, in_rows, payload_parts
from handlers.draft_files import short_heading
from handlers.drafts import is_open
from handlers.event_admin import new_event
from handlers.newdraft import begin_invitation
from handlers.profile import FIELDS, summary
from storage import experts as store
from storage.audience import Audience
from storage.models import Draft

router = Router()

FOUND_MAX = 100  # experts listed after a search; more means the criteria should be narrower
PAGE = 8
SENT_SHOWN = 5
INVITE_KINDS = ("draft", "question", "event")


def fields_text(ctx: Context, codes: list[str]) -> str:
    return ", ".join(label(ctx.lang, "field", code) for code in codes)


# ------------------------------------------------------------------ the roster in /profile


def roster_card(ctx: Context) -> Reply:
    """Whether the person is on the roster, what it means, and one tap to join, change or withdraw."""
    person = ctx.person
    if person.expert_since is not None:
        since = f"{person.expert_since.astimezone(ctx.zone):%d/%m/%Y}"
        text = ctx.t("expert.on", since=since, fields=fields_text(ctx, person.expert_fields or []))
        rows = buttons([(ctx.t("expert.change"), "px:e"), (ctx.t("expert.withdraw"), "px:w")], [(ctx.t("expert.profile"), "px:p")])
    else:
        text = ctx.t("expert.about")
        rows = buttons([(ctx.t("expert.join"), "px:e"), (ctx.t("expert.profile"), "px:p")])
    return Reply(text, rows, edit=True)


def fields_picker(ctx: Context, chosen: list[str]) -> Reply:
    ctx.goto("px.fields", fields=chosen)
    pairs = [(("✓ " if code in chosen else "") + label(ctx.lang, "field", code), f"px:t:{i}") for i, code in enumerate(FIELDS)]
    rows = in_rows(pairs, 2) + buttons([(ctx.t("expert.agree", count=len(chosen)), "px:ok"), (ctx.t("draft.cancel"), "px:p")])
    return Reply(ctx.t("expert.pick_fields"), rows, edit=True)


@router.callback("px")
async def roster_button(ctx: Context) -> list[Reply]:
    """px:o the roster card, px:e choose fields, px:t:<i> toggle one, px:ok join, px:w withdraw, px:p the profile."""
    parts = payload_parts(ctx)
    action = parts[1] if len(parts) > 1 else ""
    if action == "o":
        return [roster_card(ctx)]
    if action == "p":
        ctx.finish()
        return [summary(ctx, edit=True)]
    if action == "w":
        ctx.person.expert_since, ctx.person.expert_fields = None, None
        ctx.finish()
        return [summary(ctx, edit=True), Reply(ctx.t("expert.withdrawn"), notice=True)]
    if action == "e":
        if not ctx.person.full_name:
            return [Reply(ctx.t("expert.name_first"), notice=True)]
        return [fields_picker(ctx, list(ctx.person.expert_fields or []))]
    if ctx.step != "px.fields":
        return [Reply(ctx.t("error.already_answered"), notice=True)]
    chosen = list(ctx.state.data.get("fields", []))
    index = number_at(parts, 2) if action == "t" and len(parts) == 3 else None
    if index is not None and index < len(FIELDS):
        code = FIELDS[index]
        return [fields_picker(ctx, [c for c in chosen if c != code] if code in chosen else [*chosen, code])]
    if action == "ok":
        if not chosen:
            return [Reply(ctx.t("expert.one_field"), notice=True)]
        ctx.person.expert_fields = [code for code in FIELDS if code in chosen]
        ctx.person.expert_since = ctx.person.expert_since or ctx.now
        ctx.finish()
        return [summary(ctx, edit=True), Reply(ctx.t("expert.joined"), notice=True)]
    return [Reply(ctx.t("error.stale_button"), notice=True)]


@router.step("px")
async def roster_text(ctx: Context) -> list[Reply]:
    """Typing while the fields are being chosen: show them again."""
    return [fields_picker(ctx, list(ctx.state.data.get("fields", [])))]


# ------------------------------------------------------------------ /experts: search, choose, invite


@router.command("experts", role="official", check=Check("manage"))
async def experts_command(ctx: Context) -> list[Reply]:
    """Find experts by field, qualification, commune, association and age; or see the invitations to the
    consultations and dialogues this official's unit manages."""
    scope = access.scope(ctx)
    sent = await store.invitations_sent(ctx.session, scope, SENT_SHOWN) if scope is not None else []
    if not sent:
        return await choose_audience(ctx, "experts")
    lines = [ctx.t("experts.sent_head")]
    rows = [[(ctx.t("experts.search"), "xf")]]
    for n, invitation in enumerate(sent, 1):
        kind = ctx.t(f"experts.kind.{invitation.kind}")
        lines.append(ctx.t("experts.sent_line", n=n, kind=kind, title=invitation.title, count=invitation.invited))
        rows.append([(short_heading(invitation.title, 40), f"xs:{invitation.kind}:{invitation.ref_id}")])
    return [Reply("\n".join(lines), buttons(*rows))]


@router.callback("xf", role="official", check=Check("manage"))
async def search_button(ctx: Context) -> list[Reply]:
    """Open the picker for a new search."""
    return await choose_audience(ctx, "experts")


@on_chosen("experts", count=store.count_experts, texts="experts")
async def experts_found(ctx: Context, audience: Audience) -> list[Reply]:
    """The experts matching the criteria, none chosen yet."""
    found = await store.find_experts(ctx.session, audience, ctx.now.year, FOUND_MAX + 1)
    if not found:
        ctx.finish()
        return [Reply(ctx.t("experts.none"), buttons([(ctx.t("experts.search_again"), "xf")]))]
    ctx.goto("xp.list", found=[e.person_id for e in found[:FOUND_MAX]], chosen=[], more=len(found) > FOUND_MAX)
    return [await found_page(ctx, 0, edit=False)]


async def found_page(ctx: Context, page: int, *, edit: bool) -> Reply:
    """One page of the experts found: name and fields, a toggle each, and the invitation once some are chosen."""
    data = ctx.state.data
    found, chosen = list(data.get("found", [])), set(data.get("chosen", []))
    pages = max(1, -(-len(found) // PAGE))
    page = min(max(page, 0), pages - 1)
    ctx.goto("xp.list", page=page)
    experts = {e.person_id: e for e in await store.find_experts(ctx.session, Audience(people=tuple(found)), ctx.now.year, len(found))}
    shown = [experts[p] for p in found[page * PAGE : (page + 1) * PAGE] if p in experts]
    count = ctx.t("experts.found_more" if data.get("more") else "experts.found", count=num(ctx.lang, len(found)))
    lines = [count, ctx.t("experts.chosen_count", count=len(chosen))]
    first = page * PAGE + 1
    lines += [f"{n}. {e.name} — {fields_text(ctx, e.fields)}" for n, e in enumerate(shown, first)]
    pairs = [(("✓ " if e.person_id in chosen else "") + short_heading(e.name, 32), f"xp:t:{e.person_id}") for e in shown]
    rows = in_rows(pairs, 2)
    turns = [(ctx.t("draft.previous"), f"xp:p:{page - 1}")] if page > 0 else []
    turns += [(ctx.t("draft.next"), f"xp:p:{page + 1}")] if page + 1 < pages else []
    everyone = ctx.t("experts.none_chosen" if len(chosen) == len(found) else "experts.all")
    rows += buttons(*([turns] if turns else []), [(everyone, "xp:a")])
    if chosen:
        rows += buttons([(ctx.t("experts.invite", count=len(chosen)), "xp:i")])
    rows += buttons([(ctx.t("draft.cancel"), "xp:x")])
    return Reply("\n".join(lines), rows, edit=edit)


def invite_menu(ctx: Context) -> Reply:
    """Invite the chosen experts, in one step, to a draft, a question or a dialogue."""
    count = len(ctx.state.data.get("chosen", []))
    rows = buttons(*([(ctx.t(f"experts.to.{kind}"), f"xp:k:{kind}")] for kind in INVITE_KINDS), [(ctx.t("review.back"), "xp:p:0")])
    return Reply(ctx.t("experts.invite_to", count=count), rows, edit=True)


@router.callback("xp", role="official", check=Check("manage"))
async def found_button(ctx: Context) -> list[Reply]:
    """xp:t:<person> toggle, xp:a all or none, xp:p:<page>, xp:i invite, xp:k:<kind> begin it, xp:x cancel."""
    if ctx.step != "xp.list":
        return [Reply(ctx.t("error.already_answered"), notice=True)]
    parts = payload_parts(ctx)
    action, value = (parts[1] if len(parts) > 1 else ""), (parts[2] if len(parts) > 2 else "")
    found, chosen = list(ctx.state.data.get("found", [])), list(ctx.state.data.get("chosen", []))
    page = int(ctx.state.data.get("page", 0))
    person_id = number(value) if action == "t" else None
    if person_id is not None and person_id in found:
        ctx.goto("xp.list", chosen=[p for p in chosen if p != person_id] if person_id in chosen else [*chosen, person_id])
        return [await found_page(ctx, page, edit=True)]
    if action == "a":
        ctx.goto("xp.list", chosen=[] if len(chosen) == len(found) else found)
        return [await found_page(ctx, page, edit=True)]
    if action == "p" and (wanted := number(value)) is not None:
        return [await found_page(ctx, wanted, edit=True)]
    if action == "x":
        ctx.finish()
        return [Reply(ctx.t("form.dropped"), edit=True)]
    if action == "i" and chosen:
        return [invite_menu(ctx)]
    if action == "k" and value in INVITE_KINDS and chosen:
        return await _invite(ctx, value, chosen)
    return [Reply(ctx.t("error.stale_button"), notice=True)]


async def _invite(ctx: Context, kind: str, chosen: list[int]) -> list[Reply]:
    """Begin the consultation or the dialogue with the chosen experts (still on the roster) as its audience."""
    people = await store.still_on_roster(ctx.session, chosen)
    if not people:
        return [Reply(ctx.t("experts.none_left"), notice=True)]
    audience = Audience(people=tuple(people))
    started = Reply(ctx.t("experts.inviting", count=len(people), kind=ctx.t(f"experts.to.{kind}")), edit=True)
    if kind == "event":
        return [started, *await new_event.begin_for(ctx, audience)]
    return [started, *await begin_invitation(ctx, audience, kind)]


@router.step("xp", role="official", check=Check("manage"))
async def found_text(ctx: Context) -> list[Reply]:
    """Typing while the list is open: show it again."""
    return [await found_page(ctx, int(ctx.state.data.get("page", 0)), edit=False)]


# ------------------------------------------------------------------ answers


@router.callback("xs", role="official", check=Check("manage", in_payload_by_action(2, {kind: kind for kind in store.KINDS})))
async def answers_button(ctx: Context) -> list[Reply]:
    """xs:<kind>:<ref> — who accepted, declined or did not answer (for those who manage that draft or event)."""
    parts = payload_parts(ctx)
    ref = number_at(parts, 2) if len(parts) == 3 and parts[1] in store.KINDS else None
    if ref is None:
        return [Reply(ctx.t("error.stale_button"), notice=True)]
    found = await store.answers(ctx.session, parts[1], ref)
    if found is None:
        return [Reply(ctx.t("error.stale_button"), notice=True)]
    lines = [ctx.t("experts.answers_head", kind=ctx.t(f"experts.kind.{parts[1]}"), title=found.title)]
    for answer in ("accepted", "declined", None):
        names = [name for name, given in found.people if given == answer]
        lines.append(ctx.t(f"experts.answer.{answer or 'none'}", count=len(names), names=", ".join(names) or "—"))
    return [Reply("\n".join(lines))]


@router.callback("xi", check=Check("take_part", in_payload("draft", 1)))
async def invitation_answer(ctx: Context) -> list[Reply]:
    """xi:<draft>:a|d — an invited expert accepts or declines a consultation with one tap (changeable until it closes)."""
    parts = payload_parts(ctx)
    key = number_at(parts, 1) if len(parts) == 3 else None
    draft = await ctx.session.get(Draft, key) if key is not None else None
    invitation = await store.find_invitation(ctx.session, "draft", draft.id, ctx.person.id) if draft is not None else None
    if draft is None or invitation is None or parts[2] not in ("a", "d"):
        return [Reply(ctx.t("error.stale_button"), notice=True)]
    if not is_open(draft, ctx.now):
        return [Reply(ctx.t("draft.closed"), notice=True)]
    invitation.answer, invitation.answered_at = ("accepted" if parts[2] == "a" else "declined"), ctx.now
    return [Reply(ctx.t(f"expert.{invitation.answer}"), notice=True)]
