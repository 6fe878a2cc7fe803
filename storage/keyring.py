"""The one-row keyring: the salt HIENKE_SECRET_KEY is derived with and the check value that refuses a wrong key."""

from __future__ import annotations

import hmac
import os

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Keyring
from storage.sealing import KeyRefused, Keys


async def load_keys(session: AsyncSession, secret: str) -> Keys:
    """The keys for `secret`, creating the keyring on first start; KeyRefused if the stored check disagrees."""
    row = await session.get(Keyring, 1)
    if row is None:
        keys = Keys(secret, os.urandom(16))
        session.add(Keyring(id=1, salt=keys.salt.hex(), check=keys.check))
        await session.flush()
        return keys
    keys = Keys(secret, bytes.fromhex(row.salt))
    if not hmac.compare_digest(keys.check, row.check):
        raise KeyRefused("Invalid setting HIENKE_SECRET_KEY: it is not the key this database was sealed with")
    return keys


async def replace_keyring(session: AsyncSession, secret: str) -> Keys:
    """New keys for `secret` under a fresh salt, stored as this database's keyring (rotation)."""
    keys = Keys(secret, os.urandom(16))
    row = await session.get(Keyring, 1)
    if row is None:
        session.add(Keyring(id=1, salt=keys.salt.hex(), check=keys.check))
    else:
        row.salt, row.check = keys.salt.hex(), keys.check
    await session.flush()
    return keys
