"""Zalo Official Account (OA) adapter: the OA Open API (`{api}/v3.0/oa/...`) over one aiohttp session.

What the OA shapes (sources and the facts we could not verify are in the README, "Running on a Zalo OA"):

- Events arrive only by webhook, signed: `X-ZEvent-Signature: mac=<hex>`, the hex being SHA-256 of
  app id + raw body + timestamp + the secret key. Sources disagree on the first part (app id, or the
  OA id) and on where the timestamp is (the body, or a `timestamp` header), so every such pairing is
  accepted; each needs the secret key.
- Buttons are real: `oa.query.hide` buttons come back as a text message whose text is the payload,
  which we mark with BUTTON_PREFIX so that it is read as a button press.
- A consultation message (`message/cs`) reaches only someone inside the interaction window (they
  wrote, pressed or followed within ZALO_OA_WINDOW_HOURS). Outside it the OA answers with an error
  that becomes ChannelOutsideWindow, and the sender decides what else to do (see Sender._outside_window);
  it may ask for the same message as a transaction or promotion template (`out.extra["template"]`),
  which spends the OA's monthly quota.
- Error codes differ between sources, so errors are read from their code and their message together
  (`classify`): a token error is refreshed once and retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta
from typing import Any

import aiohttp

from bot.channels import (
    ChannelError,
    ChannelForbidden,
    ChannelOutsideWindow,
    ChannelQuotaExhausted,
    ChannelRejected,
    ChannelRetryAfter,
    ChannelUnavailable,
)
from bot.concurrency import sleep_or_stop
from bot.media import MediaStore
from bot.messages import Attachment, Button, Inbound, OutFile, Outgoing, Receive, Received, Reply, parse_command, split_text
from bot.reading import number
from bot.texts import t
from bot.zalo import _dict, _text, download_url
from bot.zalo_oa_tokens import OATokens, TokenUnavailable

log = logging.getLogger(__name__)

BUTTON_PREFIX = "#hk:"  # marks a pressed button's payload in the text the OA sends back
MAX_TEXT = 2000  # characters of one consultation text
BUTTONS_PER_MESSAGE = 5
TEMPLATE_BUTTONS = 4
BUTTON_TITLE = 100
IMAGE_TYPES = {"image/png", "image/jpeg"}
MAX_IMAGE = 1024 * 1024
FILE_TYPES = {
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
MAX_FILE = 5 * 1024 * 1024
MAX_DOWNLOAD = 10 * 1024 * 1024
REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=30, connect=10)
TOKEN_CODES = frozenset({-124, -216})
WINDOW_CODES = frozenset({-213, -230})
TEMPLATE_TYPES = {"transaction": "transaction_event", "promotion": "promotion"}
SIGNATURE_HEADER = "X-ZEvent-Signature"
UNSUPPORTED_KINDS = {"sticker": "sticker", "gif": "sticker", "location": "location", "audio": "voice", "video": "video"}


class OAApiError(Exception):
    """An answer with `error` other than 0 (the OA answers HTTP 200 with it), or no usable answer (code 0)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def _error_code(code: object) -> int:
    """The OA's error code, sent as a number or a string of one (negative as a rule), 0 when neither."""
    if isinstance(code, int) and not isinstance(code, bool):
        return code
    magnitude = number(code.removeprefix("-"), 12) if isinstance(code, str) else None
    return 0 if magnitude is None else -magnitude if isinstance(code, str) and code.startswith("-") else magnitude


def classify(code: int, message: str) -> str:
    """token, window, quota, forbidden, rejected or unavailable, from an OA error's code and wording."""
    words = message.casefold()
    if "quota" in words or "hạn mức" in words:
        return "quota"
    if "token" in words or code in TOKEN_CODES:
        return "token"
    if code in WINDOW_CODES or "interact" in words or "tương tác" in words:
        return "window"
    if "follow" in words or "block" in words or "quan tâm" in words:
        return "forbidden"
    if code == 0 or code <= -1000 or "system" in words or "busy" in words:
        return "unavailable"
    return "rejected"


def _neutral(kind: str, exc: OAApiError) -> ChannelError:
    errors: dict[str, type[ChannelError]] = {
        "window": ChannelOutsideWindow,
        "quota": ChannelQuotaExhausted,
        "forbidden": ChannelForbidden,
        "rejected": ChannelRejected,
    }
    return errors.get(kind, ChannelUnavailable)(exc.message)


def _attachments(event: str, message: dict[str, Any]) -> tuple[Attachment, ...]:
    """What a non-text message carries: a photo or a file by URL, or a kind we do not read."""
    items = [_dict(item) for item in message.get("attachments") or [] if isinstance(item, dict)]
    kind = event.removeprefix("user_send_")
    found: list[Attachment] = []
    for item in items or [{}]:
        payload = _dict(item.get("payload"))
        url = _text(payload.get("url")) or ""
        item_kind = _text(item.get("type")) or kind
        if item_kind == "image" and url:
            found.append(Attachment("photo", url))
        elif item_kind == "file" and url:
            found.append(Attachment("document", url, _text(payload.get("name")), None, number(str(payload.get("size") or ""), 15)))
        else:
            found.append(Attachment(UNSUPPORTED_KINDS.get(item_kind, "other")))
    return tuple(found)


def to_received(update: dict[str, Any]) -> Received | None:
    """Our neutral form of an OA webhook event, or None for events that are not a person's doing."""
    event = update.get("event_name")
    if not isinstance(event, str):
        return None
    timestamp = str(update.get("timestamp") or "")
    if event in ("follow", "unfollow"):
        user_id = str(_dict(update.get("follower")).get("id") or "")
        if not user_id:
            return None
        inbound = Inbound(channel="zalo_oa", chat_id=user_id, user_id=user_id, event=event,
                          command="start" if event == "follow" else None)
        return Received(f"{event}:{user_id}:{timestamp}", inbound)
    if not event.startswith("user_send_"):
        return None  # the OA's own messages echoed back, delivery and seen receipts
    message = _dict(update.get("message"))
    user_id = str(_dict(update.get("sender")).get("id") or "")
    message_id = str(message.get("msg_id") or "")
    if not user_id or not message_id:
        return None
    text = _text(message.get("text"))
    inbound = Inbound(channel="zalo_oa", chat_id=user_id, user_id=user_id, message_id=message_id)
    if event == "user_send_text" and text is not None and text.startswith(BUTTON_PREFIX):
        inbound = replace(inbound, payload=text.removeprefix(BUTTON_PREFIX))
    elif event == "user_send_text":
        command = parse_command(text) if text else None
        inbound = replace(inbound, text=None if command else text, command=command[0] if command else None,
                          args=command[1] if command else "")
    else:
        inbound = replace(inbound, text=text, attachments=_attachments(event, message))
    return Received(f"msg:{message_id}", inbound)


def signature_candidates(app_ids: set[str], body: bytes, timestamps: set[str], secret: str) -> list[str]:
    """The MACs a genuine event may carry: sha256(app id + body + timestamp + secret key), in hex."""
    return [
        hashlib.sha256(app.encode() + body + stamp.encode() + secret.encode()).hexdigest()
        for app in sorted(app_ids)
        for stamp in sorted(timestamps)
    ]


def _button(button: Button) -> dict[str, Any]:
    return {"title": button.label[:BUTTON_TITLE], "type": "oa.query.hide", "payload": BUTTON_PREFIX + button.payload}


class ZaloOAChannel:
    """Delivers outbox rows through the OA Open API and turns its webhook events into inbox rows."""

    name = "zalo_oa"
    has_buttons = True
    max_text = MAX_TEXT
    secret_header = SIGNATURE_HEADER
    rate_per_second = 20.0  # the sender's pace on this channel

    def __init__(
        self,
        tokens: OATokens,
        api_root: str,
        secret_key: str,
        window: timedelta,
        media: MediaStore | None = None,
        seed_refresh_token: str | None = None,
        token_pause: float = 60.0,
        maintenance_every: float = 600.0,
    ) -> None:
        self.tokens = tokens
        self.api_root = api_root
        self._secret_key = secret_key  # never logged
        self.reply_window = window
        self.media = media
        self.seed_refresh_token = seed_refresh_token
        self.token_pause = token_pause  # how long sending waits while no token can be had
        self.maintenance_every = maintenance_every
        self.quota_left: dict[str, int] = {}  # template kind -> remaining, as last read from the OA and spent since
        self._session: aiohttp.ClientSession | None = None

    # ------------------------------------------------------------------ life cycle

    async def start(self) -> None:
        """Open the HTTP session and, if the database holds no tokens yet, spend the seed refresh token once."""
        self._session = aiohttp.ClientSession(timeout=REQUEST_TIMEOUT)
        self.tokens.http = self._session
        try:
            await self.tokens.seed(self.seed_refresh_token)
        except TokenUnavailable as exc:
            log.error("Zalo OA: %s; sending on the OA waits until it is fixed", exc)

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
            self.tokens.http = None

    async def maintain(self, stop: asyncio.Event) -> None:
        """Until `stop`: renew the tokens before they expire, read the quota, tell admins of a failed refresh."""
        while not stop.is_set():
            await self.maintain_once()
            await sleep_or_stop(stop, self.maintenance_every)

    async def maintain_once(self) -> None:
        try:
            await self.tokens.refresh_if_due()
            await self.read_quota()
        except TokenUnavailable:
            pass  # recorded with its reason; the admins are told below
        except (ChannelError, OSError) as exc:
            log.warning("Zalo OA maintenance: %s", type(exc).__name__)
        with contextlib.suppress(OSError):
            await self.tokens.tell_admins_if_failing()

    async def problem(self) -> str | None:
        """Why the OA cannot send now (for /readyz)."""
        return await self.tokens.problem()

    # ------------------------------------------------------------------ the API

    async def _post(self, path: str, token: str, *, json_body: dict[str, Any] | None = None,
                    form: aiohttp.FormData | None = None) -> Any:
        """One call; its `data`, or OAApiError."""
        assert self._session is not None, "ZaloOAChannel.start() was not called"
        try:
            async with self._session.post(
                self.api_root + path, json=json_body, data=form, headers={"access_token": token}
            ) as response:
                status = response.status
                try:
                    body = _dict(await response.json(content_type=None))
                except ValueError:
                    body = {}
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise OAApiError(0, type(exc).__name__) from None
        code = body.get("error")
        if code == 0 or (code is None and status == 200 and "data" in body):
            data = body.get("data")
            return {} if data is None else data
        raise OAApiError(_error_code(code), str(body.get("message") or f"HTTP {status}")[:300])

    async def _token(self, stale: str | None = None) -> str:
        try:
            return await (self.tokens.refresh(stale=stale) if stale else self.tokens.access_token())
        except TokenUnavailable as exc:
            log.warning("Zalo OA: no usable token (%s); sending waits %.0fs", exc, self.token_pause)
            raise ChannelRetryAfter(self.token_pause) from None

    async def call(self, path: str, *, json_body: dict[str, Any] | None = None, file: OutFile | None = None,
                   template: bool = False) -> Any:
        """Call with a valid token; a rejected token is renewed (once, by one process) and the call repeated."""
        token = await self._token()
        for attempt in (1, 2):
            try:
                return await self._post(path, token, json_body=json_body, form=_form(file))
            except OAApiError as exc:
                kind = classify(exc.code, exc.message)
                if kind == "token" and attempt == 1:
                    token = await self._token(stale=token)
                    continue
                if kind == "token":  # a fresh token refused again: it was not about the token
                    kind = "quota" if template else "unavailable"
                raise _neutral(kind, exc) from None
        raise AssertionError("unreachable")

    async def read_quota(self) -> dict[str, Any]:
        """The message quota as the OA reports it (stored for admins, and kept to spend from)."""
        data = await self.call("/v3.0/oa/quota/message", json_body={"quota_owner": "OA"})
        quota = _quota_figures(data)
        self.quota_left = {kind: remain for kind, figures in quota.items() if (remain := figures.get("remain")) is not None}
        await self.tokens.store_quota(quota)
        return quota

    # ------------------------------------------------------------------ receiving

    def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> bool:
        """Whether the event is signed with our secret key (compared in constant time)."""
        given = headers.get(SIGNATURE_HEADER, "").strip()
        mac = given.split("=", 1)[1] if given.startswith("mac=") else given
        if not mac:
            return False
        try:
            data = _dict(json.loads(body))
        except (ValueError, UnicodeDecodeError, RecursionError):  # signed all the same, then answered 400
            data = {}
        app_ids = {self.tokens.app_id, str(data.get("app_id") or "")} - {""}
        app_ids |= {str(_dict(data.get(side)).get("id") or "") for side in ("recipient", "sender")} - {""}
        app_ids |= {str(data.get("oa_id") or "")} - {""}
        stamps = {str(data.get("timestamp") or ""), headers.get("timestamp", "")} - {""}
        expected = signature_candidates(app_ids, body, stamps, self._secret_key)
        return any(hmac.compare_digest(candidate, mac.lower()) for candidate in expected)

    def parse_webhook(self, data: dict[str, Any]) -> Received | None:
        return to_received(data)

    async def set_webhook(self, url: str, secret: str) -> None:
        """The OA has no call for it: the URL is entered once in the app's settings on developers.zalo.me."""
        log.info("Zalo OA: the webhook URL to enter in the app's settings is %s", url)

    async def poll(self, receive: Receive, stop: asyncio.Event) -> None:
        """The OA only pushes (webhook): nothing to poll; `hienke run` serves the webhook route."""
        await stop.wait()

    def chat_filter(self) -> str | None:
        return None

    def deep_link(self, payload: str) -> str | None:
        return None

    async def set_menu(self, chat_id: str | None, commands: list[tuple[str, str]], language: str | None) -> None:
        """The OA's menu is set by hand in the OA manager; /help lists the commands."""

    async def download(self, file_id: str, limit: int = MAX_DOWNLOAD) -> bytes:
        """A photo or file someone sent, fetched from the URL the OA gave."""
        assert self._session is not None, "ZaloOAChannel.start() was not called"
        return await download_url(self._session, file_id, limit, "Zalo OA")

    # ------------------------------------------------------------------ sending

    async def deliver(self, out: Outgoing) -> str | None:
        reply = out.reply
        if reply is None:
            return None  # only a button acknowledgement, which the OA has no use for
        template = out.extra.get("template")
        if template in TEMPLATE_TYPES:
            return await self._deliver_template(out, reply, str(template))
        return await self._deliver_consultation(out, reply)

    async def _deliver_consultation(self, out: Outgoing, reply: Reply) -> str | None:
        """Files first (uploaded, else a link), then the text in pieces, the buttons under the last ones."""
        notes: list[str] = []
        message_id: str | None = None
        for file in (reply.photo, reply.document):
            if file is not None:
                sent = await self._send_file(out.chat_id, file)
                message_id = sent or message_id
                if sent is None:
                    notes.append(await self._file_note(file, out.language))
        if reply.file is not None:
            sent = await self._resend(out.chat_id, reply.file)
            message_id = sent or message_id
            if sent is None:
                notes.append(t(out.language, "file.elsewhere", name=reply.file.file_name or reply.file.kind))
        text = "\n\n".join(part for part in (reply.text, *notes) if part)
        for message in consultation_messages(text, reply.flat_buttons(), out.language):
            message_id = await self._cs(out.chat_id, message) or message_id
        return message_id

    async def _cs(self, user_id: str, message: dict[str, Any]) -> str | None:
        data = _dict(await self.call("/v3.0/oa/message/cs", json_body={"recipient": {"user_id": user_id}, "message": message}))
        message_id = data.get("message_id")
        return str(message_id) if message_id is not None else None

    async def _send_file(self, user_id: str, file: OutFile) -> str | None:
        """Upload an image (PNG/JPEG ≤ 1 MB) or a document (PDF/DOC/DOCX ≤ 5 MB) and send it; None if the OA takes no such file."""
        image = file.mime_type in IMAGE_TYPES and len(file.content) <= MAX_IMAGE
        document = file.mime_type in FILE_TYPES and len(file.content) <= MAX_FILE
        if not (image or document):
            return None
        try:
            data = _dict(await self.call("/v2.0/oa/upload/image" if image else "/v2.0/oa/upload/file", file=file))
        except ChannelRejected as exc:
            log.info("Zalo OA refused the upload of %s (%s); sending a link instead", file.name, exc)
            return None
        if image and data.get("attachment_id"):
            return await self._cs(user_id, _media({"media_type": "image", "attachment_id": data["attachment_id"]}))
        if document and data.get("token"):
            return await self._cs(user_id, {"attachment": {"type": "file", "payload": {"token": data["token"]}}})
        return None

    async def _resend(self, user_id: str, attachment: Attachment) -> str | None:
        """A photo someone sent on the OA goes again by its URL; other channels' files cannot."""
        if attachment.kind != "photo" or not attachment.file_id.startswith(("https://", "http://")):
            return None
        return await self._cs(user_id, _media({"media_type": "image", "url": attachment.file_id}))

    async def _file_note(self, file: OutFile, language: str) -> str:
        """A link to a file the OA does not take, or a note that it can be had on another channel."""
        if self.media is None:
            return t(language, "file.elsewhere", name=file.name)
        url = await self.media.publish(file)
        return t(language, "file.link", name=file.name, url=url, hours=self.media.hours)

    async def _deliver_template(self, out: Outgoing, reply: Reply, kind: str) -> str | None:
        """The message as a transaction or promotion template (for someone outside the window), within the quota."""
        if self.quota_left.get(kind) == 0:
            raise ChannelQuotaExhausted(f"{kind} quota spent")
        notes = [t(out.language, "file.elsewhere", name=f.name) for f in (reply.photo, reply.document) if f is not None]
        text = "\n\n".join(part for part in (reply.text, *notes) if part)
        message_id: str | None = None
        for payload in template_payloads(kind, text, reply.flat_buttons(), out.language, str(out.extra.get("ref", ""))):
            body = {"recipient": {"user_id": out.chat_id}, "message": {"attachment": {"type": "template", "payload": payload}}}
            try:
                data = _dict(await self.call(f"/v3.0/oa/message/{kind}", json_body=body, template=True))
            except ChannelQuotaExhausted:
                self.quota_left[kind] = 0
                raise
            if kind in self.quota_left:
                self.quota_left[kind] = max(0, self.quota_left[kind] - 1)
            message_id = str(data.get("message_id") or "") or message_id
        return message_id


def _media(element: dict[str, Any]) -> dict[str, Any]:
    """A consultation message showing one image."""
    return {"attachment": {"type": "template", "payload": {"template_type": "media", "elements": [element]}}}


def _form(file: OutFile | None) -> aiohttp.FormData | None:
    if file is None:
        return None
    form = aiohttp.FormData()
    form.add_field("file", file.content, filename=file.name, content_type=file.mime_type)
    return form


def consultation_messages(text: str, buttons: list[Button], language: str) -> list[dict[str, Any]]:
    """A text cut into the OA's 2,000 characters, its buttons five to a message under the last piece."""
    pieces = split_text(text, MAX_TEXT)
    if not buttons:
        return [{"text": piece} for piece in pieces if piece]
    messages: list[dict[str, Any]] = [{"text": piece} for piece in pieces[:-1] if piece]
    groups = [buttons[i : i + BUTTONS_PER_MESSAGE] for i in range(0, len(buttons), BUTTONS_PER_MESSAGE)]
    for index, group in enumerate(groups):
        shown = pieces[-1] if index == 0 and pieces[-1] else t(language, "oa.more_options")
        payload = {"template_type": "button", "text": shown, "buttons": [_button(b) for b in group]}
        messages.append({"attachment": {"type": "template", "payload": payload}})
    return messages


def template_payloads(kind: str, text: str, buttons: list[Button], language: str, ref: str) -> list[dict[str, Any]]:
    """The text as one or more templates (header, text, and the code line a transaction needs), up to four buttons on the last."""
    header, _, body = text.partition("\n")
    pieces = split_text(body.strip() or header.strip() or text, MAX_TEXT)  # never an empty text element
    payloads: list[dict[str, Any]] = []
    for index, piece in enumerate(pieces):
        elements: list[dict[str, Any]] = [
            {"type": "header", "content": header[:BUTTON_TITLE], "align": "left"},
            {"type": "text", "content": piece, "align": "left"},
        ]
        if kind == "transaction":
            elements.append({"type": "table", "content": [{"key": t(language, "oa.ref_key"), "value": f"HK{ref}"[:100]}]})
        payload: dict[str, Any] = {"template_type": TEMPLATE_TYPES[kind], "language": language.upper(), "elements": elements}
        if index == len(pieces) - 1 and buttons:
            payload["buttons"] = [_button(b) for b in buttons[:TEMPLATE_BUTTONS]]
        payloads.append(payload)
    return payloads


def _whole(value: object) -> int | None:
    """A count the API sent as a JSON number (an integer, or a float with nothing after the point)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _quota_figures(data: dict[str, Any] | list[Any]) -> dict[str, dict[str, int | None]]:
    """Remaining and total messages per kind, from the answer's list of quota assets (or a flat answer)."""
    items = data if isinstance(data, list) else data.get("assets") or data.get("quotas") or [data]
    figures: dict[str, dict[str, int | None]] = {}
    for item in items if isinstance(items, list) else []:
        item = _dict(item)
        kind = str(item.get("product_type") or item.get("type") or "transaction")
        kind = "transaction" if kind.startswith("transaction") else "promotion" if kind.startswith(("promotion", "gmf")) else kind
        remain = item.get("remain", item.get("remaining_quota"))
        total = item.get("total", item.get("daily_quota"))
        entry = figures.setdefault(kind, {"remain": 0, "total": 0})
        for key, value in (("remain", remain), ("total", total)):
            count = number(value, 15) if isinstance(value, str) else _whole(value)
            entry[key] = None if count is None else (entry[key] or 0) + count
    return figures
