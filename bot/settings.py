"""Settings read from the environment and a `.env` file (names as in DESIGN.md)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from storage.sealing import MIN_KEY_LENGTH

CHANNELS = ("telegram", "zalo", "zalo_oa", "console")
# What may carry a message to someone outside the Zalo OA interaction window, in the order an admin lists them.
OUTSIDE_WINDOW_ROUTES = ("linked", "transaction", "promotion", "hold")


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it in one line."""


class Settings(BaseSettings):
    """Everything the running bot reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org"
    zalo_bot_token: SecretStr | None = None
    zalo_api_base_url: str = "https://bot-api.zaloplatforms.com"
    zalo_oa_app_id: str | None = None
    zalo_oa_secret_key: SecretStr | None = None
    zalo_oa_refresh_token: SecretStr | None = None
    zalo_oa_api_base_url: str = "https://openapi.zalo.me"
    zalo_oa_oauth_base_url: str = "https://oauth.zaloapp.com"
    zalo_oa_window_hours: int = Field(default=48, ge=1, le=24 * 7)
    zalo_oa_outside_window: Annotated[tuple[str, ...], NoDecode] = ("linked", "transaction", "hold")
    database_url: str = "sqlite+aiosqlite:///hienke.db"
    hienke_admins: Annotated[tuple[tuple[str, str], ...], NoDecode] = ()
    hienke_timezone: str = "Asia/Ho_Chi_Minh"
    hienke_org_file: Path | None = None
    hienke_webhook_secret: SecretStr | None = None
    hienke_zalo_webhook_secret: SecretStr | None = None
    hienke_public_url: str | None = None
    hienke_host: str = "127.0.0.1"
    hienke_port: int = Field(default=8080, ge=1, le=65535)
    hienke_poll_timeout: int = Field(default=25, ge=0, le=50)
    hienke_secret_key: SecretStr | None = None
    hienke_feedback_per_hour: int = Field(default=10, ge=1, le=1000)

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

    @field_validator("zalo_oa_outside_window", mode="before")
    @classmethod
    def _parse_routes(cls, value: object) -> tuple[str, ...]:
        """`linked,transaction,hold`: what to try, in order, for someone outside the OA window; hold is always last."""
        items = list(value) if isinstance(value, (tuple, list)) else str(value or "").split(",")
        routes = [str(item).strip().lower() for item in items if str(item).strip()]
        unknown = [route for route in routes if route not in OUTSIDE_WINDOW_ROUTES]
        if unknown:
            raise ValueError(f"unknown route {unknown[0]!r} (use {', '.join(OUTSIDE_WINDOW_ROUTES)})")
        routes = list(dict.fromkeys(routes))
        if "hold" in routes:
            routes = routes[: routes.index("hold")]
        return (*routes, "hold")

    @field_validator("zalo_oa_app_id")
    @classmethod
    def _check_app_id(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            return None
        return value.strip() if value else value

    @field_validator("hienke_secret_key")
    @classmethod
    def _check_secret_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value().strip()) < MIN_KEY_LENGTH:
            raise ValueError(f"use at least {MIN_KEY_LENGTH} characters (`hienke secret` prints a fresh one)")
        return value

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

    @field_validator(
        "telegram_api_base_url", "zalo_api_base_url", "zalo_oa_api_base_url", "zalo_oa_oauth_base_url", "hienke_public_url"
    )
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
        return _webhook_secret(self.hienke_webhook_secret, self.telegram_bot_token, "HIENKE_WEBHOOK_SECRET", b"hienke-webhook:")

    def zalo_webhook_secret(self) -> str:
        """The secret Zalo sends back in X-Bot-Api-Secret-Token (derived from the token if unset)."""
        return _webhook_secret(
            self.hienke_zalo_webhook_secret, self.zalo_bot_token, "HIENKE_ZALO_WEBHOOK_SECRET", b"hienke-zalo-webhook:"
        )

    @property
    def zalo_oa_configured(self) -> bool:
        """The OA channel runs when its app id and secret key are both set."""
        return self.zalo_oa_app_id is not None and self.zalo_oa_secret_key is not None

    def webhook_secret(self, channel: str) -> str:
        if channel == "zalo_oa":  # the OA signs each body with its secret key (see bot/zalo_oa.py)
            return self.zalo_oa_secret_key.get_secret_value() if self.zalo_oa_secret_key is not None else ""
        return {"telegram": self.telegram_webhook_secret, "zalo": self.zalo_webhook_secret}[channel]()

    def is_admin(self, channel: str, user_id: str) -> bool:
        return (channel, user_id) in self.hienke_admins


def _webhook_secret(configured: SecretStr | None, token: SecretStr | None, setting: str, salt: bytes) -> str:
    """The configured secret, else one derived from the bot token (so it survives restarts)."""
    if configured is not None:
        return configured.get_secret_value()
    if token is None:
        raise SettingsError(f"{setting}: needed for webhooks when the bot token is not set")
    return hashlib.sha256(salt + token.get_secret_value().encode()).hexdigest()[:48]


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning a validation error into one line that names the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]).upper() if error["loc"] else "settings"
        message = error["msg"].removeprefix("Value error, ")
        raise SettingsError(f"Invalid setting {name}: {message}") from None
