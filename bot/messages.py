"""Neutral message types shared by the channel adapters and the handlers."""

from __future__ import annotations

import base64
import re
from collections.abc import Awaitable, Callable, Iterable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from storage.text import clean


@dataclass(frozen=True)
class Attachment:
    """A file the person sent, kept by its channel file id."""

    kind: str  # photo, document, sticker, voice, video, audio, location, contact, other
    file_id: str = ""
    file_name: str | None = None
    mime_type: str | None = None
    size: int | None = None  # in bytes, when the channel says


PRIVATE = "private"


@dataclass(frozen=True)
class Inbound:
    """One thing a person did in a chat: a text, a command, a button press or a file.

    `chat_type` is "private" for a person's own chat with the bot; anything else (Telegram's group,
    supergroup or channel, a Zalo group) is a chat others read, where the bot converses with nobody.
    """

    channel: str
    chat_id: str
    user_id: str
    message_id: str | None = None
    text: str | None = None
    command: str | None = None
    args: str = ""
    payload: str | None = None  # button payload (callback data)
    callback_id: str | None = None
    attachments: tuple[Attachment, ...] = ()
    language_code: str | None = None
    chat_type: str = PRIVATE
    event: str | None = None  # what happened besides a message: follow, unfollow (Zalo OA)

    @property
    def private(self) -> bool:
        return self.chat_type == PRIVATE

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Inbound:
        values = dict(data)
        values["attachments"] = tuple(Attachment(**a) for a in values.get("attachments", ()))
        return cls(**values)


def clean_inbound(inbound: Inbound) -> Inbound:
    """The inbound with everything a person typed normalised (`storage.text.clean`): text, arguments, button
    data and file names. Dispatch applies it to every update before it is stored."""

    def one_line(value: str | None) -> str | None:
        return clean(value, multiline=False) if value is not None else None

    files = tuple(replace(a, file_name=one_line(a.file_name)) for a in inbound.attachments)
    text = clean(inbound.text) if inbound.text is not None else None
    return replace(inbound, text=text, args=clean(inbound.args), payload=one_line(inbound.payload), attachments=files)


@dataclass(frozen=True)
class Received:
    """An update as an adapter hands it over: the channel's id for it and its neutral form."""

    external_id: str
    inbound: Inbound


ID_MAX = 64  # the id columns (chat, user); the update's own id may be twice as long
_ID = re.compile(r"[A-Za-z0-9_.:@+-]+")  # ids as messengers send them: numbers, hex, a few separators


def _is_id(value: object, limit: int = ID_MAX) -> bool:
    return isinstance(value, str) and len(value) <= limit and _ID.fullmatch(value) is not None


def _is_text(value: object) -> bool:
    return value is None or isinstance(value, str)


def _file_ok(attachment: object) -> bool:
    if not isinstance(attachment, Attachment):
        return False
    size = attachment.size
    texts = (attachment.file_name, attachment.mime_type)
    sized = size is None or (isinstance(size, int) and not isinstance(size, bool) and size >= 0)
    return isinstance(attachment.kind, str) and isinstance(attachment.file_id, str) and all(map(_is_text, texts)) and sized


def well_formed(received: Received) -> bool:
    """Whether an update a webhook handed over has the shape the bot stores: ids of printable ASCII that fit
    their columns, texts that are text, files that are files. A forged or malformed body fails it."""
    inbound = received.inbound
    ids_ok = _is_id(received.external_id, 2 * ID_MAX) and _is_id(inbound.chat_id) and _is_id(inbound.user_id)
    optional_ids_ok = all(value is None or _is_id(value) for value in (inbound.message_id, inbound.callback_id))
    texts = (inbound.text, inbound.command, inbound.payload, inbound.language_code, inbound.event)
    texts_ok = all(map(_is_text, texts)) and isinstance(inbound.args, str) and _is_id(inbound.chat_type, 32)
    files_ok = isinstance(inbound.attachments, tuple) and all(map(_file_ok, inbound.attachments))
    return ids_ok and optional_ids_ok and texts_ok and files_ok


# What an adapter is handed to store what it received (the dispatcher's `receive`); returns how many were new.
Receive = Callable[[Iterable[Received]], Awaitable[int]]


@dataclass(frozen=True)
class Button:
    label: str
    payload: str


@dataclass(frozen=True)
class OutFile:
    """A file the bot sends: a document or a photo."""

    name: str
    content: bytes
    mime_type: str = "application/octet-stream"


@dataclass(frozen=True)
class Reply:
    """Something the bot says.

    `edit` replaces the message whose button was pressed; `notice` is a short answer to a button
    press (a pop-up on Telegram, a plain line elsewhere); `file` re-sends a file already on the
    channel by its id; `private` keeps the message unlinked from its recipient in the outbox and
    drops its content there once sent (for what must not lead back to an anonymous author);
    `free_text` marks a question answered by typing (a name, a number, a text) whose buttons are
    only ways out: where buttons become a typed menu, those are answered by their words, never by
    a digit, so that "2" stays an answer. `also_typed` marks a question with options that also takes a
    typed answer (a commune not in the list, a name searched again): typed text that picks no option is
    that answer, not a miss (see `bot.menus`).
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    document: OutFile | None = None
    photo: OutFile | None = None
    file: Attachment | None = None
    edit: bool = False
    notice: bool = False
    private: bool = False
    free_text: bool = False
    also_typed: bool = False

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text,
            "buttons": [[[b.label, b.payload] for b in row] for row in self.buttons],
            "edit": self.edit,
            "notice": self.notice,
        }
        if self.private:
            data["private"] = True
        if self.free_text:
            data["free_text"] = True
        if self.also_typed:
            data["also_typed"] = True
        if self.file is not None:
            data["file"] = asdict(self.file)
        for kind in ("document", "photo"):
            out: OutFile | None = getattr(self, kind)
            if out is not None:
                data[kind] = {
                    "name": out.name,
                    "mime_type": out.mime_type,
                    "content": base64.b64encode(out.content).decode("ascii"),
                }
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reply:
        files: dict[str, OutFile] = {}
        for kind in ("document", "photo"):
            if data.get(kind):
                raw = data[kind]
                files[kind] = OutFile(raw["name"], base64.b64decode(raw["content"]), raw["mime_type"])
        return cls(
            text=data["text"],
            buttons=tuple(tuple(Button(label, payload) for label, payload in row) for row in data["buttons"]),
            file=Attachment(**data["file"]) if data.get("file") else None,
            edit=data.get("edit", False),
            notice=data.get("notice", False),
            private=data.get("private", False),
            free_text=data.get("free_text", False),
            also_typed=data.get("also_typed", False),
            **files,
        )

    def flat_buttons(self) -> list[Button]:
        return [button for row in self.buttons for button in row]


@dataclass(frozen=True)
class Outgoing:
    """A reply addressed to a chat, as the sender hands it to a channel."""

    channel: str
    chat_id: str
    reply: Reply | None  # None: only answer the button press
    edit_message_id: str | None = None
    callback_id: str | None = None
    language: str = "vi"  # of the person, for anything the channel adds to the reply
    extra: dict[str, Any] = field(default_factory=dict)
    # Held by an adapter that paces its own calls around each one that counts toward the messenger's limits
    # (every message, piece, file and edit put into the chat); the sender's limits are behind it.
    pace: Callable[[], AbstractAsyncContextManager[object]] = nullcontext
    paid_broadcast: bool = False  # Telegram: sent with allow_paid_broadcast (faster, charged in Stars)


def parse_command(text: str) -> tuple[str, str] | None:
    """`/Start@my_bot ev_1` -> ("start", "ev_1"); None when the text is not a command."""
    if not text.startswith("/") or len(text) < 2:
        return None
    head, _, args = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    if not name or not all(c.isascii() and (c.isalnum() or c == "_") for c in name):
        return None
    return name, args.strip()


def split_text(text: str, limit: int) -> list[str]:
    """Cut a text into pieces of at most `limit` characters, at line breaks where possible."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    pieces.append(rest)
    return [p for p in pieces if p] or [""]
