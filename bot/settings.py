"""Settings read from the environment and a `.env` file (names as in DESIGN.md)."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from typing_extensions import Annotated

CHANNELS = ("telegram", "zalo", "console")


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it in one line."""


class Settings(BaseSettings):
    """Everything the running bot reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org"
    zalo_bot_token: SecretStr | None = None
    zalo_api_base_url: str = "https://bot-api.zaloplatforms.com"
    database_url: str = "sqlite+aiosqlite:///hienke.db"
    hienke_admins: Annotated[tuple[tuple[str, str], ...], NoDecode] = ()
    hienke_timezone: str = "Asia/Ho_Chi_Minh"
    hienke_org_file: Path | None = None
    hienke_webhook_secret: SecretStr | None = None
    hienke_public_url: str | None = None
    hienke_host: str = "127.0.0.1"
    hienke_port: int = Field(default=8080, ge=1, le=65535)
    hienke_poll_timeout: int = Field(default=25, ge=0, le=50)
    hienke_secret_key: SecretStr | None = None

    @field_validator("hienke_admins", mode="before")
    @classmethod
    def _parse_admins(cls, value: object) -> tuple[tuple[str, str], ...]:
        """Parse `telegram:12345,zalo:abc` into (channel, user id) pairs."""
        if isinstance(value, (tuple, list)):
            return tuple(tuple(item) for item in value)  # type: ignore[misc]
        admins: list[tuple[str, str]] = []
        for item in str(value or "").split(","):
            item = item.strip()
            if not item:
                continue
            channel, sep, user_id = item.partition(":")
            if not sep or channel not in CHANNELS or not user_id.strip():
                raise ValueError(f"expected channel:user_id (channel one of {', '.join(CHANNELS)}), got {item!r}")
            admins.append((channel, user_id.strip()))
        return tuple(admins)

    @field_validator("hienke_timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            value = "postgresql+asyncpg://" + value.split("://", 1)[1]
        elif value.startswith("sqlite:///"):
            value = "sqlite+aiosqlite:///" + value.removeprefix("sqlite:///")
        if not (value.startswith("sqlite+aiosqlite://") or value.startswith("postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///file.db or postgresql+asyncpg://user@host/db")
        return value

    @field_validator("telegram_api_base_url", "zalo_api_base_url", "hienke_public_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"expected an http(s) URL, got {value!r}")
        return value.rstrip("/")

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.hienke_timezone)

    def telegram_webhook_secret(self) -> str:
        """The secret Telegram sends back in X-Telegram-Bot-Api-Secret-Token (derived from the token if unset)."""
        if self.hienke_webhook_secret is not None:
            return self.hienke_webhook_secret.get_secret_value()
        if self.telegram_bot_token is None:
            raise SettingsError("HIENKE_WEBHOOK_SECRET: needed for webhooks when no TELEGRAM_BOT_TOKEN is set")
        digest = hashlib.sha256(b"hienke-webhook:" + self.telegram_bot_token.get_secret_value().encode())
        return digest.hexdigest()[:48]

    def fernet_key(self) -> bytes | None:
        """HIENKE_SECRET_KEY stretched by SHA-256 into a Fernet key; None when it is not set."""
        if self.hienke_secret_key is None or not self.hienke_secret_key.get_secret_value():
            return None
        digest = hashlib.sha256(b"hienke-fernet:" + self.hienke_secret_key.get_secret_value().encode()).digest()
        return base64.urlsafe_b64encode(digest)

    def is_admin(self, channel: str, user_id: str) -> bool:
        return (channel, user_id) in self.hienke_admins


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning a validation error into one line that names the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]).upper() if error["loc"] else "settings"
        message = error["msg"].removeprefix("Value error, ")
        raise SettingsError(f"Invalid setting {name}: {message}") from None
