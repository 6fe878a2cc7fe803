"""Zalo adapter: the Zalo Bot API (`{root}/bot{token}/{method}`) over one aiohttp session.

A message from a Zalo group (`chat.chat_type` other than PRIVATE, or a chat that is not the sender's own)
is marked as such on the Inbound; dispatch converses only in private chats.

Zalo has no buttons, so menus arrive as numbered lists (dispatch turns a digit or the option's
words back into the button press), edits arrive as new messages and notices as plain ones.
Documents and photos, which the API can only take by URL, are served by our own web app
(`MediaStore`); without a public URL the person gets the text and a note instead.

Known limitation of polling: `getUpdates` has no offset, so Zalo forgets an update as soon as it
has handed it over. We store each one in the inbox at once (and keep retrying while the database
is down), but an update is lost if the process dies between receiving and storing it. The
webhook (`hienke serve`) has no such gap: it answers 200 only after the commit.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Any

import aiohttp

from bot.channels import ChannelError, ChannelForbidden, ChannelRejected, ChannelRetryAfter, ChannelUnavailable
from bot.concurrency import sleep_or_stop
from bot.media import MediaStore
from bot.menus import numbered_pieces
from bot.messages import PRIVATE, Attachment, Inbound, OutFile, Outgoing, Receive, Received, Reply, parse_command
from bot.texts import t
from storage.db import DATABASE_DOWN_ERRORS

log = logging.getLogger(__name__)
MAX_DOWNLOAD = 10 * 1024 * 1024

TEXT_EVENT = "message.text.received"
NOTHING_ARRIVED = 408
QUOTA_EXCEEDED = 429
REJECTED_CODES = frozenset({400, 401, 404, 413})
REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=20, connect=10)


class ZaloApiError(Exception):
    """An answer with `ok: false` (whatever its HTTP status), or no usable answer (code 0)."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _attachments(event: str, message: dict[str, Any]) -> tuple[Attachment, ...]:
    """What a non-text message carries: a photo (by URL), a sticker, or something we do not read."""
    if event == TEXT_EVENT:
        return ()
    for kind in ("photo", "sticker"):
        if message.get(kind):
            return (Attachment(kind, str(message[kind])),)
    return (Attachment("other"),)


def _reshared_photo_url(reply: Reply) -> str | None:
    """A photo someone sent on Zalo is known by its URL, which Zalo can send again; other files it cannot."""
    file = reply.file
    if file is not None and file.kind == "photo" and file.file_id.startswith(("https://", "http://")):
        return file.file_id
    return None


def _chat_type(chat: dict[str, Any], chat_id: str, user_id: str) -> str:
    """"private" for a person's own chat (`chat_type` PRIVATE); a group ("GROUP", or a chat that is not the sender's) otherwise."""
    declared = chat.get("chat_type")
    if isinstance(declared, str) and declared:
        return PRIVATE if declared.upper() == "PRIVATE" else declared.lower()
    return PRIVATE if chat_id == user_id else "group"


def to_received(update: dict[str, Any]) -> Received | None:
    """Our neutral form of a Zalo update (deduplicated on event + message id), or None if it is not a person's message."""
    event, message = update.get("event_name"), _dict(update.get("message"))
    sender, chat = _dict(message.get("from")), _dict(message.get("chat"))
    if not isinstance(event, str) or not message.get("message_id") or not sender.get("id") or sender.get("is_bot"):
        return None
    text = _text(message.get("text")) if event == TEXT_EVENT else _text(message.get("caption"))
    command = parse_command(text) if event == TEXT_EVENT and text else None
    user_id, message_id = str(sender["id"]), str(message["message_id"])
    chat_id = str(chat.get("id") or user_id)
    inbound = Inbound(
        channel="zalo",
        chat_id=chat_id,
        user_id=user_id,
        message_id=message_id,
        text=None if command else text,
        command=command[0] if command else None,
        args=command[1] if command else "",
        attachments=_attachments(event, message),
        chat_type=_chat_type(chat, chat_id, user_id),
    )
    return Received(f"{event}:{message_id}", inbound)


async def download_url(session: aiohttp.ClientSession, url: str, limit: int, source: str) -> bytes:
    """A file a person sent on `source`, fetched from the URL it gave (Zalo knows files only so), at most `limit` bytes."""
    if not url.startswith(("https://", "http://")):
        raise ChannelRejected(f"{source} files are known only by their URL")
    try:
        async with session.get(url) as response:
            if response.status != 200:
                raise ChannelUnavailable(f"HTTP {response.status} fetching a {source} file")
            content = await response.content.read(limit + 1)
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise ChannelUnavailable(type(exc).__name__) from exc
    if len(content) > limit:
        raise ChannelRejected("the file is larger than the bot takes")
    return content


def _updates(result: object) -> list[dict[str, Any]]:
    """getUpdates gives one update; a list is taken too."""
    items = result if isinstance(result, list) else [result]
    return [item for item in items if isinstance(item, dict)]


def _neutral(exc: ZaloApiError, quota_pause: float) -> ChannelError:
    """The channel-neutral error the sender understands."""
    if exc.code == QUOTA_EXCEEDED:
        return ChannelRetryAfter(quota_pause)
    if exc.code == 403:
        return ChannelForbidden(exc.description)
    if exc.code in REJECTED_CODES:
        return ChannelRejected(exc.description)
    return ChannelUnavailable(exc.description)


class ZaloChannel:
    """Delivers outbox rows through the Zalo Bot API and turns its updates into inbox rows."""

    name = "zalo"
    has_buttons = False
    max_text = 2000
    secret_header = "X-Bot-Api-Secret-Token"

    def __init__(
        self,
        token: str,
        api_root: str,
        poll_timeout: int = 25,
        media: MediaStore | None = None,
        quota_pause: float = 60.0,
    ) -> None:
        self._base = f"{api_root}/bot{token}/"  # holds the token: never logged
        self.poll_timeout = poll_timeout
        self.media = media
        self.quota_pause = quota_pause  # Zalo's 429 says the quota is spent, not for how long
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        """Open the HTTP session and check the token (getMe)."""
        self._session = aiohttp.ClientSession(timeout=REQUEST_TIMEOUT)
        await self._call("getMe")

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _call(
        self, method: str, params: dict[str, Any] | None = None, timeout: aiohttp.ClientTimeout = REQUEST_TIMEOUT
    ) -> Any:
        """Call one API method; its result, or ZaloApiError (an HTTP 200 may carry `ok: false`)."""
        assert self._session is not None, "ZaloChannel.start() was not called"
        try:
            async with self._session.post(self._base + method, json=params or {}, timeout=timeout) as response:
                status = response.status
                try:
                    body = _dict(await response.json(content_type=None))
                except ValueError:
                    body = {}
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise ZaloApiError(0, type(exc).__name__) from None  # the exception text may hold the URL
        if body.get("ok") is True:
            return body.get("result")
        code = body.get("error_code")
        description = str(body.get("description") or f"HTTP {status}")[:300]
        raise ZaloApiError(int(code) if isinstance(code, int) else status, description)

    def chat_filter(self) -> str | None:
        return None

    async def download(self, file_id: str, limit: int = MAX_DOWNLOAD) -> bytes:
        """A photo someone sent, fetched from its URL (Zalo has no file ids and carries no documents)."""
        assert self._session is not None, "ZaloChannel.start() was not called"
        return await download_url(self._session, file_id, limit, "Zalo")

    def deep_link(self, payload: str) -> str | None:
        """The Zalo Bot API documents no link that opens a chat with a start payload; people type `/start payload`."""
        return None

    async def set_menu(self, chat_id: str | None, commands: list[tuple[str, str]], language: str | None) -> None:
        """Zalo has no command menu; /help lists the commands."""

    async def deliver(self, out: Outgoing) -> str | None:
        try:
            return await self._deliver(out)
        except ZaloApiError as exc:
            raise _neutral(exc, self.quota_pause) from None

    async def _deliver(self, out: Outgoing) -> str | None:
        """Text pieces of at most 2,000 characters (the menu closing the last), a photo by URL first."""
        reply = out.reply
        if reply is None:
            return None  # only a button acknowledgement, which Zalo has no use for
        photo_url = _reshared_photo_url(reply)
        if reply.photo is not None and self.media is not None:
            photo_url = await self.media.publish(reply.photo)
        text = await self._text_with_notes(reply, photo_url is not None, out.language)
        pieces = numbered_pieces(replace(reply, text=text), self.max_text)
        message_id: str | None = None
        if photo_url is not None:
            message_id = await self._send("sendPhoto", out.chat_id, {"photo": photo_url, "caption": pieces.pop(0)})
        for piece in pieces:
            message_id = await self._send("sendMessage", out.chat_id, {"text": piece})
        return message_id

    async def _text_with_notes(self, reply: Reply, photo_sent: bool, language: str) -> str:
        """The reply's text, then a link or a note for each file Zalo cannot carry itself."""
        notes = [await self._file_note(reply.document, language)] if reply.document is not None else []
        if reply.photo is not None and not photo_sent:
            notes.append(t(language, "file.elsewhere", name=reply.photo.name))
        if reply.file is not None and not photo_sent:
            notes.append(t(language, "file.elsewhere", name=reply.file.file_name or reply.file.kind))
        return "\n\n".join(part for part in (reply.text, *notes) if part)

    async def _send(self, method: str, chat_id: str, params: dict[str, str]) -> str | None:
        """One send; the message id Zalo gave it. Empty values are left out."""
        result = await self._call(method, {"chat_id": chat_id, **{k: v for k, v in params.items() if v}})
        message_id = _dict(result).get("message_id")
        return str(message_id) if message_id is not None else None

    async def _file_note(self, file: OutFile, language: str) -> str:
        """A link to the document, or a note that it can be had on another channel."""
        if self.media is None:
            return t(language, "file.elsewhere", name=file.name)
        url = await self.media.publish(file)
        return t(language, "file.link", name=file.name, url=url, hours=self.media.hours)

    async def poll(self, receive: Receive, stop: asyncio.Event) -> None:
        """Long-poll getUpdates (408: nothing arrived) and store every update the moment it is handed over."""
        await self._drop_webhook()
        delay = 1.0
        while not stop.is_set():
            try:
                result = await self._call(
                    "getUpdates",
                    {"timeout": str(self.poll_timeout)},
                    aiohttp.ClientTimeout(total=self.poll_timeout + 10, connect=10),
                )
            except ZaloApiError as exc:
                if exc.code == NOTHING_ARRIVED:
                    continue
                wait = self.quota_pause if exc.code == QUOTA_EXCEEDED else delay
                log.warning("Zalo getUpdates failed (%s); retrying in %.0fs", exc, wait)
                await sleep_or_stop(stop, wait)
                delay = min(delay * 2, 30)
                continue
            delay = 1.0
            received = [item for item in map(to_received, _updates(result)) if item is not None]
            if received:
                await self._store(receive, received, stop)

    async def _store(self, receive: Receive, received: list[Received], stop: asyncio.Event) -> None:
        """Keep trying to store what getUpdates handed over: Zalo will not deliver it again."""
        delay = 0.5
        while True:
            try:
                await receive(received)
                return
            except DATABASE_DOWN_ERRORS as exc:
                if stop.is_set():
                    log.error("stopping with %d Zalo update(s) not stored (%s): they are lost", len(received), type(exc).__name__)
                    return
                log.warning("cannot store Zalo updates (%s); holding them, retrying in %.1fs", type(exc).__name__, delay)
                await sleep_or_stop(stop, delay)
                delay = min(delay * 2, 30)

    async def _drop_webhook(self) -> None:
        """Polling and a webhook exclude each other: remove a webhook left by `hienke serve`."""
        try:
            await self._call("deleteWebhook")
        except ZaloApiError as exc:
            log.warning("could not remove the Zalo webhook before polling: %s", exc)

    def parse_webhook(self, data: dict[str, Any]) -> Received | None:
        """A webhook body, wrapped as `{"ok": true, "result": {...}}` or flat."""
        wrapped = data.get("result")
        return to_received(wrapped if isinstance(wrapped, dict) else data)

    async def set_webhook(self, url: str, secret: str) -> None:
        await self._call("setWebhook", {"url": url, "secret_token": secret})
