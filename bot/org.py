"""The organisation a deployment serves, loaded from a TOML file (configuration, never code)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bot.settings import SettingsError

EXAMPLE_FILE = Path(__file__).with_name("org.example.toml")
DEFAULT_ETHNICITIES = ("Kinh", "Thái", "Mông", "Dao", "Hà Nhì", "Giáy", "Lự", "Khơ Mú")
LEVELS = ("province", "commune", "special_zone", "association", "party_committee", "agency")


@dataclass(frozen=True)
class Association:
    code: str
    vi: str
    en: str

    def name(self, language: str) -> str:
        return self.en if language == "en" else self.vi


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
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise SettingsError(f"Invalid setting HIENKE_ORG_FILE: {source}: {exc}") from None
