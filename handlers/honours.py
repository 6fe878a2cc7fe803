"""Honouring outstanding intellectuals: /newhonour (an official opens a round, an admin names its council),
/honours, nominations with the nominee's consent, endorsements, and the announcement of the decision
(through the broadcast engine) with every nominator told the outcome.

The council's review — scores, decisions, the results and the DOCX annex — is in `handlers.honour_review`.
A nominee in the bot is asked privately; until they accept nobody else sees the nomination, and one who
declines leaves nothing behind: no message or file ever names them.

Who may do what is the access policy's (`handlers.access`: a round is managed by its unit, nominated in by its
circle, read by both and its council); each command, button and step declares its check where it is registered.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

from bot.conversation import Check, Context, Router, in_payload, in_payload_by_action, in_state
from bot.messages import Reply
from bot.reading import number, number_at
from bot.texts import label, num, t
from handlers import access
from handlers.audience import choose_audience, on_chosen
from handlers.base import buttons, in_rows, numbered_choices, payload_parts, text_problem
from handlers.broadcasts import start_broadcast
from handlers.dates import when
from handlers.draft_files import short_heading
from handlers.forms import Draft, Field, Form, in_draft, parse_future
from handlers.profile import FIELDS, summary
from storage import honours as store
from storage import repo
from storage.audience import Audience, audience_ids, count_audience
from storage.honours import REVIEWED, NominationRow, nominations_open
from storage.models import HonourRound, Nomination

router = Router()

ACHIEVEMENTS_MAX = 3000
ENDORSEMENT_MAX = 300
NAME_MAX = 120
WORKPLACE_MAX = 200
FILES_MAX = 10
FOUND_MAX = 8
LISTED = 10
PAGE = 5
EXCERPT = 200
LOOK_BACK = timedelta(days=180)
RELATIONS = ("colleague", "supervisor", "association", "student", "other")  # "self" is known, not asked


# ------------------------------------------------------------------ shared


async def allowed(ctx: Context, check: str, honour_round: HonourRound) -> bool:
    """Whether the access policy allows `check` on the round to this person now (to show a button, list a round)."""
    return await ctx.refusal(check, ("honour_round", str(honour_round.id))) is None


async def may_nominate(ctx: Context, honour_round: HonourRound) -> bool:
    """In the round's circle, while nominations are open."""
    return nominations_open(honour_round, ctx.now) and await allowed(ctx, "take_part", honour_round)


def under_review(honour_round: HonourRound, now: datetime) -> bool:
    return not nominations_open(honour_round, now) and honour_round.announced_at is None


async def find_round(ctx: Context, key: object) -> HonourRound | None:
    round_id = number(str(key))
    return await ctx.session.get(HonourRound, round_id) if round_id is not None else None


def category_label(language: str, honour_round: HonourRound, value: str) -> str:
    """A free category as typed; a field of expertise by its name."""
    return value if honour_round.categories else label(language, "field", value)


def round_text(ctx: Context, honour_round: HonourRound) -> str:
    """The round as members read it: categories, criteria, who may nominate, and where it stands."""
    categories = honour_round.categories or [ctx.t("honour.by_field")]
    association = ctx.org.association(honour_round.association) if honour_round.association else None
    circle = association.name(ctx.lang) if association is not None else ctx.t("honour.everyone")
    if nominations_open(honour_round, ctx.now):
        stands = ctx.t("honour.until", deadline=when(ctx.lang, honour_round.deadline, ctx.zone))
    elif honour_round.announced_at is None:
        stands = ctx.t("honour.reviewing")
    else:
        stands = ctx.t("honour.announced", date=f"{honour_round.announced_at.astimezone(ctx.zone):%d/%m/%Y}")
    criteria = "\n".join(f"{n}. {c}" for n, c in enumerate(honour_round.criteria, 1))
    return ctx.t(
        "honour.card", title=honour_round.title, categories="; ".join(categories), criteria=criteria, circle=circle, stands=stands
    )


def stale(ctx: Context) -> list[Reply]:
    return [Reply(ctx.t("error.stale_button"), notice=True)]


def closed(ctx: Context) -> list[Reply]:
    """Nominations (and endorsements) are over: the flow ends."""
    ctx.finish()
    return [Reply(ctx.t("honour.closed"), notice=ctx.inbound.payload is not None)]


# ------------------------------------------------------------------ /newhonour


def _circle_options(ctx: Context, draft: Draft) -> list[tuple[str, str]]:
    return [("all", ctx.t("honour.everyone")), *((a.code, a.name(ctx.lang)) for a in ctx.org.associations)]


def _round_from(ctx: Context, draft: Draft) -> HonourRound:
    """An unsaved round made of the finished form."""
    return HonourRound(
        title=draft["title"],
        categories=draft["categories"] or [],
        criteria=draft["criteria"],
        association=None if draft["circle"] == "all" else draft["circle"],
        deadline=datetime.fromisoformat(draft["deadline"]),
        created_by=ctx.person.id,
        unit=ctx.person.unit,
        created_at=ctx.now,
    )


async def _preview_round(ctx: Context, draft: Draft, audience: Audience | None) -> str:
    return ctx.t("nh.preview", round=round_text(ctx, _round_from(ctx, draft)))


async def _open_round(ctx: Context, draft: Draft, audience: Audience | None) -> list[Reply]:
    """Save the round; an admin names its council at once, otherwise the admins are asked to."""
    honour_round = _round_from(ctx, draft)
    if honour_round.deadline <= ctx.now:
        return [Reply(ctx.t("nh.too_late"), edit=True)]
    ctx.session.add(honour_round)
    await ctx.session.flush()
    opened = Reply(ctx.t("nh.opened", title=honour_round.title), edit=True)
    if ctx.has_role("admin"):  # the council picker (hc) is for admins
        return [opened, await council_picker(ctx, honour_round, [], edit=False)]
    by = ctx.person.full_name or ctx.t("honour.an_official")
    for admin_id in await repo.people_with_role(ctx.session, "admin"):
        admin = await repo.find_person(ctx.session, admin_id)
        if admin is not None:
            language = admin.language
            text = t(language, "honour.council_needed", title=honour_round.title, by=by)
            await ctx.notify(admin_id, Reply(text, buttons([(t(language, "honour.name_council"), f"hc:o:{honour_round.id}")])))
    return [opened, Reply(ctx.t("nh.council_asked"))]


new_round = Form(
    "nh",
    (
        Field("title", 200),
        Field("categories", 100, items=(1, 10), skippable=True),
        Field("criteria", 200, items=(1, 5)),
        Field("circle", options=_circle_options),
        Field("deadline", 40, parse_future),
    ),
    _preview_round,
    _open_round,
    router,
    with_audience=False,
)


@router.command("newhonour", role="official", check=Check("manage"))
async def new_honour(ctx: Context) -> list[Reply]:
    """Open a round of honours: title, categories, criteria, who may nominate, deadline; then its council."""
    return await new_round.begin(ctx)


# ------------------------------------------------------------------ the council, named by an admin


async def council_picker(ctx: Context, honour_round: HonourRound, chosen: Sequence[int] | None, *, edit: bool) -> Reply:
    """Officials and admins as toggles; the choice is kept in the conversation until Done."""
    if chosen is None:
        chosen = await store.council_ids(ctx.session, honour_round.id)
    ctx.goto("hc.pick", round=honour_round.id, council=list(chosen))
    candidates = await store.council_candidates(ctx.session)
    pairs = [
        (("✓ " if p.id in chosen else "") + (p.full_name or f"#{p.id}"), f"hc:t:{honour_round.id}:{p.id}") for p in candidates
    ]
    rows = in_rows(pairs, 2) + buttons([(ctx.t("honour.council_done", count=len(chosen)), f"hc:ok:{honour_round.id}")])
    return Reply(ctx.t("honour.council_pick", title=honour_round.title), rows, edit=edit)


@router.callback("hc", role="admin")
async def council_button(ctx: Context) -> list[Reply]:
    """hc:o:<round> open the picker, hc:t:<round>:<person> toggle, hc:ok:<round> save (admins, until announced)."""
    parts = payload_parts(ctx)
    honour_round = await find_round(ctx, parts[2]) if len(parts) >= 3 else None
    if honour_round is None or honour_round.announced_at is not None:
        return stale(ctx)
    action = parts[1]
    if action == "o":
        return [await council_picker(ctx, honour_round, None, edit=False)]
    data = ctx.state.data or {}
    if ctx.step != "hc.pick" or data.get("round") != honour_round.id:
        return [Reply(ctx.t("error.already_answered"), notice=True)]
    chosen = [int(p) for p in data.get("council", [])]
    person_id = number_at(parts, 3) if action == "t" and len(parts) == 4 else None
    if person_id is not None:
        if person_id not in {p.id for p in await store.council_candidates(ctx.session)}:
            return stale(ctx)
        chosen = [p for p in chosen if p != person_id] if person_id in chosen else [*chosen, person_id]
        return [await council_picker(ctx, honour_round, chosen, edit=True)]
    if action == "ok":
        return await _save_council(ctx, honour_round, chosen)
    return stale(ctx)


@router.step("hc", role="admin")
async def council_text(ctx: Context) -> list[Reply]:
    """Typing while the council is being chosen: show the picker again."""
    honour_round = await find_round(ctx, ctx.state.data.get("round", ""))
    if honour_round is None or honour_round.announced_at is not None:
        ctx.finish()
        return [Reply(ctx.t("honour.too_late"))]
    return [await council_picker(ctx, honour_round, [int(p) for p in ctx.state.data.get("council", [])], edit=False)]


async def _save_council(ctx: Context, honour_round: HonourRound, chosen: list[int]) -> list[Reply]:
    """Keep the council (only people still officials or admins) and tell those newly named."""
    eligible = {p.id for p in await store.council_candidates(ctx.session)}
    chosen = [p for p in chosen if p in eligible]
    before = set(await store.council_ids(ctx.session, honour_round.id))
    await store.set_council(ctx.session, honour_round.id, chosen)
    ctx.finish()
    people = await store.people_by_id(ctx.session, chosen)
    for person_id in chosen:
        if person_id not in before and person_id != ctx.person.id:
            language = people[person_id].language
            await ctx.notify(person_id, Reply(t(language, "honour.council_named", title=honour_round.title)))
    names = ", ".join(people[p].full_name or f"#{p}" for p in chosen) or ctx.t("honour.no_council")
    return [Reply(ctx.t("honour.council_saved", title=honour_round.title, names=names), edit=True)]


# ------------------------------------------------------------------ /honours and a round's card


async def _listed(ctx: Context, honour_round: HonourRound) -> bool:
    """Whether /honours lists the round: open or announced, to those who may read it; under review, to its council
    and managers."""
    if nominations_open(honour_round, ctx.now) or honour_round.announced_at is not None:
        return await allowed(ctx, "read", honour_round)
    return await allowed(ctx, "review", honour_round)


@router.command("honours")
async def honours_command(ctx: Context) -> list[Reply]:
    """Rounds open for nominations (and, for the council and the round's managers, those under review)."""
    rounds = [r for r in await store.recent_rounds(ctx.session, ctx.now - LOOK_BACK, 50) if await _listed(ctx, r)]
    told = [Reply(ctx.t("access.no_unit"))] if ctx.has_role("official") and access.scope(ctx) is None else []
    if not rounds:
        return [*told, Reply(ctx.t("honour.none"))]
    entries = []
    for honour_round in rounds[:LISTED]:
        if nominations_open(honour_round, ctx.now):
            stands = ctx.t("honour.until", deadline=when(ctx.lang, honour_round.deadline, ctx.zone))
        else:
            stands = ctx.t("honour.reviewing") if honour_round.announced_at is None else ctx.t("honour.done")
        entries.append((f"{honour_round.title} — {stands}", short_heading(honour_round.title, 40), f"hr:o:{honour_round.id}"))
    return [*told, numbered_choices(ctx.t("honour.list"), entries)]


async def round_card(ctx: Context, honour_round: HonourRound, *, edit: bool) -> Reply:
    """The round with the buttons this person may use now."""
    rows: list[list[tuple[str, str]]] = []
    key = honour_round.id
    if await may_nominate(ctx, honour_round):
        rows.append([(ctx.t("honour.nominate"), f"hr:n:{key}")])
    if await allowed(ctx, "read", honour_round):
        shown = (await store.consent_counts(ctx.session, key)).get("accepted", 0)
        if shown:
            rows.append([(ctx.t("honour.nominations", count=shown), f"hr:l:{key}:0")])
    if await store.nominations_by(ctx.session, key, ctx.person.id):
        rows.append([(ctx.t("honour.mine"), f"hr:m:{key}")])
    if under_review(honour_round, ctx.now) and await allowed(ctx, "council", honour_round):
        rows.append([(ctx.t("honour.review"), f"hs:b:{key}")])
    if await allowed(ctx, "manage", honour_round):
        rows.append([(ctx.t("honour.manage"), f"hm:o:{key}")])
    return Reply(round_text(ctx, honour_round), buttons(*rows), edit=edit)


# hr:n (nominate) needs the round's circle, hr:l (its nominations) to read it; its card and one's own nominations
# need nothing more than having joined.
@router.callback("hr", check=Check("take_part", in_payload_by_action(2, {"n": "honour_round"})))
async def round_button(ctx: Context) -> list[Reply]:
    """hr:o:<round> its card, hr:n nominate, hr:l:<round>:<page>[:e] the consented nominations (e: turning the page
    in place), hr:m my nominations."""
    parts = payload_parts(ctx)
    honour_round = await find_round(ctx, parts[2]) if len(parts) >= 3 else None
    if honour_round is None:
        return stale(ctx)
    action = parts[1]
    if action == "o":
        return [await round_card(ctx, honour_round, edit=False)]
    if action == "n":
        if not nominations_open(honour_round, ctx.now):
            return closed(ctx)
        ctx.finish()
        ctx.goto("hw.name", round=honour_round.id)
        return [_ask_whom(ctx, honour_round)]
    if action == "l":
        refusal = await ctx.refusal("read", ("honour_round", str(honour_round.id)))
        if refusal is not None:
            return [Reply(refusal, notice=True)]
        page = number_at(parts, 3) or 0
        return [await nominations_page(ctx, honour_round, page, edit=len(parts) > 4)]
    if action == "m":
        return [await my_nominations(ctx, honour_round)]
    return stale(ctx)


async def nominations_page(ctx: Context, honour_round: HonourRound, page: int, *, edit: bool) -> Reply:
    """Consented nominations, five to a page, each with its endorsements counted and a button to endorse."""
    rows = await store.nominations(ctx.session, honour_round.id, ("accepted",))
    pages = max(1, -(-len(rows) // PAGE))
    page = min(max(page, 0), pages - 1)
    shown = rows[page * PAGE : (page + 1) * PAGE]
    support = await store.endorsements(ctx.session, [r.nomination.id for r in shown])
    lines = [ctx.t("honour.list_head", title=honour_round.title, page=page + 1, pages=pages)]
    choices: list[list[tuple[str, str]]] = []
    for n, row in enumerate(shown, start=page * PAGE + 1):
        nomination = row.nomination
        excerpt = short_heading(" ".join(nomination.achievements.split()), EXCERPT)
        category = category_label(ctx.lang, honour_round, nomination.category)
        lines.append(ctx.t("honour.list_line", n=n, name=row.name, category=category, text=excerpt, count=len(support[nomination.id])))
        if await _may_endorse(ctx, honour_round, row):
            choices.append([(ctx.t("honour.endorse", n=n), f"he:{nomination.id}")])
    turns = [(ctx.t("draft.previous"), f"hr:l:{honour_round.id}:{page - 1}:e")] if page > 0 else []
    turns += [(ctx.t("draft.next"), f"hr:l:{honour_round.id}:{page + 1}:e")] if page + 1 < pages else []
    return Reply("\n".join(lines), buttons(*choices, *([turns] if turns else [])), edit=edit)


async def my_nominations(ctx: Context, honour_round: HonourRound) -> Reply:
    """The person's own nominations in the round and where each stands (no name where the nominee did not accept)."""
    rows = await store.nominations_by(ctx.session, honour_round.id, ctx.person.id)
    lines = [ctx.t("honour.mine_head", title=honour_round.title)]
    for n, row in enumerate(rows, 1):
        nomination = row.nomination
        category = category_label(ctx.lang, honour_round, nomination.category)
        if nomination.consent in ("declined", "withdrawn"):
            lines.append(ctx.t("honour.mine_dropped", n=n, category=category))
        else:
            stands = ctx.t(f"honour.consent.{nomination.consent}")
            lines.append(ctx.t("honour.mine_line", n=n, name=row.name, category=category, stands=stands))
    return Reply("\n".join(lines))


# ------------------------------------------------------------------ whom: a findable person, oneself, or a name typed in


def _ask_whom(ctx: Context, honour_round: HonourRound) -> Reply:
    rows = buttons([(ctx.t("honour.myself"), f"hw:self:{honour_round.id}"), (ctx.t("draft.cancel"), f"hw:x:{honour_round.id}")])
    return Reply(ctx.t("honour.ask_whom", title=honour_round.title), rows, free_text=True)


def searchable(text: str) -> str:
    """A name as it is matched: no diacritics (đ as d), no case, single spaces."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return " ".join(bare.replace("đ", "d").replace("Đ", "D").casefold().split())


def matches(query: str, name: str) -> bool:
    """Every word typed begins a word of the name: `hoa` finds Nguyễn Thị Hoa, `thi h` too."""
    words = searchable(name).split()
    return all(any(word.startswith(part) for word in words) for part in searchable(query).split())


async def _search(ctx: Context, honour_round: HonourRound) -> list[Reply]:
    """People who agreed to be found whose name matches what was typed; or the way to nominate by name."""
    problem = text_problem(ctx, NAME_MAX)
    if problem is not None:
        return [Reply(problem), _ask_whom(ctx, honour_round)]
    typed = " ".join((ctx.inbound.text or "").split())
    found = [p for p in await store.findable_people(ctx.session) if matches(typed, p[1])][:FOUND_MAX]
    ctx.goto("hw.pick", typed=typed)
    key = honour_round.id
    rows = [[(_person_label(ctx, name, field), f"hw:p:{key}:{person_id}")] for person_id, name, field in found]
    rows += [[(ctx.t("honour.by_name", name=short_heading(typed, 30)), f"hw:t:{key}")], [(ctx.t("draft.cancel"), f"hw:x:{key}")]]
    text = ctx.t("honour.found") if found else ctx.t("honour.not_found", name=typed)
    return [Reply(text, buttons(*rows))]  # a menu: a digit chooses, another name typed searches again


def _person_label(ctx: Context, name: str, field: str | None) -> str:
    """`Lò Thị Sơn — Y tế`: enough to tell two people of the same name apart, and nothing more."""
    return short_heading(f"{name} — {label(ctx.lang, 'field', field)}" if field else name, 60)


async def _whom_round(ctx: Context, key: object) -> HonourRound | list[Reply]:
    """The round of the nomination being begun, or the answer when it is gone or closed."""
    honour_round = await find_round(ctx, key)
    if honour_round is None:
        ctx.finish()
        return stale(ctx)
    return honour_round if nominations_open(honour_round, ctx.now) else closed(ctx)


@router.step("hw", check=Check("take_part", in_state("honour_round", "round")))
async def whom_step(ctx: Context) -> list[Reply]:
    """A typed name (searched), or the workplace of someone nominated by name."""
    found = await _whom_round(ctx, (ctx.state.data or {}).get("round", ""))
    if isinstance(found, list):
        return found
    if ctx.step == "hw.workplace":
        problem = text_problem(ctx, WORKPLACE_MAX)
        if problem is not None:
            return [Reply(problem)]
        typed = str(ctx.state.data.get("typed", ""))
        workplace = " ".join((ctx.inbound.text or "").split())
        return await _begin_nomination(ctx, found, nominee_name=typed, nominee_workplace=workplace)
    return await _search(ctx, found)


@router.callback("hw", check=Check("take_part", in_payload("honour_round", 2)))
async def whom_button(ctx: Context) -> list[Reply]:
    """hw:self oneself, hw:p:<round>:<person> a person found, hw:t the name typed, hw:x cancel."""
    parts = payload_parts(ctx)
    if len(parts) < 3:
        return stale(ctx)
    if parts[1] == "x":
        ctx.finish()
        return [Reply(ctx.t("form.dropped"), edit=True)]
    found = await _whom_round(ctx, parts[2])
    if isinstance(found, list):
        return found
    if not (ctx.step or "").startswith("hw.") or ctx.state.data.get("round") != found.id:
        return [Reply(ctx.t("error.already_answered"), notice=True)]
    if parts[1] == "self" or (parts[1] == "p" and parts[3:] == [str(ctx.person.id)]):
        if not ctx.person.full_name:
            return [Reply(ctx.t("honour.name_first"), notice=True)]
        return await _begin_nomination(ctx, found, nominee_id=ctx.person.id, relation="self")
    person_id = number_at(parts, 3) if parts[1] == "p" and len(parts) == 4 else None
    if person_id is not None:
        if person_id not in {p[0] for p in await store.findable_people(ctx.session)}:
            return stale(ctx)
        return await _begin_nomination(ctx, found, nominee_id=person_id)
    if parts[1] == "t" and ctx.state.data.get("typed"):
        ctx.goto("hw.workplace")
        return [Reply(ctx.t("honour.ask_workplace", name=ctx.state.data["typed"]), edit=True)]
    return stale(ctx)


async def _begin_nomination(ctx: Context, honour_round: HonourRound, **nominee: str | int) -> list[Reply]:
    """The rest of the nomination in the shared form: category, achievements, files, relation."""
    nominee_id = nominee.get("nominee_id")
    if isinstance(nominee_id, int) and await store.nominated_already(ctx.session, honour_round.id, ctx.person.id, nominee_id):
        ctx.finish()
        return [Reply(ctx.t("honour.already_nominated"))]
    categories = honour_round.categories or list(FIELDS)
    return await nomination_form.begin(
        ctx, round=honour_round.id, categories=categories, by_field=not honour_round.categories, **nominee
    )


# ------------------------------------------------------------------ the nomination form


def _category_options(ctx: Context, draft: Draft) -> list[tuple[str, str]]:
    return [(value, label(ctx.lang, "field", value) if draft.get("by_field") else value) for value in draft.get("categories", [])]


async def _nomination_guard(ctx: Context, draft: Draft) -> str | None:
    """Nominations close at the deadline: asked at every step (the circle is the form's access check)."""
    honour_round = await find_round(ctx, draft.get("round", ""))
    if honour_round is None:
        return ctx.t("error.stale_button")
    return None if nominations_open(honour_round, ctx.now) else ctx.t("honour.closed")


async def _nominee_label(ctx: Context, draft: Draft) -> str:
    if draft.get("nominee_id") is not None:
        person = await repo.find_person(ctx.session, int(draft["nominee_id"]))
        return (person.full_name or "") if person is not None else ""
    return f"{draft.get('nominee_name', '')} ({draft.get('nominee_workplace', '')})"


async def _preview_nomination(ctx: Context, draft: Draft, audience: Audience | None) -> str:
    honour_round = await find_round(ctx, draft["round"])
    assert honour_round is not None
    relation = ctx.t(f"honour.relation.{draft['relation']}")
    if draft.get("nominee_id") == ctx.person.id:
        note = ctx.t("honour.note_self")
    else:
        note = ctx.t("honour.note_asked" if draft.get("nominee_id") is not None else "honour.note_typed")
    return ctx.t(
        "hn.preview",
        title=honour_round.title,
        name=await _nominee_label(ctx, draft),
        category=category_label(ctx.lang, honour_round, draft["category"]),
        achievements=draft["achievements"],
        files=len(draft.get("files") or []),
        relation=relation,
        note=note,
    )


async def _send_nomination(ctx: Context, draft: Draft, audience: Audience | None) -> list[Reply]:
    """Keep the nomination; a nominee in the bot (not oneself) is asked privately whether they accept."""
    honour_round = await find_round(ctx, draft["round"])
    assert honour_round is not None
    nominee_id = draft.get("nominee_id")
    if nominee_id is not None and await store.nominated_already(ctx.session, honour_round.id, ctx.person.id, nominee_id):
        return [Reply(ctx.t("honour.already_nominated"), edit=True)]
    asked = nominee_id is not None and nominee_id != ctx.person.id
    nomination = Nomination(
        round_id=honour_round.id,
        nominator_id=ctx.person.id,
        nominee_id=nominee_id,
        nominee_name=draft.get("nominee_name"),
        nominee_workplace=draft.get("nominee_workplace"),
        category=draft["category"],
        achievements=draft["achievements"],
        attachments=draft.get("files") or [],
        relation=draft["relation"],
        consent="pending" if asked else ("accepted" if nominee_id is not None else "not_asked"),
        created_at=ctx.now,
    )
    ctx.session.add(nomination)
    await ctx.session.flush()
    if asked:
        await _ask_consent(ctx, honour_round, nomination)
    return [Reply(ctx.t("honour.sent_asked" if asked else "honour.sent"), edit=True)]


async def _ask_consent(ctx: Context, honour_round: HonourRound, nomination: Nomination) -> None:
    """The nominee is asked in their private chat; the message leaves no link to them in the outbox."""
    nominee = await repo.find_person(ctx.session, int(nomination.nominee_id or 0))
    if nominee is None:
        return
    language = nominee.language
    text = t(
        language,
        "honour.consent_request",
        by=ctx.person.full_name or t(language, "honour.a_member"),
        relation=t(language, f"honour.relation.{nomination.relation}"),
        title=honour_round.title,
        category=category_label(language, honour_round, nomination.category),
        achievements=short_heading(nomination.achievements, 1500),
    )
    choices = buttons([(t(language, "honour.accept"), f"hy:{nomination.id}:y"), (t(language, "honour.decline"), f"hy:{nomination.id}:n")])
    await ctx.notify(nominee.id, Reply(text, choices, private=True))


nomination_form = Form(
    "hn",
    (
        Field("category", options=_category_options),
        Field("achievements", ACHIEVEMENTS_MAX),
        Field("files", files=FILES_MAX, skippable=True),
        Field("relation", options=lambda ctx, draft: [(r, ctx.t(f"honour.relation.{r}")) for r in RELATIONS]),
    ),
    _preview_nomination,
    _send_nomination,
    router,
    with_audience=False,
    role="member",
    check=Check("take_part", in_draft("honour_round", "round")),
    guard=_nomination_guard,
)


@router.callback("hy", check=Check("nominee", in_payload("nomination", 1)))
async def consent_button(ctx: Context) -> list[Reply]:
    """hy:<nomination>:y|n — the nominee accepts, or declines and leaves nothing behind."""
    parts = payload_parts(ctx)
    key = number_at(parts, 1) if len(parts) == 3 else None
    nomination = await ctx.session.get(Nomination, key) if key is not None else None
    if nomination is None or nomination.nominee_id is None or parts[2] not in ("y", "n"):  # gone, or declined
        return stale(ctx)
    honour_round = await find_round(ctx, nomination.round_id)
    if nomination.consent != "pending" or honour_round is None:
        return [Reply(ctx.t("error.already_answered"), notice=True)]
    if honour_round.announced_at is not None:
        return [Reply(ctx.t("honour.too_late"), edit=True)]
    if parts[2] == "y":
        nomination.consent, nomination.answered_at = "accepted", ctx.now
        return [Reply(ctx.t("honour.accepted", title=honour_round.title), edit=True)]
    store.scrub_nominee(nomination, "declined", ctx.now)
    await store.drop_support(ctx.session, nomination.id)
    return [Reply(ctx.t("honour.declined"), edit=True, private=True)]  # queued with no link to who declined


# ------------------------------------------------------------------ endorsements


async def _may_endorse(ctx: Context, honour_round: HonourRound, row: NominationRow) -> bool:
    """Once each, while nominations are open, by someone other than the nominator and the nominee (who may read the
    nominations: the policy's `read`, checked when the button or the sentence comes)."""
    nomination = row.nomination
    if nomination.consent != "accepted" or ctx.person.id in (nomination.nominator_id, nomination.nominee_id):
        return False
    if not nominations_open(honour_round, ctx.now):
        return False
    return not await store.has_endorsed(ctx.session, nomination.id, ctx.person.id)


async def _endorsable(ctx: Context, key: object) -> tuple[HonourRound, NominationRow] | list[Reply]:
    nomination_id = number(str(key))
    row = await store.nomination_row(ctx.session, nomination_id) if nomination_id is not None else None
    honour_round = await find_round(ctx, row.nomination.round_id) if row is not None else None
    if row is None or honour_round is None or row.nomination.consent != "accepted":
        ctx.finish()
        return stale(ctx)
    if not await _may_endorse(ctx, honour_round, row):
        ctx.finish()
        return [Reply(ctx.t("honour.cannot_endorse"), notice=ctx.inbound.payload is not None)]
    return honour_round, row


@router.callback("he", check=Check("read", in_payload("nomination", 1)))  # he:x (cancel) names none
async def endorse_button(ctx: Context) -> list[Reply]:
    """he:<nomination> begin an endorsement; he:x cancel."""
    parts = payload_parts(ctx)
    if parts[1:] == ["x"]:
        ctx.finish()
        return [Reply(ctx.t("form.dropped"), edit=True)]
    found = await _endorsable(ctx, parts[1] if len(parts) == 2 else "")
    if isinstance(found, list):
        return found
    _, row = found
    ctx.goto("he.text", nomination=row.nomination.id)
    ask = ctx.t("honour.ask_endorsement", name=row.name, limit=ENDORSEMENT_MAX)
    return [Reply(ask, buttons([(ctx.t("draft.cancel"), "he:x")]), free_text=True)]


@router.step("he", check=Check("read", in_state("nomination", "nomination")))
async def endorsement_text(ctx: Context) -> list[Reply]:
    """The sentence of support, checked again against the round's rules as it arrives."""
    found = await _endorsable(ctx, (ctx.state.data or {}).get("nomination", ""))
    if isinstance(found, list):
        return found
    problem = text_problem(ctx, ENDORSEMENT_MAX)
    if problem is not None:
        return [Reply(problem)]
    _, row = found
    ctx.finish()
    await store.add_endorsement(ctx.session, row.nomination.id, ctx.person.id, " ".join((ctx.inbound.text or "").split()), ctx.now)
    return [Reply(ctx.t("honour.endorsed", name=row.name))]


# ------------------------------------------------------------------ the profile's consent to be found by name


@router.callback("hf")
async def findable_button(ctx: Context) -> list[Reply]:
    """One tap agrees to be found by name when someone nominates; another withdraws it."""
    ctx.person.findable_at = None if ctx.person.findable_at else ctx.now
    notice = Reply(ctx.t("profile.findable_set" if ctx.person.findable_at else "profile.findable_unset"), notice=True)
    return [summary(ctx, edit=True), notice]


# ------------------------------------------------------------------ managing a round, and announcing the decision


async def manage_card(ctx: Context, honour_round: HonourRound, *, edit: bool) -> Reply:
    """Where the round stands, its council, and the tools of this moment."""
    counts = await store.consent_counts(ctx.session, honour_round.id)
    council = await store.people_by_id(ctx.session, await store.council_ids(ctx.session, honour_round.id))
    names = ", ".join(p.full_name or f"#{p.id}" for p in council.values()) or ctx.t("honour.no_council")
    text = ctx.t(
        "honour.manage_card",
        round=round_text(ctx, honour_round),
        accepted=counts.get("accepted", 0),
        pending=counts.get("pending", 0),
        typed=counts.get("not_asked", 0),
        dropped=counts.get("declined", 0) + counts.get("withdrawn", 0),
        council=names,
    )
    key = honour_round.id
    rows: list[list[tuple[str, str]]] = []
    if honour_round.announced_at is None and ctx.has_role("admin"):  # the council picker (hc) is for admins
        rows.append([(ctx.t("honour.council_button"), f"hc:o:{key}")])
    if nominations_open(honour_round, ctx.now):
        rows.append([(ctx.t("honour.close_now"), f"hm:c:{key}")])
    else:
        rows.append([(ctx.t("honour.results"), f"hs:r:{key}"), (ctx.t("honour.docx"), f"hx:{key}")])
    if under_review(honour_round, ctx.now):
        rows.append([(ctx.t("honour.announce"), f"hm:a:{key}")])
    return Reply(text, buttons(*rows), edit=edit)


async def managed_round(ctx: Context, key: object) -> HonourRound | list[Reply]:
    """The round a manager's button names (the policy's `manage` was checked when it was pressed), or the answer
    when it is gone."""
    honour_round = await find_round(ctx, key)
    return stale(ctx) if honour_round is None else honour_round


async def undecided(ctx: Context, honour_round: HonourRound) -> int:
    rows = await store.nominations(ctx.session, honour_round.id, REVIEWED)
    return sum(row.nomination.decision is None for row in rows)


@router.callback("hm", role="official", check=Check("manage", in_payload("honour_round", 2)))
async def manage_button(ctx: Context) -> list[Reply]:
    """hm:o:<round> the view, hm:c close nominations now, hm:a announce (audience, preview), hm:s send, hm:d drop."""
    parts = payload_parts(ctx)
    honour_round = await managed_round(ctx, parts[2] if len(parts) == 3 else "")
    if isinstance(honour_round, list):
        return honour_round
    action = parts[1]
    if action == "o":
        return [await manage_card(ctx, honour_round, edit=False)]
    if action == "c":
        if nominations_open(honour_round, ctx.now):
            honour_round.closed_at = ctx.now
            await _tell_council(ctx, honour_round)
        return [await manage_card(ctx, honour_round, edit=True)]
    if action in ("a", "s") and honour_round.announced_at is not None:
        return [Reply(ctx.t("honour.too_late"), notice=True)]
    if action in ("a", "s"):
        waiting = await undecided(ctx, honour_round)
        if not under_review(honour_round, ctx.now) or waiting:
            return [Reply(ctx.t("honour.undecided", count=waiting) if waiting else ctx.t("honour.not_now"), notice=True)]
    if action == "a":
        ctx.goto("hm.audience", round=honour_round.id)
        return await choose_audience(ctx, "honours")
    if ctx.step != "hm.preview" or ctx.state.data.get("round") != honour_round.id:
        return [Reply(ctx.t("error.already_answered"), notice=True)]
    if action == "d":
        ctx.finish()
        return [Reply(ctx.t("form.dropped"), edit=True)]
    if action == "s":
        return await _announce(ctx, honour_round, Audience.from_json(ctx.state.data.get("aud")))
    return stale(ctx)


async def _tell_council(ctx: Context, honour_round: HonourRound) -> None:
    """Nominations closed early: the council is told the review can begin."""
    for person in (await store.people_by_id(ctx.session, await store.council_ids(ctx.session, honour_round.id))).values():
        if person.id != ctx.person.id:
            await ctx.notify(person.id, Reply(t(person.language, "honour.review_open", title=honour_round.title)))


def announcement(language: str, org: str, honour_round: HonourRound, rows: list[NominationRow]) -> Reply:
    """The decision as the audience reads it: only honourees who consented are named; the others are counted."""
    honoured = [row for row in rows if row.nomination.decision == "honoured"]
    named = [row for row in honoured if row.nomination.consent == "accepted"]
    lines = [t(language, "honour.announcement", org=org, title=honour_round.title)]
    lines += [f"• {row.name} — {category_label(language, honour_round, row.nomination.category)}" for row in named]
    if len(honoured) > len(named):
        lines.append(t(language, "honour.others", count=len(honoured) - len(named)))
    lines.append(t(language, "honour.congratulations" if honoured else "honour.nobody"))
    return Reply("\n".join(lines))


@on_chosen("honours")
async def announcement_preview(ctx: Context, audience: Audience) -> list[Reply]:
    """The announcement as it will read, how many it reaches, and Send / Cancel."""
    honour_round = await find_round(ctx, ctx.state.data.get("round", ""))
    if honour_round is None:
        ctx.finish()
        return stale(ctx)
    refusal = await ctx.refusal("manage", ("honour_round", str(honour_round.id)))  # the picker's check knew no round
    if refusal is not None:
        ctx.finish()
        return [Reply(refusal)]
    ctx.goto("hm.preview", aud=audience.to_json())
    rows = await store.nominations(ctx.session, honour_round.id, REVIEWED)
    reach = await count_audience(ctx.session, audience, ctx.now.year)
    preview = announcement(ctx.lang, ctx.org.name, honour_round, rows).text
    key = honour_round.id
    choices = buttons([(ctx.t("form.send"), f"hm:s:{key}"), (ctx.t("form.drop"), f"hm:d:{key}")])
    return [Reply(ctx.t("honour.announce_preview", preview=preview, count=num(ctx.lang, reach)), choices)]


@router.step("hm", role="official", check=Check("manage", in_state("honour_round", "round")))
async def announcement_text(ctx: Context) -> list[Reply]:
    """Typing while the announcement's preview waits for Send: show it again."""
    return await announcement_preview(ctx, Audience.from_json(ctx.state.data.get("aud")))


async def _announce(ctx: Context, honour_round: HonourRound, audience: Audience) -> list[Reply]:
    """Announce once (the round row is locked), then tell every nominator what became of each nomination."""
    locked: HonourRound | None = await repo.lock(ctx.session, HonourRound, honour_round.id)
    ctx.finish()
    if locked is None or locked.announced_at is not None:
        return [Reply(ctx.t("error.already_answered"), edit=True)]
    rows = await store.nominations(ctx.session, locked.id, REVIEWED)
    people = await audience_ids(ctx.session, audience, ctx.now.year)
    org = ctx.org.name
    broadcast = await start_broadcast(
        ctx.session, kind="honours", person_ids=people, now=ctx.now, created_by=ctx.person.id, ref_id=locked.id,
        render=lambda language: announcement(language, org, locked, rows), progress_to=ctx,
    )
    locked.announced_at = ctx.now
    told = await _tell_nominators(ctx, locked)
    return [Reply(ctx.t("honour.announced_to", count=num(ctx.lang, broadcast.total), told=told), edit=True)]


def outcome_line(language: str, honour_round: HonourRound, row: NominationRow, zone: tzinfo) -> str:
    """One nomination's outcome for its nominator; nothing names a nominee who did not accept."""
    nomination = row.nomination
    category = category_label(language, honour_round, nomination.category)
    if nomination.consent not in REVIEWED:
        return t(language, "honour.outcome_dropped", category=category, date=f"{nomination.created_at.astimezone(zone):%d/%m/%Y}")
    decision = t(language, f"honour.decision.{nomination.decision}")
    return t(language, "honour.outcome", name=row.name, category=category, decision=decision, reason=nomination.reason or "—")


async def _tell_nominators(ctx: Context, honour_round: HonourRound) -> int:
    """Each nominator gets one message with the outcome of every nomination they made; how many were reached."""
    every = await store.nominations(ctx.session, honour_round.id, (*REVIEWED, "pending", "declined", "withdrawn"))
    by_nominator: dict[int, list[NominationRow]] = {}
    for row in every:
        if row.nominator is not None:
            by_nominator.setdefault(row.nominator.id, []).append(row)
    told = 0
    for rows in by_nominator.values():
        language = rows[0].nominator.language if rows[0].nominator is not None else "vi"
        lines = [t(language, "honour.outcome_head", title=honour_round.title)]
        lines += [outcome_line(language, honour_round, row, ctx.zone) for row in rows]
        told += await ctx.notify(rows[0].nomination.nominator_id or 0, Reply("\n".join(lines)), priority=1)
    return told
