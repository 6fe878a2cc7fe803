"""The durable inbox and dispatch: store first, then handle in order per chat, a batch of chats in one transaction."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from contextlib import AsyncExitStack
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import metrics
from bot.channels import Channel, ChannelError
from bot.concurrency import keep_running, run_grouped
from bot.conversation import Context, FileFetcher, FileTooLarge, FileUnavailable, Router, SlowWork, no_link, route
from bot.language import detect_language, from_app_language
from bot.menus import Menu, menu_of, missed, resolve_choice
from bot.messages import Attachment, Inbound, Received, Reply, clean_inbound
from bot.org import Organisation
from bot.ratelimit import InboundLimit
from bot.settings import Settings
from bot.texts import t
from bot.window import on_interaction
from bot.workdays import WorkCalendar
from storage import failures, repo
from storage.db import DATABASE_DOWN_ERRORS, Clock, Database, keep_loaded
from storage.models import InboxUpdate, Person
from storage.sealing import Keys

log = logging.getLogger(__name__)

MAX_DOWNLOAD_BYTES = 10 * 1024 * 1024
MAX_PER_CHAT_TURN = 50  # updates of one chat handled in a row before other chats get a turn
BATCH = 32  # updates handled together in one transaction (one claim, one commit); each reply waits for its batch
MAX_SLOW_WORK = 4  # pieces of slow work (downloads, parses) one message may ask for


def shown_answer(text: str, most: int = 30) -> str:
    """What the person typed, quoted back short."""
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"


def chat_key(inbound: Inbound) -> str:
    return f"{inbound.channel}:{inbound.chat_id}"


def in_batches(pending: list[tuple[int, str]], size: int) -> list[list[tuple[int, str]]]:
    """Pending (id, chat_key) rows cut into batches of about `size`, each chat's rows in one batch, in order."""
    chats: dict[str, list[tuple[int, str]]] = {}
    for row in pending:
        chats.setdefault(row[1], []).append(row)
    batches: list[list[tuple[int, str]]] = [[]]
    for rows in chats.values():
        if batches[-1] and len(batches[-1]) + len(rows) > size:
            batches.append([])
        batches[-1].extend(rows)
    return [batch for batch in batches if batch]


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
        self.inbound_limit = InboundLimit(settings.hienke_inbound_per_minute)
        self._wake = asyncio.Event()
        self._stop = asyncio.Event()  # replaced by `run`'s; `process_pending` alone (tests, console) never stops
        self._chat_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self._verdicts: dict[int, str] = {}  # the inbound limit's verdict on rows whose handling was rolled back

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
        """Handle what is pending now, in batches (one at a time on SQLite, whose writers take turns anyway);
        returns how many updates were handled (chats another process is handling are left to it)."""
        async with self.db.transaction() as session:
            pending = await repo.pending_inbox(session, limit)
        batches = {str(n): batch for n, batch in enumerate(in_batches(pending, BATCH))}
        handled = 0

        async def batch(names: list[str]) -> None:
            nonlocal handled
            handled += await self._process_batch(batches[names[0]])

        lanes = 1 if self.db.single_writer else self.concurrency
        await run_grouped(list(batches), key=str, work=batch, concurrency=lanes)
        return handled

    def _chat_lock(self, key: str) -> asyncio.Lock:
        """What keeps two batches of this process off one chat at once."""
        lock = self._chat_locks.get(key)
        if lock is None:
            lock = self._chat_locks[key] = asyncio.Lock()
        return lock

    async def _process_batch(self, rows: list[tuple[int, str]]) -> int:
        """These chats' updates in one transaction, each chat's in order. If one of them fails or asks for slow
        work, all of it is rolled back and each chat is handled one update per transaction instead."""
        seen = Counter(key for _, key in rows)
        async with AsyncExitStack() as held:
            for key in sorted(seen):
                await held.enter_async_context(self._chat_lock(key))
            try:
                return await self._handle_together(rows)
            except DATABASE_DOWN_ERRORS:
                raise
            except Exception:  # SlowWork, or a bug in a handler: which update it was is found one at a time
                handled = 0
                for key, count in seen.items():
                    handled += await self._process_chat(key, count)
                return handled

    async def _handle_together(self, rows: list[tuple[int, str]]) -> int:
        """Handle the rows still pending in one transaction; raises what a handler raised (nothing is kept then)."""
        handled: list[int] = []
        async with self.db.transaction() as session:
            keep_loaded(session)  # what several updates read (the poll they vote in) is read once
            for row in await repo.claim_rows(session, rows):
                if self._stop.is_set():
                    break
                await self._handle(session, row, {})
                handled.append(row.id)
            if handled:
                await repo.mark_handled(session, handled, self.clock())
        for row_id in handled:
            self._verdicts.pop(row_id, None)
        if handled:
            self.on_outbox()
        return len(handled)

    async def _process_chat(self, key: str, seen: int) -> int:
        """One chat's updates strictly in order, oldest first, one transaction each, until none is left (at least
        the `seen` ones unless another process holds the chat); stops at the first that could not be stored.
        The caller holds the chat's lock."""
        handled = 0
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
                    row.status = "done"
                    row.attempts += 1
                    repo.scrub_handled(row, self.clock())
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
        self._verdicts.pop(row_id, None)
        self.on_outbox()
        return True

    async def _failed(self, row_id: int, exc: Exception) -> None:
        log.error("handling inbox row %s failed: %s", row_id, type(exc).__name__, exc_info=exc)
        metrics.HANDLER_FAILURES.labels(type(exc).__name__).inc()
        await self._record_failure(row_id, exc)

    async def _handle(self, session: AsyncSession, row: InboxUpdate, prepared: dict[str, object]) -> None:
        """Answer the row's update (its caller marks the row handled)."""
        now = self.clock()
        inbound = Inbound.from_json(row.payload or {})
        channel = self.channels.get(inbound.channel)
        if inbound.event == "unfollow":  # they left the OA: stop writing to them, answer nothing
            await repo.mark_unreachable(session, inbound.channel, inbound.chat_id, now)
        elif not inbound.private:
            await self._point_to_private(session, inbound, channel, now)
        elif (verdict := self._admit(channel, row, now)) == "ok":
            await self._converse(session, inbound, channel, now, prepared)
        elif verdict == "warn":
            await self._ask_to_slow_down(session, inbound, now)

    def _admit(self, channel: Channel | None, row: InboxUpdate, now: datetime) -> str:
        """The per-chat inbound limit's verdict ("ok", "warn", "drop"), once per row; a terminal (the console) is
        not limited."""
        if not getattr(channel, "inbound_limited", True):
            return "ok"
        verdict = self._verdicts.get(row.id) or self.inbound_limit.admit(row.chat_key, row.received_at or now)
        self._verdicts[row.id] = verdict  # handled again after a rollback, it is not counted twice
        return verdict

    async def _ask_to_slow_down(self, session: AsyncSession, inbound: Inbound, now: datetime) -> None:
        """The first message over the per-chat limit: "please wait", once; the rest of the flood goes unanswered."""
        log.warning(
            "chat %s sent more than %d messages in a minute: the excess is dropped until it slows down",
            self.sealer.digest(chat_key(inbound))[:12], self.inbound_limit.per_minute,
        )
        identity = await repo.find_identity(session, inbound.channel, inbound.user_id)
        language = identity.person.language if identity is not None else from_app_language(inbound.language_code) or "vi"
        payload: dict[str, object] = {"reply": Reply(t(language, "error.slow_down")).to_json(), "language": language}
        repo.enqueue(session, channel=inbound.channel, chat_id=inbound.chat_id, person_id=None, payload=payload, now=now)

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
        state = await repo.load_state(session, inbound.channel, inbound.chat_id, inbound.user_id)  # first: one flush less
        identity, created = await repo.get_or_create_identity(
            session, inbound.channel, inbound.user_id, inbound.chat_id, from_app_language(inbound.language_code) or "vi", now
        )
        await on_interaction(session, channel, identity, now, self.settings.timezone)
        person = identity.person
        previous_role = person.role
        await self._apply_configured_admin(session, person, inbound)
        lang = self._choose_language(person, inbound, created)
        menu = Menu.from_json(state.menu)
        numbered_menus = channel is not None and not channel.has_buttons
        inbound = resolve_choice(inbound, menu, numbered=numbered_menus)
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
        if missed(inbound, menu, in_flow=bool(state.step)):  # the same question again; the menu stays as it was
            self._enqueue_replies(ctx, menu.again(ctx.t("menu.no_match", answer=shown_answer(inbound.text or ""))))
            return
        step_before = state.step
        replies = await route(ctx, self.router)
        self._enqueue_replies(ctx, replies)
        if not ctx.erased:
            # a private reply (a tracking code in it) is kept only while its flow lasts (which keeps its draft anyway);
            # outside a flow, only where a digit answers its options, and without its text
            kept = [r for r in replies if r.buttons and not r.notice and (state.step or not r.private or numbered_menus)]
            still = not kept and state.step is not None and state.step == step_before  # the same question still waits
            if not ctx.refused and not still and any(not reply.notice for reply in replies):  # a pop-up leaves it too
                last = kept[-1] if kept else None  # what a typed answer picks from next
                state.menu = menu_of(last, with_question=bool(state.step) or not last.private) if last is not None else []
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
            # `answer`: the dispatcher keeps its menu (with its question) itself; the sender keeps only those of notices
            payload: dict[str, object] = {"reply": reply.to_json(), "language": ctx.lang, "answer": True}
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
