"""The council's review of a round: each nomination with its endorsements, scored against the criteria with
buttons, a decision with its reason, the results (ties and missing scores shown, never guessed), and the
list with scores and decisions as DOCX in the organisation's document profile (the draft annex of the
"quyết định khen thưởng")."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.conversation import Check, Context, Router, in_payload, in_payload_by_action, in_state
from bot.messages import OutFile, Reply
from bot.org import Organisation
from bot.reading import number, number_at
from bot.texts import num, t
from handlers.base import DOCX_MIME, buttons, payload_parts, resend_files, text_problem
from handlers.draft_files import short_heading
from handlers.honours import category_label, find_round, managed_round, stale, under_review
from storage import honours as store
from storage.honours import REVIEWED, NominationRow
from storage.models import HonourRound, HonourScore, Person

router = Router()

SCORES = (1, 2, 3, 4, 5)
DECISION_ORDER = {"honoured": 0, "not_honoured": 1}  # the annex lists the honoured first, undecided last
REASON_MAX = 1000
CARD_TEXT = 1500


@dataclass(frozen=True)
class Tally:
    """A nomination's scores so far: each criterion's mean over the members who scored it, their mean,
    and how many criteria each council member has left unscored."""

    by_criterion: list[float | None]
    missing: dict[int, int]

    @property
    def average(self) -> float | None:
        given = [value for value in self.by_criterion if value is not None]
        return sum(given) / len(given) if given else None

    @property
    def complete(self) -> bool:
        return not self.missing and all(value is not None for value in self.by_criterion)


def tally(criteria: int, council: Sequence[int], scores: Sequence[HonourScore]) -> Tally:
    """Every score given counts; a member who has not scored a criterion is listed, never filled in."""
    given: list[list[int]] = [[] for _ in range(criteria)]
    scored: dict[int, set[int]] = {}
    for score in scores:
        if 0 <= score.criterion < criteria:
            given[score.criterion].append(score.score)
            if score.member_id is not None:
                scored.setdefault(score.member_id, set()).add(score.criterion)
    missing = {member: criteria - len(scored.get(member, set())) for member in council}
    return Tally([sum(g) / len(g) if g else None for g in given], {m: n for m, n in missing.items() if n})


@dataclass(frozen=True)
class Reviewed:
    """One nomination under review with its tally."""

    row: NominationRow
    tally: Tally


async def reviewed(ctx: Context, honour_round: HonourRound) -> tuple[list[Reviewed], list[int]]:
    """The nominations the council reviews (consented or typed in), with their tallies, and the council."""
    rows = await store.nominations(ctx.session, honour_round.id, REVIEWED)
    council = await store.council_ids(ctx.session, honour_round.id)
    scores = await store.scores(ctx.session, [r.nomination.id for r in rows])
    by_nomination: dict[int, list[HonourScore]] = {}
    for score in scores:
        by_nomination.setdefault(score.nomination_id, []).append(score)
    criteria = len(honour_round.criteria)
    return [Reviewed(row, tally(criteria, council, by_nomination.get(row.nomination.id, []))) for row in rows], council


def ranked(items: list[Reviewed]) -> list[tuple[Reviewed, bool]]:
    """Highest average first (unscored last), each with whether another in the list has the same average."""
    order = sorted(items, key=lambda r: (r.tally.average is None, -(r.tally.average or 0), r.row.nomination.id))
    rounded = [round(r.tally.average, 2) if r.tally.average is not None else None for r in order]
    return [(r, value is not None and rounded.count(value) > 1) for r, value in zip(order, rounded, strict=True)]


def by_category(items: list[Reviewed]) -> dict[str, list[tuple[Reviewed, bool]]]:
    """Each category's nominations ranked, the categories in the order they first appear."""
    categories = dict.fromkeys(item.row.nomination.category for item in items)
    return {c: ranked([item for item in items if item.row.nomination.category == c]) for c in categories}


def score_text(language: str, value: float | None) -> str:
    return num(language, value, 2) if value is not None else "—"


# ------------------------------------------------------------------ what the council acts on


async def _reviewable(ctx: Context, nomination_key: object) -> tuple[HonourRound, NominationRow] | list[Reply]:
    """A nomination under review now (the policy's `council` was checked as the button or the reason came), or the
    answer why not."""
    key = number(str(nomination_key))
    row = await store.nomination_row(ctx.session, key) if key is not None else None
    honour_round = await find_round(ctx, row.nomination.round_id) if row is not None else None
    if row is None or honour_round is None or row.nomination.consent not in REVIEWED:
        ctx.finish()
        return stale(ctx)
    if not under_review(honour_round, ctx.now):
        ctx.finish()
        return [Reply(ctx.t("honour.not_now"), notice=ctx.inbound.payload is not None)]
    return honour_round, row


# ------------------------------------------------------------------ a nomination's card, scoring, decisions


async def card(ctx: Context, honour_round: HonourRound, row: NominationRow, *, edit: bool) -> Reply:
    """The nomination, its endorsements, this member's scores and the decision, with the ways to act and move."""
    nomination = row.nomination
    items, _ = await reviewed(ctx, honour_round)
    ids = [item.row.nomination.id for item in items]
    index = ids.index(nomination.id)
    support = (await store.endorsements(ctx.session, [nomination.id]))[nomination.id]
    mine = {s.criterion: s.score for s in await store.scores(ctx.session, [nomination.id]) if s.member_id == ctx.person.id}
    nominator = row.nominator.full_name if row.nominator is not None and row.nominator.full_name else ctx.t("honour.unsigned")
    lines = [
        ctx.t("review.card", title=honour_round.title, n=index + 1, total=len(ids), name=row.name, workplace=row.workplace or "—"),
        ctx.t("review.category", category=category_label(ctx.lang, honour_round, nomination.category)),
        ctx.t("review.nominator", name=nominator, relation=ctx.t(f"honour.relation.{nomination.relation}")),
        ctx.t("review.achievements", text=short_heading(nomination.achievements, CARD_TEXT)),
    ]
    if nomination.attachments:
        lines.append(ctx.t("review.files", count=len(nomination.attachments)))
    lines.append(ctx.t("review.support", count=len(support)))
    lines += [f"• {name or ctx.t('honour.unsigned')}: {e.text}" for e, name in support]
    lines.append(ctx.t("review.your_scores"))
    lines += [f"{n}. {short_heading(c, 60)}: {mine.get(n - 1, '—')}" for n, c in enumerate(honour_round.criteria, 1)]
    if nomination.decision is not None:
        decision = ctx.t(f"honour.decision.{nomination.decision}")
        lines.append(ctx.t("review.decided", decision=decision, reason=nomination.reason or "—"))
    key = nomination.id
    rows = [
        [(ctx.t("review.score"), f"hs:c:{key}:0")]
        + ([(ctx.t("review.files_button", count=len(nomination.attachments)), f"hs:f:{key}")] if nomination.attachments else []),
        [(ctx.t("honour.decision.honoured"), f"hd:{key}:h"), (ctx.t("honour.decision.not_honoured"), f"hd:{key}:n")],
    ]
    moves = [(ctx.t("draft.previous"), f"hs:o:{ids[index - 1]}")] if index > 0 else []
    moves.append((ctx.t("honour.results"), f"hs:r:{honour_round.id}"))
    moves += [(ctx.t("draft.next"), f"hs:o:{ids[index + 1]}")] if index + 1 < len(ids) else []
    return Reply("\n".join(lines), buttons(*rows, moves), edit=edit)


def criterion_prompt(ctx: Context, honour_round: HonourRound, row: NominationRow, index: int) -> Reply:
    """One criterion at a time, scored 1–5 with buttons."""
    text = ctx.t(
        "review.ask_score", n=index + 1, total=len(honour_round.criteria), criterion=honour_round.criteria[index], name=row.name
    )
    key = row.nomination.id
    rows = buttons([(str(v), f"hs:s:{key}:{index}:{v}") for v in SCORES], [(ctx.t("review.back"), f"hs:o:{key}")])
    return Reply(text, rows, edit=True)


# The council's buttons: on a round (hs:b) or on one of its nominations. The results (hs:r) are also the managers':
# the policy's `review`, asked in `results`.
COUNCIL_TARGETS = {"b": "honour_round", **dict.fromkeys(("o", "c", "s", "f"), "nomination")}


@router.callback("hs", role="official", check=Check("council", in_payload_by_action(2, COUNCIL_TARGETS)))
async def review_button(ctx: Context) -> list[Reply]:
    """hs:b:<round> begin, hs:o:<nomination> a card, hs:c:<n>:<i> a criterion, hs:s:<n>:<i>:<score>, hs:f files,
    hs:r:<round> the results."""
    parts = payload_parts(ctx)
    action = parts[1] if len(parts) > 1 else ""
    if action in ("b", "r"):
        honour_round = await find_round(ctx, parts[2]) if len(parts) == 3 else None
        if honour_round is None:
            return stale(ctx)
        if action == "r":
            return await results(ctx, honour_round)
        items, _ = await reviewed(ctx, honour_round)
        if not under_review(honour_round, ctx.now) or not items:
            return [Reply(ctx.t("review.nothing" if under_review(honour_round, ctx.now) else "honour.not_now"), notice=True)]
        return [await card(ctx, honour_round, items[0].row, edit=False)]
    found = await _reviewable(ctx, parts[2] if len(parts) > 2 else "")
    if isinstance(found, list):
        return found
    honour_round, row = found
    criterion = number_at(parts, 3)
    criterion = -1 if criterion is None else criterion
    if action == "o":
        return [await card(ctx, honour_round, row, edit=True)]
    if action == "f":
        caption = row.name
        return resend_files(ctx, row.nomination.attachments, lambda i, n: ctx.t("review.file_caption", name=caption, index=i, count=n))
    if not 0 <= criterion < len(honour_round.criteria):
        return stale(ctx)
    if action == "c":
        return [criterion_prompt(ctx, honour_round, row, criterion)]
    score = number_at(parts, 4) if action == "s" and len(parts) == 5 else None
    if score is not None and score in SCORES:
        await store.record_score(ctx.session, row.nomination.id, ctx.person.id, criterion, score, ctx.now)
        if criterion + 1 < len(honour_round.criteria):
            return [criterion_prompt(ctx, honour_round, row, criterion + 1)]
        return [await card(ctx, honour_round, row, edit=True)]
    return stale(ctx)


@router.callback("hd", role="official", check=Check("council", in_payload("nomination", 1)))
async def decision_button(ctx: Context) -> list[Reply]:
    """hd:<nomination>:h|n — honour or not; the reason is typed next."""
    parts = payload_parts(ctx)
    if len(parts) != 3 or parts[2] not in ("h", "n"):
        return stale(ctx)
    found = await _reviewable(ctx, parts[1])
    if isinstance(found, list):
        return found
    _, row = found
    decision = "honoured" if parts[2] == "h" else "not_honoured"
    ctx.goto("hd.reason", nomination=row.nomination.id, decision=decision)
    ask = ctx.t("review.ask_reason", decision=ctx.t(f"honour.decision.{decision}"), name=row.name)
    return [Reply(ask, buttons([(ctx.t("review.back"), f"hs:o:{row.nomination.id}")]), free_text=True)]


@router.step("hd", role="official", check=Check("council", in_state("nomination", "nomination")))
async def reason_step(ctx: Context) -> list[Reply]:
    """The reason for the decision just chosen; the council member's right is checked again as it arrives."""
    data = ctx.state.data or {}
    found = await _reviewable(ctx, data.get("nomination", ""))
    if isinstance(found, list):
        return found
    problem = text_problem(ctx, REASON_MAX)
    if problem is not None:
        return [Reply(problem)]
    honour_round, row = found
    nomination = row.nomination
    nomination.decision, nomination.reason = data["decision"], " ".join((ctx.inbound.text or "").split())
    nomination.decided_by, nomination.decided_at = ctx.person.id, ctx.now
    ctx.finish()
    recorded = Reply(ctx.t("review.recorded", decision=ctx.t(f"honour.decision.{nomination.decision}"), name=row.name))
    return [recorded, await card(ctx, honour_round, row, edit=False)]


# ------------------------------------------------------------------ the results


async def results(ctx: Context, honour_round: HonourRound) -> list[Reply]:
    """Per category, the nominations by average score; ties and missing scores said in so many words."""
    refusal = await ctx.refusal("review", ("honour_round", str(honour_round.id)))
    if refusal is not None:
        return [Reply(refusal, notice=True)]
    items, council = await reviewed(ctx, honour_round)
    people = await store.people_by_id(ctx.session, council)
    lines = [ctx.t("review.results", title=honour_round.title, members=len(council))]
    for category, pairs in by_category(items).items():
        lines.append(f"\n{category_label(ctx.lang, honour_round, category)}")
        lines += [_result_line(ctx, n, item, tied, people) for n, (item, tied) in enumerate(pairs, 1)]
    if not items:
        lines.append(ctx.t("review.nothing"))
    return [Reply("\n".join(lines))]


def _result_line(ctx: Context, n: int, item: Reviewed, tied: bool, people: dict[int, Person]) -> str:
    nomination = item.row.nomination
    name = item.row.name or ctx.t("honour.unsigned")
    parts = [f"{n}. {name} — {ctx.t('review.average', score=score_text(ctx.lang, item.tally.average))}"]
    if tied:
        parts.append(ctx.t("review.tied"))
    if item.tally.missing:
        names = ", ".join(
            ctx.t("review.missing_one", name=_name(people.get(member)) or f"#{member}", count=count)
            for member, count in item.tally.missing.items()
        )
        parts.append(ctx.t("review.missing", names=names))
    decision = ctx.t(f"honour.decision.{nomination.decision}") if nomination.decision else ctx.t("review.undecided")
    parts.append(decision)
    return " · ".join(parts)


def _name(person: Person | None) -> str | None:
    return person.full_name if person is not None else None


# ------------------------------------------------------------------ the DOCX annex


@dataclass(frozen=True)
class AnnexRow:
    name: str
    workplace: str
    category: str
    by_criterion: str
    average: str
    scored: str  # how many council members scored every criterion, of how many
    decision: str
    reason: str


@dataclass(frozen=True)
class Annex:
    """Everything the annex shows, in the language it is written in."""

    language: str
    title: str
    criteria: list[str]
    members: int
    rows: list[AnnexRow]
    issued_on: date


ANNEX_COLUMNS_MM = (12, 52, 32, 44, 20, 20, 27, 45)


def annex_docx(annex: Annex, org: Organisation) -> bytes:
    """The list in the administrative layout: A4 landscape, the organisation's letterhead, the table, the signature."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # python-docx loads when a file is made, not at start-up
    from docx.shared import Mm, Pt

    from handlers import documents

    lang = annex.language
    document = documents.new_document(org, landscape=True)
    documents.letterhead(document, org, annex.issued_on, lang)
    documents.line(document, "", 13)
    documents.line(document, t(lang, "annex.type"), 14, bold=True)
    documents.line(document, t(lang, "annex.title", title=annex.title), 14, bold=True)
    code = org.symbol_code or "…"
    form = "annex.attached_party" if documents.is_party(org) else "annex.attached"
    attached = t(lang, form, code=code, org=org.name, year=annex.issued_on.year)
    documents.line(document, attached, 13, italic=True)
    documents.line(document, "", 13)
    criteria = "; ".join(f"({n}) {c}" for n, c in enumerate(annex.criteria, 1))
    for text in (t(lang, "annex.criteria", criteria=criteria), t(lang, "annex.scale", members=annex.members)):
        paragraph = documents.line(document, text, documents.body_size(org), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        paragraph.paragraph_format.first_line_indent = Mm(12.7)
        paragraph.paragraph_format.space_after = Pt(6)
    header = [t(lang, f"annex.col.{c}") for c in ("n", "name", "category", "criteria", "average", "scored", "decision", "reason")]
    table = documents.columns(document, 1 + len(annex.rows), ANNEX_COLUMNS_MM)
    table.style = "Table Grid"
    for r, values in enumerate([header, *_annex_cells(annex)]):
        for cell, value in zip(table.rows[r].cells, values, strict=True):
            align = WD_ALIGN_PARAGRAPH.CENTER if r == 0 else WD_ALIGN_PARAGRAPH.LEFT
            documents.line(cell, value, 12, bold=r == 0, align=align)
    documents.signature(document, org)
    return documents.save(document)


def _annex_cells(annex: Annex) -> list[list[str]]:
    """A row of the table per nomination: the name with the workplace under it, then its figures."""
    return [
        [str(n), f"{r.name}\n{r.workplace}" if r.workplace else r.name, r.category, r.by_criterion, r.average, r.scored, r.decision,
         r.reason]
        for n, r in enumerate(annex.rows, 1)
    ]


def annex_of(ctx: Context, honour_round: HonourRound, items: list[Reviewed], members: int) -> Annex:
    """The reviewed nominations, honoured first, each category by score; a declined nominee is never among them."""
    lang = ctx.lang
    ranked_items = [pair for pairs in by_category(items).values() for pair in pairs]
    order = sorted(ranked_items, key=lambda pair: DECISION_ORDER.get(pair[0].row.nomination.decision or "", 2))
    rows = []
    for item, _ in order:
        nomination, tallied = item.row.nomination, item.tally
        decision = t(lang, f"honour.decision.{nomination.decision}") if nomination.decision else t(lang, "review.undecided")
        rows.append(
            AnnexRow(
                name=item.row.name or t(lang, "honour.unsigned"),
                workplace=item.row.workplace,
                category=category_label(lang, honour_round, nomination.category),
                by_criterion="; ".join(f"({n}) {score_text(lang, v)}" for n, v in enumerate(tallied.by_criterion, 1)),
                average=score_text(lang, tallied.average),
                scored=f"{members - len(tallied.missing)}/{members}",
                decision=decision,
                reason=nomination.reason or "",
            )
        )
    issued_on = ctx.now.astimezone(ctx.zone).date()
    return Annex(lang, honour_round.title, list(honour_round.criteria), members, rows, issued_on)


@router.callback("hx", role="official", check=Check("manage", in_payload("honour_round", 1)))
async def annex_button(ctx: Context) -> list[Reply]:
    """hx:<round> — the list with the council's scores and the decisions as DOCX, for the round's managers."""
    parts = payload_parts(ctx)
    honour_round = await managed_round(ctx, parts[1] if len(parts) == 2 else "")
    if isinstance(honour_round, list):
        return honour_round
    items, council = await reviewed(ctx, honour_round)
    content = await asyncio.to_thread(annex_docx, annex_of(ctx, honour_round, items, len(council)), ctx.org)
    out = OutFile(f"danh-sach-khen-thuong-{honour_round.id}.docx", content, DOCX_MIME)
    return [Reply(ctx.t("annex.caption", title=honour_round.title, count=len(items)), document=out)]
