"""A fake Zalo Official Account Open API and OAuth server (aiohttp, 127.0.0.1) that the real OA adapter talks to.

It speaks the JSON the public sources document (see the README, "Running on a Zalo OA"): answers
are HTTP 200 with `{"error": 0, "message": "Success", "data": {...}}`, errors carry a non-zero
`error` and a `message`. It enforces what shapes the adapter:

- the interaction window: a consultation message to someone who has not interacted within
  `window_hours` is refused (-213, "has not interacted"), as is one to someone who does not follow;
- the monthly quota of transaction and promotion messages (refused with a message naming the quota;
  the code is illustrative, sources name none for it);
- access tokens that expire (-216, "Access token is invalid"), and single-use refresh tokens:
  spending one twice is refused (-14014) and recorded in `reused`;
- text of at most 2,000 characters, at most 5 buttons a message (4 on a template), titles of at most
  100 characters, uploads of PNG/JPEG up to 1 MB and PDF/DOC/DOCX up to 5 MB.

Events are posted to `webhook_url`, signed as the OA signs them: `X-ZEvent-Signature: mac=<hex>`
with hex = sha256(app_id + body + timestamp + secret key).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakes.local_server import LocalServer

JSON = dict[str, Any]

MAX_TEXT = 2000
MAX_BUTTONS = 5
MAX_TEMPLATE_BUTTONS = 4
MAX_TITLE = 100
TOKEN_LIFETIME = 90_000  # seconds, the "about 25 hours" sources give
IMAGE_TYPES = {"image/png", "image/jpeg"}
FILE_TYPES = {
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
ERR_TOKEN = -216
ERR_WINDOW = -213
ERR_NOT_FOLLOWER = -201
ERR_QUOTA = -232  # illustrative: the adapter reads the word "quota" in the message
ERR_PARAM = -210
ERR_REFRESH = -14014
ERR_CODE = -14019


@dataclass(frozen=True, kw_only=True)
class OASent:
    """One message the OA sent: kind cs, transaction or promotion."""

    kind: str
    user_id: str
    message_id: str
    text: str | None
    buttons: tuple[tuple[str, str], ...] = ()  # (title, payload)
    image: bytes | None = field(default=None, repr=False)
    image_url: str | None = None
    file_name: str | None = None
    body: JSON = field(default_factory=dict, repr=False)


class _OAError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class FakeZaloOA(LocalServer):
    """In-process fake of the OA Open API (`/v3.0/oa/...`, `/v2.0/oa/upload/...`) and OAuth (`/v4/oa/...`)."""

    name = "FakeZaloOA"
    client_max_size = 8 * 1024 * 1024

    def __init__(self, app_id: str = "4021108899", secret_key: str = "oa-app-secret-key", oa_id: str = "579745863508352884") -> None:
        super().__init__()
        self.app_id = app_id
        self.secret_key = secret_key
        self.oa_id = oa_id
        self.window_hours = 48.0
        self.offset = 0.0  # seconds added to the fake's clock
        self.webhook_url: str | None = None
        self.access_tokens: dict[str, float] = {}  # token -> when it expires
        self.refresh_tokens: dict[str, bool] = {}  # token -> still unused
        self.codes: dict[str, str] = {}  # authorisation code -> PKCE challenge
        self.refreshes: list[str] = []  # refresh tokens presented, in order
        self.reused: list[str] = []  # refresh tokens presented after they were spent
        self.oauth_down = False
        self.followers: set[str] = set()
        self.last_interaction: dict[str, float] = {}
        self.quota: dict[str, int] = {"transaction": 1000, "promotion": 0}
        self.quota_total: dict[str, int] = {"transaction": 1000, "promotion": 0}
        self.sent: list[OASent] = []
        self.uploads: dict[str, tuple[str, bytes]] = {}  # attachment id or file token -> (name, content)
        self._ids = itertools.count(1)

    # ---------------------------------------------------------------- time, tokens, people

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds

    def issue_refresh_token(self) -> str:
        """A refresh token, as an OA admin would get from authorising the app."""
        token = "rt-" + secrets.token_hex(12)
        self.refresh_tokens[token] = True
        return token

    def authorization_code(self, challenge: str) -> str:
        """The code Zalo would hand the OA admin after they granted access (with this PKCE challenge)."""
        code = "code-" + secrets.token_hex(8)
        self.codes[code] = challenge
        return code

    def expire_access_tokens(self) -> None:
        """Every access token handed out stops working now (as one 25 hours old would)."""
        self.access_tokens = dict.fromkeys(self.access_tokens, 0.0)

    def interact(self, user_id: str, seconds_ago: float = 0.0) -> None:
        """The person followed or wrote `seconds_ago`."""
        self.followers.add(user_id)
        self.last_interaction[user_id] = self.now() - seconds_ago

    # ---------------------------------------------------------------- events (webhook)

    def event(self, user_id: str, name: str, message: JSON | None = None) -> JSON:
        """Build an event from a person (who interacts by sending it)."""
        self.interact(user_id)
        stamp = str(int(self.now() * 1000))
        if name in ("follow", "unfollow"):
            if name == "unfollow":
                self.followers.discard(user_id)
            return {"app_id": self.app_id, "oa_id": self.oa_id, "event_name": name, "timestamp": stamp,
                    "follower": {"id": user_id}, "source": "oa_profile", "user_id_by_app": "a" + user_id}
        body = {"msg_id": f"m{next(self._ids):010x}", **(message or {})}
        return {"app_id": self.app_id, "event_name": name, "timestamp": stamp, "sender": {"id": user_id},
                "recipient": {"id": self.oa_id}, "message": body, "user_id_by_app": "a" + user_id}

    def text_event(self, user_id: str, text: str) -> JSON:
        return self.event(user_id, "user_send_text", {"text": text})

    def image_event(self, user_id: str, url: str, caption: str | None = None) -> JSON:
        message: JSON = {"attachments": [{"type": "image", "payload": {"url": url, "thumbnail": url}}]}
        return self.event(user_id, "user_send_image", {**message, **({"text": caption} if caption else {})})

    def file_event(self, user_id: str, url: str, name: str, size: int) -> JSON:
        payload = {"url": url, "name": name, "size": str(size), "type": name.rsplit(".", 1)[-1]}
        return self.event(user_id, "user_send_file", {"attachments": [{"type": "file", "payload": payload}]})

    def sticker_event(self, user_id: str) -> JSON:
        return self.event(user_id, "user_send_sticker", {"attachments": [{"type": "sticker", "payload": {"id": "s1", "url": "https://s/1"}}]})

    def location_event(self, user_id: str) -> JSON:
        coordinates = {"coordinates": {"latitude": "22.39", "longitude": "103.47"}}
        return self.event(user_id, "user_send_location", {"attachments": [{"type": "location", "payload": coordinates}]})

    def sign(self, body: bytes, timestamp: str) -> str:
        return "mac=" + hashlib.sha256(self.app_id.encode() + body + timestamp.encode() + self.secret_key.encode()).hexdigest()

    async def post_event(self, event: JSON, *, signature: str | None = None) -> int:
        """POST an event to the webhook, signed unless `signature` is given ("" leaves the header out); the HTTP status."""
        assert self.webhook_url is not None, "no webhook URL set"
        body = json.dumps(event, ensure_ascii=False).encode()
        given = self.sign(body, str(event.get("timestamp", ""))) if signature is None else signature
        headers = {"Content-Type": "application/json", **({"X-ZEvent-Signature": given} if given else {})}
        async with aiohttp.ClientSession() as session:
            async with session.post(self.webhook_url, data=body, headers=headers) as response:
                return response.status

    def pressed(self, user_id: str, title: str) -> JSON:
        """The event of pressing the button titled `title` on the newest message to the person that shows it."""
        for message in reversed(self.sent_to(user_id)):
            for shown, payload in message.buttons:
                if shown == title:
                    return self.text_event(user_id, payload)
        raise AssertionError(f"no button {title!r} for {user_id}:\n{self.dump()}")

    # ---------------------------------------------------------------- inspecting

    def sent_to(self, user_id: str) -> list[OASent]:
        return [message for message in self.sent if message.user_id == user_id]

    def dump(self) -> str:
        lines = [f"zalo oa sent ({len(self.sent)}):"]
        for m in self.sent:
            buttons = f" [{' | '.join(title for title, _ in m.buttons)}]" if m.buttons else ""
            lines.append(f"  {m.kind} -> {m.user_id}: {(m.text or m.file_name or '<image>')[:160]!r}{buttons}")
        return "\n".join(lines)

    # ---------------------------------------------------------------- HTTP

    async def _dispatch(self, request: web.Request) -> web.Response:
        try:
            if request.path == "/v4/oa/access_token":
                return web.json_response(await self._oauth(request))
            token = request.headers.get("access_token", "")
            if self.access_tokens.get(token, 0.0) <= self.now():
                raise _OAError(ERR_TOKEN, "Access token is invalid")
            if request.path.startswith("/v2.0/oa/upload/"):
                data: Any = await self._upload(request)
            else:
                params = await request.json() if request.can_read_body else {}
                data = await self._invoke(request.path, params, _OAError(-404, f"no API at {request.path}"))
        except _OAError as error:
            return web.json_response({"error": error.code, "message": error.message})
        return web.json_response({"error": 0, "message": "Success", "data": data})

    async def _oauth(self, request: web.Request) -> JSON:
        form = await request.post()
        self.calls.append(("oauth", dict(form)))
        if self.oauth_down:
            raise web.HTTPServiceUnavailable()
        if request.headers.get("secret_key") != self.secret_key or form.get("app_id") != self.app_id:
            return {"error": -14002, "error_name": "Invalid app", "error_description": "App id or secret key is wrong"}
        if form.get("grant_type") == "refresh_token":
            presented = str(form.get("refresh_token", ""))
            self.refreshes.append(presented)
            if not self.refresh_tokens.get(presented, False):
                if presented in self.refresh_tokens:
                    self.reused.append(presented)
                return {"error": ERR_REFRESH, "error_name": "Invalid refresh token", "error_description": "Refresh token is invalid"}
            self.refresh_tokens[presented] = False
        elif form.get("grant_type") == "authorization_code":
            challenge = self.codes.pop(str(form.get("code", "")), None)
            verifier = str(form.get("code_verifier", ""))
            expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
            if challenge is None or challenge != expected:
                return {"error": ERR_CODE, "error_name": "Invalid code", "error_description": "Authorization code is invalid"}
        else:
            return {"error": -14001, "error_name": "Invalid grant", "error_description": "grant_type is wrong"}
        access = "at-" + secrets.token_hex(12)
        self.access_tokens[access] = self.now() + TOKEN_LIFETIME
        return {"access_token": access, "refresh_token": self.issue_refresh_token(), "expires_in": str(TOKEN_LIFETIME)}

    async def _upload(self, request: web.Request) -> JSON:
        form = await request.post()
        upload = form.get("file")
        self.calls.append((request.path, {"name": getattr(upload, "filename", None)}))
        if not isinstance(upload, web.FileField):
            raise _OAError(ERR_PARAM, "file is required")
        content = upload.file.read()
        image = request.path.endswith("/image")
        kinds, limit = (IMAGE_TYPES, 1024 * 1024) if image else (FILE_TYPES, 5 * 1024 * 1024)
        if upload.content_type not in kinds:
            raise _OAError(ERR_PARAM, f"File type {upload.content_type} is not supported")
        if len(content) > limit:
            raise _OAError(ERR_PARAM, "File is too large")
        key = secrets.token_hex(8)
        self.uploads[key] = (upload.filename, content)
        return {"attachment_id": key} if image else {"token": key}

    async def _invoke(self, path: str, params: JSON, unknown: Exception) -> Any:
        self.calls.append((path, params))
        failures = self._failures[path]
        if failures:
            raise failures.pop(0)
        if path == "/v3.0/oa/message/cs":
            return self._consultation(params)
        if path in ("/v3.0/oa/message/transaction", "/v3.0/oa/message/promotion"):
            return self._template(path.rsplit("/", 1)[1], params)
        if path == "/v3.0/oa/quota/message":
            return [{"product_type": kind, "quota_type": "sub_quota", "remain": self.quota[kind], "total": self.quota_total[kind]}
                    for kind in ("transaction", "promotion")]
        raise unknown

    def fail_next(self, path: str, code: int, message: str, times: int = 1) -> None:
        for _ in range(times):
            self._failures[path].append(_OAError(code, message))

    # ---------------------------------------------------------------- messages

    def _recipient(self, params: JSON) -> str:
        user_id = params.get("recipient", {}).get("user_id") if isinstance(params.get("recipient"), dict) else None
        if not isinstance(user_id, str) or not user_id:
            raise _OAError(ERR_PARAM, "recipient.user_id is required")
        if user_id not in self.followers:
            raise _OAError(ERR_NOT_FOLLOWER, "User has not followed the OA")
        return user_id

    def _consultation(self, params: JSON) -> JSON:
        user_id = self._recipient(params)
        if self.now() - self.last_interaction.get(user_id, float("-inf")) > self.window_hours * 3600:
            raise _OAError(ERR_WINDOW, "User has not interacted with the OA in the last 48 hours")
        message = params.get("message")
        if not isinstance(message, dict):
            raise _OAError(ERR_PARAM, "message is required")
        if "text" in message:
            return self._record("cs", user_id, self._text(message["text"]), (), message)
        attachment = message.get("attachment") if isinstance(message.get("attachment"), dict) else {}
        payload = attachment.get("payload") if isinstance(attachment.get("payload"), dict) else {}
        if attachment.get("type") == "file":
            name, _ = self.uploads.get(str(payload.get("token")), (None, b""))
            if name is None:
                raise _OAError(ERR_PARAM, "file token is invalid")
            return self._record("cs", user_id, None, (), message, file_name=name)
        kind = payload.get("template_type")
        if kind == "media":
            element = (payload.get("elements") or [{}])[0]
            if "attachment_id" in element:
                name, content = self.uploads.get(str(element["attachment_id"]), (None, b""))
                if name is None:
                    raise _OAError(ERR_PARAM, "attachment_id is invalid")
                return self._record("cs", user_id, None, (), message, image=content)
            return self._record("cs", user_id, None, (), message, image_url=str(element.get("url")))
        if kind == "button":
            buttons = self._buttons(payload.get("buttons"), MAX_BUTTONS)
            return self._record("cs", user_id, self._text(payload.get("text")), buttons, message)
        raise _OAError(ERR_PARAM, f"template_type {kind!r} is not supported here")

    def _template(self, kind: str, params: JSON) -> JSON:
        user_id = self._recipient(params)
        payload = params.get("message", {}).get("attachment", {}).get("payload", {})
        template_type = str(payload.get("template_type", ""))
        if (kind == "transaction") != template_type.startswith("transaction_") or (kind == "promotion" and template_type != "promotion"):
            raise _OAError(ERR_PARAM, f"template_type {template_type!r} is not a {kind} template")
        elements = {e.get("type"): e for e in payload.get("elements", []) if isinstance(e, dict)}
        if "header" not in elements or "text" not in elements:
            raise _OAError(ERR_PARAM, "a header and a text element are required")
        if kind == "transaction":
            keys = [row.get("key", "") for row in elements.get("table", {}).get("content", [])]
            if not any(key.startswith("Mã") or "Code" in key or key in ("Tên khách hàng", "Customer Name") for key in keys):
                raise _OAError(ERR_PARAM, "a transaction needs a table row whose key starts with Mã (or holds Code)")
        if self.quota[kind] <= 0:
            raise _OAError(ERR_QUOTA, f"The OA has used up its {kind} message quota")
        self.quota[kind] -= 1
        text = f"{elements['header']['content']}\n{self._text(elements['text']['content'])}"
        return self._record(kind, user_id, text, self._buttons(payload.get("buttons") or [], MAX_TEMPLATE_BUTTONS), params["message"])

    @staticmethod
    def _text(value: object) -> str:
        if not isinstance(value, str) or not value:
            raise _OAError(ERR_PARAM, "text is empty")
        if len(value) > MAX_TEXT:
            raise _OAError(ERR_PARAM, f"text is longer than {MAX_TEXT} characters")
        return value

    @staticmethod
    def _buttons(value: object, limit: int) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, list) or len(value) > limit:
            raise _OAError(ERR_PARAM, f"at most {limit} buttons")
        found = []
        for button in value:
            title, payload, kind = button.get("title"), button.get("payload"), button.get("type")
            if not isinstance(title, str) or not 0 < len(title) <= MAX_TITLE:
                raise _OAError(ERR_PARAM, "button title must be 1-100 characters")
            if kind in ("oa.query.hide", "oa.query.show") and not (isinstance(payload, str) and len(payload) <= 1000):
                raise _OAError(ERR_PARAM, "button payload must be text of at most 1000 characters")
            found.append((title, str(payload)))
        return tuple(found)

    def _record(self, kind: str, user_id: str, text: str | None, buttons: tuple[tuple[str, str], ...], body: JSON, **extra: Any) -> JSON:
        message_id = f"oa{next(self._ids):010x}"
        self.sent.append(OASent(kind=kind, user_id=user_id, message_id=message_id, text=text, buttons=buttons, body=body, **extra))
        return {"message_id": message_id, "user_id": user_id}
