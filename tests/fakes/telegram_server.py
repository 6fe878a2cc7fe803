"""A fake Telegram Bot API server (aiohttp) that the real python-telegram-bot ``Bot`` talks to over HTTP."""

import asyncio
import contextlib
import html
import itertools
import json
import re
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from aiohttp import web

from tests.fakes.local_server import LocalServer

JSON = dict[str, Any]

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
LONG_POLL_CAP_SECONDS = 2.0
WAIT_POLL_SECONDS = 0.01
DEFAULT_FIRST_NAME = "Người dùng"
DEFAULT_LANGUAGE = "vi"
BOT_FIRST_NAME = "Hiến kế"

_API_PATH = re.compile(r"/bot([^/]+)/([^/]+)")
_FILE_PATH = re.compile(r"/file/bot([^/]+)/files/([^/]+)")
_HTML_TAG = re.compile(r"<[^>]*>")
_BOT_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
# Form values PTB sends raw (str values are not JSON-encoded); everything else is JSON-decoded when possible.
_STRING_PARAMS = frozenset(
    {
        "action",
        "business_connection_id",
        "callback_query_id",
        "caption",
        "description",
        "document",
        "file_id",
        "inline_message_id",
        "ip_address",
        "language_code",
        "message_effect_id",
        "parse_mode",
        "photo",
        "secret_token",
        "short_description",
        "text",
        "url",
    }
)
_WEBHOOK_INFO_FIELDS = ("max_connections", "allowed_updates", "ip_address")
_DUMP_TEXT_LIMIT = 200
# Update types Telegram only delivers when explicitly listed in allowed_updates.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


@dataclass(frozen=True)
class UploadedFile:
    """A file the bot uploaded (multipart part) or a user sent (fake content)."""

    file_name: str
    data: bytes = field(repr=False)
    mime_type: str


@dataclass(frozen=True, kw_only=True)
class SentMessage:
    """One message the bot sent with sendMessage, sendDocument or sendPhoto."""

    chat_id: int
    text: str | None
    reply_markup: JSON | None
    message_id: int
    method: str
    document_name: str | None
    document_bytes: bytes | None = field(repr=False)
    parse_mode: str | None


@dataclass(frozen=True, kw_only=True)
class Edit:
    """One successful editMessageText / editMessageReplyMarkup call."""

    chat_id: int
    message_id: int
    text: str | None
    reply_markup: JSON | None
    method: str


class _ApiError(Exception):
    """A Bot API error answer: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after

    def response(self) -> web.Response:
        """Render the error the way Telegram does (HTTP status equals error_code)."""
        body: JSON = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return web.json_response(body, status=self.error_code)


# The calls Telegram's flood limits count: every message, file and edit put into a chat.
_RATE_LIMITED = frozenset({"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup"})
WINDOW_SECONDS = 1.0
PAID_BROADCAST_LIMIT = 1000  # messages a second with allow_paid_broadcast, charged in Stars


class StrictLimits:
    """Telegram's limits enforced exactly: at most `per_second` counted calls in any one-second sliding window
    for the bot (`PAID_BROADCAST_LIMIT` for calls with allow_paid_broadcast, in a window of their own) and at
    most one counted call per second to any one chat; beyond either, 429 with retry_after 1."""

    def __init__(self, per_second: int) -> None:
        self.per_second = per_second
        self.refused = 0
        self.paid = 0  # calls accepted with allow_paid_broadcast (0.1 Star each on Telegram)
        self._window: deque[float] = deque()
        self._paid_window: deque[float] = deque()
        self._last_in_chat: dict[object, float] = {}

    def admit(self, params: JSON) -> None:
        """Count one call arriving now, or refuse it with 429 (a refused call is not counted)."""
        now = time.monotonic()
        paid = bool(params.get("allow_paid_broadcast"))
        window, limit = (self._paid_window, PAID_BROADCAST_LIMIT) if paid else (self._window, self.per_second)
        while window and window[0] <= now - WINDOW_SECONDS:
            window.popleft()
        chat = params.get("chat_id")
        last = self._last_in_chat.get(chat)
        if len(window) >= limit or (last is not None and now - last < WINDOW_SECONDS):
            self.refused += 1
            raise _ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        window.append(now)
        self._last_in_chat[chat] = now
        self.paid += paid


class FakeTelegram(LocalServer):
    """In-process fake of the Telegram Bot API, bound to 127.0.0.1 on a free port."""

    name = "FakeTelegram"
    client_max_size = MAX_UPLOAD_BYTES

    def __init__(
        self, token: str = "123456:TEST-TOKEN", bot_username: str = "hienke_test_bot", strict: int | None = None
    ) -> None:
        """Prepare an unstarted server; `strict` (messages/s) enforces Telegram's limits exactly (`StrictLimits`)."""
        super().__init__()
        self.token = token
        self.limits = StrictLimits(strict) if strict else None
        self.bot_user: JSON = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": BOT_FIRST_NAME,
            "username": bot_username,
        }
        self.sent: list[SentMessage] = []
        self.edits: list[Edit] = []
        self.callback_answers: list[JSON] = []
        self.commands: dict[str, list[JSON]] = {}
        self.webhook: JSON | None = None
        self.file_gate: asyncio.Event | None = None  # when set, file downloads wait for it
        self.confirmed_offset = 0
        self.blocked: set[int] = set()
        self._queue: list[JSON] = []
        self._wakeup = asyncio.Event()
        self._poll_generation = 0
        self._allowed_updates: set[str] | None = None
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._message_ids: defaultdict[int, Iterator[int]] = defaultdict(lambda: itertools.count(1))
        self._messages: dict[tuple[int, int], JSON] = {}
        self._users: dict[int, JSON] = {}
        self._groups: dict[int, JSON] = {}  # group chats by id; every other chat is a user's private chat
        self._files: dict[str, UploadedFile] = {}
        self._callback_query_ids: set[str] = set()
        self._methods = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "sendChatAction": self._send_chat_action,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "getMyCommands": self._get_my_commands,
            "setMyDescription": self._accept,
            "setMyShortDescription": self._accept,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "getFile": self._get_file,
        }

    def _release(self) -> None:
        self._wake()

    # ---------------------------------------------------------------- driving the bot

    def message_update(
        self,
        user_id: int,
        text: str,
        *,
        language_code: str = DEFAULT_LANGUAGE,
        first_name: str = DEFAULT_FIRST_NAME,
    ) -> JSON:
        """Build (not queue) a private-chat text message Update; commands get a bot_command entity."""
        self._users[user_id] = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        return self._user_message_update(user_id, _text_content(text))

    def sticker_update(self, user_id: int) -> JSON:
        """Build (not queue) an Update with a sticker message from the user."""
        sticker = {
            "file_id": "sticker-file",
            "file_unique_id": "sticker-unique",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
        }
        return self._user_message_update(user_id, {"sticker": sticker})

    def photo_update(self, user_id: int, caption: str | None = None, *, content: bytes = b"") -> JSON:
        """Build (not queue) an Update with a photo message (downloadable via getFile) from the user."""
        message: JSON = {"photo": self._photo_sizes(UploadedFile("photo.jpg", content, "image/jpeg"))}
        if caption is not None:
            message["caption"] = caption
        return self._user_message_update(user_id, message)

    def document_update(self, user_id: int, file_name: str, mime_type: str, *, content: bytes = b"") -> JSON:
        """Build (not queue) an Update with a document message (downloadable via getFile) from the user."""
        document = self._document(UploadedFile(file_name, content, mime_type))
        return self._user_message_update(user_id, {"document": document})

    def group_message_update(self, user_id: int, chat_id: int, text: str, *, chat_type: str = "supergroup") -> JSON:
        """Build (not queue) a text message Update from the user in the group chat ``chat_id`` (negative, as Telegram's are)."""
        self._groups.setdefault(chat_id, {"id": chat_id, "type": chat_type, "title": f"Nhóm {-chat_id}"})
        message = self._new_message(chat_id, self._user(user_id), _text_content(text))
        return {"update_id": next(self._update_ids), "message": message}

    def callback_update(self, user_id: int, data: str, message_id: int, chat_id: int | None = None) -> JSON:
        """Build (not queue) a callback_query Update for a button on message ``message_id`` in the user's chat (or ``chat_id``)."""
        chat = user_id if chat_id is None else chat_id
        message = self._messages.get((chat, message_id))
        if message is None:
            raise KeyError(f"no message {message_id} in chat {chat}")
        query_id = str(next(self._callback_ids))
        self._callback_query_ids.add(query_id)
        query = {
            "id": query_id,
            "from": self._user(user_id),
            "message": message,
            "chat_instance": str(user_id),
            "data": data,
        }
        return {"update_id": next(self._update_ids), "callback_query": query}

    def push(self, update: JSON) -> JSON:
        """Queue an update for getUpdates (unless excluded by the bot's allowed_updates) and return it."""
        kind = next(key for key in update if key != "update_id")
        allowed = kind not in _OPT_IN_UPDATES if self._allowed_updates is None else kind in self._allowed_updates
        if allowed:
            self._queue.append(update)
            self._wake()
        return update

    def send_text(self, user_id: int, text: str, **kw: Any) -> JSON:
        """Queue a text message from the user (kw as for ``message_update``)."""
        return self.push(self.message_update(user_id, text, **kw))

    def press(self, user_id: int, data: str, message_id: int | None = None) -> JSON:
        """Queue a button press; defaults to the newest bot message in that chat currently showing that button."""
        if message_id is None:
            message_id = self._message_with_button(user_id, data)
        return self.push(self.callback_update(user_id, data, message_id))

    # ---------------------------------------------------------------- inspecting / waiting

    @property
    def unconfirmed(self) -> int:
        """How many queued updates the bot has not yet confirmed with a later offset."""
        return len(self._queue)

    def buttons_of_last_edit(self, chat_id: int) -> list[tuple[str, str]]:
        """(text, callback_data) of the keyboard the last edit in the chat left."""
        edit = next(e for e in reversed(self.edits) if e.chat_id == chat_id)
        return _inline_buttons(edit.reply_markup)

    def sent_to(self, chat_id: int) -> list[SentMessage]:
        """All messages the bot sent to ``chat_id``, in order."""
        return [message for message in self.sent if message.chat_id == chat_id]

    def shown_buttons(self, chat_id: int) -> list[tuple[str, str]]:
        """(text, callback_data) of the buttons the chat shows now (after edits), newest message first."""
        shown = sorted(
            (message_id, message)
            for (message_chat, message_id), message in self._messages.items()
            if message_chat == chat_id and message["from"]["id"] == self.bot_user["id"]
        )
        return [button for _, message in reversed(shown) for button in _inline_buttons(message.get("reply_markup"))]

    def buttons(self, msg: SentMessage) -> list[tuple[str, str]]:
        """Inline keyboard of ``msg`` flattened to (text, callback_data); '' for buttons without callback_data."""
        return _inline_buttons(msg.reply_markup)

    @staticmethod
    def key(scope: JSON | None = None, language_code: str = "") -> str:
        """Key of ``commands`` for a BotCommandScope dict (None = default scope) and language code."""
        return f"{json.dumps(scope or {'type': 'default'}, sort_keys=True)}|{language_code}"

    async def wait_sent(self, chat_id: int, count: int, timeout: float = 5.0) -> list[SentMessage]:
        """Wait until at least ``count`` messages were sent to ``chat_id``; return all sent to it."""
        await self._wait_until(
            lambda: len(self.sent_to(chat_id)) >= count,
            timeout,
            f"expected at least {count} message(s) sent to chat {chat_id}",
        )
        return self.sent_to(chat_id)

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``predicate()`` is true."""
        await self._wait_until(predicate, timeout, "condition not met")

    def dump(self) -> str:
        """Readable listing of everything the bot sent and edited."""
        lines = [f"sent ({len(self.sent)}):"]
        for msg in self.sent:
            media = f" [{msg.document_name}, {len(msg.document_bytes or b'')} bytes]" if msg.document_name else ""
            buttons = f" buttons={self.buttons(msg)}" if msg.reply_markup else ""
            where = f"{msg.method} -> chat {msg.chat_id} #{msg.message_id}{media}"
            lines.append(f"  {where}: {_shorten(msg.text)}{buttons}")
        lines.append(f"edits ({len(self.edits)}):")
        for edit in self.edits:
            buttons = f" buttons={_inline_buttons(edit.reply_markup)}" if edit.reply_markup else ""
            lines.append(f"  {edit.method} chat {edit.chat_id} #{edit.message_id}: {_shorten(edit.text)}{buttons}")
        return "\n".join(lines)

    # ---------------------------------------------------------------- failure injection

    def fail_next(
        self,
        method: str,
        *,
        error_code: int = 429,
        retry_after: int | None = 1,
        description: str | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail; retry_after is only sent with error_code 429."""
        is_flood = error_code == HTTPStatus.TOO_MANY_REQUESTS
        if description is None:
            description = f"Too Many Requests: retry after {retry_after}" if is_flood else HTTPStatus(error_code).phrase
        for _ in range(times):
            self._failures[method].append(_ApiError(error_code, description, retry_after if is_flood else None))

    # ---------------------------------------------------------------- HTTP layer

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        """Route ``/bot<token>/<method>`` and ``/file/bot<token>/<path>`` requests."""
        if match := _API_PATH.fullmatch(request.path):
            token, method = match.groups()
            if token != self.token:
                return _ApiError(401, "Unauthorized").response()
            return await self._call(method, await _read_params(request))
        if request.method == "GET" and (match := _FILE_PATH.fullmatch(request.path)):
            token, file_id = match.groups()
            if token != self.token:
                return _ApiError(401, "Unauthorized").response()
            if (upload := self._files.get(file_id)) is not None:
                if self.file_gate is not None:  # a slow network: the file arrives once the test opens the gate
                    await self.file_gate.wait()
                return web.Response(body=upload.data, content_type=upload.mime_type)
        return _ApiError(404, "Not Found").response()

    async def _call(self, method: str, params: JSON) -> web.Response:
        """Record and execute one Bot API method call."""
        try:
            if self.limits is not None and method in _RATE_LIMITED:
                self.limits.admit(params)
            result = await self._invoke(method, params, _ApiError(404, "Not Found"))
        except _ApiError as error:
            return error.response()
        return web.json_response({"ok": True, "result": result})

    # ---------------------------------------------------------------- Bot API methods

    async def _get_me(self, params: JSON) -> JSON:
        """Handle getMe."""
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: JSON) -> list[JSON]:
        """Handle getUpdates with Telegram's offset confirmation and (capped) long polling."""
        if self.webhook is not None:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        self._confirm(int(params.get("offset", 0)))
        if "allowed_updates" in params:
            self._allowed_updates = set(params["allowed_updates"]) or None
        limit = min(max(int(params.get("limit", 100)), 1), 100)
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake()  # a newer getUpdates terminates an older pending one, as on Telegram
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(float(params.get("timeout", 0)), LONG_POLL_CAP_SECONDS)
        while not self._queue and not self._closing and (remaining := deadline - loop.time()) > 0:
            wakeup = self._wakeup
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wakeup.wait(), remaining)
            if generation != self._poll_generation:
                raise _ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                )
        return self._queue[:limit]

    async def _send_message(self, params: JSON) -> JSON:
        """Handle sendMessage."""
        chat_id = self._recipient(params)
        text = params.get("text", "")
        _check_text(text, params.get("parse_mode"))
        return self._deliver("sendMessage", chat_id, params, {"text": text}, text=text, upload=None)

    async def _send_document(self, params: JSON) -> JSON:
        """Handle sendDocument (multipart upload, file_id or URL)."""
        chat_id = self._recipient(params)
        upload = self._upload(params, "document")
        caption = _caption(params)
        content = {"document": self._document(upload)}
        return self._deliver("sendDocument", chat_id, params, content, text=caption, upload=upload)

    async def _send_photo(self, params: JSON) -> JSON:
        """Handle sendPhoto (multipart upload, file_id or URL)."""
        chat_id = self._recipient(params)
        upload = self._upload(params, "photo")
        caption = _caption(params)
        content = {"photo": self._photo_sizes(upload)}
        return self._deliver("sendPhoto", chat_id, params, content, text=caption, upload=upload)

    async def _send_chat_action(self, params: JSON) -> bool:
        """Handle sendChatAction."""
        self._recipient(params)
        return True

    async def _edit_message_text(self, params: JSON) -> JSON:
        """Handle editMessageText; omitting reply_markup removes the inline keyboard, as on Telegram."""
        message = self._editable(params)
        if "text" not in message:
            raise _ApiError(400, "Bad Request: there is no text in the message to edit")
        text = params.get("text", "")
        _check_text(text, params.get("parse_mode"))
        return self._apply_edit("editMessageText", message, params, text)

    async def _edit_message_reply_markup(self, params: JSON) -> JSON:
        """Handle editMessageReplyMarkup."""
        return self._apply_edit("editMessageReplyMarkup", self._editable(params), params, None)

    async def _answer_callback_query(self, params: JSON) -> bool:
        """Handle answerCallbackQuery for a query id this fake issued."""
        if params.get("callback_query_id") not in self._callback_query_ids:
            raise _ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        self.callback_answers.append(params)
        return True

    async def _set_my_commands(self, params: JSON) -> bool:
        """Handle setMyCommands, validating command names like Telegram."""
        commands = params.get("commands")
        if not isinstance(commands, list) or not all(
            isinstance(command, dict) and _BOT_COMMAND.fullmatch(str(command.get("command", "")))
            for command in commands
        ):
            raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        self.commands[self.key(params.get("scope"), params.get("language_code", ""))] = commands
        return True

    async def _delete_my_commands(self, params: JSON) -> bool:
        """Handle deleteMyCommands."""
        self.commands.pop(self.key(params.get("scope"), params.get("language_code", "")), None)
        return True

    async def _get_my_commands(self, params: JSON) -> list[JSON]:
        """Handle getMyCommands."""
        return self.commands.get(self.key(params.get("scope"), params.get("language_code", "")), [])

    async def _accept(self, params: JSON) -> bool:
        """Accept methods that only need to succeed (setMyDescription, setMyShortDescription)."""
        return True

    async def _set_webhook(self, params: JSON) -> bool:
        """Handle setWebhook; an empty url removes the webhook."""
        if params.get("drop_pending_updates"):
            self._queue.clear()
        if "allowed_updates" in params:
            self._allowed_updates = set(params["allowed_updates"]) or None
        settings = {key: value for key, value in params.items() if not isinstance(value, UploadedFile)}
        self.webhook = settings if params.get("url") else None
        return True

    async def _delete_webhook(self, params: JSON) -> bool:
        """Handle deleteWebhook."""
        if params.get("drop_pending_updates"):
            self._queue.clear()
        self.webhook = None
        return True

    async def _get_webhook_info(self, params: JSON) -> JSON:
        """Handle getWebhookInfo."""
        webhook = self.webhook or {}
        info: JSON = {
            "url": webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }
        info.update({key: webhook[key] for key in _WEBHOOK_INFO_FIELDS if key in webhook})
        return info

    async def _get_file(self, params: JSON) -> JSON:
        """Handle getFile; the file is then downloadable under ``/file/bot<token>/<file_path>``."""
        file_id = params.get("file_id")
        if file_id not in self._files:
            raise _ApiError(400, "Bad Request: invalid file_id")
        return {**self._file_object(file_id), "file_path": f"files/{file_id}"}

    # ---------------------------------------------------------------- helpers

    def _wake(self) -> None:
        """Wake every pending long poll."""
        self._wakeup.set()
        self._wakeup = asyncio.Event()

    def _confirm(self, offset: int) -> None:
        """Apply getUpdates' offset: forget confirmed updates (negative: keep only the last -offset)."""
        if offset > 0:
            self._queue = [update for update in self._queue if update["update_id"] >= offset]
            self.confirmed_offset = max(self.confirmed_offset, offset)
        elif offset < 0:
            del self._queue[:offset]

    async def _wait_until(self, predicate: Callable[[], bool], timeout: float, failure: str) -> None:
        """Poll ``predicate`` every 10 ms; on timeout raise AssertionError with a dump."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            if loop.time() >= deadline:
                raise AssertionError(f"{failure} within {timeout} s\n{self.dump()}")
            await asyncio.sleep(WAIT_POLL_SECONDS)

    def _user(self, user_id: int) -> JSON:
        """Return the User dict for ``user_id`` (as last described by ``message_update``)."""
        return self._users.get(
            user_id,
            {"id": user_id, "is_bot": False, "first_name": DEFAULT_FIRST_NAME, "language_code": DEFAULT_LANGUAGE},
        )

    def _new_message(self, chat_id: int, sender: JSON, content: JSON) -> JSON:
        """Create and store a Message in the chat ``chat_id``: a group's, or the private chat with that user."""
        message_id = next(self._message_ids[chat_id])
        private = {"id": chat_id, "type": "private", "first_name": self._user(chat_id)["first_name"]}
        message = {
            "message_id": message_id,
            "from": sender,
            "chat": self._groups.get(chat_id, private),
            "date": int(time.time()),
            **content,
        }
        self._messages[(chat_id, message_id)] = message
        return message

    def _user_message_update(self, user_id: int, content: JSON) -> JSON:
        """Wrap a new message from the user into an Update."""
        message = self._new_message(user_id, self._user(user_id), content)
        return {"update_id": next(self._update_ids), "message": message}

    def _message_with_button(self, chat_id: int, data: str) -> int:
        """Return the newest bot message in ``chat_id`` whose current inline keyboard has ``data``."""
        candidates = [
            message_id
            for (message_chat, message_id), message in self._messages.items()
            if message_chat == chat_id
            and message["from"]["id"] == self.bot_user["id"]
            and data in (button_data for _, button_data in _inline_buttons(message.get("reply_markup")))
        ]
        if not candidates:
            raise AssertionError(
                f"no message in chat {chat_id} shows a button with callback_data {data!r}\n{self.dump()}"
            )
        return max(candidates)

    def _store_file(self, upload: UploadedFile) -> str:
        """Keep a file for getFile/download and return its new file_id."""
        file_id = f"file{next(self._file_ids)}"
        self._files[file_id] = upload
        return file_id

    def _file_object(self, file_id: str) -> JSON:
        """Return the fields every Telegram file object has."""
        return {"file_id": file_id, "file_unique_id": f"unique-{file_id}", "file_size": len(self._files[file_id].data)}

    def _document(self, upload: UploadedFile) -> JSON:
        """Store ``upload`` and return a Document object for it."""
        return {
            **self._file_object(self._store_file(upload)),
            "file_name": upload.file_name,
            "mime_type": upload.mime_type,
        }

    def _photo_sizes(self, upload: UploadedFile) -> list[JSON]:
        """Store ``upload`` and return a one-size PhotoSize list for it."""
        return [{**self._file_object(self._store_file(upload)), "width": 640, "height": 480}]

    def _recipient(self, params: JSON) -> int:
        """Return the chat_id of a send* call; 403 if the user blocked the bot."""
        chat_id = params.get("chat_id")
        if chat_id is None:
            raise _ApiError(400, "Bad Request: chat_id is empty")
        if not isinstance(chat_id, int):
            raise _ApiError(400, "Bad Request: chat not found")
        if chat_id in self.blocked:
            raise _ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def _upload(self, params: JSON, name: str) -> UploadedFile:
        """Return the file of a sendDocument/sendPhoto call: uploaded, a known file_id, or a URL (empty)."""
        value = params.get(name)
        if isinstance(value, UploadedFile):
            return value
        if value is None:
            raise _ApiError(400, f"Bad Request: there is no {name} in the request")
        if isinstance(value, str) and value in self._files:
            return self._files[value]
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return UploadedFile(value.rsplit("/", 1)[-1], b"", "application/octet-stream")
        raise _ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    def _deliver(
        self,
        method: str,
        chat_id: int,
        params: JSON,
        content: JSON,
        *,
        text: str | None,
        upload: UploadedFile | None,
    ) -> JSON:
        """Store and record a message sent by the bot; return the Message dict."""
        reply_markup = params.get("reply_markup")
        if inline_keyboard := _inline_keyboard(reply_markup):
            content["reply_markup"] = inline_keyboard
        if upload is not None and text:
            content["caption"] = text
        message = self._new_message(chat_id, self.bot_user, content)
        self.sent.append(
            SentMessage(
                chat_id=chat_id,
                text=text,
                reply_markup=reply_markup,
                message_id=message["message_id"],
                method=method,
                document_name=upload.file_name if upload else None,
                document_bytes=upload.data if upload else None,
                parse_mode=params.get("parse_mode"),
            )
        )
        return message

    def _editable(self, params: JSON) -> JSON:
        """Return the bot's own message addressed by chat_id + message_id."""
        message = self._messages.get((params.get("chat_id", 0), params.get("message_id", 0)))
        if message is None:
            raise _ApiError(400, "Bad Request: message to edit not found")
        if message["from"]["id"] != self.bot_user["id"]:
            raise _ApiError(400, "Bad Request: message can't be edited")
        return message

    def _apply_edit(self, method: str, message: JSON, params: JSON, text: str | None) -> JSON:
        """Replace the stored message with its edited version, or 400 if nothing changes."""
        reply_markup = params.get("reply_markup")
        edited = {key: value for key, value in message.items() if key not in ("reply_markup", "edit_date")}
        if text is not None:
            edited["text"] = text
        if inline_keyboard := _inline_keyboard(reply_markup):
            edited["reply_markup"] = inline_keyboard
        if edited.get("text") == message.get("text") and edited.get("reply_markup") == message.get("reply_markup"):
            raise _ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message",
            )
        edited["edit_date"] = int(time.time())
        chat_id, message_id = message["chat"]["id"], message["message_id"]
        self._messages[(chat_id, message_id)] = edited
        self.edits.append(
            Edit(chat_id=chat_id, message_id=message_id, text=text, reply_markup=reply_markup, method=method)
        )
        return edited


async def _read_params(request: web.Request) -> JSON:
    """Decode query, urlencoded, multipart or JSON parameters the way the Bot API accepts them."""
    if request.content_type == "application/json":
        return dict(await request.json())
    params: JSON = {key: _decode(key, value) for key, value in request.query.items()}
    uploads: dict[str, UploadedFile] = {}
    for key, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            uploads[key] = UploadedFile(value.filename, value.file.read(), value.content_type)
        else:
            params[key] = _decode(key, value if isinstance(value, str) else bytes(value).decode())
    for key, value in params.items():
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = uploads.pop(value.removeprefix("attach://"), value)
    return params | uploads


def _decode(name: str, raw: str) -> Any:
    """Undo PTB's encoding: non-str values are JSON-dumped, str values are sent as they are."""
    if name in _STRING_PARAMS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _text_content(text: str) -> JSON:
    """A text message's content; a command gets its bot_command entity."""
    content: JSON = {"text": text}
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]
    return content


def _utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets and lengths."""
    return len(text.encode("utf-16-le")) // 2


def _visible_text(text: str, parse_mode: str | None) -> str:
    """Approximate the text Telegram keeps after entity parsing (only HTML markup is stripped)."""
    if parse_mode is not None and parse_mode.upper() == "HTML":
        return html.unescape(_HTML_TAG.sub("", text))
    return text


def _check_text(text: Any, parse_mode: str | None) -> None:
    """Reject empty or over-long message text with 400, as Telegram does."""
    visible = _visible_text(str(text), parse_mode)
    if not visible.strip():
        raise _ApiError(400, "Bad Request: message text is empty")
    if len(visible) > MAX_TEXT_LENGTH:
        raise _ApiError(400, "Bad Request: message is too long")


def _caption(params: JSON) -> str | None:
    """Return the caption of a media message; 400 if too long."""
    caption = params.get("caption")
    if caption is not None and len(_visible_text(caption, params.get("parse_mode"))) > MAX_CAPTION_LENGTH:
        raise _ApiError(400, "Bad Request: message caption is too long")
    return caption


def _shorten(text: str | None) -> str:
    """Return the repr of a message text, cut for dumps."""
    if text is not None and len(text) > _DUMP_TEXT_LIMIT:
        return f"{text[:_DUMP_TEXT_LIMIT]!r}... ({len(text)} chars)"
    return repr(text)


def _inline_keyboard(reply_markup: Any) -> JSON | None:
    """Return the inline keyboard Telegram echoes in a Message (others are not echoed); check callback_data."""
    if not isinstance(reply_markup, dict) or not reply_markup.get("inline_keyboard"):
        return None
    for _, data in _inline_buttons(reply_markup):
        if len(data.encode()) > MAX_CALLBACK_DATA_BYTES:
            raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return reply_markup


def _inline_buttons(reply_markup: JSON | None) -> list[tuple[str, str]]:
    """Flatten an inline keyboard to (text, callback_data) pairs."""
    if not reply_markup:
        return []
    return [
        (button.get("text", ""), button.get("callback_data", ""))
        for row in reply_markup.get("inline_keyboard", [])
        for button in row
    ]
