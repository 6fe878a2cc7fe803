"""Working days and office hours: weekends and Vietnamese public holidays skipped, with local overrides.

The holidays come from the `holidays` package, which loads every country's calendar (about 17 MB that a process
never gives back): the bot reads Vietnam's for the years around now in a child process (`vietnamese_public_days`)
and keeps only those dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.offload import in_child

DEFAULT_OFFICE_HOURS = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 30)))
MAX_DAYS_AHEAD = 400  # a deadline further than this means the calendar has no working time at all
YEARS_BACK, YEARS_AHEAD = 5, 10  # the public holidays read at start: a later year is read when first needed


@dataclass(frozen=True)
class CalendarRules:
    """Office hours and the days off or swapped working days decided locally each year."""

    office_hours: tuple[tuple[time, time], ...] = DEFAULT_OFFICE_HOURS
    days_off: frozenset[date] = field(default_factory=frozenset)
    working_days: frozenset[date] = field(default_factory=frozenset)


@dataclass(frozen=True)
class PublicDays:
    """Vietnam's public holidays (observed days included) and the weekend days worked in exchange, for `years`."""

    years: range
    holidays: frozenset[date]
    weekend_workdays: frozenset[date]
    weekend: frozenset[int]  # weekday numbers, Monday 0

    def is_working_day(self, day: date) -> bool:
        if day.weekday() in self.weekend:
            return day in self.weekend_workdays
        return day not in self.holidays


def public_days(years: range) -> PublicDays:
    """Read from the `holidays` package; the bot calls this in a child process (see `vietnamese_public_days`)."""
    import holidays  # loads every country's calendar: kept out of the bot

    calendar = holidays.country_holidays("VN", language="vi", years=years)
    return PublicDays(
        years=years,
        holidays=frozenset(calendar),
        weekend_workdays=frozenset(day for day in calendar.weekend_workdays if day.year in years),
        weekend=frozenset(calendar.weekend),
    )


_read_around: dict[int, PublicDays] = {}  # by year: what the package says does not change while a process runs


async def vietnamese_public_days(year: int) -> PublicDays:
    """The public days of the years around `year`, read in a child process so the bot never loads `holidays`."""
    if year not in _read_around:
        _read_around[year] = await in_child("bot.workdays:public_days", range(year - YEARS_BACK, year + YEARS_AHEAD + 1))
    return _read_around[year]


class WorkCalendar:
    """Adds working hours and working days to a moment, in the organisation's time zone."""

    def __init__(self, rules: CalendarRules, tz: ZoneInfo, public: PublicDays | None = None) -> None:
        self.rules = rules
        self.tz = tz
        self.public = public

    def is_working_day(self, day: date) -> bool:
        """Local overrides first, then Vietnam's calendar (weekends, holidays, swap days)."""
        if day in self.rules.working_days:
            return True
        if day in self.rules.days_off:
            return False
        return self._public_days_of(day.year).is_working_day(day)

    def _public_days_of(self, year: int) -> PublicDays:
        """The public days known, read again here (loading `holidays`) for a year they do not cover."""
        if self.public is None or year not in self.public.years:
            known = self.public.years if self.public is not None else range(year, year + 1)
            first, last = min(known.start, year - YEARS_BACK), max(known.stop, year + YEARS_AHEAD + 1)
            self.public = public_days(range(first, last))
        return self.public

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
