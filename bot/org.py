"""The organisation a deployment serves, loaded from a TOML file (configuration, never code)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from bot.settings import SettingsError
from bot.workdays import DEFAULT_OFFICE_HOURS, CalendarRules

EXAMPLE_FILE = Path(__file__).with_name("org.example.toml")
DEFAULT_ETHNICITIES = ("Kinh", "Thái", "Mông", "Dao", "Hà Nhì", "Giáy", "Lự", "Khơ Mú")
LEVELS = ("province", "commune", "special_zone", "association", "party_committee", "agency")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Association:
    code: str
    vi: str
    en: str

    def name(self, language: str) -> str:
        return self.en if language == "en" else self.vi


@dataclass(frozen=True)
class Deadlines:
    """How long officials have: to acknowledge a submission, to answer it, and to answer an urgent one."""

    acknowledge_hours: float = 8
    answer_days: int = 5
    urgent_hours: float = 4
    answer_days_by_topic: Mapping[str, int] = field(default_factory=dict)

    def answer_days_for(self, topic: str) -> int:
        return self.answer_days_by_topic.get(topic, self.answer_days)


@dataclass(frozen=True)
class DigestSchedule:
    """When the weekly summary is pushed to the admins, in HIENKE_TIMEZONE (0 is Monday)."""

    weekday: int = 0
    at: time = time(7, 30)


@dataclass(frozen=True)
class Targets:
    """The plan's figures the yearly report measures against."""

    postgraduates: int = 60  # people with a master's degree or higher
    year: int = 2030


@dataclass(frozen=True)
class Organisation:
    name: str
    level: str
    parent: str | None = None
    place_name: str | None = None
    symbol_code: str | None = None
    document_profile: str = "nd30"
    numbering: str = "per_year"
    signature: str | None = None
    communes: tuple[str, ...] = ()
    associations: tuple[Association, ...] = field(default_factory=tuple)
    ethnicities: tuple[str, ...] = DEFAULT_ETHNICITIES
    units: tuple[str, ...] = ()
    intake_unit: str | None = None  # the unit whose officials see new submissions not yet forwarded
    calendar: CalendarRules = field(default_factory=CalendarRules)
    deadlines: Deadlines = field(default_factory=Deadlines)
    digest: DigestSchedule = field(default_factory=DigestSchedule)
    targets: Targets = field(default_factory=Targets)

    def association(self, code: str) -> Association | None:
        return next((a for a in self.associations if a.code == code), None)


def load_organisation(path: Path | None) -> Organisation:
    """Read the organisation file; the bundled example when none is configured."""
    source = path or EXAMPLE_FILE
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
        org = data["organisation"]
        level = org["level"]
        if level not in LEVELS:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}")
        units = tuple(str(unit) for unit in org.get("units", ()))
        return Organisation(
            name=org["name"],
            level=level,
            parent=org.get("parent"),
            place_name=org.get("place_name"),
            symbol_code=org.get("symbol_code"),
            document_profile=org.get("document_profile", "nd30"),
            numbering=org.get("numbering", "per_year"),
            signature=org.get("signature"),
            communes=tuple(org.get("communes", ())),
            associations=tuple(Association(a["code"], a["vi"], a["en"]) for a in data.get("associations", ())),
            ethnicities=tuple(org.get("ethnicities", DEFAULT_ETHNICITIES)),
            units=units,
            intake_unit=_intake_unit(org.get("intake_unit"), units),
            calendar=_calendar(data.get("calendar", {})),
            deadlines=_deadlines(data.get("deadlines", {})),
            digest=_digest(data.get("digest", {})),
            targets=Targets(**{k: int(v) for k, v in data.get("targets", {}).items()}),
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SettingsError(f"Invalid setting HIENKE_ORG_FILE: {source}: {exc}") from None


def _intake_unit(value: object, units: tuple[str, ...]) -> str | None:
    """`intake_unit` must name one of `units` (or be left out: then only admins see unforwarded submissions)."""
    if value is None:
        return None
    if value not in units:
        raise ValueError(f"intake_unit {value!r} is not one of the units: {', '.join(units) or 'none given'}")
    return str(value)


def _office_hours(spans: list[str]) -> tuple[tuple[time, time], ...]:
    """["07:30-11:30", "13:30-17:30"] -> ((07:30, 11:30), (13:30, 17:30)), checked to be in order."""
    hours: list[tuple[time, time]] = []
    for span in spans:
        begin, _, end = str(span).partition("-")
        opening, closing = time.fromisoformat(begin.strip()), time.fromisoformat(end.strip())
        if opening >= closing or (hours and hours[-1][1] > opening):
            raise ValueError(f"office hours must be increasing HH:MM-HH:MM spans, got {span!r}")
        hours.append((opening, closing))
    if not hours:
        raise ValueError("office_hours needs at least one span")
    return tuple(hours)


def _dates(values: list[Any]) -> frozenset[date]:
    return frozenset(v if isinstance(v, date) else date.fromisoformat(str(v)) for v in values)


def _calendar(data: dict[str, Any]) -> CalendarRules:
    return CalendarRules(
        office_hours=_office_hours(data["office_hours"]) if "office_hours" in data else DEFAULT_OFFICE_HOURS,
        days_off=_dates(data.get("days_off", [])),
        working_days=_dates(data.get("working_days", [])),
    )


def _deadlines(data: dict[str, Any]) -> Deadlines:
    default = Deadlines()
    deadlines = Deadlines(
        acknowledge_hours=float(data.get("acknowledge_hours", default.acknowledge_hours)),
        answer_days=int(data.get("answer_days", default.answer_days)),
        urgent_hours=float(data.get("urgent_hours", default.urgent_hours)),
        answer_days_by_topic={str(k): int(v) for k, v in data.get("answer_days_by_topic", {}).items()},
    )
    if min(deadlines.acknowledge_hours, deadlines.answer_days, deadlines.urgent_hours, *deadlines.answer_days_by_topic.values()) <= 0:
        raise ValueError("deadlines must be positive")
    return deadlines


def _digest(data: dict[str, Any]) -> DigestSchedule:
    """[digest] weekday = "monday", time = "07:30"."""
    weekday = str(data.get("weekday", WEEKDAYS[0])).lower()
    if weekday not in WEEKDAYS:
        raise ValueError(f"digest weekday must be one of {', '.join(WEEKDAYS)}")
    return DigestSchedule(WEEKDAYS.index(weekday), time.fromisoformat(str(data.get("time", "07:30"))))
