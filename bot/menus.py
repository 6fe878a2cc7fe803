"""Buttons for channels that have none: a numbered list answered with a digit or the option's words.

Under a question answered by typing (`Reply.free_text`) the options are shown as `[words]` and only
their words answer them, so that a typed "2" stays an answer to the question.
"""

from __future__ import annotations

from dataclasses import replace

from bot.messages import Inbound, Reply, split_text
from bot.reading import number

CHECK = "✓ "


WORDS_ONLY = "words"


def menu_text(reply: Reply) -> str:
    """The reply's buttons as `1. label` lines, or `[label]` under a typed question ('' when it has none)."""
    if reply.free_text:
        return "  ".join(f"[{button.label}]" for button in reply.flat_buttons())
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
    """The (label, payload) pairs to remember so a later digit can be resolved (marked when only words answer)."""
    return [[button.label, button.payload, *([WORDS_ONLY] if reply.free_text else [])] for button in reply.flat_buttons()]


def resolve_choice(inbound: Inbound, menu: list[list[str]]) -> Inbound:
    """Turn `2` (or the words of option 2) into that option's button press, if a menu is open."""
    if not menu or inbound.text is None or inbound.command is not None:
        return inbound
    answer = inbound.text.strip()
    payload: str | None = None
    digits_answer = not any(WORDS_ONLY in entry[2:] for entry in menu)
    chosen = number(answer) if digits_answer else None
    if chosen is not None and 1 <= chosen <= len(menu):
        payload = menu[chosen - 1][1]
    else:
        wanted = answer.removeprefix(CHECK).strip("[]").casefold()
        payload = next((entry[1] for entry in menu if entry[0].removeprefix(CHECK).casefold() == wanted), None)
    return inbound if payload is None else replace(inbound, payload=payload, text=None)
