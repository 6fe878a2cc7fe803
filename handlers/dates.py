"""Dates as people type and read them: `15/12/2026 14:00` in the deployment's time zone, stored in UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo

from bot.texts import t

_NUMBERS = r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
_CLOCK = r"(\d{1,2})\s*[:hg]\s*(\d{2})?"
DATE_TIME = re.compile(rf"{_NUMBERS}\s*(?:,|lúc|at)?\s*{_CLOCK}", re.IGNORECASE)
TIME = re.compile(_CLOCK, re.IGNORECASE)


def _at(zone: tzinfo, year: int, month: int, day: int, hour: int, minute: int) -> datetime | None:
    """The UTC instant of a local wall-clock time, or None when no such date or time exists."""
    try:
        return datetime(year, month, day, hour, minute, tzinfo=zone).astimezone(UTC)
    except ValueError:
        return None


def parse_date_time(text: str, zone: tzinfo) -> datetime | None:
    """`15/12/2026 14:00` (also `15-12-2026 14h30`, `15/12/2026 lúc 14h`) in `zone`, as UTC."""
    match = DATE_TIME.fullmatch(text.strip())
    if match is None:
        return None
    day, month, year, hour, minute = (int(g) if g else 0 for g in match.groups())
    return _at(zone, year, month, day, hour, minute)


def parse_time_on(text: str, day: datetime, zone: tzinfo) -> datetime | None:
    """`16:30` on the local day of `day`, as UTC."""
    match = TIME.fullmatch(text.strip())
    if match is None:
        return None
    local = day.astimezone(zone)
    hour, minute = (int(g) if g else 0 for g in match.groups())
    return _at(zone, local.year, local.month, local.day, hour, minute)


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
