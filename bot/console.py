"""The console channel: the same application as `hienke run` in a terminal, buttons shown as a numbered menu.

Dispatch, sending and the scheduler (reminders, poll closing, digests) run as they do for the messengers;
files the bot sends are written into one folder (HIENKE_FILES_DIR), each under a new time-stamped name.
"""

from __future__ import annotations

import asyncio
import sys
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.channels import ChannelRejected
from bot.menus import numbered
from bot.messages import Inbound, Outgoing, Received, parse_command
from storage import repo
from storage.db import Clock, utcnow

if TYPE_CHECKING:
    from bot.app import Application


def unused_path(folder: Path, name: str, moment: datetime) -> Path:
    """`folder/2026-12-01-0930-name.ext`, numbered `-2`, `-3`… rather than overwrite a file already there."""
    base = Path(name).name or "file"
    stem, suffix = Path(base).stem, Path(base).suffix
    stamp = moment.strftime("%Y-%m-%d-%H%M%S")
    path = folder / f"{stamp}-{stem}{suffix}"
    count = 1
    while path.exists():
        count += 1
        path = folder / f"{stamp}-{stem}-{count}{suffix}"
    return path


class ConsoleChannel:
    """Prints what the bot sends to one chat; files go into `download_dir`, never overwriting one."""

    has_buttons = False
    max_text = 4096
    rate_per_second = None  # a terminal has no limits to keep
    inbound_limited = False  # whoever types at the terminal runs the bot: no flood limit for them

    def __init__(
        self, name: str, user_id: str, write: Callable[[str], None], download_dir: Path, clock: Clock = utcnow
    ) -> None:
        self.name = name
        self.user_id = user_id
        self.write = write
        self.download_dir = download_dir
        self.clock = clock

    def chat_filter(self) -> str | None:
        return self.user_id

    async def deliver(self, out: Outgoing) -> str | None:
        reply = out.reply
        if reply is None:
            return None
        self.write(numbered(reply))
        for media in (reply.document, reply.photo):
            if media is not None:
                self.download_dir.mkdir(parents=True, exist_ok=True)
                path = unused_path(self.download_dir, media.name, self.clock().astimezone())
                path.write_bytes(media.content)
                self.write(f"📎 {path} ({len(media.content)} bytes)")
        if reply.file is not None:
            self.write(f"📎 {reply.file.kind}: {reply.file.file_name or reply.file.file_id}")
        return None

    async def set_menu(self, chat_id: str | None, commands: list[tuple[str, str]], language: str | None) -> None:
        """The terminal has no command menu; /help lists the commands."""

    async def download(self, file_id: str) -> bytes:
        """Nobody sends files from a terminal."""
        raise ChannelRejected("the console channel carries no files")

    def deep_link(self, payload: str) -> str | None:
        """A terminal has no links: what people type, `/start payload`, stands for one (an event's QR code carries it
        and is written with the other files)."""
        return f"/start {payload}" if payload else None

    def received(self, line: str) -> Received:
        """A typed line as an inbox item."""
        command = parse_command(line)
        inbound = Inbound(
            channel=self.name,
            chat_id=self.user_id,
            user_id=self.user_id,
            message_id=uuid.uuid4().hex,
            text=None if command else line,
            command=command[0] if command else None,
            args=command[1] if command else "",
        )
        return Received(f"console-{inbound.message_id}", inbound)


async def until_answered(app: Application, console: ConsoleChannel) -> None:
    """Wait until what this terminal typed is handled and every answer due to it is printed by the application's
    dispatch and sender, so that the next prompt comes after them."""
    while True:
        async with app.db.transaction() as session:
            now = app.sender.clock()
            busy = await repo.inbox_waiting(session, f"{console.name}:{console.user_id}")
            busy = busy or await repo.chat_waiting(session, console.name, console.user_id, now)
        if not busy:
            return
        await asyncio.sleep(0.02)


async def converse(app: Application, console: ConsoleChannel, line: str) -> None:
    """One typed line: stored, handled, answered."""
    await app.dispatcher.receive([console.received(line)])
    await until_answered(app, console)


async def read_line(prompt: str) -> str | None:
    """One line from standard input without blocking the event loop; None at end of input."""
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = await asyncio.to_thread(sys.stdin.readline)
    return line.rstrip("\n") if line else None
