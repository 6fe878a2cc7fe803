"""/newdraft for officials: title, summary, deadline, audience, the draft itself (DOCX or text), preview, publish.
The same consultation serves experts invited from /experts: its audience is then known (the chosen experts),
and a question put to them is a draft of one section, the question itself.

The draft row is created at the first step and filled in as answers come, so a restart (or
another command) in the middle loses nothing: the next question is whatever is still missing.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.conversation import Check, Context, FileTooLarge, FileUnavailable, Router, in_payload, in_state
from bot.messages import Attachment, Reply
from bot.reading import number
from handlers.audience import choose_audience, describe, on_chosen
from handlers.base import DOCX_MIME, buttons, payload_parts, text_problem
from handlers.draft_files import NotADocx, ParsedSection, docx_sections, short_heading, split_sections
from handlers.drafts import announce_draft, local_time, tidy
from storage import drafts as store
from storage import experts
from storage.audience import Audience, audience_ids
from storage.models import Draft, DraftSection

router = Router()

TITLE_MAX = 200
SUMMARY_MAX = 1500
SOURCE_TEXT_MAX = 200_000
PREVIEW_HEADING = 80
DEADLINE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2})[:h](\d{2}))?")


def parse_deadline(text: str, zone: ZoneInfo) -> datetime | None:
    """`dd/mm/yyyy` (the end of that day) or `dd/mm/yyyy hh:mm`, local time, as UTC; None if malformed."""
    match = DEADLINE.fullmatch(text.strip())
    if match is None:
        return None
    day, month, year, hour, minute = match.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour or 23), int(minute or 59), tzinfo=zone)
    except ValueError:
        return None
    return moment.astimezone(UTC)


def _audience_label(ctx: Context, draft: Draft) -> str:
    return describe(ctx, Audience.from_json(draft.audience))


def _preview(ctx: Context, draft: Draft, sections: list[DraftSection]) -> Reply:
    """What will be published, with Publish and Cancel."""
    lines = [
        ctx.t("newdraft.preview", title=draft.title, summary=draft.summary, deadline=local_time(ctx, draft.deadline)),
        ctx.t("newdraft.preview_audience", audience=_audience_label(ctx, draft)),
        ctx.t("newdraft.preview_sections", count=len(sections)),
    ]
    lines += [f"• {s.heading[:PREVIEW_HEADING]}" for s in sections]
    if draft.kind == "draft":
        lines.append(ctx.t("newdraft.more_text") if draft.source_text else ctx.t("newdraft.other_file"))
    rows = buttons([(ctx.t("newdraft.publish"), f"nd:pub:{draft.id}"), (ctx.t("newdraft.discard"), f"nd:del:{draft.id}")])
    return Reply("\n".join(lines), rows)


def _received(ctx: Context, draft: Draft, parsed: list[ParsedSection]) -> Reply:
    """After a pasted message: the sections so far, with the way to the preview (more text may follow)."""
    rows = buttons(
        [(ctx.t("newdraft.show_preview"), f"nd:pre:{draft.id}"), (ctx.t("newdraft.publish"), f"nd:pub:{draft.id}")],
        [(ctx.t("newdraft.discard"), f"nd:del:{draft.id}")],
    )
    text = ctx.t("newdraft.received", count=len(parsed), last=short_heading(parsed[-1].heading, 60))
    return Reply(text, rows, free_text=True)


async def _ask_next(ctx: Context, draft: Draft) -> list[Reply]:
    """Ask for the first thing the draft still lacks; the preview once it lacks nothing."""
    question = draft.kind == "question"
    for name in ("title", "summary", "deadline"):
        if getattr(draft, name) is None:
            ctx.goto(f"newdraft.{name}", draft=draft.id)
            return [Reply(ctx.t(f"newdraft.ask_{name}_question" if question and name != "deadline" else f"newdraft.ask_{name}"))]
    if draft.audience is None:
        ctx.goto("newdraft.audience", draft=draft.id)
        return await choose_audience(ctx, "draft")
    ctx.goto("newdraft.source", draft=draft.id)
    sections = await store.sections(ctx.session, draft.id)
    if question and not sections:
        await store.replace_sections(ctx.session, draft.id, [(None, draft.title or "", "")])
        sections = await store.sections(ctx.session, draft.id)
    return [_preview(ctx, draft, sections)] if sections else [Reply(ctx.t("newdraft.ask_source"))]


async def _begin(ctx: Context) -> list[Reply]:
    draft = Draft(status="preparing", created_by=ctx.person.id, unit=ctx.person.unit, created_at=ctx.now)
    ctx.session.add(draft)
    await ctx.session.flush()
    return [Reply(ctx.t("newdraft.intro")), *await _ask_next(ctx, draft)]


async def begin_invitation(ctx: Context, audience: Audience, kind: str) -> list[Reply]:
    """A consultation for the experts chosen in /experts: on a draft (as /newdraft) or on a question (no document)."""
    draft = Draft(
        status="preparing", kind=kind, created_by=ctx.person.id, unit=ctx.person.unit, audience=audience.to_json(), created_at=ctx.now
    )
    ctx.session.add(draft)
    await ctx.session.flush()
    ctx.finish()
    return await _ask_next(ctx, draft)


@router.command("newdraft", role="official", check=Check("manage"))
async def new_draft(ctx: Context) -> list[Reply]:
    """Start a consultation, or offer to continue the one this official left unfinished."""
    draft = await store.preparing_draft(ctx.session, ctx.person.id)
    if draft is None:
        return await _begin(ctx)
    rows = buttons([(ctx.t("newdraft.continue"), f"nd:go:{draft.id}"), (ctx.t("newdraft.start_over"), f"nd:new:{draft.id}")])
    return [Reply(ctx.t("newdraft.resume", title=draft.title or ctx.t("newdraft.untitled")), rows)]


async def _preparing(ctx: Context, draft_id: int | str | None) -> Draft | None:
    """This official's unpublished draft with that id."""
    key = number(str(draft_id))
    draft = await ctx.session.get(Draft, key) if key is not None else None
    ok = draft is not None and draft.status == "preparing" and draft.created_by == ctx.person.id
    return draft if ok else None


async def _publish(ctx: Context, draft: Draft) -> list[Reply]:
    """Open the consultation and queue the announcement to its audience."""
    if draft.deadline is not None and draft.deadline <= ctx.now:
        draft.deadline = None
        return [Reply(ctx.t("newdraft.deadline_passed")), *await _ask_next(ctx, draft)]
    missing = None in (draft.title, draft.summary, draft.deadline, draft.audience)
    if missing or not await store.sections(ctx.session, draft.id):
        return await _ask_next(ctx, draft)
    audience = Audience.from_json(draft.audience)
    everyone = await audience_ids(ctx.session, audience, ctx.now.year)
    recipients = [person_id for person_id in everyone if person_id != ctx.person.id]
    draft.status, draft.published_at, draft.audience_count = "published", ctx.now, len(recipients)
    ctx.finish()
    if audience.people:
        await experts.record_invitations(ctx.session, "draft", draft.id, recipients, ctx.person.id, ctx.now)
    queued = await announce_draft(ctx, draft, recipients)
    return [Reply(ctx.t("newdraft.published", title=draft.title, count=queued, deadline=local_time(ctx, draft.deadline)), edit=True)]


@router.callback("nd", role="official", check=Check("manage", in_payload("draft", 2)))
async def newdraft_button(ctx: Context) -> list[Reply]:
    """nd:go / nd:new (resume or restart), nd:pre (preview), nd:pub (publish), nd:del (discard)."""
    parts = payload_parts(ctx)
    draft = await _preparing(ctx, parts[2]) if len(parts) >= 3 else None
    if draft is None:
        return [Reply(ctx.t("error.already_answered"), notice=True)]
    action = parts[1]
    if action in ("go", "pre"):
        return await _ask_next(ctx, draft)
    if action in ("new", "del"):
        await store.delete_draft(ctx.session, draft)
        ctx.finish()
        return await _begin(ctx) if action == "new" else [Reply(ctx.t("newdraft.discarded"), edit=True)]
    if action == "pub":
        return await _publish(ctx, draft)
    return [Reply(ctx.t("error.stale_button"), notice=True)]


@on_chosen("draft")
async def audience_chosen(ctx: Context, audience: Audience) -> list[Reply]:
    """The audience picker's answer for the draft being prepared."""
    draft = await _preparing(ctx, ctx.state.data.get("draft"))
    if draft is None:
        ctx.finish()
        return [Reply(ctx.t("error.stale_button"), notice=True)]
    draft.audience = audience.to_json()
    return await _ask_next(ctx, draft)


async def _take_text(ctx: Context, draft: Draft, name: str, limit: int) -> list[Reply]:
    """A typed title or summary."""
    problem = text_problem(ctx, limit)
    if problem is not None:
        return [Reply(problem)]
    text = tidy(ctx.inbound.text or "")
    setattr(draft, name, " ".join(text.split()) if name == "title" else text)
    return await _ask_next(ctx, draft)


async def _take_deadline(ctx: Context, draft: Draft) -> list[Reply]:
    problem = text_problem(ctx, 40)
    moment = parse_deadline(ctx.inbound.text or "", ctx.settings.timezone) if problem is None else None
    if moment is None:
        return [Reply(ctx.t("newdraft.bad_deadline"))]
    if moment <= ctx.now:
        return [Reply(ctx.t("newdraft.past_deadline", now=local_time(ctx, ctx.now)))]
    draft.deadline = moment
    return await _ask_next(ctx, draft)


def _is_docx(attachment: Attachment) -> bool:
    return attachment.mime_type == DOCX_MIME or (attachment.file_name or "").lower().endswith(".docx")


async def _read_docx(ctx: Context, attachment: Attachment) -> tuple[list[ParsedSection], str] | Reply:
    """The sections of an uploaded DOCX and its SHA-256, or the polite reason it cannot be used."""
    if attachment.kind != "document" or not _is_docx(attachment):
        return Reply(ctx.t("newdraft.not_docx"))
    try:
        content = await ctx.fetch_file(attachment)
    except FileTooLarge as exc:
        return Reply(ctx.t("newdraft.too_large", limit=exc.limit // (1024 * 1024)))
    except FileUnavailable:
        return Reply(ctx.t("newdraft.download_failed"))
    try:
        parsed = await asyncio.to_thread(docx_sections, content)
    except NotADocx:
        return Reply(ctx.t("newdraft.not_docx"))
    if not parsed:
        return Reply(ctx.t("newdraft.no_sections"))
    return parsed, hashlib.sha256(content).hexdigest()


async def _take_source(ctx: Context, draft: Draft) -> list[Reply]:
    """A DOCX replaces the sections; pasted text is added to what was pasted before."""
    if ctx.inbound.attachments:
        attachment = ctx.inbound.attachments[0]
        upload = await _read_docx(ctx, attachment)
        if isinstance(upload, Reply):
            return [upload]
        parsed, digest = upload
        draft.source_channel, draft.source_file_id = ctx.inbound.channel, attachment.file_id
        draft.source_file_name, draft.source_sha256 = (attachment.file_name or "")[:255] or None, digest
        draft.source_text = None
    else:
        problem = text_problem(ctx, SOURCE_TEXT_MAX)
        if problem is not None:
            return [Reply(problem)]
        combined = "\n".join(filter(None, [draft.source_text, ctx.inbound.text]))
        if len(combined) > SOURCE_TEXT_MAX:
            return [Reply(ctx.t("error.too_long", limit=SOURCE_TEXT_MAX, length=len(combined)))]
        parsed = split_sections(combined.splitlines())
        if not parsed:
            return [Reply(ctx.t("newdraft.no_sections"))]
        draft.source_text = combined
        draft.source_channel = draft.source_file_id = draft.source_file_name = draft.source_sha256 = None
    await store.replace_sections(ctx.session, draft.id, [(p.group_title, p.heading, p.body) for p in parsed])
    return [_received(ctx, draft, parsed)] if draft.source_text else await _ask_next(ctx, draft)


@router.step("newdraft", role="official", check=Check("manage", in_state("draft", "draft")))
async def newdraft_step(ctx: Context) -> list[Reply]:
    """A typed answer (or an uploaded file) for the question the draft is at."""
    draft = await _preparing(ctx, (ctx.state.data or {}).get("draft"))
    if draft is None:
        ctx.finish()
        return [Reply(ctx.t("newdraft.gone"))]
    step = (ctx.step or "").removeprefix("newdraft.")
    if step == "title":
        return await _take_text(ctx, draft, "title", TITLE_MAX)
    if step == "summary":
        return await _take_text(ctx, draft, "summary", SUMMARY_MAX)
    if step == "deadline":
        return await _take_deadline(ctx, draft)
    if step == "source" and draft.kind == "draft":
        return await _take_source(ctx, draft)
    return await _ask_next(ctx, draft)
