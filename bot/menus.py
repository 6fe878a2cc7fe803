"""Buttons for channels that have none: a numbered list answered with a digit or the option's words."""

from __future__ import annotations

from dataclasses import replace

from bot.messages import Inbound, Reply, split_text

CHECK = "✓ "


def menu_text(reply: Reply) -> str:
    """The reply's buttons as `1. label` lines ('' when it has none)."""
    return "\n".join(f"{i}. {button.label}" for i, button in enumerate(reply.flat_buttons(), start=1))


def numbered(reply: Reply) -> str:
    """The reply's text followed by its buttons as `1. label` lines."""
    menu = menu_text(reply)
    return f"{reply.text}\n\n{menu}" if menu else reply.text


def numbered_pieces(reply: Reply, limit: int) -> list[str]:
    """The reply as texts of at most `limit` characters, cut at line breaks, its menu closing the last one."""
    pieces = split_text(reply.text, limit)
    menu = menu_text(reply)
    if not menu:
        return pieces
    last = f"{pieces[-1]}\n\n{menu}" if pieces[-1] else menu
    if len(last) <= limit:
        return [*pieces[:-1], last]
    return [piece for piece in pieces if piece] + split_text(menu, limit)


def menu_of(reply: Reply) -> list[list[str]]:
    """The (label, payload) pairs to remember so a later digit can be resolved."""
    return [[button.label, button.payload] for button in reply.flat_buttons()]


def resolve_choice(inbound: Inbound, menu: list[list[str]]) -> Inbound:
    """Turn `2` (or the words of option 2) into that option's button press, if a menu is open."""
    if not menu or inbound.text is None or inbound.command is not None:
        return inbound
    answer = inbound.text.strip()
    payload: str | None = None
    if answer.isdigit() and 1 <= int(answer) <= len(menu):
        payload = menu[int(answer) - 1][1]
    else:
        wanted = answer.removeprefix(CHECK).casefold()
        payload = next((p for label, p in menu if label.removeprefix(CHECK).casefold() == wanted), None)
    return inbound if payload is None else replace(inbound, payload=payload, text=None)
