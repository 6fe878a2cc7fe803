"""For officials: a consultation's figures while open; after the deadline, the disposition of each
comment, the table ("Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý") as DOCX and XLSX, and the
results sent to every commenter.

A draft belongs to the unit of the official who prepared it; that unit's officials (and admins) handle it.
"""

from __future__ import annotations

import asyncio

from bot.conversation import Check, Context, Router, in_payload, in_payload_by_action, in_state
from bot.messages import OutFile, Reply
from bot.reading import number
from bot.texts import t
from handlers.base import DOCX_MIME, XLSX_MIME, buttons, payload_parts, text_problem
from handlers.draft_files import Synthesis, TableGroup, TableRow, short_heading
from handlers.drafts import comment_text, is_open, local_time, tidy, unseal
from storage import drafts as store
from storage import repo
from storage.models import Draft, DraftComment, DraftSection

router = Router()

RESULTS = {"a": "accepted", "p": "partly", "r": "rejected"}
EXPLANATION_MAX = 2000
QUOTE_MAX = 200


def _decided(comment: DraftComment) -> bool:
    return comment.disposition is not None


async def _draft(ctx: Context, key: str) -> Draft | None:
    draft_id = number(key)
    draft = await ctx.session.get(Draft, draft_id) if draft_id is not None else None
    return draft if draft is not None and draft.status == "published" else None


def _open_figures(ctx: Context, draft: Draft, stats: list[store.SectionStats]) -> Reply:
    """Views and comments per section while the consultation runs."""
    lines = [ctx.t("synthesis.open", title=draft.title, deadline=local_time(ctx, draft.deadline), audience=draft.audience_count)]
    lines += [
        ctx.t("synthesis.section_figures", heading=short_heading(s.section.heading, 48), views=s.views, comments=s.comments)
        for s in stats
    ]
    lines.append(ctx.t("synthesis.totals", views=sum(s.views for s in stats), comments=sum(s.comments for s in stats)))
    refresh = buttons([(ctx.t("synthesis.refresh"), f"ds:{draft.id}:r")])
    return Reply("\n".join(lines), refresh, edit=payload_parts(ctx)[-1] == "r")


async def overview(ctx: Context, draft: Draft) -> Reply:
    """The figures while open; after the deadline, what is left to decide and the ways out."""
    if is_open(draft, ctx.now):
        return _open_figures(ctx, draft, await store.section_stats(ctx.session, draft.id))
    rows = await store.draft_comments(ctx.session, draft.id)
    undecided = sum(not _decided(r.comment) for r in rows)
    lines = [ctx.t("synthesis.closed", title=draft.title, deadline=local_time(ctx, draft.deadline), count=len(rows), undecided=undecided)]
    actions: list[list[tuple[str, str]]] = []
    if draft.results_published_at is not None:
        lines.append(ctx.t("synthesis.results_sent_at", at=local_time(ctx, draft.results_published_at)))
    elif rows:
        if undecided:
            actions.append([(ctx.t("synthesis.next_undecided"), f"dd:n:{draft.id}")])
        actions.append([(ctx.t("synthesis.review_all"), f"dd:c:{rows[0].comment.id}")])
    actions.append([(ctx.t("synthesis.docx"), f"dx:d:{draft.id}"), (ctx.t("synthesis.xlsx"), f"dx:x:{draft.id}")])
    if draft.results_published_at is None:
        actions.append([(ctx.t("synthesis.publish_results"), f"dd:P:{draft.id}")])
    return Reply("\n".join(lines), buttons(*actions))


@router.callback("ds", role="official", check=Check("manage", in_payload("draft", 1)))
async def show_overview(ctx: Context) -> list[Reply]:
    """ds:<draft>: the consultation's figures or its synthesis (ds:<draft>:r refreshes them in place)."""
    parts = payload_parts(ctx)
    draft = await _draft(ctx, parts[1]) if len(parts) > 1 else None
    return [await overview(ctx, draft)] if draft is not None else [Reply(ctx.t("error.stale_button"), notice=True)]


def _author(language: str, row: store.CommentRow) -> str:
    """Who commented, as the table shows it: never a name for an anonymous comment."""
    if row.comment.anonymous:
        return t(language, "draft.anonymous")
    if row.author is None:
        return t(language, "synthesis.author_erased")
    name = row.author.full_name or t(language, "synthesis.author_unnamed", id=row.author.id)
    return f"{name} ({row.author.workplace})" if row.author.workplace else name


def _result(language: str, comment: DraftComment) -> str:
    return t(language, f"synthesis.result.{comment.disposition}") if comment.disposition else ""


def _card(ctx: Context, rows: list[store.CommentRow], index: int, *, choosing: str | None = None) -> Reply:
    """One comment for the official to decide on: accepted, partly accepted or not accepted."""
    row = rows[index]
    comment = row.comment
    lines = [
        ctx.t("synthesis.card", n=index + 1, total=len(rows), heading=row.section.heading),
        ctx.t("synthesis.card_author", author=_author(ctx.lang, row)),
        comment_text(ctx.lang, comment),
    ]
    if _decided(comment):
        lines.append(ctx.t("synthesis.card_current", result=_result(ctx.lang, comment), explanation=comment.explanation or "—"))
    if choosing is not None:
        lines.append(ctx.t("synthesis.ask_explanation", result=ctx.t(f"synthesis.result.{choosing}")))
        skip = [(ctx.t("synthesis.no_explanation"), f"dd:k:{comment.id}")] if choosing == "accepted" else []
        ways_out = buttons(skip, [(ctx.t("synthesis.choose_again"), f"dd:c:{comment.id}")])
        return Reply("\n".join(lines), ways_out, edit=True, free_text=True)
    choices = [(ctx.t(f"synthesis.result.{result}"), f"dd:{code}:{comment.id}") for code, result in RESULTS.items()]
    moves = [(ctx.t("synthesis.next_comment"), f"dd:c:{rows[index + 1].comment.id}")] if index + 1 < len(rows) else []
    moves.append((ctx.t("synthesis.back"), f"ds:{row.section.draft_id}"))
    return Reply("\n".join(lines), buttons(choices[:2], choices[2:], moves), edit=True)


async def _next_undecided(ctx: Context, draft: Draft, rows: list[store.CommentRow]) -> Reply:
    """The first comment still undecided, or the overview when none is."""
    index = next((i for i, r in enumerate(rows) if not _decided(r.comment)), None)
    return _card(ctx, rows, index) if index is not None else await overview(ctx, draft)


async def _record(
    ctx: Context, draft: Draft, rows: list[store.CommentRow], index: int, result: str, explanation: str | None
) -> list[Reply]:
    """Store the disposition of comment `index`, then show the next one still undecided."""
    comment = rows[index].comment
    comment.disposition, comment.explanation = result, explanation
    comment.disposed_by, comment.disposed_at = ctx.person.id, ctx.now
    ctx.finish()
    recorded = ctx.t("synthesis.recorded", n=index + 1, result=ctx.t(f"synthesis.result.{result}"))
    saved = Reply(recorded, edit=ctx.inbound.payload is not None)
    following = await _next_undecided(ctx, draft, rows)
    return [saved, Reply(following.text, following.buttons)]


async def _comment_rows(ctx: Context, comment_id: str) -> tuple[Draft, list[store.CommentRow], int] | None:
    """The draft, all its comments and where this one stands among them."""
    key = number(comment_id)
    comment = await ctx.session.get(DraftComment, key) if key is not None else None
    section = await ctx.session.get(DraftSection, comment.section_id) if comment is not None else None
    draft = await _draft(ctx, str(section.draft_id)) if section is not None else None
    if draft is None:
        return None
    rows = await store.draft_comments(ctx.session, draft.id)
    index = next(i for i, r in enumerate(rows) if r.comment.id == key)
    return draft, rows, index


def _locked(ctx: Context, draft: Draft) -> Reply | None:
    """Why dispositions cannot change now: the consultation is still open, or its results were sent."""
    if is_open(draft, ctx.now):
        return Reply(ctx.t("synthesis.still_open", deadline=local_time(ctx, draft.deadline)), notice=True)
    if draft.results_published_at is not None:
        return Reply(ctx.t("synthesis.already_published"), notice=True)
    return None


# `dd:n|P:<draft>` act on a draft, the others (`dd:c|a|p|r|k:<comment>`) on one of its comments.
@router.callback("dd", role="official", check=Check("manage", in_payload_by_action(2, {"n": "draft", "P": "draft"}, "draft_comment")))
async def dispose(ctx: Context) -> list[Reply]:
    """dd:c card, dd:a|p|r choose, dd:k no explanation needed, dd:n next undecided, dd:P send the results."""
    parts = payload_parts(ctx)
    if len(parts) != 3:
        return [Reply(ctx.t("error.stale_button"), notice=True)]
    action, key = parts[1], parts[2]
    if action in ("n", "P"):
        draft = await _draft(ctx, key)
        if draft is None:
            return [Reply(ctx.t("error.stale_button"), notice=True)]
        refusal = _locked(ctx, draft)
        if refusal is not None:
            return [refusal]
        if action == "P":
            return await _publish_results(ctx, draft)
        return [await _next_undecided(ctx, draft, await store.draft_comments(ctx.session, draft.id))]
    found = await _comment_rows(ctx, key)
    if found is None:
        return [Reply(ctx.t("error.stale_button"), notice=True)]
    draft, rows, index = found
    refusal = _locked(ctx, draft)
    if refusal is not None:
        return [refusal]
    comment_id = rows[index].comment.id
    if action == "c":
        ctx.finish()
        return [_card(ctx, rows, index)]
    if action in RESULTS:
        ctx.goto("dispose.explain", comment=comment_id, result=RESULTS[action])
        return [_card(ctx, rows, index, choosing=RESULTS[action])]
    data = ctx.state.data or {}
    if action == "k" and ctx.step == "dispose.explain" and data.get("comment") == comment_id and data.get("result") == "accepted":
        return await _record(ctx, draft, rows, index, "accepted", None)
    return [Reply(ctx.t("error.already_answered"), notice=True)]


@router.step("dispose", role="official", check=Check("manage", in_state("draft_comment", "comment")))
async def explanation_step(ctx: Context) -> list[Reply]:
    """The typed explanation for the disposition just chosen."""
    data = ctx.state.data or {}
    found = await _comment_rows(ctx, str(data.get("comment", "")))
    if found is None or data.get("result") not in RESULTS.values():
        ctx.finish()
        return [Reply(ctx.t("error.not_understood"))]
    draft, rows, index = found
    refusal = _locked(ctx, draft)
    if refusal is not None:
        ctx.finish()
        return [Reply(refusal.text)]
    problem = text_problem(ctx, EXPLANATION_MAX)
    if problem is not None:
        return [Reply(problem)]
    return await _record(ctx, draft, rows, index, data["result"], tidy(ctx.inbound.text or ""))


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"


def _recipient(ctx: Context, comment: DraftComment) -> int | None:
    """Who to tell about a comment: its named author, or the person sealed in an anonymous one."""
    return unseal(ctx, comment.sealed_author) if comment.anonymous else comment.person_id


async def _publish_results(ctx: Context, draft: Draft) -> list[Reply]:
    """Send each commenter what became of their comments, once."""
    rows = await store.draft_comments(ctx.session, draft.id)
    undecided = sum(not _decided(r.comment) for r in rows)
    if undecided:
        return [Reply(ctx.t("synthesis.undecided_left", count=undecided))]
    draft.results_published_at = ctx.now
    by_person: dict[int, list[store.CommentRow]] = {}
    for row in rows:
        person_id = _recipient(ctx, row.comment)
        if person_id is not None:
            by_person.setdefault(person_id, []).append(row)
    told = 0
    for person_id, own in by_person.items():
        person = await repo.find_person(ctx.session, person_id)
        if person is not None:
            told += await ctx.notify(person_id, Reply(_result_message(person.language, draft, own)), priority=1)
    return [Reply(ctx.t("synthesis.results_published", count=told), edit=True)]


def _result_message(language: str, draft: Draft, rows: list[store.CommentRow]) -> str:
    lines = [t(language, "synthesis.result_intro", title=draft.title)]
    for row in rows:
        comment = row.comment
        outcome = _result(language, comment) + (f". {comment.explanation}" if comment.explanation else "")
        heading, quoted = short_heading(row.section.heading, 60), _quote(comment_text(language, comment))
        lines.append(t(language, "synthesis.result_line", heading=heading, comment=quoted, outcome=outcome))
    lines.append(t(language, "synthesis.result_thanks"))
    return "\n".join(lines)


def _sheet(ctx: Context, draft: Draft, rows: list[store.CommentRow], sections: int) -> Synthesis:
    """The table's content in the official's language."""
    groups: dict[int, TableGroup] = {}
    for row in rows:
        group = groups.setdefault(row.section.id, TableGroup(row.section.heading, []))
        comment = row.comment
        content = comment_text(ctx.lang, comment)
        group.rows.append(TableRow(_author(ctx.lang, row), content, _result(ctx.lang, comment), comment.explanation or ""))
    lead = [
        ctx.t("doc.lead_period", start=local_time(ctx, draft.published_at), end=local_time(ctx, draft.deadline)),
        ctx.t(
            "doc.lead_counts",
            audience=draft.audience_count,
            comments=len(rows),
            anonymous=sum(r.comment.anonymous for r in rows),
            commented=len(groups),
            sections=sections,
        ),
    ]
    return Synthesis(ctx.lang, draft.title or "", lead, list(groups.values()), ctx.now.astimezone(ctx.settings.timezone).date())


@router.callback("dx", role="official", check=Check("manage", in_payload("draft", 2)))
async def export(ctx: Context) -> list[Reply]:
    """dx:d:<draft> the table as DOCX, dx:x:<draft> as XLSX (after the deadline)."""
    parts = payload_parts(ctx)
    draft = await _draft(ctx, parts[2]) if len(parts) == 3 and parts[1] in ("d", "x") else None
    if draft is None:
        return [Reply(ctx.t("error.stale_button"), notice=True)]
    if is_open(draft, ctx.now):
        return [Reply(ctx.t("synthesis.still_open", deadline=local_time(ctx, draft.deadline)), notice=True)]
    rows = await store.draft_comments(ctx.session, draft.id)
    sheet = _sheet(ctx, draft, rows, len(await store.sections(ctx.session, draft.id)))
    from handlers import draft_table  # python-docx and openpyxl load with the first table asked for

    if parts[1] == "d":
        content, name, mime = await asyncio.to_thread(draft_table.synthesis_docx, sheet, ctx.org), "docx", DOCX_MIME
    else:
        content, name, mime = await asyncio.to_thread(draft_table.synthesis_xlsx, sheet), "xlsx", XLSX_MIME
    out = OutFile(f"tong-hop-y-kien-du-thao-{draft.id}.{name}", content, mime)
    return [Reply(ctx.t("synthesis.export_caption", title=draft.title), document=out)]
