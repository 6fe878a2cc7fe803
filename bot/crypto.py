"""Which HIENKE_SECRET_KEY the bot runs with, and the box that seals the Zalo OA's tokens with it.

Anonymous authors, their tags and numbered menus are sealed in `storage.sealing`."""

from __future__ import annotations

import base64
import logging

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bot.settings import Settings, SettingsError

log = logging.getLogger(__name__)


class SecretBox:
    """Encrypts a secret text (a token) for storage, under a key of its own derived from HIENKE_SECRET_KEY."""

    def __init__(self, secret: str, purpose: str) -> None:
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"hienke", info=purpose.encode()).derive(secret.encode())
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def seal(self, text: str) -> str:
        return self._fernet.encrypt(text.encode()).decode("ascii")

    def open(self, token: str | None) -> str | None:
        """The text inside `token`, or None if there is none or it was sealed with another key."""
        if not token:
            return None
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode()
        except (InvalidToken, ValueError):
            return None


def secret_from_settings(settings: Settings) -> str:
    """HIENKE_SECRET_KEY; required with a messenger token, else derived from DATABASE_URL with a warning."""
    if settings.hienke_secret_key is not None:
        return settings.hienke_secret_key.get_secret_value()
    if settings.telegram_bot_token is not None or settings.zalo_bot_token is not None or settings.zalo_oa_configured:
        raise SettingsError(
            "Missing setting HIENKE_SECRET_KEY: it encrypts the link from anonymous submissions to their authors"
            " (`hienke secret` prints a fresh one)"
        )
    log.warning(
        "HIENKE_SECRET_KEY is not set: anonymous submissions are sealed with a key derived from DATABASE_URL, "
        "which anyone who knows the URL can derive. Set HIENKE_SECRET_KEY before real use."
    )
    return "database-url:" + settings.database_url
