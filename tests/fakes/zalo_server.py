"""A fake Zalo Bot API server (aiohttp, 127.0.0.1) that the real Zalo adapter talks to over HTTP.

Both delivery modes: `getUpdates` long polling hands out one update at a time (error 408 when
nothing arrived, and no offset: an update is gone once handed out), and webhooks, posted with or
without the `{"ok": true, "result": ...}` wrapper and the secret header. API errors come back as
HTTP 200 with `ok: false`, as Zalo may answer. `sendPhoto` fetches the photo URL, as Zalo does.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakes.local_server import LocalServer

JSON = dict[str, Any]

MAX_TEXT_LENGTH = 2000
LONG_POLL_CAP_SECONDS = 2.0
WAIT_POLL_SECONDS = 0.01
SECRET_HEADER = "X-Bot-Api-Secret-Token"
_API_PATH = re.compile(r"/bot([^/]+)/([^/]+)")


@dataclass(frozen=True, kw_only=True)
class ZaloSent:
    """One message the bot sent with sendMessage or sendPhoto."""

    method: str
    chat_id: str
    text: str | None  # the text, or a photo's caption
    message_id: str
    photo_url: str | None = None
    photo_bytes: bytes | None = field(default=None, repr=False)


class _ApiError(Exception):
    """A Zalo error answer: `{"ok": false, "error_code": ..., "description": ...}`."""

    def __init__(self, error_code: int, description: str, http_status: int = 200) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.http_status = http_status

    def response(self) -> web.Response:
        body = {"ok": False, "error_code": self.error_code, "description": self.description}
        return web.json_response(body, status=self.http_status)


class FakeZalo(LocalServer):
    """In-process fake of the Zalo Bot API, bound to a free port on 127.0.0.1."""

    name = "FakeZalo"
    cancel_on_disconnect = True  # a long poll whose client went away (a killed bot) must not take an update

    def __init__(self, token: str = "1234567890:zalo-test-token") -> None:
        super().__init__()
        self.token = token
        self.sent: list[ZaloSent] = []
        self.webhook: JSON | None = None
        self.blocked: set[str] = set()
        self._queue: list[JSON] = []
        self._handed_out = 0  # updates returned by the last getUpdates (stored once the bot asks again)
        self._arrived = asyncio.Event()
        self._message_ids = itertools.count(1)
        self._methods = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendChatAction": self._send_chat_action,
        }

    def _release(self) -> None:
        self._arrived.set()

    # ---------------------------------------------------------------- driving the bot

    def update(
        self, user_id: str, event: str, content: JSON, *, display_name: str = "Người dùng", group: str | None = None
    ) -> JSON:
        """Build (not queue) an update from a person in their private chat (or in the group chat `group`)."""
        chat = {"id": user_id, "chat_type": "PRIVATE"} if group is None else {"id": group, "chat_type": "GROUP"}
        message = {
            "message_id": f"m{next(self._message_ids):08x}",
            "date": int(time.time() * 1000),
            "from": {"id": user_id, "display_name": display_name, "is_bot": False},
            "chat": chat,
            **content,
        }
        return {"event_name": event, "message": message}

    def text_update(self, user_id: str, text: str, **kw: Any) -> JSON:
        return self.update(user_id, "message.text.received", {"text": text}, **kw)

    def image_update(self, user_id: str, url: str, caption: str | None = None) -> JSON:
        content: JSON = {"photo": url} if caption is None else {"photo": url, "caption": caption}
        return self.update(user_id, "message.image.received", content)

    def sticker_update(self, user_id: str) -> JSON:
        return self.update(user_id, "message.sticker.received", {"sticker": "sticker-42"})

    def push(self, update: JSON) -> JSON:
        """Queue an update for getUpdates."""
        self._queue.append(update)
        self._arrived.set()
        return update

    def send_text(self, user_id: str, text: str, **kw: Any) -> JSON:
        return self.push(self.text_update(user_id, text, **kw))

    async def post_webhook(self, update: JSON, *, wrapped: bool = True, secret: str | None = None) -> int:
        """POST an update to the registered webhook (with its secret unless another is given); the HTTP status."""
        assert self.webhook is not None, "no webhook registered (setWebhook was not called)"
        body = {"ok": True, "result": update} if wrapped else update
        headers = {SECRET_HEADER: self.webhook["secret_token"] if secret is None else secret}
        async with aiohttp.ClientSession() as session:
            async with session.post(self.webhook["url"], json=body, headers=headers) as response:
                return response.status

    # ---------------------------------------------------------------- inspecting

    @property
    def unconfirmed(self) -> int:
        """Updates queued or handed out to a getUpdates the bot has not yet followed with another."""
        return len(self._queue) + self._handed_out

    def sent_to(self, chat_id: str) -> list[ZaloSent]:
        return [message for message in self.sent if message.chat_id == chat_id]

    def dump(self) -> str:
        """Readable listing of everything the bot sent."""
        lines = [f"zalo sent ({len(self.sent)}):"]
        for message in self.sent:
            photo = f" [photo {message.photo_url}]" if message.photo_url else ""
            text = (message.text or "")[:200].replace("\n", " / ")
            lines.append(f"  {message.method} -> {message.chat_id} #{message.message_id}{photo}: {text!r}")
        return "\n".join(lines)

    # ---------------------------------------------------------------- failure injection

    def fail_next(
        self, method: str, *, error_code: int = 429, description: str | None = None, times: int = 1, http_status: int = 200
    ) -> None:
        """Make the next `times` calls of `method` fail (429: quota exceeded)."""
        text = description or ("Quota exceeded" if error_code == 429 else f"error {error_code}")
        for _ in range(times):
            self._failures[method].append(_ApiError(error_code, text, http_status))

    # ---------------------------------------------------------------- HTTP layer

    async def _dispatch(self, request: web.Request) -> web.Response:
        match = _API_PATH.fullmatch(request.path)
        if match is None:
            return _ApiError(404, "Not Found", 404).response()
        token, method = match.groups()
        if token != self.token:
            return _ApiError(401, "Unauthorized", 401).response()
        params = await request.json() if request.can_read_body else {}
        try:
            result = await self._invoke(method, params, _ApiError(404, f"Method {method} not found"))
        except _ApiError as error:
            return error.response()
        return web.json_response({"ok": True, "result": result})

    # ---------------------------------------------------------------- API methods

    async def _get_me(self, params: JSON) -> JSON:
        return {"id": "bot-1", "account_name": "bot.hienke", "account_type": "BASIC", "can_join_groups": False}

    async def _get_updates(self, params: JSON) -> JSON:
        """One update per call; 408 when none arrives within the (capped) timeout."""
        self._handed_out = 0
        if self.webhook is not None:
            raise _ApiError(400, "Webhook is set; use deleteWebhook before getUpdates")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(float(params.get("timeout", 0)), LONG_POLL_CAP_SECONDS)
        while not self._queue and not self._closing and (remaining := deadline - loop.time()) > 0:
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), remaining)
        if not self._queue:
            raise _ApiError(408, "Request timeout")
        self._handed_out = 1
        return self._queue.pop(0)

    async def _set_webhook(self, params: JSON) -> JSON:
        url, secret = params.get("url"), params.get("secret_token")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise _ApiError(400, "Invalid webhook url")
        if not isinstance(secret, str) or not 8 <= len(secret) <= 256:
            raise _ApiError(400, "secret_token must be 8-256 characters")
        self.webhook = {"url": url, "secret_token": secret}
        return {"url": url, "updated_at": int(time.time() * 1000)}

    async def _delete_webhook(self, params: JSON) -> JSON:
        self.webhook = None
        return {"url": "", "updated_at": int(time.time() * 1000)}

    async def _get_webhook_info(self, params: JSON) -> JSON:
        return {"url": (self.webhook or {}).get("url", ""), "updated_at": int(time.time() * 1000)}

    async def _send_message(self, params: JSON) -> JSON:
        chat_id = self._recipient(params)
        text = params.get("text")
        if not isinstance(text, str) or not text:
            raise _ApiError(400, "text is empty")
        if len(text) > MAX_TEXT_LENGTH:
            raise _ApiError(400, f"text is longer than {MAX_TEXT_LENGTH} characters")
        return self._record("sendMessage", chat_id, text)

    async def _send_photo(self, params: JSON) -> JSON:
        """Fetch the photo URL as Zalo would; an unreachable URL is refused."""
        chat_id = self._recipient(params)
        url, caption = params.get("photo"), params.get("caption")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise _ApiError(400, "photo must be a URL")
        if caption is not None and (not isinstance(caption, str) or len(caption) > MAX_TEXT_LENGTH):
            raise _ApiError(400, "caption is too long")
        async with aiohttp.ClientSession() as session:
            async with session.get(url) as response:
                if response.status != 200:
                    raise _ApiError(400, f"cannot fetch the photo (HTTP {response.status})")
                content = await response.read()
        return self._record("sendPhoto", chat_id, caption, photo_url=url, photo_bytes=content)

    async def _send_chat_action(self, params: JSON) -> bool:
        self._recipient(params)
        return True

    # ---------------------------------------------------------------- helpers

    def _recipient(self, params: JSON) -> str:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, str) or not chat_id:
            raise _ApiError(400, "chat_id is required")
        if chat_id in self.blocked:
            raise _ApiError(403, "User has blocked the bot")
        return chat_id

    def _record(self, method: str, chat_id: str, text: str | None, **photo: Any) -> JSON:
        message_id = f"b{next(self._message_ids):08x}"
        self.sent.append(ZaloSent(method=method, chat_id=chat_id, text=text, message_id=message_id, **photo))
        return {"message_id": message_id, "date": int(time.time() * 1000)}
