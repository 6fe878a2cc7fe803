"""Text as the bot keeps and shows it: what people type is normalised once, on the way in, by `clean`.

- Control characters go (NUL included: PostgreSQL cannot store it in text), except the line break and
  the tab of a multi-line text; CR LF, CR and the Unicode line and paragraph separators become "\\n".
- Invisible format characters go: bidirectional overrides, embeddings and isolates (which make a name
  or a text read backwards to an official), zero-width spaces and joiners, the byte-order mark, soft
  hyphens, tag characters. A zero-width joiner inside an emoji sequence (👨‍💻) stays.
- Surrogates and Unicode noncharacters go; the rest is put in NFC, so "é" is one code point.

It lives at the bottom of the layers because a migration applies it to rows stored before it existed.
"""

from __future__ import annotations

import re
import unicodedata

LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x85]")
ZERO_WIDTH_JOINER = "\u200d"
EMOJI_MODIFIERS = ("\ufe0f", "\u20e3")  # the emoji presentation selector, the keycap


def _pictographic(char: str | None) -> bool:
    """Whether a character can sit on either side of an emoji sequence's zero-width joiner."""
    if char is None:
        return False
    return char in EMOJI_MODIFIERS or 0x1F000 <= ord(char) <= 0x1FAFF or unicodedata.category(char) == "So"


def _noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def clean(text: str, *, multiline: bool = True) -> str:
    """`text` without control, bidi and zero-width characters, in NFC; a single-line text has its breaks and tabs as spaces."""
    text = LINE_BREAKS.sub("\n", text)
    kept: list[str] = []
    for index, char in enumerate(text):
        if char in "\n\t":
            kept.append(char if multiline else " ")
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or _noncharacter(ord(char)):
            continue
        if category == "Cf":
            after = text[index + 1] if index + 1 < len(text) else None
            if not (char == ZERO_WIDTH_JOINER and _pictographic(kept[-1] if kept else None) and _pictographic(after)):
                continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))
