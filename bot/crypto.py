"""The sealed link from an anonymous submission to its author: Fernet, keyed from HIENKE_SECRET_KEY."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bot.settings import Settings, SettingsError

log = logging.getLogger(__name__)


class Sealer:
    """Seals a person id so only the running bot can open it again (to relay an answer)."""

    def __init__(self, secret: str) -> None:
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"hienke", info=b"author-link").derive(secret.encode())
        self._fernet = Fernet(base64.urlsafe_b64encode(key))
        self._fingerprint_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"hienke", info=b"fingerprint").derive(
            secret.encode()
        )

    def fingerprint(self, value: str) -> str:
        """A keyed SHA-256 of `value` (hex): the same value gives the same fingerprint, which nobody without the key can link back."""
        return hmac.new(self._fingerprint_key, value.encode(), hashlib.sha256).hexdigest()

    def seal(self, person_id: int) -> str:
        return self._fernet.encrypt(json.dumps({"person": person_id}).encode()).decode("ascii")

    def open(self, token: str) -> int | None:
        """The person id inside `token`, or None if it was sealed with another key or altered."""
        try:
            return int(json.loads(self._fernet.decrypt(token.encode("ascii")))["person"])
        except (InvalidToken, ValueError, KeyError, TypeError):
            return None


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


def sealer_from_settings(settings: Settings) -> Sealer:
    """HIENKE_SECRET_KEY; required with a messenger token, else derived from DATABASE_URL with a warning."""
    if settings.hienke_secret_key is not None:
        return Sealer(settings.hienke_secret_key.get_secret_value())
    if settings.telegram_bot_token is not None or settings.zalo_bot_token is not None or settings.zalo_oa_configured:
        raise SettingsError(
            "Missing setting HIENKE_SECRET_KEY: it encrypts the link from anonymous submissions to their authors"
        )
    log.warning(
        "HIENKE_SECRET_KEY is not set: anonymous submissions are sealed with a key derived from DATABASE_URL, "
        "which anyone who knows the URL can derive. Set HIENKE_SECRET_KEY before real use."
    )
    return Sealer("database-url:" + settings.database_url)
