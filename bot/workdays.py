"""Working days and office hours: weekends and Vietnamese public holidays skipped, with local overrides."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

DEFAULT_OFFICE_HOURS = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 30)))
MAX_DAYS_AHEAD = 400  # a deadline further than this means the calendar has no working time at all


@dataclass(frozen=True)
class CalendarRules:
    """Office hours and the days off or swapped working days decided locally each year."""

    office_hours: tuple[tuple[time, time], ...] = DEFAULT_OFFICE_HOURS
    days_off: frozenset[date] = field(default_factory=frozenset)
    working_days: frozenset[date] = field(default_factory=frozenset)


class WorkCalendar:
    """Adds working hours and working days to a moment, in the organisation's time zone."""

    def __init__(self, rules: CalendarRules, tz: ZoneInfo) -> None:
        self.rules = rules
        self.tz = tz
        self.public_holidays = holidays.country_holidays("VN", language="vi")

    def is_working_day(self, day: date) -> bool:
        """Local overrides first, then the `holidays` package (weekends, holidays, swap days)."""
        if day in self.rules.working_days:
            return True
        if day in self.rules.days_off:
            return False
        return bool(self.public_holidays.is_working_day(day))

    def _office_spans(self, day: date) -> list[tuple[datetime, datetime]]:
        if not self.is_working_day(day):
            return []
        return [
            (datetime.combine(day, begin, self.tz), datetime.combine(day, end, self.tz))
            for begin, end in self.rules.office_hours
        ]

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The moment `hours` of office time after `start`."""
        left = timedelta(hours=hours)
        day = start.astimezone(self.tz).date()
        for _ in range(MAX_DAYS_AHEAD):
            for begin, end in self._office_spans(day):
                begin = max(begin, start)
                if begin >= end:
                    continue
                if end - begin >= left:
                    return (begin + left).astimezone(UTC)
                left -= end - begin
            day += timedelta(days=1)
        raise ValueError("the calendar has no office hours")

    def end_of_working_day(self, start: datetime, days: int) -> datetime:
        """Closing time of the `days`-th working day after the day `start` falls on."""
        day = start.astimezone(self.tz).date()
        counted = 0
        for _ in range(MAX_DAYS_AHEAD):
            if counted == days:
                closing = self.rules.office_hours[-1][1]
                return datetime.combine(day, closing, self.tz).astimezone(UTC)
            day += timedelta(days=1)
            counted += self.is_working_day(day)
        raise ValueError("the calendar has no working days")

    def is_office_time(self, moment: datetime) -> bool:
        local = moment.astimezone(self.tz)
        return any(begin <= local < end for begin, end in self._office_spans(local.date()))

    def start_of_day(self, moment: datetime) -> datetime:
        """Local midnight of the day `moment` falls on, in UTC."""
        local = moment.astimezone(self.tz)
        return datetime.combine(local.date(), time(0), self.tz).astimezone(UTC)
