"""The conversation framework the runtime and every feature share: what a handler receives (Context),
how handlers are registered (Router) and how an inbound message is routed to one (`route`).

Access: every command, button prefix and step prefix is registered with the role it needs and, where
it acts on something, a `Check` — the name of a rule and where to find what it is about (an id in the
button payload or in the flow's state). `route` asks the one access policy (`Router.policy`, installed
by the features) at the moment the handler would run, so a revoked role, a lost unit or an audience
left is refused on the next press or step, not only when the flow began. A refusal runs no handler;
a refused step also drops the flow (every further message would be refused the same way).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Attachment, Inbound, Reply
from bot.org import Organisation
from bot.settings import Settings
from bot.texts import t
from bot.workdays import WorkCalendar
from storage import repo
from storage.models import ConversationState, Identity, Person
from storage.sealing import Keys

ROLE_RANK = {"member": 0, "official": 1, "admin": 2}


class FileUnavailable(Exception):
    """A file the person sent could not be fetched from their channel."""


class FileTooLarge(FileUnavailable):
    """A file the person sent is over the size the bot accepts."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"over {limit} bytes")
        self.limit = limit


FileFetcher = Callable[[Attachment], Awaitable[bytes]]

# What an inbound is about, for the access policy: a kind and its key, e.g. ("submission", "12").
Target = tuple[str, str]
Locate = Callable[["Context"], "Target | None"]
# The access policy: why `check` on `target` is refused to this person now (their language), or None.
Policy = Callable[["Context", str, "Target | None"], Awaitable["str | None"]]


def in_payload(kind: str, index: int) -> Locate:
    """The target is the `index`-th part of the button payload (`fo:open:12` -> index 2)."""

    def locate(ctx: Context) -> Target | None:
        parts = (ctx.inbound.payload or "").split(":")
        return (kind, parts[index]) if len(parts) > index and parts[index] else None

    return locate


def in_payload_by_action(index: int, kinds: Mapping[str, str], default: str | None = None) -> Locate:
    """The target is the `index`-th part of the button payload, of the kind its action (the second part) names in
    `kinds`, else `default` (None: that action has no target). `dd:c:7` with {"c": "draft_comment"} -> ("draft_comment", "7")."""

    def locate(ctx: Context) -> Target | None:
        parts = (ctx.inbound.payload or "").split(":")
        kind = kinds.get(parts[1], default) if len(parts) > 1 else None
        return (kind, parts[index]) if kind is not None and len(parts) > index and parts[index] else None

    return locate


def in_state(kind: str, key: str) -> Locate:
    """The target is what the flow keeps under `key` (a step's own id, e.g. the submission being answered)."""

    def locate(ctx: Context) -> Target | None:
        value = (ctx.state.data or {}).get(key)
        return (kind, str(value)) if value is not None else None

    return locate


@dataclass(frozen=True)
class Check:
    """A rule of the access policy by name (`manage`, `take_part`, `read`, `author`) and where its target is.

    Without a target (`locate` absent, or finding nothing) the rule checks only what it needs of the
    person (for `manage`: an official's unit); with one, it checks the person against that thing.
    """

    name: str
    locate: Locate | None = None

    def target(self, ctx: Context) -> Target | None:
        return self.locate(ctx) if self.locate is not None else None


def no_link(payload: str) -> None:
    """The deep link of a channel that has none."""
    return None


@dataclass
class Context:
    """One inbound message with everything a handler may read or change, inside one transaction."""

    inbound: Inbound
    person: Person
    identity: Identity
    state: ConversationState
    session: AsyncSession
    settings: Settings
    org: Organisation
    now: datetime
    lang: str
    router: Router
    calendar: WorkCalendar
    sealer: Keys  # seals, tags and digests under HIENKE_SECRET_KEY
    fetch_file: FileFetcher  # the content of an attachment; raises FileUnavailable or FileTooLarge
    max_text: int = 4096
    deep_link: Callable[[str], str | None] = no_link
    erased: bool = False
    menu_changes: list[int] = field(default_factory=list)

    def t(self, key: str, **values: Any) -> str:
        return t(self.lang, key, **values)

    @property
    def zone(self) -> ZoneInfo:
        """The deployment's time zone, in which people type and read dates."""
        return self.settings.timezone

    @property
    def role(self) -> str:
        return self.person.role

    def has_role(self, role: str) -> bool:
        return ROLE_RANK[self.person.role] >= ROLE_RANK[role]

    async def refusal(self, check: str, target: Target | None = None) -> str | None:
        """Why the access policy refuses `check` on `target` to this person now, or None when it allows it."""
        return await self.router.authorize(self, check, target)

    @property
    def step(self) -> str | None:
        return self.state.step

    def goto(self, step: str, **data: Any) -> None:
        """Move the conversation to `step`, merging `data` into what the flow keeps."""
        self.state.step = step
        self.state.data = {**(self.state.data or {}), **data}

    def finish(self) -> None:
        self.state.step = None
        self.state.data = {}

    async def notify(self, person_id: int, reply: Reply, priority: int = 0) -> bool:
        """Queue a message to another person on the channel they used last; False if unreachable."""
        payload = {"reply": reply.to_json()}
        return await repo.enqueue_for_person(
            self.session, person_id, payload, now=self.now, priority=priority, linked=not reply.private
        )


Handler = Callable[[Context], Awaitable[list[Reply]]]
LinkHandler = Callable[[Context, str], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Command:
    """A command, button prefix or step prefix with what it needs: a role, consent, and an access check."""

    name: str
    handler: Handler
    role: str = "member"
    needs_consent: bool = True
    check: Check | None = None


@dataclass
class Router:
    """Commands by name, button payloads by prefix, flow steps by prefix, deep links by prefix,
    a fallback for free text, and the access policy every registration's check is decided by."""

    commands: dict[str, Command] = field(default_factory=dict)
    callbacks: dict[str, Command] = field(default_factory=dict)
    steps: dict[str, Command] = field(default_factory=dict)
    links: dict[str, LinkHandler] = field(default_factory=dict)
    fallback: Handler | None = None
    policy: Policy | None = None

    def command(
        self, name: str, *, role: str = "member", needs_consent: bool = True, check: Check | None = None
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.commands[name] = Command(name, handler, role, needs_consent, check)
            return handler

        return register

    def callback(
        self, prefix: str, *, role: str = "member", needs_consent: bool = True, check: Check | None = None
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.callbacks[prefix] = Command(prefix, handler, role, needs_consent, check)
            return handler

        return register

    def step(self, prefix: str, *, role: str = "member", check: Check | None = None) -> Callable[[Handler], Handler]:
        """A flow's steps `prefix.*`; consent is not asked again (the command or button that began it did)."""

        def register(handler: Handler) -> Handler:
            self.steps[prefix] = Command(prefix, handler, role, needs_consent=False, check=check)
            return handler

        return register

    def link(self, prefix: str) -> Callable[[LinkHandler], LinkHandler]:
        """Handle `/start <prefix>_<rest>` (a deep link); the handler gets `rest`."""

        def register(handler: LinkHandler) -> LinkHandler:
            self.links[prefix] = handler
            return handler

        return register

    def include(self, other: Router) -> None:
        registries = (
            (self.commands, other.commands),
            (self.callbacks, other.callbacks),
            (self.steps, other.steps),
            (self.links, other.links),
        )
        for registry, extra in registries:
            clash = registry.keys() & extra.keys()
            if clash:
                raise ValueError(f"registered twice: {sorted(clash)}")
            registry.update(extra)  # type: ignore[arg-type]
        if other.fallback is not None:
            self.fallback = other.fallback
        if other.policy is not None:
            self.policy = other.policy

    def commands_for(self, role: str) -> list[Command]:
        return [c for c in self.commands.values() if ROLE_RANK[role] >= ROLE_RANK[c.role]]

    async def authorize(self, ctx: Context, check: str, target: Target | None) -> str | None:
        """Ask the access policy; without one installed a check raises, so nothing checked ever runs unchecked."""
        if self.policy is None:
            raise RuntimeError(f"no access policy installed to decide {check!r}")
        return await self.policy(ctx, check, target)

    async def refusal(self, ctx: Context, command: Command) -> str | None:
        """Why this person may not run `command` now (role, consent, then its check), or None."""
        if not ctx.has_role(command.role):
            return ctx.t("error.no_rights")
        if command.needs_consent and ctx.person.consent_at is None:
            return ctx.t("error.need_consent")
        if command.check is None:
            return None
        return await self.authorize(ctx, command.check.name, command.check.target(ctx))


async def open_link(ctx: Context, payload: str) -> list[Reply] | None:
    """What a deep link such as `ev_12` opens, or None when no feature knows it."""
    prefix, sep, rest = payload.partition("_")
    handler = ctx.router.links.get(prefix) if sep else None
    return None if handler is None else await handler(ctx, rest)


async def route(ctx: Context, router: Router) -> list[Reply]:
    """Send the inbound to the command, button, flow step or fallback that takes it."""
    inbound = ctx.inbound
    if inbound.command is not None:
        command = router.commands.get(inbound.command)
        if command is None:
            return [Reply(ctx.t("error.unknown_command", command=inbound.command[:40]))]
        refusal = await router.refusal(ctx, command)
        if refusal is not None:
            return [Reply(refusal)]  # the flow the person was in stays as it was
        ctx.finish()
        return await command.handler(ctx)
    if inbound.payload is not None:
        command = router.callbacks.get(inbound.payload.split(":", 1)[0])
        if command is None:
            return [Reply(ctx.t("error.stale_button"), notice=True)]
        refusal = await router.refusal(ctx, command)
        return [Reply(refusal, notice=True)] if refusal is not None else await command.handler(ctx)
    if ctx.step:
        step = router.steps.get(ctx.step.split(".", 1)[0])
        if step is not None:
            refusal = await router.refusal(ctx, step)
            if refusal is None:
                return await step.handler(ctx)
            ctx.finish()
            return [Reply(refusal)]
        ctx.finish()
    if inbound.text is None:
        return [Reply(ctx.t("error.unsupported"))]
    if router.fallback is not None:
        return await router.fallback(ctx)
    return [Reply(ctx.t("error.not_understood"))]
