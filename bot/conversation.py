"""The conversation framework the runtime and every feature share: what a handler receives (Context),
how handlers are registered (Router) and how an inbound message is routed to one (`route`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Sealer
from bot.messages import Attachment, Inbound, Reply
from bot.org import Organisation
from bot.settings import Settings
from bot.texts import t
from bot.workdays import WorkCalendar
from storage import repo
from storage.models import ConversationState, Identity, Person

ROLE_RANK = {"member": 0, "official": 1, "admin": 2}


class FileUnavailable(Exception):
    """A file the person sent could not be fetched from their channel."""


class FileTooLarge(FileUnavailable):
    """A file the person sent is over the size the bot accepts."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"over {limit} bytes")
        self.limit = limit


FileFetcher = Callable[[Attachment], Awaitable[bytes]]


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
    sealer: Sealer
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
    name: str
    handler: Handler
    role: str = "member"
    needs_consent: bool = True


@dataclass
class Router:
    """Commands by name, button payloads by prefix, flow steps by prefix, deep links by prefix,
    and a fallback for free text."""

    commands: dict[str, Command] = field(default_factory=dict)
    callbacks: dict[str, Command] = field(default_factory=dict)
    steps: dict[str, Handler] = field(default_factory=dict)
    links: dict[str, LinkHandler] = field(default_factory=dict)
    fallback: Handler | None = None

    def command(self, name: str, *, role: str = "member", needs_consent: bool = True) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.commands[name] = Command(name, handler, role, needs_consent)
            return handler

        return register

    def callback(self, prefix: str, *, role: str = "member", needs_consent: bool = True) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.callbacks[prefix] = Command(prefix, handler, role, needs_consent)
            return handler

        return register

    def step(self, prefix: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.steps[prefix] = handler
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

    def commands_for(self, role: str) -> list[Command]:
        return [c for c in self.commands.values() if ROLE_RANK[role] >= ROLE_RANK[c.role]]


def _refusal(ctx: Context, command: Command) -> Reply | None:
    """A polite refusal when the person lacks the role or the consent the command needs."""
    if not ctx.has_role(command.role):
        return Reply(ctx.t("error.no_rights"))
    if command.needs_consent and ctx.person.consent_at is None:
        return Reply(ctx.t("error.need_consent"))
    return None


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
        refusal = _refusal(ctx, command)
        if refusal is not None:
            return [refusal]
        ctx.finish()
        return await command.handler(ctx)
    if inbound.payload is not None:
        command = router.callbacks.get(inbound.payload.split(":", 1)[0])
        if command is None:
            return [Reply(ctx.t("error.stale_button"), notice=True)]
        refusal = _refusal(ctx, command)
        return [refusal] if refusal is not None else await command.handler(ctx)
    if ctx.step:
        handler = router.steps.get(ctx.step.split(".", 1)[0])
        if handler is not None:
            return await handler(ctx)
        ctx.finish()
    if inbound.text is None:
        return [Reply(ctx.t("error.unsupported"))]
    if router.fallback is not None:
        return await router.fallback(ctx)
    return [Reply(ctx.t("error.not_understood"))]
