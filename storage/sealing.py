"""Keys derived from HIENKE_SECRET_KEY and what they seal: anonymous authors, their lookup tags, numbered
menus, and keyed digests of what must be matched but not read (inbox update ids, group chats).

The derivation salt is random and lives in the one-row `keyring` table beside a check value, so a wrong
key is refused at start instead of being found out when an answer cannot be relayed.

An anonymous item carries two things: its author sealed with AES-GCM (only the key opens it) and an
author tag, HMAC(key, kind, person, n) for the person's n-th anonymous item of that kind. Tags are all
different, so the database alone cannot group items by author; with the key, a person's own items are
found by computing their tags, in time proportional to how many they have.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable, Iterator
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

MIN_KEY_LENGTH = 32
NONCE_BYTES = 12


class KeyRefused(Exception):
    """HIENKE_SECRET_KEY cannot be used; the message says why in one line."""


def new_secret() -> str:
    """A fresh HIENKE_SECRET_KEY: 43 URL-safe characters (256 random bits)."""
    return secrets.token_urlsafe(32)


def _derive(secret: str, salt: bytes, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"hienke/" + purpose.encode()).derive(secret.encode())


class Keys:
    """Everything HIENKE_SECRET_KEY and the stored salt give: seals, tags and digests."""

    def __init__(self, secret: str, salt: bytes) -> None:
        self.salt = salt
        self._aead = AESGCM(_derive(secret, salt, "seal"))
        self._tag_key = _derive(secret, salt, "author-tag")
        self._digest_key = _derive(secret, salt, "digest")
        self.check = hmac.new(_derive(secret, salt, "check"), b"hienke keyring", hashlib.sha256).hexdigest()

    def _seal_bytes(self, data: bytes, purpose: bytes) -> str:
        nonce = os.urandom(NONCE_BYTES)
        return base64.urlsafe_b64encode(nonce + self._aead.encrypt(nonce, data, purpose)).decode("ascii")

    def _open_bytes(self, token: str, purpose: bytes) -> bytes | None:
        try:
            raw = base64.urlsafe_b64decode(token.encode("ascii"))
            return self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose)
        except (InvalidTag, ValueError, UnicodeEncodeError):
            return None

    def seal(self, person_id: int) -> str:
        """The author of an anonymous item, readable only with the key."""
        return self._seal_bytes(str(person_id).encode(), b"author")

    def open(self, token: str | None) -> int | None:
        """The person id inside a sealed author, or None if there is none or it was sealed under another key."""
        if not token:
            return None
        data = self._open_bytes(token, b"author")
        return int(data) if data is not None and data.isdigit() else None

    def seal_json(self, value: Any, purpose: str) -> str:
        return self._seal_bytes(json.dumps(value, separators=(",", ":")).encode(), purpose.encode())

    def open_json(self, token: str, purpose: str) -> Any:
        """The value sealed for `purpose`, or None if it cannot be opened with this key."""
        data = self._open_bytes(token, purpose.encode())
        return json.loads(data) if data is not None else None

    def tag(self, kind: str, person_id: int, index: int) -> str:
        """The lookup tag of a person's `index`-th anonymous item of `kind` (submission, comment)."""
        return hmac.new(self._tag_key, f"{kind}:{person_id}:{index}".encode(), hashlib.sha256).hexdigest()[:40]

    def tags(self, kind: str, person_id: int, start: int = 0) -> Iterator[tuple[int, str]]:
        """(index, tag) from `start` on, without end."""
        index = start
        while True:
            yield index, self.tag(kind, person_id, index)
            index += 1

    def digest(self, value: str) -> str:
        """A keyed SHA-256 of `value` (hex): equal values match; nobody without the key can tell what it was."""
        return hmac.new(self._digest_key, value.encode(), hashlib.sha256).hexdigest()



def legacy_opener(secret: str) -> Callable[[str], int | None]:
    """Opens an author sealed before version 0015 (Fernet under a fixed salt), so the first start adopts it."""
    fernet = Fernet(base64.urlsafe_b64encode(_derive_legacy(secret)))

    def open_legacy(token: str) -> int | None:
        try:
            return int(json.loads(fernet.decrypt(token.encode("ascii")))["person"])
        except (InvalidToken, ValueError, KeyError, TypeError, UnicodeEncodeError):
            return None

    return open_legacy


def _derive_legacy(secret: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"hienke", info=b"author-link").derive(secret.encode())


_active: Keys | None = None


def activate(keys: Keys) -> None:
    """Make `keys` the ones sealed columns use in this process (set by the composition root at start)."""
    global _active
    _active = keys


def active() -> Keys:
    if _active is None:
        raise KeyRefused("No HIENKE_SECRET_KEY loaded: sealed columns cannot be read or written")
    return _active


class SealedJSON(TypeDecorator[Any]):
    """A JSON value stored sealed (AES-GCM) under the active keys; the empty value (`empty`, as JSON) is NULL.

    What cannot be opened (sealed under another key) reads as empty, as if nothing had been stored.
    """

    impl = Text
    cache_ok = True

    def __init__(self, purpose: str, empty: str = "null") -> None:
        super().__init__()
        self.purpose = purpose
        self.empty = empty

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None or value == json.loads(self.empty):
            return None
        return active().seal_json(value, self.purpose)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        opened = active().open_json(value, self.purpose) if value is not None else None
        return json.loads(self.empty) if opened is None else opened
