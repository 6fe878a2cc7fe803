"""What the sender and dispatch need from a channel adapter, and the neutral errors adapters raise."""

from __future__ import annotations

import asyncio
from typing import Any, Protocol

from bot.messages import Outgoing, Receive, Received


class ChannelError(Exception):
    """A send failed for a reason that a later try may not cure."""


class ChannelRetryAfter(ChannelError):
    """The channel asked us to slow down: pause the whole channel for `seconds`."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class ChannelForbidden(ChannelError):
    """The person blocked the bot or the chat is gone: stop writing to them."""


class ChannelRejected(ChannelError):
    """The channel refused this message as malformed; retrying will not help."""


class ChannelUnavailable(ChannelError):
    """A network fault or a server error: try again later."""


class ChannelOutsideWindow(ChannelError):
    """The person is outside the channel's interaction window (Zalo OA): an ordinary message cannot reach them now.

    The sender then tries what an admin configured: another channel, a paid kind of message, or holding it.
    """


class ChannelQuotaExhausted(ChannelError):
    """The quota of this kind of message is spent until it renews."""


class Channel(Protocol):
    """A messenger (or the console) the sender can deliver to."""

    name: str
    has_buttons: bool
    max_text: int

    def chat_filter(self) -> str | None:
        """The only chat this adapter delivers to, or None for every chat of its channel."""

    async def deliver(self, out: Outgoing) -> str | None:
        """Send one message (or edit one); returns the channel's message id."""

    async def set_menu(self, chat_id: str | None, commands: list[tuple[str, str]], language: str | None) -> None:
        """Show `commands` (name, description) in the chat's command menu (None: everyone's)."""

    async def download(self, file_id: str) -> bytes:
        """The content of a file a person sent, by its channel file id; raises a ChannelError."""

    def deep_link(self, payload: str) -> str | None:
        """A link that opens a chat with the bot as `/start payload`, or None where the channel has none."""

class Messenger(Channel, Protocol):
    """A real messenger: opened and closed, polled by `hienke run`, feeding a webhook under `hienke serve`."""

    secret_header: str  # the request header that carries our webhook secret

    async def start(self) -> None:
        """Open the HTTP client and check the token."""

    async def stop(self) -> None:
        """Close the HTTP client."""

    async def poll(self, receive: Receive, stop: asyncio.Event) -> None:
        """Long-poll for updates and store them in the inbox until `stop` is set."""

    def parse_webhook(self, data: dict[str, Any]) -> Received | None:
        """The inbox item for a webhook body, or None for kinds we do not handle."""

    async def set_webhook(self, url: str, secret: str) -> None:
        """Ask the messenger to deliver updates to `url`, echoing `secret` in `secret_header`."""
