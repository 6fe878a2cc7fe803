"""Consultation on drafts for everyone: /drafts, reading section by section, commenting named or anonymously.

Only the draft's audience reads and comments (and the officials who manage it read): checked at every press
and step (`handlers.access`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.conversation import Check, Context, Router, in_payload, in_payload_by_action, in_state
from bot.messages import Reply
from bot.reading import number, number_at
from bot.texts import t
from handlers import access
from handlers.base import buttons, payload_parts, text_problem
from handlers.broadcasts import start_broadcast
from handlers.draft_files import short_heading
from handlers.tracking import when
from storage import anonymous as anonymous_items
from storage import drafts as store
from storage.audience import Audience
from storage.models import Draft, DraftComment, DraftSection

router = Router()

KINDS = {"a": "agree", "d": "disagree", "w": "wording", "c": "comment"}
KIND_ICONS = {"agree": "👍", "disagree": "👎", "wording": "✏️", "comment": "💬"}
COMMENT_MAX = 3000
LIST_PAGE = 10


def local_time(ctx: Context, moment: datetime | None) -> str:
    """A moment as people read it in the configured time zone: 17:00 15/12/2026."""
    return when(ctx.settings.timezone, moment) if moment else ""


def tidy(text: str) -> str:
    """A typed text with each line trimmed and blank lines dropped."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def is_open(draft: Draft, now: datetime) -> bool:
    return draft.status == "published" and draft.deadline is not None and now < draft.deadline


def invited(draft: Draft) -> tuple[int, ...]:
    """The experts a consultation was put to, if it was (an empty tuple for a consultation open to everyone)."""
    return Audience.from_json(draft.audience).people


def comment_text(language: str, comment: DraftComment) -> str:
    """'Không đồng ý: lý do' — the kind of opinion and what was written."""
    kind = t(language, f"draft.kind.{comment.kind}")
    return f"{kind}: {comment.text}" if comment.text else kind


async def announce_draft(ctx: Context, draft: Draft, person_ids: Sequence[int]) -> int:
    """Tell the audience, each in their language, that the draft is open (through the broadcast engine)."""
    deadline = local_time(ctx, draft.deadline)
    experts = bool(invited(draft))

    def render(language: str) -> Reply:
        key = "draft.announce_question" if draft.kind == "question" else "draft.announce"
        text = t(language, key, title=draft.title, summary=draft.summary, deadline=deadline)
        rows = [[(t(language, "draft.open"), f"dr:o:{draft.id}")]]
        if experts:
            text += "\n" + t(language, "expert.invited")
            rows.append([(t(language, "expert.accept"), f"xi:{draft.id}:a"), (t(language, "expert.decline"), f"xi:{draft.id}:d")])
        return Reply(text, buttons(*rows))

    broadcast = await start_broadcast(
        ctx.session, kind="draft", person_ids=person_ids, render=render, now=ctx.now,
        created_by=ctx.person.id, ref_id=draft.id, progress_to=ctx,
    )
    return broadcast.total


def unseal(ctx: Context, sealed: str | None) -> int | None:
    """The person id inside a sealed author, or None if it cannot be read with the current key."""
    return ctx.sealer.open(sealed) if sealed else None


async def anonymous_tag(ctx: Context) -> str:
    return await anonymous_items.next_tag(ctx.session, ctx.sealer, "comment", ctx.person.id)


async def own_comment(ctx: Context, section_id: int) -> DraftComment | None:
    """This person's comment on the section, named or (found by its author tag) anonymous."""
    named = await store.named_comment(ctx.session, section_id, ctx.person.id)
    if named is not None:
        return named
    found = await anonymous_items.own_rows(ctx.session, ctx.sealer, "comment", ctx.person.id)
    return next((c for c in found if c.section_id == section_id), None)


async def _section(ctx: Context, section_id: str) -> tuple[Draft, DraftSection] | None:
    key = number(section_id)
    section = await ctx.session.get(DraftSection, key) if key is not None else None
    if section is None:
        return None
    draft = await ctx.session.get(Draft, section.draft_id)
    return (draft, section) if draft is not None else None


def closed(ctx: Context) -> list[Reply]:
    """The answer to anything done on a consultation past its deadline."""
    ctx.finish()
    return [Reply(ctx.t("draft.closed"), notice=ctx.inbound.payload is not None)]


@router.command("drafts")
async def list_drafts(ctx: Context) -> list[Reply]:
    """Open consultations the person may read, with their deadlines; officials also get their unit's figures and closed ones."""
    scope = access.scope(ctx)
    drafts = [d for d in await store.open_drafts(ctx.session, ctx.now) if await _readable(ctx, d)]
    lines = [ctx.t("draft.list_title") if drafts else ctx.t("draft.list_empty")]
    rows: list[list[tuple[str, str]]] = []
    for position, draft in enumerate(drafts, start=1):
        lines.append(ctx.t("draft.list_item", n=position, title=draft.title, deadline=local_time(ctx, draft.deadline)))
        row = [(f"📖 {short_heading(draft.title or '', 30)}", f"dr:o:{draft.id}")]
        managed = scope is not None and scope.manages(draft.unit)
        rows.append(row + [(ctx.t("draft.stats_button", n=position), f"ds:{draft.id}")] if managed else row)
    if scope is not None:
        past = await store.closed_drafts(ctx.session, ctx.now, scope.owns(Draft.unit))
        if past:
            lines.append(ctx.t("draft.list_closed"))
        for draft in past:
            lines.append(f"• {draft.title}")
            rows.append([(f"📋 {short_heading(draft.title or '', 30)}", f"ds:{draft.id}")])
    told = [Reply(ctx.t("access.no_unit"))] if ctx.has_role("official") and scope is None else []
    return [*told, Reply("\n".join(lines), buttons(*rows))]


async def _readable(ctx: Context, draft: Draft) -> bool:
    return await ctx.refusal("read", ("draft", str(draft.id))) is None


async def _summary(ctx: Context, draft: Draft) -> list[Reply]:
    sections = await store.sections(ctx.session, draft.id)
    text = ctx.t(
        "draft.summary",
        title=draft.title,
        summary=draft.summary,
        deadline=local_time(ctx, draft.deadline),
        count=len(sections),
    )
    rows = buttons([(ctx.t("draft.start_reading"), f"dr:s:{sections[0].id}"), (ctx.t("draft.contents"), f"dr:l:{draft.id}:0")])
    return [Reply(text, rows)]


async def section_card(ctx: Context, draft: Draft, section: DraftSection) -> Reply:
    """The section's text, where it stands, the person's own comment, and the buttons to comment or move."""
    sections = await store.sections(ctx.session, draft.id)
    index = next(i for i, s in enumerate(sections) if s.id == section.id)
    await store.record_view(ctx.session, section.id, ctx.sealer.digest(f"reader:{section.id}:{ctx.person.id}"))
    mine = await own_comment(ctx, section.id)
    tail = [ctx.t("draft.position", n=index + 1, total=len(sections))]
    if mine is not None:
        who = ctx.t("draft.anonymously") if mine.anonymous else ctx.t("draft.by_name")
        tail.append(ctx.t("draft.yours", who=who, comment=comment_text(ctx.lang, mine)))
    head = [f"📜 {draft.title}", *([section.group_title] if section.group_title else []), "", section.heading]
    room = ctx.max_text - sum(len(line) + 1 for line in head + tail) - 8
    body = section.body if len(section.body) <= room else section.body[: room - 1] + "…"
    text = "\n".join([*head, *([body] if body else []), "", *tail])
    moves = [(ctx.t("draft.previous"), f"dr:s:{sections[index - 1].id}")] if index > 0 else []
    moves.append((ctx.t("draft.contents"), f"dr:l:{draft.id}:{index // LIST_PAGE}"))
    moves += [(ctx.t("draft.next"), f"dr:s:{sections[index + 1].id}")] if index + 1 < len(sections) else []
    choices = [(f"{KIND_ICONS[kind]} {ctx.t(f'draft.kind.{kind}')}", f"dc:{code}:{section.id}") for code, kind in KINDS.items()]
    rows = buttons(choices[:2], choices[2:], moves)
    return Reply(text, rows, edit=True)


async def _contents(ctx: Context, draft: Draft, page: int) -> list[Reply]:
    """One page of the sections as buttons."""
    sections = await store.sections(ctx.session, draft.id)
    pages = max(1, -(-len(sections) // LIST_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = sections[page * LIST_PAGE : (page + 1) * LIST_PAGE]
    rows = [[(short_heading(s.heading, 40), f"dr:s:{s.id}")] for s in shown]
    turns = [(ctx.t("draft.previous"), f"dr:l:{draft.id}:{page - 1}")] if page > 0 else []
    turns += [(ctx.t("draft.next"), f"dr:l:{draft.id}:{page + 1}")] if page + 1 < pages else []
    text = ctx.t("draft.contents_title", title=draft.title, page=page + 1, pages=pages)
    return [Reply(text, buttons(*rows, *([turns] if turns else [])), edit=True)]


# `dr:s:<section>` is about a section's draft; `dr:o:<draft>` and `dr:l:<draft>:<page>` about the draft.
@router.callback("dr", check=Check("read", in_payload_by_action(2, {"s": "draft_section"}, "draft")))
async def read(ctx: Context) -> list[Reply]:
    """dr:o:<draft> summary, dr:s:<section> one section, dr:l:<draft>:<page> the contents."""
    parts = payload_parts(ctx)
    if ctx.step and ctx.step.startswith("dcomment"):
        ctx.finish()  # moving on abandons a comment being written
    action, key = (parts[1], parts[2]) if len(parts) >= 3 else ("", "")
    if action == "s":
        found = await _section(ctx, key)
        if found is None:
            return [Reply(ctx.t("error.stale_button"), notice=True)]
        return [await section_card(ctx, *found)] if is_open(found[0], ctx.now) else closed(ctx)
    draft_id = number(key)
    draft = await ctx.session.get(Draft, draft_id) if draft_id is not None else None
    if draft is None or action not in ("o", "l"):
        return [Reply(ctx.t("error.stale_button"), notice=True)]
    if not is_open(draft, ctx.now):
        return closed(ctx)
    if action == "o":
        return await _summary(ctx, draft)
    return await _contents(ctx, draft, number_at(parts, 3) or 0)


def _ask_text(ctx: Context, section: DraftSection, kind: str, current: DraftComment | None) -> Reply:
    text = ctx.t(f"draft.ask.{kind}", heading=short_heading(section.heading, 60))
    if current is not None and current.text:
        text += "\n" + ctx.t("draft.current", text=current.text)
    rows = [[(ctx.t("draft.skip_reason"), f"dc:k:{section.id}")]] if kind == "disagree" else []
    return Reply(text, buttons(*rows, [(ctx.t("draft.cancel"), f"dc:q:{section.id}")]), free_text=True)


def _ask_who(ctx: Context, section_id: int, *, edit: bool = False) -> Reply:
    rows = buttons(
        [(ctx.t("draft.named"), f"dc:n:{section_id}"), (ctx.t("draft.anonymous_button"), f"dc:x:{section_id}")],
        [(ctx.t("draft.cancel"), f"dc:q:{section_id}")],
    )
    return Reply(ctx.t("draft.ask_who"), rows, edit=edit)


def _pending(ctx: Context, step: str, section_id: int) -> bool:
    """Whether the person is at `step` of a comment on this very section (else the button is spent)."""
    return ctx.step == step and (ctx.state.data or {}).get("section") == section_id


async def _save(ctx: Context, draft: Draft, section: DraftSection, anonymous: bool) -> list[Reply]:
    """Record (or replace) the person's comment on the section and confirm it."""
    data = ctx.state.data or {}
    comment = await own_comment(ctx, section.id)
    kept_tag = comment.author_tag if comment is not None else None
    tag = (kept_tag or await anonymous_tag(ctx)) if anonymous else None
    if comment is None:
        comment = DraftComment(section_id=section.id, created_at=ctx.now)
        ctx.session.add(comment)
    comment.author_tag = tag
    comment.kind, comment.text, comment.anonymous = data["kind"], data.get("text"), anonymous
    comment.person_id = None if anonymous else ctx.person.id
    comment.sealed_author = ctx.sealer.seal(ctx.person.id) if anonymous else None
    comment.updated_at = ctx.now
    ctx.finish()
    sections = await store.sections(ctx.session, draft.id)
    following = next((s for s in sections if s.position > section.position), None)
    moves = [(ctx.t("draft.back_to_section"), f"dr:s:{section.id}")]
    moves += [(ctx.t("draft.next_section"), f"dr:s:{following.id}")] if following else []
    who = ctx.t("draft.anonymously") if anonymous else ctx.t("draft.by_name")
    text = ctx.t("draft.saved", heading=short_heading(section.heading, 60), who=who, deadline=local_time(ctx, draft.deadline))
    return [Reply(text, buttons(moves), edit=True)]


@router.callback("dc", check=Check("take_part", in_payload("draft_section", 2)))
async def comment_button(ctx: Context) -> list[Reply]:
    """dc:<a|d|w|c>:<section> begin a comment; dc:k skip the reason; dc:n / dc:x named or anonymous; dc:q cancel."""
    parts = payload_parts(ctx)
    found = await _section(ctx, parts[2]) if len(parts) == 3 else None
    if found is None:
        return [Reply(ctx.t("error.stale_button"), notice=True)]
    draft, section = found
    if not is_open(draft, ctx.now):
        return closed(ctx)
    action = parts[1]
    if action in KINDS:
        kind = KINDS[action]
        if kind == "agree":
            ctx.goto("dcomment.who", section=section.id, kind=kind, text=None)
            return [_ask_who(ctx, section.id)]
        ctx.goto("dcomment.text", section=section.id, kind=kind, text=None)
        return [_ask_text(ctx, section, kind, await own_comment(ctx, section.id))]
    if action == "k" and _pending(ctx, "dcomment.text", section.id):
        ctx.goto("dcomment.who")
        return [_ask_who(ctx, section.id, edit=True)]
    if action in ("n", "x") and _pending(ctx, "dcomment.who", section.id):
        return await _save(ctx, draft, section, anonymous=action == "x")
    if action == "q" and ctx.step and ctx.step.startswith("dcomment"):
        ctx.finish()
        return [Reply(ctx.t("draft.cancelled"), edit=True)]
    return [Reply(ctx.t("error.already_answered"), notice=True)]


@router.step("dcomment", check=Check("take_part", in_state("draft_section", "section")))
async def comment_text_step(ctx: Context) -> list[Reply]:
    """The typed comment (then named or anonymous?), or anything typed while that question waits."""
    data = ctx.state.data or {}
    found = await _section(ctx, str(data.get("section", "")))
    if found is None:
        ctx.finish()
        return [Reply(ctx.t("error.not_understood"))]
    draft, section = found
    if not is_open(draft, ctx.now):
        return closed(ctx)
    if ctx.step == "dcomment.who":
        return [_ask_who(ctx, section.id)]
    problem = text_problem(ctx, COMMENT_MAX)
    if problem is not None:
        return [Reply(problem)]
    ctx.goto("dcomment.who", text=tidy(ctx.inbound.text or ""))
    return [_ask_who(ctx, section.id)]
