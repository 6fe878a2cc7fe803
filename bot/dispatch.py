"""The durable inbox and dispatch: store first, then handle in order per chat, one transaction each."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import metrics
from bot.channels import Channel, ChannelError
from bot.concurrency import keep_running, run_grouped
from bot.conversation import Context, FileFetcher, FileTooLarge, FileUnavailable, Router, SlowWork, no_link, route
from bot.language import detect_language, from_app_language
from bot.menus import menu_of, resolve_choice
from bot.messages import Attachment, Inbound, Received, Reply, clean_inbound
from bot.org import Organisation
from bot.settings import Settings
from bot.texts import t
from bot.window import on_interaction
from bot.workdays import WorkCalendar
from storage import failures, repo
from storage.db import DATABASE_DOWN_ERRORS, Clock, Database
from storage.models import InboxUpdate, Person
from storage.sealing import Keys

log = logging.getLogger(__name__)

MAX_DOWNLOAD_BYTES = 10 * 1024 * 1024
MAX_PER_CHAT_TURN = 50  # updates of one chat handled in a row before other chats get a turn
MAX_SLOW_WORK = 4  # pieces of slow work (downloads, parses) one message may ask for


def chat_key(inbound: Inbound) -> str:
    return f"{inbound.channel}:{inbound.chat_id}"


def file_fetcher(channel: Channel | None, limit: int) -> FileFetcher:
    """What handlers call to read an attachment: the channel's download, capped at `limit` bytes."""

    async def fetch(attachment: Attachment) -> bytes:
        if channel is None or not attachment.file_id:
            raise FileUnavailable("no channel file to fetch")
        if attachment.size is not None and attachment.size > limit:
            raise FileTooLarge(limit)
        try:
            content = await channel.download(attachment.file_id)
        except ChannelError as exc:
            raise FileUnavailable(str(exc)) from exc
        if len(content) > limit:
            raise FileTooLarge(limit)
        return content

    return fetch


class Dispatcher:
    """Stores inbound updates durably and runs the handlers on them."""

    def __init__(
        self,
        db: Database,
        router: Router,
        settings: Settings,
        org: Organisation,
        channels: Mapping[str, Channel],
        clock: Clock,
        on_outbox: Callable[[], None],
        calendar: WorkCalendar,
        sealer: Keys,
        concurrency: int = 8,
        max_download: int = MAX_DOWNLOAD_BYTES,
    ) -> None:
        self.db = db
        self.router = router
        self.settings = settings
        self.org = org
        self.calendar = calendar
        self.sealer = sealer
        self.channels = channels
        self.clock = clock
        self.on_outbox = on_outbox
        self.concurrency = concurrency
        self.max_download = max_download
        self._wake = asyncio.Event()
        self._stop = asyncio.Event()  # replaced by `run`'s; `process_pending` alone (tests, console) never stops
        self._chat_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    async def receive(self, items: Iterable[Received]) -> int:
        """Store updates (duplicates ignored) in one transaction; raises if the database is down."""
        rows = [
            {
                "channel": item.inbound.channel,
                "external_id": self.sealer.digest(f"{item.inbound.channel}:{item.external_id}"),  # dedupes, says nothing
                "chat_key": chat_key(item.inbound),
                "payload": clean_inbound(item.inbound).to_json(),  # what people typed, normalised once, on the way in
                "received_at": self.clock(),
            }
            for item in items
        ]
        if not rows:
            return 0
        async with self.db.transaction() as session:
            stored = await repo.store_inbound(session, rows)
        self._wake.set()
        return stored

    async def run(self, stop: asyncio.Event) -> None:
        """Handle pending updates until `stop` is set, backing off while the database is down.

        Once `stop` is set no chat is started and each chat under way stops after its current update."""
        self._stop = stop
        await keep_running(stop, self.process_pending, self._wake, idle=1.0, what="dispatch")

    async def process_pending(self, limit: int = 200) -> int:
        """Handle what is pending now; returns how many updates were handled (chats another process is
        handling are left to it)."""
        async with self.db.transaction() as session:
            pending = await repo.pending_inbox(session, limit)
        handled = 0

        async def chat(rows: list[tuple[int, str]]) -> None:
            nonlocal handled
            handled += await self._process_chat(rows[0][1], len(rows))

        await run_grouped(pending, key=lambda row: row[1], work=chat, concurrency=self.concurrency)
        return handled

    async def _process_chat(self, key: str, seen: int) -> int:
        """One chat's updates strictly in order, oldest first, until none is left (at least the `seen` ones
        unless another process holds the chat); stops at the first that could not be stored."""
        lock = self._chat_locks.get(key)
        if lock is None:
            lock = self._chat_locks[key] = asyncio.Lock()
        handled = 0
        async with lock:
            while handled < max(seen, MAX_PER_CHAT_TURN) and not self._stop.is_set():
                if not await self._process_next(key):
                    break
                handled += 1
        return handled

    async def _process_next(self, key: str) -> bool:
        """Handle the chat's oldest pending update; False if there is none or another process is on this chat.

        Slow work its handler asks for (`Context.outside`) is done between attempts, with no transaction open,
        and the update handled again from the start with the result (kept only for that update)."""
        prepared: dict[str, object] = {}
        asked_by: int | None = None
        while True:
            row_id: int | None = None
            try:
                async with self.db.transaction() as session:
                    row = await repo.claim_next_in_chat(session, key)
                    if row is None:
                        return False
                    row_id = row.id
                    await self._handle(session, row, prepared if row_id == asked_by else {})
            except SlowWork as slow:
                assert row_id is not None
                if row_id != asked_by:
                    prepared, asked_by = {}, row_id
                try:
                    if slow.key in prepared or len(prepared) >= MAX_SLOW_WORK:
                        raise RuntimeError(f"slow work {slow.key!r} asked for again") from None
                    prepared[slow.key] = await slow.work()
                    continue
                except Exception as exc:
                    await self._failed(row_id, exc)
            except DATABASE_DOWN_ERRORS:
                raise
            except Exception as exc:  # a bug in a handler: record it, apologise, move on
                if row_id is None:
                    raise
                await self._failed(row_id, exc)
            break
        self.on_outbox()
        return True

    async def _failed(self, row_id: int, exc: Exception) -> None:
        log.error("handling inbox row %s failed: %s", row_id, type(exc).__name__, exc_info=exc)
        metrics.HANDLER_FAILURES.labels(type(exc).__name__).inc()
        await self._record_failure(row_id, exc)

    async def _handle(self, session: AsyncSession, row: InboxUpdate, prepared: dict[str, object]) -> None:
        now = self.clock()
        inbound = Inbound.from_json(row.payload or {})
        channel = self.channels.get(inbound.channel)
        if inbound.event == "unfollow":  # they left the OA: stop writing to them, answer nothing
            await repo.mark_unreachable(session, inbound.channel, inbound.chat_id, now)
        elif not inbound.private:
            await self._point_to_private(session, inbound, channel, now)
        else:
            await self._converse(session, inbound, channel, now, prepared)
        row.status = "done"
        row.attempts += 1
        repo.scrub_handled(row, now)

    async def _point_to_private(self, session: AsyncSession, inbound: Inbound, channel: Channel | None, now: datetime) -> None:
        """A group, supergroup or channel: no person, reply chat or conversation is recorded there and nothing
        personal is said; the chat is told once (ever) to write to the bot in private. A pressed button is answered."""
        chat_hash = self.sealer.digest(chat_key(inbound))
        if await repo.first_time_in_group(session, chat_hash, now):
            language = from_app_language(inbound.language_code) or "vi"
            link = channel.deep_link("") if channel is not None else None
            text = t(language, "group.pointer", link=link) if link else t(language, "group.pointer_typed")
            payload: dict[str, object] = {"reply": Reply(text).to_json(), "language": language}
            if inbound.callback_id:
                payload["callback_id"] = inbound.callback_id
            repo.enqueue(session, channel=inbound.channel, chat_id=inbound.chat_id, person_id=None, payload=payload, now=now)
        elif inbound.callback_id:
            ack = {"callback_id": inbound.callback_id}
            repo.enqueue(session, channel=inbound.channel, chat_id=inbound.chat_id, person_id=None, payload=ack, kind="ack", now=now)

    async def _converse(
        self, session: AsyncSession, inbound: Inbound, channel: Channel | None, now: datetime, prepared: dict[str, object]
    ) -> None:
        """A person's own chat: load them and where they are, route, and queue the replies and the new state."""
        identity, created = await repo.get_or_create_identity(
            session, inbound.channel, inbound.user_id, inbound.chat_id, from_app_language(inbound.language_code) or "vi", now
        )
        await on_interaction(session, channel, identity, now, self.settings.timezone)
        person = identity.person
        previous_role = person.role
        await self._apply_configured_admin(session, person, inbound)
        lang = self._choose_language(person, inbound, created)
        state = await repo.load_state(session, inbound.channel, inbound.chat_id, inbound.user_id)
        if channel is not None and not channel.has_buttons:
            inbound = resolve_choice(inbound, state.menu or [])
        ctx = Context(
            inbound=inbound,
            person=person,
            identity=identity,
            state=state,
            session=session,
            settings=self.settings,
            org=self.org,
            now=now,
            lang=lang,
            router=self.router,
            calendar=self.calendar,
            sealer=self.sealer,
            fetch_file=file_fetcher(channel, self.max_download),
            max_text=channel.max_text if channel is not None else 4096,
            deep_link=channel.deep_link if channel is not None else no_link,
            prepared=prepared,
        )
        if person.role != previous_role:
            ctx.menu_changes.append(person.id)
        replies = await route(ctx, self.router)
        self._enqueue_replies(ctx, replies)
        if not ctx.erased:
            with_buttons = [reply for reply in replies if reply.buttons]
            numbered = bool(with_buttons) and channel is not None and not channel.has_buttons
            state.menu = menu_of(with_buttons[-1]) if numbered else []  # kept only where a digit answers it
            await self._enqueue_menu_changes(ctx)

    async def _apply_configured_admin(self, session: AsyncSession, person: Person, inbound: Inbound) -> None:
        """HIENKE_ADMINS decides who is admin; someone removed from it becomes a member again."""
        if self.settings.is_admin(inbound.channel, inbound.user_id):
            person.role = "admin"
        elif person.role == "admin":
            identities = await repo.person_identities(session, person.id)
            if not any(self.settings.is_admin(i.channel, i.user_id) for i in identities):
                person.role = "member"

    @staticmethod
    def _choose_language(person: Person, inbound: Inbound, created: bool) -> str:
        """The person's explicit choice; else a long text's language; else the app language on /start."""
        if person.language_chosen:
            return person.language
        detected = detect_language(inbound.text) if inbound.command is None else None
        if detected is None and (created or inbound.command == "start"):
            detected = from_app_language(inbound.language_code)
        if detected is not None:
            person.language = detected
        return person.language

    def _enqueue_replies(self, ctx: Context, replies: list[Reply]) -> None:
        """Queue the replies to this chat; a button press is answered on the reply that carries its notice."""
        inbound = ctx.inbound
        callback_target = next((r for r in replies if r.notice), replies[0] if replies else None)
        for reply in replies:
            person_id = None if ctx.erased or reply.private else ctx.person.id
            payload: dict[str, object] = {"reply": reply.to_json(), "language": ctx.lang}
            if reply.edit and inbound.payload is not None and inbound.message_id:
                payload["edit_message_id"] = inbound.message_id
            if inbound.callback_id and reply is callback_target:
                payload["callback_id"] = inbound.callback_id
            repo.enqueue(ctx.session, channel=inbound.channel, chat_id=inbound.chat_id, person_id=person_id, payload=payload, now=ctx.now)
        if not replies and inbound.callback_id:
            repo.enqueue(
                ctx.session,
                channel=inbound.channel,
                chat_id=inbound.chat_id,
                person_id=None if ctx.erased else ctx.person.id,
                payload={"callback_id": inbound.callback_id},
                kind="ack",
                now=ctx.now,
            )

    async def _enqueue_menu_changes(self, ctx: Context) -> None:
        """Refresh the command menu of each person whose role or language changed."""
        for person_id in dict.fromkeys(ctx.menu_changes):
            person = await repo.find_person(ctx.session, person_id)
            if person is None:
                continue
            for identity in await repo.person_identities(ctx.session, person.id):
                repo.enqueue(
                    ctx.session,
                    channel=identity.channel,
                    chat_id=identity.chat_id,
                    person_id=person.id,
                    payload={"role": person.role, "language": person.language},
                    kind="menu",
                    now=ctx.now,
                )

    async def _record_failure(self, row_id: int, exc: Exception) -> None:
        """Mark the row failed (keeping only the error's class), count it, and tell the person, in a transaction of its own."""
        async with self.db.transaction() as session:
            row = await session.get(InboxUpdate, row_id)
            if row is None or row.status != "pending":
                return
            inbound = Inbound.from_json(row.payload or {})
            identity = await repo.find_identity(session, inbound.channel, inbound.user_id)
            language = identity.person.language if identity is not None else "vi"
            row.status = "failed"
            row.attempts += 1
            row.error = type(exc).__name__[:300]
            repo.scrub_handled(row, self.clock())  # a failed message keeps nothing of what was said, nor where
            await failures.count_failure(session, type(exc).__name__, self.clock())
            if not inbound.private:
                return  # a group hears from the bot once, the pointer to the private chat
            payload: dict[str, object] = {"reply": Reply(t(language, "error.internal")).to_json(), "language": language}
            if inbound.callback_id:
                payload["callback_id"] = inbound.callback_id
            repo.enqueue(
                session,
                channel=inbound.channel,
                chat_id=inbound.chat_id,
                person_id=identity.person_id if identity is not None else None,
                payload=payload,
                now=self.clock(),
            )
