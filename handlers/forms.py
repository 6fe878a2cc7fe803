"""Officials' step-by-step forms: one table of fields, each answer checked as it comes, the draft kept
in the conversation state (a restart continues where it was), then an audience, a preview and Send.

A form with prefix `ne` asks `ne.ask.<field>` in turn; choice buttons read `ne.<field>.<value>`.
Values known when the form begins are not asked; an audience known beforehand (invited experts) skips the picker.
Who may answer is the form's `check` (the access policy, asked by the router at every step and button); a
`guard`, if given, says at every step and button whether the form itself can still go on (a deadline passed).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.conversation import Check, Context, Locate, Router, Target
from bot.messages import Reply
from bot.reading import number_at
from bot.texts import CATALOGUE
from handlers.audience import choose_audience, on_chosen
from handlers.base import buttons, kept_files, payload_parts, text_problem
from handlers.dates import parse_date_time
from storage.audience import Audience

Draft = dict[str, Any]
Parse = Callable[[Context, str, Draft], Any]
Preview = Callable[[Context, Draft, Audience | None], Awaitable[str]]
Send = Callable[[Context, Draft, Audience | None], Awaitable[list[Reply]]]
Options = Callable[[Context, Draft], Sequence[tuple[str, str]]]
Guard = Callable[[Context, Draft], Awaitable[str | None]]


class Invalid(Exception):
    """An answer that cannot be taken; the message says why, in the person's language."""


def future_moment(ctx: Context, text: str) -> datetime:
    """A typed date and time (`15/12/2026 14:00`, local) that is still ahead."""
    moment = parse_date_time(text, ctx.zone)
    if moment is None:
        raise Invalid(ctx.t("form.bad_date"))
    if moment <= ctx.now:
        raise Invalid(ctx.t("form.past"))
    return moment


def parse_future(ctx: Context, text: str, draft: Draft) -> str:
    """A field's parser for a date and time still ahead, kept as ISO text."""
    return future_moment(ctx, text).isoformat()


def in_draft(kind: str, key: str) -> Locate:
    """The access target is what the form's draft holds under `key` (the round a nomination is for)."""

    def locate(ctx: Context) -> Target | None:
        value = (ctx.state.data or {}).get("draft", {}).get(key)
        return (kind, str(value)) if value is not None else None

    return locate


def numbered(items: list[str]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


@dataclass(frozen=True)
class Field:
    """One question. `parse` turns the typed text into a JSON value or raises Invalid."""

    name: str
    max_len: int = 200
    parse: Parse | None = None
    skippable: bool = False
    choices: tuple[str, ...] = ()  # answered by buttons only
    options: Options | None = None  # buttons made when asked, from what the draft holds: (value, label) pairs
    items: tuple[int, int] | None = None  # a list of (min, max) lines, typed in one or several messages
    files: int = 0  # photos or documents, up to this many, in one or several messages, then Done


@dataclass
class Form:
    prefix: str
    fields: tuple[Field, ...]
    preview: Preview
    send: Send
    router: Router
    with_audience: bool = True
    role: str = "official"
    check: Check = Check("manage")  # of its steps and buttons alike, at every answer
    guard: Guard | None = None  # why the form cannot go on now (a deadline passed), at every step and button; access is `check`
    by_name: dict[str, Field] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {f.name: f for f in self.fields}
        self.router.step(self.prefix, role=self.role, check=self.check)(self._on_text)
        self.router.callback(self.prefix, role=self.role, check=self.check)(self._on_button)
        if self.with_audience:
            on_chosen(self.prefix)(self._show_preview)

    async def begin(self, ctx: Context, **known: Any) -> list[Reply]:
        """Start a new draft with values already `known`: they are not asked."""
        return await self._start(ctx, known, None)

    async def begin_for(self, ctx: Context, audience: Audience, **known: Any) -> list[Reply]:
        """Start a new draft whose audience is already chosen (the experts invited): no picker."""
        return await self._start(ctx, known, audience)

    async def _start(self, ctx: Context, known: Draft, audience: Audience | None) -> list[Reply]:
        ctx.finish()
        ctx.goto(f"{self.prefix}.", draft=known, aud_preset=audience.to_json() if audience is not None else None)
        return await self._advance(ctx, None)

    def _t(self, ctx: Context, key: str, **values: Any) -> str:
        """The form's own wording for list answers (`np.item_count`: options), else the common one (`form.item_count`)."""
        own = f"{self.prefix}.{key}"
        return ctx.t(own if own in CATALOGUE else f"form.{key}", **values)

    def _draft(self, ctx: Context) -> Draft:
        return dict(ctx.state.data.get("draft", {}))

    def _current(self, ctx: Context) -> Field | None:
        return self.by_name.get((ctx.step or "").removeprefix(f"{self.prefix}."))

    def _choices(self, ctx: Context, current: Field) -> list[tuple[str, str]]:
        """The (value, label) pairs a field is answered with, if it is answered by buttons."""
        if current.options is not None:
            return list(current.options(ctx, self._draft(ctx)))
        return [(value, ctx.t(f"{self.prefix}.{current.name}.{value}")) for value in current.choices]

    def _ask(self, ctx: Context, current: Field, problem: str | None = None) -> Reply:
        """The field's question (after the problem with the last answer, if any) and its buttons."""
        text = ctx.t(f"{self.prefix}.ask.{current.name}")
        choices = self._choices(ctx, current)
        rows = buttons(*([(name, f"{self.prefix}:c:{current.name}:{i}")] for i, (_, name) in enumerate(choices)))
        collected = self._draft(ctx).get(current.name) or [] if current.items is not None or current.files else []
        if collected:
            text = ctx.t("form.items", items=numbered(collected)) if current.items else ctx.t("form.files", count=len(collected))
            rows += buttons([(ctx.t("form.done"), f"{self.prefix}:done:{current.name}")])
        if current.skippable:
            rows += buttons([(ctx.t("form.skip"), f"{self.prefix}:skip:{current.name}")])
        typed = not choices  # answered by typing (or by sending files): its buttons are only Done or Skip
        return Reply(f"{problem}\n\n{text}" if problem else text, rows, free_text=typed)

    def _store(self, ctx: Context, name: str, value: Any) -> None:
        ctx.goto(ctx.step or "", draft={**self._draft(ctx), name: value})

    async def _advance(self, ctx: Context, current: Field | None) -> list[Reply]:
        """The next field not yet known, or the audience (unless known), or the preview."""
        draft = self._draft(ctx)
        start = 0 if current is None else self.fields.index(current) + 1
        following = next((f for f in self.fields[start:] if f.name not in draft), None)
        if following is not None:
            ctx.goto(f"{self.prefix}.{following.name}")
            return [self._ask(ctx, following)]
        preset = ctx.state.data.get("aud_preset")
        if self.with_audience and preset is None:
            return await choose_audience(ctx, self.prefix)
        return await self._show_preview(ctx, Audience.from_json(preset) if self.with_audience else None)

    async def _stopped(self, ctx: Context) -> list[Reply] | None:
        """The guard's answer when the form cannot go on: it ends, nothing is kept."""
        reason = await self.guard(ctx, self._draft(ctx)) if self.guard is not None else None
        if reason is None:
            return None
        ctx.finish()
        return [Reply(reason, notice=ctx.inbound.payload is not None)]

    async def _on_text(self, ctx: Context) -> list[Reply]:
        """A typed answer to the current field."""
        stopped = await self._stopped(ctx)
        if stopped is not None:
            return stopped
        current = self._current(ctx)
        if current is None:
            return [Reply(ctx.t("form.use_buttons"))]
        if current.choices or current.options:
            return [self._ask(ctx, current)]
        if current.items is not None:
            return [self._add_items(ctx, current)]
        if current.files:
            return [self._add_files(ctx, current)]
        problem = text_problem(ctx, current.max_len)
        if problem is not None:
            return [self._ask(ctx, current, problem)]
        text = (ctx.inbound.text or "").strip()
        try:
            value = current.parse(ctx, text, self._draft(ctx)) if current.parse else text
        except Invalid as exc:
            return [self._ask(ctx, current, str(exc))]
        self._store(ctx, current.name, value)
        return await self._advance(ctx, current)

    def _add_items(self, ctx: Context, current: Field) -> Reply:
        """Add the message's lines to the list, all or none."""
        assert current.items is not None
        most = current.items[1]
        problem = text_problem(ctx, (current.max_len + 1) * most)
        lines = [" ".join(line.split()) for line in (ctx.inbound.text or "").splitlines()]
        collected: list[str] = self._draft(ctx).get(current.name, [])
        new = [line for line in lines if line]
        if problem is None and any(len(line) > current.max_len for line in new):
            problem = ctx.t("form.item_too_long", limit=current.max_len)
        if problem is None and len(collected) + len(new) > most:
            problem = self._t(ctx, "too_many", most=most, count=len(collected) + len(new))
        known = {item.casefold() for item in collected}
        if problem is None and (len({line.casefold() for line in new}) < len(new) or known & {line.casefold() for line in new}):
            problem = self._t(ctx, "repeated")
        if problem is None:
            self._store(ctx, current.name, [*collected, *new])
        return self._ask(ctx, current, problem)

    def _add_files(self, ctx: Context, current: Field) -> Reply:
        """Add the message's photos and documents, all or none."""
        collected: list[dict[str, Any]] = self._draft(ctx).get(current.name) or []
        new = kept_files(ctx)
        problem = None if new else ctx.t("form.need_files")
        if new and len(collected) + len(new) > current.files:
            problem = ctx.t("form.too_many_files", most=current.files)
        if problem is None:
            self._store(ctx, current.name, [*collected, *new])
        return self._ask(ctx, current, problem)

    async def _on_button(self, ctx: Context) -> list[Reply]:
        """Skip, a choice, Done with a list, or Send / Cancel on the preview."""
        stopped = await self._stopped(ctx)
        if stopped is not None:
            return stopped
        parts = payload_parts(ctx)
        action = parts[1] if len(parts) > 1 else ""
        if action in ("send", "drop"):
            return await self._finish(ctx, action)
        current = self._current(ctx)
        if current is None or len(parts) < 3 or parts[2] != current.name:
            return [Reply(ctx.t("error.already_answered"), notice=True)]
        if action == "skip" and current.skippable:
            self._store(ctx, current.name, None)
            return [self._answered(ctx, current, ctx.t("form.skipped")), *await self._advance(ctx, current)]
        if action == "done" and current.files:
            count = len(self._draft(ctx).get(current.name) or [])
            return [self._answered(ctx, current, ctx.t("form.files_count", count=count)), *await self._advance(ctx, current)]
        if action == "done" and current.items is not None:
            count = len(self._draft(ctx).get(current.name, []))
            if count < current.items[0]:
                return [Reply(self._t(ctx, "too_few", least=current.items[0], count=count), notice=True)]
            listed = f"{self._t(ctx, 'item_count', count=count)}:\n{numbered(self._draft(ctx)[current.name])}"
            return [self._answered(ctx, current, listed), *await self._advance(ctx, current)]
        choices = self._choices(ctx, current)
        index = number_at(parts, 3) if action == "c" and len(parts) == 4 else None
        if index is not None and index < len(choices):
            value, shown = choices[index]
            self._store(ctx, current.name, value)
            return [self._answered(ctx, current, shown), *await self._advance(ctx, current)]
        return [Reply(ctx.t("error.stale_button"), notice=True)]

    def _answered(self, ctx: Context, current: Field, answer: str) -> Reply:
        """The pressed question, edited to show the answer and lose its buttons."""
        return Reply(f"{ctx.t(f'{self.prefix}.ask.{current.name}')}\n→ {answer}", edit=True)

    async def _show_preview(self, ctx: Context, audience: Audience | None) -> list[Reply]:
        ctx.goto(f"{self.prefix}.preview", aud=audience.to_json() if audience is not None else None)
        text = await self.preview(ctx, self._draft(ctx), audience)
        choices = buttons([(ctx.t("form.send"), f"{self.prefix}:send"), (ctx.t("form.drop"), f"{self.prefix}:drop")])
        return [Reply(text, choices)]

    async def _finish(self, ctx: Context, action: str) -> list[Reply]:
        """Send the draft or drop it; a second press finds the form already finished."""
        if ctx.step != f"{self.prefix}.preview":
            return [Reply(ctx.t("error.already_answered"), notice=True)]
        draft, data = self._draft(ctx), ctx.state.data
        audience = Audience.from_json(data["aud"]) if data.get("aud") is not None else None
        ctx.finish()
        if action == "drop":
            return [Reply(ctx.t("form.dropped"), edit=True)]
        return await self.send(ctx, draft, audience)
