"""Telegram adapter: our own polling loop and webhook parsing on python-telegram-bot's Bot API client.

PTB's Updater confirms offsets before handlers run, so we call `Bot.get_updates` ourselves and
move the offset only after the batch is stored in the inbox.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from bot.channels import ChannelForbidden, ChannelRejected, ChannelRetryAfter, ChannelUnavailable
from bot.concurrency import sleep_or_stop
from bot.messages import Attachment, Inbound, Outgoing, Receive, Received, Reply, parse_command, split_text
from storage.db import DATABASE_DOWN_ERRORS

os.environ.setdefault("PTB_TIMEDELTA", "true")  # opt in to PTB's timedelta durations (no deprecation noise)
log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
MAX_CAPTION = 1024


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _attachments(message: Message) -> tuple[Attachment, ...]:
    """The files a message carries, by their Telegram file id."""
    found: list[Attachment] = []
    if message.photo:
        found.append(Attachment("photo", message.photo[-1].file_id))
    if message.document:
        doc = message.document
        found.append(Attachment("document", doc.file_id, doc.file_name, doc.mime_type, doc.file_size))
    for kind in ("sticker", "voice", "video", "audio", "video_note", "animation"):
        media = getattr(message, kind)
        if media is not None:
            found.append(Attachment(kind, media.file_id))
    if message.location or message.contact or message.poll or message.venue:
        found.append(Attachment("other"))
    return tuple(found)


def to_received(update: Update) -> Received | None:
    """Our neutral form of a Telegram update, or None for kinds we do not handle."""
    if update.callback_query is not None:
        query = update.callback_query
        if query.message is None or query.data is None:
            return None
        inbound = Inbound(
            channel="telegram",
            chat_id=str(query.message.chat.id),
            user_id=str(query.from_user.id),
            message_id=str(query.message.message_id),
            payload=query.data,
            callback_id=query.id,
            language_code=query.from_user.language_code,
            chat_type=query.message.chat.type,
        )
        return Received(f"{update.update_id}:cb:{query.id}", inbound)
    message = update.message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return None
    text = message.text if message.text is not None else message.caption
    command = parse_command(message.text) if message.text else None
    inbound = Inbound(
        channel="telegram",
        chat_id=str(message.chat.id),
        user_id=str(message.from_user.id),
        message_id=str(message.message_id),
        text=None if command else text,
        command=command[0] if command else None,
        args=command[1] if command else "",
        attachments=_attachments(message),
        language_code=message.from_user.language_code,
        chat_type=message.chat.type,
    )
    return Received(f"{update.update_id}:{message.chat.id}:{message.message_id}", inbound)


@contextmanager
def _neutral_errors() -> Iterator[None]:
    """Turn python-telegram-bot's errors into the neutral channel errors the sender and dispatch know."""
    try:
        yield
    except RetryAfter as exc:
        raise ChannelRetryAfter(_seconds(exc.retry_after)) from exc
    except Forbidden as exc:
        raise ChannelForbidden(exc.message) from exc
    except (BadRequest, InvalidToken) as exc:
        raise ChannelRejected(exc.message) from exc
    except TelegramError as exc:  # NetworkError, TimedOut and server errors
        raise ChannelUnavailable(exc.message) from exc


def _markup(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.payload) for b in row] for row in reply.buttons]
    )


class TelegramChannel:
    """Delivers outbox rows through the Bot API and turns updates into inbox rows."""

    name = "telegram"
    has_buttons = True
    paces_calls = True  # holds `Outgoing.pace` around each message, file and edit
    paid_broadcast = True  # can send with allow_paid_broadcast
    max_text = 4096
    secret_header = "X-Telegram-Bot-Api-Secret-Token"

    def __init__(self, token: str, api_root: str, poll_timeout: int = 25, rate_per_second: int = 30) -> None:
        self.poll_timeout = poll_timeout
        self.rate_per_second = rate_per_second  # messages a second for this bot token (Telegram's limit: 30)
        self._photo_ids: dict[str, str] = {}
        self.bot = Bot(
            token,
            base_url=f"{api_root}/bot",
            base_file_url=f"{api_root}/file/bot",
            request=HTTPXRequest(connection_pool_size=32, read_timeout=20, connect_timeout=10, pool_timeout=10),
            get_updates_request=HTTPXRequest(read_timeout=poll_timeout + 10, connect_timeout=10),
        )

    async def start(self) -> None:
        """Check the token (getMe) and open the HTTP clients."""
        await self.bot.initialize()

    async def stop(self) -> None:
        await self.bot.shutdown()

    def chat_filter(self) -> str | None:
        return None

    async def deliver(self, out: Outgoing) -> str | None:
        with _neutral_errors():
            return await self._deliver(out)

    async def download(self, file_id: str) -> bytes:
        """Fetch a file a person sent (getFile, then the file URL)."""
        with _neutral_errors():
            file = await self.bot.get_file(file_id)
            return bytes(await file.download_as_bytearray())

    async def _deliver(self, out: Outgoing) -> str | None:
        reply = out.reply
        if out.callback_id:
            await self._answer_callback(out.callback_id, reply.text if reply is not None and reply.notice else None)
        if reply is None or (reply.notice and out.callback_id):
            return None
        chat_id = int(out.chat_id)
        paid = True if out.paid_broadcast else None  # None: not sent at all
        if reply.edit and out.edit_message_id and not (reply.document or reply.photo):
            async with out.pace():
                edited = await self._edit(chat_id, int(out.edit_message_id), reply)
            if edited is not None:
                return edited
        if reply.document is not None:
            document = InputFile(reply.document.content, filename=reply.document.name)
            async with out.pace():
                sent = await self.bot.send_document(chat_id, document, caption=reply.text[:MAX_CAPTION] or None, allow_paid_broadcast=paid)
            return str(sent.message_id)
        if reply.photo is not None:
            async with out.pace():
                return await self._send_photo(chat_id, reply, paid)
        if reply.file is not None:
            send = self.bot.send_photo if reply.file.kind == "photo" else self.bot.send_document
            async with out.pace():
                sent = await send(chat_id, reply.file.file_id, caption=reply.text[:MAX_CAPTION] or None, allow_paid_broadcast=paid)
            return str(sent.message_id)
        pieces = split_text(reply.text, self.max_text)
        message_id: str | None = None
        for index, piece in enumerate(pieces):
            markup = _markup(reply) if index == len(pieces) - 1 else None
            async with out.pace():
                sent = await self.bot.send_message(chat_id, piece, reply_markup=markup, allow_paid_broadcast=paid)
            message_id = str(sent.message_id)
        return message_id

    async def _send_photo(self, chat_id: int, reply: Reply, paid: bool | None) -> str:
        """Upload an image once; later sends of the same bytes reuse Telegram's file id."""
        assert reply.photo is not None
        digest = hashlib.sha256(reply.photo.content).hexdigest()
        photo: InputFile | str = self._photo_ids.get(digest) or InputFile(reply.photo.content, filename=reply.photo.name)
        sent = await self.bot.send_photo(
            chat_id, photo, caption=reply.text[:MAX_CAPTION] or None, reply_markup=_markup(reply), allow_paid_broadcast=paid
        )
        if sent.photo:
            self._photo_ids[digest] = sent.photo[-1].file_id
        return str(sent.message_id)

    async def _answer_callback(self, callback_id: str, text: str | None) -> None:
        """Stop the button's spinner; an expired query is not worth failing the message for."""
        try:
            await self.bot.answer_callback_query(callback_id, text=text[:200] if text else None)
        except BadRequest as exc:
            log.info("callback answer refused: %s", exc.message)

    async def _edit(self, chat_id: int, message_id: int, reply: Reply) -> str | None:
        """Replace the pressed message; None when Telegram cannot edit it (then we send anew)."""
        try:
            await self.bot.edit_message_text(
                reply.text[: self.max_text], chat_id=chat_id, message_id=message_id, reply_markup=_markup(reply)
            )
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                return str(message_id)
            log.info("edit refused (%s); sending a new message", exc.message)
            return None
        return str(message_id)

    async def set_menu(self, chat_id: str | None, commands: list[tuple[str, str]], language: str | None) -> None:
        with _neutral_errors():
            scope = BotCommandScopeDefault() if chat_id is None else BotCommandScopeChat(int(chat_id))
            await self.bot.set_my_commands(
                [BotCommand(name, description[:256]) for name, description in commands],
                scope=scope,
                language_code=language,
            )

    def deep_link(self, payload: str) -> str | None:
        """`https://t.me/<bot>?start=<payload>` (the private chat itself when empty); the username is known once
        `start()` has called getMe."""
        return f"https://t.me/{self.bot.username}" + (f"?start={payload}" if payload else "")

    async def poll(self, receive: Receive, stop: asyncio.Event) -> None:
        """Long-poll getUpdates; confirm a batch (by asking past it) only once it is stored."""
        await self.bot.delete_webhook(drop_pending_updates=False)
        offset: int | None = None
        delay = 1.0
        while not stop.is_set():
            try:
                updates = await self.bot.get_updates(
                    offset=offset, timeout=self.poll_timeout, allowed_updates=ALLOWED_UPDATES
                )
            except RetryAfter as exc:
                await sleep_or_stop(stop, _seconds(exc.retry_after))
                continue
            except Conflict:
                log.error("another bot instance or a webhook is taking the updates; retrying in 10s")
                await sleep_or_stop(stop, 10)
                continue
            except NetworkError as exc:
                log.warning("getUpdates failed (%s); retrying in %.0fs", type(exc).__name__, delay)
                await sleep_or_stop(stop, delay)
                delay = min(delay * 2, 30)
                continue
            delay = 1.0
            if not updates:
                continue
            received = [item for item in map(to_received, updates) if item is not None]
            try:
                await receive(received)
            except DATABASE_DOWN_ERRORS as exc:
                log.warning("cannot store updates (%s); not confirming them, retrying", type(exc).__name__)
                await sleep_or_stop(stop, 2)
                continue
            offset = updates[-1].update_id + 1

    def parse_webhook(self, data: dict[str, Any]) -> Received | None:
        return to_received(Update.de_json(data, self.bot))

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
