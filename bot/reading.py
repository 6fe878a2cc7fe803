"""The one reader of everything typed or sent as a number: an answer (a birth year, a capacity, a menu
digit), a part of a button payload (`po:v:12:3`) or a deep-link key (`/start ev_2`).

`str.isdigit()` accepts digits `int()` rejects (superscripts `¹⁹⁸⁰`) and digits of other scripts
(`١٢`), and `int()` accepts what no person types (`+1_000`, `٣`); both let a hostile payload reach the
database with an id out of its range. Here a number is, after NFKC normalisation (so full-width
`１９８０` and superscript `¹⁹⁸⁰` read as `1980`) and stripping, ASCII digits only and at most
`digits` of them; anything else is None, for the caller to answer politely.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

# Nine digits always fit a 32-bit database integer (ids, years, capacities, menu positions).
ID_DIGITS = 9
# Seconds since 1970 in a button payload (a period's bounds): eleven digits reach the year 5138.
TIMESTAMP_DIGITS = 11
# Raw input longer than this is not a number, whatever it normalises to (NFKC of a huge text is not free).
_MAX_RAW = 64


def number(text: str | None, digits: int = ID_DIGITS) -> int | None:
    """The non-negative integer `text` spells in ASCII digits (after NFKC and strip), at most `digits` long, else None."""
    if text is None or len(text) > _MAX_RAW:
        return None
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not 0 < len(cleaned) <= digits or not all("0" <= c <= "9" for c in cleaned):
        return None
    return int(cleaned)


def number_at(parts: Sequence[str], index: int, digits: int = ID_DIGITS) -> int | None:
    """The number at `parts[index]` (a split button payload), None when absent or not a number."""
    return number(parts[index], digits) if len(parts) > index else None
