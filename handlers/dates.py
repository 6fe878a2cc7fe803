"""Dates as people type and read them, in the deployment's time zone, stored in UTC.

People type what they would say: `17h`, `17h30`, `17:30` (today, or tomorrow once that time has passed), `mai 9h`,
`thứ Sáu 9h` (or `thu sau 9h`, `T6 9h`), `15/12` (the end of that day, this year or the next), `15/12 14h`,
`15/12/2026 14:00`, `2h chiều`. The bot echoes what it understood in full: `thứ Sáu 04/12/2026 lúc 09:00`.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from bot.menus import plain
from bot.texts import t

CLOCK = re.compile(r"(?<!\d)(\d{1,2})\s*(?:gio|h|g|:)\s*(\d{2})?(?!\d)\s*(?:phut|p)?(?![a-z])")
DAY_MONTH = re.compile(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?")
RELATIVE = {"hom nay": 0, "nay": 0, "today": 0, "mai": 1, "tomorrow": 1, "kia": 2, "mot": 2}  # `ngày` is dropped before
_VI_DAYS = (("hai", "2"), ("ba", "3"), ("tu", "4"), ("nam", "5"), ("sau", "6"), ("bay", "7"))
WEEKDAYS = {
    **{f"thu {word}": n for n, (word, _) in enumerate(_VI_DAYS)},
    **{f"thu {digit}": n for n, (_, digit) in enumerate(_VI_DAYS)},
    **{f"t{digit}": n for n, (_, digit) in enumerate(_VI_DAYS)},
    "chu nhat": 6, "cn": 6,
    **{name: n for n, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))},
}  # fmt: skip
AFTERNOON = ("chieu", "toi", "dem", "pm")  # `2h chiều` is 14:00
PARTS_OF_DAY = ("sang", "trua", "am", *AFTERNOON)
CONNECTORS = ("luc", "vao", "at", "on", "ngay")
END_OF_DAY = time(23, 59)


def _at(zone: tzinfo, day: date, clock: time) -> datetime | None:
    """The UTC instant of a local wall-clock time."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def _strip_words(text: str, words: tuple[str, ...]) -> tuple[str, set[str]]:
    """The text without those words (whole words only), and which were there."""
    found = {word for word in words if re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", text)}
    for word in found:
        text = re.sub(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", " ", text)
    return " ".join(text.split()), found


def _clock(text: str) -> tuple[time | None, str, bool]:
    """The time of day typed (`17h30`, `9 giờ`, `2h chiều`), the rest of the text, and whether it was malformed."""
    rest, parts = _strip_words(text, PARTS_OF_DAY)
    match = CLOCK.search(rest)
    if match is None:
        return None, rest, bool(parts)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if parts & set(AFTERNOON) and 1 <= hour < 12:
        hour += 12
    rest = " ".join((rest[: match.start()] + " " + rest[match.end() :]).split())
    if hour > 23 or minute > 59:
        return None, rest, True
    return time(hour, minute), rest, False


def _day(text: str, today: date) -> tuple[date | None, bool, bool]:
    """The day typed (`mai`, `thứ Sáu`, `15/12`, `15/12/2026`), whether it was a weekday, and whether it was malformed."""
    if text in RELATIVE:
        return today + timedelta(days=RELATIVE[text]), False, False
    if text in WEEKDAYS:
        return today + timedelta(days=(WEEKDAYS[text] - today.weekday()) % 7), True, False
    match = DAY_MONTH.fullmatch(text)
    if match is None:
        return None, False, True
    day, month = int(match.group(1)), int(match.group(2))
    year = match.group(3)
    try:
        if year is not None:
            return date(int(year) + (2000 if len(year) == 2 else 0), month, day), False, False
        found = date(today.year, month, day)
        return (found if found >= today else date(today.year + 1, month, day)), False, False
    except ValueError:
        return None, False, True


def parse_moment(text: str, now: datetime, zone: tzinfo, *, on: datetime | None = None) -> datetime | None:
    """What a person typed as a moment, in `zone`, as UTC; None when it cannot be read.

    A time alone is on the day of `on` when given (an event's end on its start day), else today — or tomorrow once
    that time has passed. A date alone is its end (23:59); `mai` or a weekday needs a time. A weekday is the next
    one (today while that time is ahead).
    """
    words, _ = _strip_words(plain(text).replace(",", " "), CONNECTORS)
    clock, rest, bad_clock = _clock(words)
    if bad_clock:
        return None
    today = now.astimezone(zone).date()
    if not rest:
        if clock is None:
            return None
        base = on.astimezone(zone).date() if on is not None else today
        moment = _at(zone, base, clock)
        if on is None and moment is not None and moment <= now:
            moment = _at(zone, base + timedelta(days=1), clock)
        return moment
    day, weekday, bad_day = _day(rest, today)
    if bad_day or day is None or (clock is None and DAY_MONTH.fullmatch(rest) is None):
        return None  # `mai` or `thứ Sáu` alone says no time; a date alone is its end
    moment = _at(zone, day, clock or END_OF_DAY)
    if weekday and moment is not None and moment <= now:
        moment = _at(zone, day + timedelta(days=7), clock or END_OF_DAY)
    return moment


def in_full(language: str, moment: datetime, zone: tzinfo) -> str:
    """`thứ Sáu 04/12/2026 lúc 09:00` / `Friday 04/12/2026 at 09:00`: how the bot echoes a moment it understood."""
    local = moment.astimezone(zone)
    return t(language, "moment.in_full", weekday=t(language, f"weekday.{local.weekday()}"), day=f"{local:%d/%m/%Y}", clock=f"{local:%H:%M}")


def when(language: str, moment: datetime, zone: tzinfo) -> str:
    """`14:00 thứ Tư 02/12/2026` / `14:00 Wednesday 02/12/2026`."""
    local = moment.astimezone(zone)
    return f"{local:%H:%M} {t(language, f'weekday.{local.weekday()}')} {local:%d/%m/%Y}"


def span(language: str, start: datetime, end: datetime | None, zone: tzinfo) -> str:
    """`14:00–16:30 thứ Tư 02/12/2026`, or both ends in full when they fall on different days."""
    if end is None:
        return when(language, start, zone)
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    if local_start.date() == local_end.date():
        return f"{local_start:%H:%M}–{when(language, end, zone)}"
    return f"{when(language, start, zone)} – {when(language, end, zone)}"
