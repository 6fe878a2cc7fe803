"""The composition root: the only place that knows concrete classes and builds them in order."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from aiohttp import web

from bot import metrics
from bot.channels import Channel, Messenger
from bot.cluster import LeaseKeeper, SingleProcessGuard
from bot.conversation import Router
from bot.crypto import SecretBox, secret_from_settings
from bot.dispatch import Dispatcher
from bot.media import MediaStore
from bot.org import Organisation, load_organisation
from bot.scheduler import Scheduler
from bot.sender import Sender
from bot.settings import Settings, SettingsError
from bot.telegram import TelegramChannel
from bot.texts import t
from bot.web import Problem, build_web_app, webhook_path
from bot.workdays import WorkCalendar, vietnamese_public_days
from bot.zalo import ZaloChannel
from bot.zalo_oa import ZaloOAChannel
from bot.zalo_oa_tokens import OATokens
from handlers import build_jobs, build_router
from handlers.tracking import TOPICS
from storage import anonymous, keyring, migrate, sealing
from storage.db import DATABASE_DOWN_ERRORS, Clock, Database, keep_days_in, utcnow

log = logging.getLogger(__name__)


async def prepare_schema(db: Database, *, allow_create: bool = True) -> None:
    """Create the schema on a new database; refuse to run on one that needs `hienke db upgrade`."""
    current = await migrate.current_revision(db.engine)
    head = migrate.head_revision()
    if current == head:
        return
    if current is None and allow_create:
        log.info("new database: creating the schema")
        await migrate.upgrade(db.engine)
        return
    raise SettingsError(f"Database schema is at {current}, this version needs {head}: run `hienke db upgrade`")


async def load_keys(db: Database, secret: str) -> sealing.Keys:
    """The keys sealed columns use from now on; a key that is not this database's stops the start in one line."""
    try:
        async with db.transaction() as session:
            keys = await keyring.load_keys(session, secret)
            adopted = await anonymous.rotate(session, sealing.legacy_opener(secret), keys, untagged_only=True)
    except sealing.KeyRefused as exc:
        await db.dispose()
        raise SettingsError(str(exc)) from None
    if adopted:
        log.info("%d anonymous authors sealed before tags existed were sealed and tagged anew", adopted)
    sealing.activate(keys)
    return keys


def check_topics(org: Organisation) -> None:
    """Deadlines may only name topics that exist."""
    unknown = sorted(set(org.deadlines.answer_days_by_topic) - set(TOPICS))
    if unknown:
        raise SettingsError(
            f"Invalid setting HIENKE_ORG_FILE: unknown topics in [deadlines.answer_days_by_topic]: {', '.join(unknown)}"
            f" (known: {', '.join(TOPICS)})"
        )


def menu_builder(router: Router) -> Callable[[str, str], list[tuple[str, str]]]:
    """(role, language) -> the command menu for that role, described in that language."""

    def menu_for(role: str, language: str) -> list[tuple[str, str]]:
        return [(c.name, t(language, f"cmd.{c.name}")) for c in router.commands_for(role)]

    return menu_for


def oa_tokens(settings: Settings, db: Database, clock: Clock) -> OATokens:
    """The Zalo OA's token store (the OA's app id and secret key must be set)."""
    assert settings.zalo_oa_app_id is not None and settings.zalo_oa_secret_key is not None
    secret = settings.hienke_secret_key.get_secret_value() if settings.hienke_secret_key is not None else ""
    return OATokens(
        db, SecretBox(secret, "zalo-oa-tokens"), settings.zalo_oa_app_id,
        settings.zalo_oa_secret_key.get_secret_value(), settings.zalo_oa_oauth_base_url, clock,
    )


def zalo_oa_channel(settings: Settings, db: Database, clock: Clock, media: MediaStore | None) -> ZaloOAChannel:
    assert settings.zalo_oa_secret_key is not None
    seed = settings.zalo_oa_refresh_token.get_secret_value() if settings.zalo_oa_refresh_token is not None else None
    return ZaloOAChannel(
        oa_tokens(settings, db, clock), settings.zalo_oa_api_base_url, settings.zalo_oa_secret_key.get_secret_value(),
        timedelta(hours=settings.zalo_oa_window_hours), media, seed,
    )


def configured_messengers(settings: Settings, media: MediaStore | None, db: Database, clock: Clock) -> list[Messenger]:
    """Telegram, the Zalo bot and the Zalo OA, each when its settings are there; they may all run together."""
    found: list[Messenger] = []
    if settings.telegram_bot_token is not None:
        found.append(
            TelegramChannel(
                settings.telegram_bot_token.get_secret_value(), settings.telegram_api_base_url, settings.hienke_poll_timeout,
                settings.telegram_rate_per_second,
            )
        )
    if settings.zalo_bot_token is not None:
        found.append(
            ZaloChannel(
                settings.zalo_bot_token.get_secret_value(), settings.zalo_api_base_url, settings.hienke_poll_timeout, media
            )
        )
    if settings.zalo_oa_configured:
        found.append(zalo_oa_channel(settings, db, clock, media))
    return found


@dataclass
class Application:
    """Everything a running bot is made of."""

    settings: Settings
    org: Organisation
    db: Database
    router: Router
    channels: dict[str, Channel]
    dispatcher: Dispatcher
    sender: Sender
    scheduler: Scheduler
    messengers: list[Messenger] = field(default_factory=list)
    media: MediaStore | None = None
    schedule: bool = True
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    started: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    web_runner: web.AppRunner | None = None
    guard: SingleProcessGuard | None = None
    leases: LeaseKeeper | None = None

    @classmethod
    async def build(
        cls,
        settings: Settings,
        *,
        channels: list[Channel] | None = None,
        clock: Clock = utcnow,
        db: Database | None = None,
        schedule: bool = True,
    ) -> Application:
        """Build from settings; `channels` replaces the configured messengers (the console uses this)."""
        org = load_organisation(settings.hienke_org_file)
        check_topics(org)
        secret = secret_from_settings(settings)
        keep_days_in(settings.timezone)
        calendar = WorkCalendar(org.calendar, settings.timezone, await vietnamese_public_days(clock().astimezone(settings.timezone).year))
        guard = SingleProcessGuard(settings.database_url) if db is None else None
        if guard is not None:
            guard.acquire()
        try:
            db = db or Database.from_url(settings.database_url)
            await prepare_schema(db)
            sealer = await load_keys(db, secret)
        except BaseException:
            if guard is not None:
                guard.release()
            raise
        router = build_router()
        media = MediaStore(db, settings.hienke_public_url, clock) if settings.hienke_public_url else None
        messengers = configured_messengers(settings, media, db, clock) if channels is None else []
        by_name: dict[str, Channel] = {channel.name: channel for channel in (channels or messengers)}
        sender = Sender(
            db, by_name, clock, menu_builder(router), chat_interval=settings.hienke_chat_interval,
            outside_window=settings.zalo_oa_outside_window,
            paid_broadcast_rate=settings.telegram_paid_broadcast_rate if settings.telegram_paid_broadcast else None,
        )
        dispatcher = Dispatcher(
            db, router, settings, org, by_name, clock, on_outbox=sender.wake, calendar=calendar, sealer=sealer
        )
        scheduler = Scheduler(db, clock, build_jobs(calendar, org), on_outbox=sender.wake, timezone=settings.hienke_timezone)
        app = cls(settings, org, db, router, by_name, dispatcher, sender, scheduler, messengers, media, schedule)
        app.guard = guard
        return app

    async def start(self, *, polling: bool = False, own_sender: bool = False) -> None:
        """Open messengers and start dispatch in the background; the sender (and with `polling`, each messenger's
        long polling) runs in whichever process holds its lease, so several processes can share one database.
        A console (`own_sender`) sends only to its own terminal, so it runs its own sender, lease or not."""
        for messenger in self.messengers:
            await messenger.start()
        await self._set_default_menus()
        self.leases = LeaseKeeper(self.db)
        if own_sender:
            self._spawn(self._send_while_held(self.stop_event), "sender")
        else:
            self.leases.add("sender", self._send_while_held)
        if polling:
            for messenger in self.messengers:
                self.leases.add(f"poll:{messenger.name}", partial(messenger.poll, self.dispatcher.receive))
        await self.leases.renew_once()
        self._spawn(self.leases.run(self.stop_event), "leases")
        self._spawn(self.dispatcher.run(self.stop_event), "dispatch")
        for messenger in self.messengers:
            if isinstance(messenger, ZaloOAChannel):
                self._spawn(messenger.maintain(self.stop_event), f"{messenger.name}-tokens")
        if self.schedule:
            self.scheduler.start()
        self.started.set()

    async def _send_while_held(self, stop: asyncio.Event) -> None:
        """The sender, in the one process holding its lease: after the last holder's calls have left the limits'
        windows, first what it left in flight."""
        since = self.leases.since_last_holder("sender") if self.leases is not None else None
        if since is not None:
            self.sender.after_another(since)
        recovered = await self.sender.recover()
        if recovered:
            log.info("%d messages were in flight when the last sender stopped; sending them again", recovered)
        await self.sender.run(stop)

    async def _set_default_menus(self) -> None:
        """Everyone's menu in Vietnamese and English; configured admins get theirs at once."""
        menu_for = menu_builder(self.router)
        for messenger in self.messengers:
            try:
                await messenger.set_menu(None, menu_for("member", "vi"), None)
                await messenger.set_menu(None, menu_for("member", "en"), "en")
                for channel, user_id in self.settings.hienke_admins:
                    if channel == messenger.name:
                        await messenger.set_menu(user_id, menu_for("admin", "vi"), None)
                        await messenger.set_menu(user_id, menu_for("admin", "en"), "en")
            except Exception as exc:  # menus are a convenience; never stop the bot for them
                log.warning("could not set the %s command menus: %s", messenger.name, type(exc).__name__)

    def _spawn(self, work: Awaitable[None], name: str) -> None:
        task = asyncio.ensure_future(work)
        task.set_name(name)
        self.tasks.append(task)

    def readiness_checks(self) -> list[Problem]:
        """What /readyz asks besides the database: the schema this version needs, and each messenger that can tell
        why it cannot send (Zalo OA tokens)."""
        oa = [messenger.problem for messenger in self.messengers if isinstance(messenger, ZaloOAChannel)]
        return [partial(migrate.schema_problem, self.db.engine), *oa]

    async def scrape_metrics(self) -> tuple[bytes, str]:
        """/metrics: this process's counters and the shared queues as the database has them now."""
        with contextlib.suppress(*DATABASE_DOWN_ERRORS):  # the counters still show while the database is down
            await metrics.read_queues(self.db, self.dispatcher.clock())
        return metrics.exposition()

    async def _start_web(self, host: str, port: int, webhooks: list[tuple[Messenger, str]]) -> web.AppRunner:
        app = build_web_app(self.db, self.dispatcher.receive, webhooks, self.media, self.readiness_checks(), self.scrape_metrics)
        self.web_runner = web.AppRunner(app)
        await self.web_runner.setup()
        await web.TCPSite(self.web_runner, host, port).start()
        return self.web_runner

    async def run_polling(self) -> None:
        """`hienke run`: long polling on every configured messenger until stopped.

        With HIENKE_PUBLIC_URL set, the web app runs too, so files sent by URL (Zalo) can be fetched; so it
        does for a Zalo OA, which only pushes events, to receive them on its webhook.
        """
        await self.start(polling=True)
        pushed: list[tuple[Messenger, str]] = [
            (m, self.settings.webhook_secret(m.name)) for m in self.messengers if isinstance(m, ZaloOAChannel)
        ]
        if self.media is not None or pushed:
            await self._start_web(self.settings.hienke_host, self.settings.hienke_port, pushed)
        await self.stop_event.wait()

    async def serve(self, host: str, port: int) -> web.AppRunner:
        """`hienke serve`: the web app with a webhook per messenger, registered when HIENKE_PUBLIC_URL is set.

        Returns the running aiohttp runner (`close()` cleans it up).
        """
        await self.start()
        webhooks = [(messenger, self.settings.webhook_secret(messenger.name)) for messenger in self.messengers]
        runner = await self._start_web(host, port, webhooks)
        public_url = self.settings.hienke_public_url
        if public_url:
            for messenger, secret in webhooks:
                await messenger.set_webhook(public_url + webhook_path(messenger.name), secret)
        return runner

    async def close(self, grace: float = 8.0) -> None:
        """Stop: claim nothing new, let what is held finish (all within `grace` seconds), give the leases up so
        another process takes over at once, then close the web app, the messengers and the database."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        self.stop_event.set()
        await self.scheduler.stop(grace)  # a job under way commits before the database goes
        if self.tasks and grace > 0:
            await asyncio.wait(self.tasks, timeout=max(0.0, deadline - loop.time()))
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self.tasks.clear()
        if self.leases is not None:
            await self.leases.release(max(0.0, deadline - loop.time()))
        if self.web_runner is not None:
            await self.web_runner.cleanup()
            self.web_runner = None
        for messenger in self.messengers:
            with contextlib.suppress(Exception):
                await messenger.stop()
        await self.db.dispose()
        if self.guard is not None:
            self.guard.release()
