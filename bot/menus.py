"""Menus as people answer them: the one matcher of typed answers, used by every menu on every channel.

A menu is the buttons of the last reply that had some, kept in the conversation state. A typed answer
picks an option when it equals the option's words once diacritics (đ too), case and surrounding
punctuation are set aside (`dong y`, `Bo qua`, `de sau.`) or, where buttons are shown as a numbered
list, when it is the option's number in ASCII digits. Text that picks nothing at a closed menu asks
the same question again, with one line saying what went wrong; nothing is ever chosen by default.

Three kinds of menu: closed (only its options answer it), `free_text` (a question answered by typing —
a name, a number, a text — whose buttons are only ways out: "2" stays an answer, so they are answered by
their words) and `also_typed` (options, but a typed answer is taken too: a commune not in the list).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from bot.messages import Button, Inbound, Reply, split_text
from bot.reading import number

CHECK = "✓ "
WORDS_ONLY = "words"  # flag of a free_text menu's options
ALSO_TYPED = "typed"  # flag of an also_typed menu's options
QUESTION = "question"  # flag of the entry that keeps the question's text


def plain(text: str) -> str:
    """A text as the matcher compares it: `  Đồng ý! ` -> `dong y`, `✓ Hội Y học` -> `hoi y hoc`."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = " ".join(bare.split())
    start, end = 0, len(words)
    while start < end and not words[start].isalnum():
        start += 1
    while end > start and not words[end - 1].isalnum():
        end -= 1
    return words[start:end]


def typed_number(text: str) -> int | None:
    """A menu digit as typed (`3`, ` 3. `): the number reader's, after the dot or bracket people add."""
    return number(text.strip().rstrip(".)"))


@dataclass(frozen=True)
class Menu:
    """The options last shown in a chat and how a typed answer is read against them."""

    options: tuple[tuple[str, str], ...] = ()  # (label, payload)
    words_only: bool = False
    also_typed: bool = False
    question: str | None = None  # the question's text, to ask it again (None for private replies)

    @property
    def closed(self) -> bool:
        """Only its options answer it: typed text that picks none is not an answer."""
        return bool(self.options) and not self.words_only and not self.also_typed

    def by_words(self, text: str) -> str | None:
        """The payload of the one option whose words are `text` (None when none, or several, match)."""
        wanted = plain(text)
        if not wanted:
            return None
        found = {payload for label, payload in self.options if plain(label) == wanted}
        return found.pop() if len(found) == 1 else None

    def by_number(self, text: str) -> str | None:
        """The payload of option `text` of a numbered menu (not of a free_text one, where a number is an answer)."""
        number = typed_number(text)
        if self.words_only or number is None or not 1 <= number <= len(self.options):
            return None
        return self.options[number - 1][1]

    def again(self, problem: str) -> list[Reply]:
        """One line saying what went wrong, then the question asked again with the same options (so the
        menu kept once it is shown is this one again)."""
        rows = tuple((Button(label, payload),) for label, payload in self.options)
        if self.question is None:  # a private question is not kept: the line carries the options
            return [Reply(problem, rows, private=True)]
        return [Reply(problem), Reply(self.question, rows)]

    def to_json(self) -> list[list[str]]:
        flags = [WORDS_ONLY] if self.words_only else [ALSO_TYPED] if self.also_typed else []
        entries = [[label, payload, *flags] for label, payload in self.options]
        return entries + ([[self.question, "", QUESTION]] if self.question is not None and entries else [])

    @classmethod
    def from_json(cls, entries: list[list[str]] | None) -> Menu:
        options = tuple((e[0], e[1]) for e in entries or () if QUESTION not in e[2:])
        question = next((e[0] for e in entries or () if QUESTION in e[2:]), None)
        flags = {flag for e in entries or () if QUESTION not in e[2:] for flag in e[2:]}
        return cls(options, WORDS_ONLY in flags, ALSO_TYPED in flags, question)


def menu_of(reply: Reply, *, with_question: bool = True) -> list[list[str]]:
    """The menu to keep once `reply` is shown: its options, their kind, and (unless told not to) its question."""
    options = tuple((button.label, button.payload) for button in reply.flat_buttons())
    question = reply.text if with_question and reply.text else None
    return Menu(options, reply.free_text, reply.also_typed and not reply.free_text, question).to_json()


def resolve_choice(inbound: Inbound, menu: Menu, *, numbered: bool) -> Inbound:
    """Turn a typed option (its words, or its number where menus are numbered) into that option's press."""
    if not menu.options or inbound.text is None or inbound.command is not None or inbound.payload is not None:
        return inbound
    payload = (menu.by_number(inbound.text) if numbered else None) or menu.by_words(inbound.text)
    # the typed message is the person's, not the menu's: what a press would edit is sent anew
    return inbound if payload is None else replace(inbound, payload=payload, text=None, message_id=None)


def missed(inbound: Inbound, menu: Menu, *, in_flow: bool) -> bool:
    """Whether a typed text picked nothing at a closed menu it was meant for: in a flow, or a number."""
    if not menu.closed or inbound.text is None or inbound.command is not None or inbound.payload is not None:
        return False
    return in_flow or typed_number(inbound.text) is not None


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
