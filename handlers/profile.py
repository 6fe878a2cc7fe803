"""The optional profile: one table of questions, asked in order or edited one at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.conversation import Context, Router
from bot.messages import Reply
from bot.reading import number, number_at
from bot.texts import label
from handlers.base import buttons, in_rows, payload_parts, text_problem

router = Router()

FIELDS = (
    "education",
    "health",
    "agriculture_forestry",
    "industry",
    "tourism",
    "infrastructure",
    "science_technology",
    "digital_transformation",
    "law",
    "culture_arts",
    "other",
)
QUALIFICATIONS = ("bachelor", "master", "doctorate", "other")
GENDERS = ("female", "male", "other")

Kind = Literal["text", "choice", "choice_or_text", "multi", "year"]


@dataclass(frozen=True)
class Question:
    name: str
    kind: Kind
    max_len: int = 120

    def options(self, ctx: Context) -> list[tuple[str, str]]:
        """(stored value, label) pairs offered as buttons."""
        coded = {"field": ("field", FIELDS), "qualification": ("qualification", QUALIFICATIONS), "gender": ("gender", GENDERS)}
        if self.name in coded:
            group, codes = coded[self.name]
            return [(code, label(ctx.lang, group, code)) for code in codes]
        if self.name == "commune":
            return [(name, name) for name in ctx.org.communes]
        if self.name == "ethnicity":
            return [(name, name) for name in ctx.org.ethnicities]
        if self.name == "associations":
            return [(a.code, a.name(ctx.lang)) for a in ctx.org.associations]
        return []


QUESTIONS = (
    Question("full_name", "text", 120),
    Question("field", "choice"),
    Question("qualification", "choice"),
    Question("workplace", "text", 200),
    Question("commune", "choice_or_text", 120),
    Question("associations", "multi"),
    Question("birth_year", "year", 20),
    Question("gender", "choice"),
    Question("ethnicity", "choice_or_text", 60),
)
BY_NAME = {q.name: q for q in QUESTIONS}
MIN_BIRTH_YEAR = 1920
MIN_AGE = 16


def display_value(ctx: Context, name: str, value: object) -> str:
    """How a stored profile value reads to a person."""
    if value in (None, [], ""):
        return ctx.t("profile.none")
    if name == "associations":
        codes = value if isinstance(value, list) else []
        names = [a.name(ctx.lang) if (a := ctx.org.association(str(code))) else str(code) for code in codes]
        return ", ".join(names)
    if name in ("field", "qualification", "gender"):
        return label(ctx.lang, name, str(value))
    return str(value)


def ask(ctx: Context, question: Question, *, edit: bool = False) -> Reply:
    """The question message with its option buttons, Skip and Stop."""
    text = ctx.t(f"profile.q.{question.name}")
    options = question.options(ctx)
    if question.kind == "multi":
        chosen = set(ctx.person.associations or [])
        pairs = [(("✓ " if code in chosen else "") + name, f"pf:tog:{question.name}:{i}") for i, (code, name) in enumerate(options)]
        rows = in_rows(pairs, 1) + buttons([(ctx.t("profile.done"), f"pf:done:{question.name}")])
    else:
        rows = in_rows([(name, f"pf:set:{question.name}:{i}") for i, (_, name) in enumerate(options)])
    rows += buttons([(ctx.t("profile.skip"), f"pf:skip:{question.name}"), (ctx.t("profile.stop"), f"pf:stop:{question.name}")])
    return Reply(text, rows, edit=edit, free_text=question.kind in ("text", "year"))


def start_profile(ctx: Context, mode: str = "all", first: str = QUESTIONS[0].name) -> list[Reply]:
    """Begin the questions at `first`; mode 'all' continues in order, 'one' returns to the summary."""
    ctx.goto(f"profile.{first}", mode=mode)
    return [ask(ctx, BY_NAME[first])]


def _consents(ctx: Context) -> list[str]:
    """The two consents kept with the profile: the expert roster (with its fields) and being found by name."""
    person = ctx.person
    fields = ", ".join(label(ctx.lang, "field", code) for code in person.expert_fields or [])
    expert = ctx.t("profile.expert_yes", fields=fields) if person.expert_since else ctx.t("profile.expert_no")
    findable = ctx.t("profile.findable_yes" if person.findable_at else "profile.findable_no")
    return [f"• {ctx.t('profile.label.expert')}: {expert}", f"• {ctx.t('profile.label.findable')}: {findable}"]


def summary(ctx: Context, *, edit: bool = False) -> Reply:
    """The profile as it stands, with a button per item to change it, and the roster and search consents."""
    lines = [ctx.t("profile.summary")]
    for q in QUESTIONS:
        lines.append(f"• {ctx.t(f'profile.label.{q.name}')}: {display_value(ctx, q.name, getattr(ctx.person, q.name))}")
    lines += _consents(ctx)
    lines.append(ctx.t("profile.edit_hint"))
    pairs = [(ctx.t(f"profile.label.{q.name}"), f"pf:edit:{q.name}") for q in QUESTIONS]
    findable = ctx.t("profile.findable_off" if ctx.person.findable_at else "profile.findable_on")
    rows = in_rows(pairs, 3) + buttons([(ctx.t("profile.expert_button"), "px:o"), (findable, "hf")])
    rows += buttons([(ctx.t("profile.fill_all"), "pf:all")])
    return Reply("\n".join(lines), rows, edit=edit)


def _advance(ctx: Context, current: str) -> list[Reply]:
    """After `current` was answered or skipped: the next question, or the end of the flow."""
    if ctx.state.data.get("mode") == "all":
        index = [q.name for q in QUESTIONS].index(current)
        if index + 1 < len(QUESTIONS):
            nxt = QUESTIONS[index + 1]
            ctx.goto(f"profile.{nxt.name}")
            return [ask(ctx, nxt)]
        ctx.person.profile_completed_at = ctx.now
        ctx.finish()
        return [Reply(ctx.t("profile.saved"))]
    ctx.finish()
    return [summary(ctx)]


def _save(ctx: Context, name: str, value: object) -> None:
    setattr(ctx.person, name, value)
    ctx.person.updated_at = ctx.now


def _current(ctx: Context) -> Question | None:
    step = ctx.step or ""
    return BY_NAME.get(step.removeprefix("profile.")) if step.startswith("profile.") else None


@router.command("profile")
async def show_profile(ctx: Context) -> list[Reply]:
    """Show the profile with buttons to edit each item."""
    return [summary(ctx)]


@router.callback("pf")
async def profile_button(ctx: Context) -> list[Reply]:
    """Every profile button: begin, later, edit, set, toggle, done, skip, stop."""
    parts = payload_parts(ctx)
    action = parts[1] if len(parts) > 1 else ""
    if action == "later":
        ctx.finish()
        return [Reply(ctx.t("start.later"), edit=True)]
    if action in ("begin", "all"):
        return start_profile(ctx, "all")
    if action == "edit" and len(parts) == 3 and parts[2] in BY_NAME:
        return start_profile(ctx, "one", parts[2])
    question = _current(ctx)
    if question is None or len(parts) < 3 or parts[2] != question.name:
        return [Reply(ctx.t("error.already_answered"), notice=True)]
    field_label = ctx.t(f"profile.label.{question.name}")
    if action == "skip":
        return [Reply(ctx.t("profile.skipped", label=field_label), edit=True), *_advance(ctx, question.name)]
    if action == "stop":
        ctx.finish()
        return [Reply(ctx.t("profile.stopped"), edit=True)]
    options = question.options(ctx)
    if action == "done" and question.kind == "multi":
        shown = display_value(ctx, question.name, ctx.person.associations)
        return [Reply(ctx.t("profile.answered", label=field_label, value=shown), edit=True), *_advance(ctx, question.name)]
    index = number_at(parts, 3) if len(parts) == 4 else None
    if index is None or index >= len(options):
        return [Reply(ctx.t("error.stale_button"), notice=True)]
    code, name = options[index]
    if action == "tog" and question.kind == "multi":
        chosen = list(ctx.person.associations or [])
        _save(ctx, question.name, [c for c in chosen if c != code] if code in chosen else [*chosen, code])
        return [ask(ctx, question, edit=True)]
    if action == "set" and question.kind in ("choice", "choice_or_text"):
        _save(ctx, question.name, code)
        return [Reply(ctx.t("profile.answered", label=field_label, value=name), edit=True), *_advance(ctx, question.name)]
    return [Reply(ctx.t("error.stale_button"), notice=True)]


@router.step("profile")
async def profile_text(ctx: Context) -> list[Reply]:
    """A typed answer to the current profile question."""
    question = _current(ctx)
    if question is None:
        ctx.finish()
        return [Reply(ctx.t("error.not_understood"))]
    problem = text_problem(ctx, question.max_len)
    if problem is not None:
        return [Reply(problem), ask(ctx, question)]
    text = " ".join((ctx.inbound.text or "").split())
    if question.kind == "year":
        high = ctx.now.year - MIN_AGE
        year = number(text)
        if year is None or not MIN_BIRTH_YEAR <= year <= high:
            return [Reply(ctx.t("profile.bad_year", low=MIN_BIRTH_YEAR, high=high)), ask(ctx, question)]
        _save(ctx, question.name, year)
        return _advance(ctx, question.name)
    if question.kind in ("choice", "multi"):
        match = next((code for code, name in question.options(ctx) if name.casefold() == text.casefold()), None)
        if match is None:
            return [ask(ctx, question)]
        chosen = list(ctx.person.associations or [])
        value: object = (chosen if match in chosen else [*chosen, match]) if question.kind == "multi" else match
        _save(ctx, question.name, value)
        return [ask(ctx, question)] if question.kind == "multi" else _advance(ctx, question.name)
    _save(ctx, question.name, text)
    return _advance(ctx, question.name)
