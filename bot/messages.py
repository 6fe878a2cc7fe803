"""Neutral message types shared by the channel adapters and the handlers."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Iterable
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
