"""The console channel: the same handlers in a terminal, buttons shown as a numbered menu."""

from __future__ import annotations

import asyncio
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

from bot.channels import ChannelRejected
from bot.menus import numbered
from bot.messages import Inbound, Outgoing, Received, parse_command


class ConsoleChannel:
    """Prints what the bot sends to one chat; documents are saved next to where it runs."""

    has_buttons = False
    max_text = 4096
    rate_per_second = None  # a terminal has no limits to keep
    inbound_limited = False  # whoever types at the terminal runs the bot: no flood limit for them

    def __init__(self, name: str, user_id: str, write: Callable[[str], None], download_dir: Path) -> None:
        self.name = name
        self.user_id = user_id
        self.write = write
        self.download_dir = download_dir

    def chat_filter(self) -> str | None:
        return self.user_id

    async def deliver(self, out: Outgoing) -> str | None:
        reply = out.reply
        if reply is None:
            return None
        self.write(numbered(reply))
        for media in (reply.document, reply.photo):
            if media is not None:
                path = self.download_dir / Path(media.name).name
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
        """A terminal has no links; people type `/start payload` instead."""
        return None

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


async def read_line(prompt: str) -> str | None:
    """One line from standard input without blocking the event loop; None at end of input."""
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = await asyncio.to_thread(sys.stdin.readline)
    return line.rstrip("\n") if line else None
