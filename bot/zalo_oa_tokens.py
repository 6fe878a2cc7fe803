"""The Zalo OA's tokens, kept so that they never lapse.

An OA access token lives about 25 hours; the refresh token that renews it is single use: each refresh
returns the next one and the old one stops working. So the tokens live in the database (sealed with
HIENKE_SECRET_KEY), one process at a time refreshes them while holding the token row locked, and the
new refresh token is committed in that same transaction (the old one stays stored until then). A
process that waited for the lock finds the fresh tokens and spends nothing. If refreshing fails, the
reason is stored: /readyz shows it and the admins are told on another channel.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import aiohttp

from bot.crypto import SecretBox
from bot.messages import Reply
from bot.reading import number
from bot.texts import t
from storage import repo, zalo_oa
from storage.db import Clock, Database
from storage.models import ZaloOAToken

log = logging.getLogger(__name__)

REFRESH_MARGIN = timedelta(hours=2)  # refresh this long before the access token expires
DEFAULT_LIFETIME = timedelta(hours=25)  # when the OA does not say (`expires_in`)
OAUTH_TIMEOUT = aiohttp.ClientTimeout(total=20, connect=10)
NO_TOKENS = "no OA tokens stored: run `hienke zalo-oa authorize` (or set ZALO_OA_REFRESH_TOKEN once)"
UNREACHABLE = "the OAuth server did not answer"  # may pass: admins are told only once the access token has expired


class TokenUnavailable(Exception):
    """No usable access token: the refresh failed or nothing was ever authorised."""


@dataclass(frozen=True)
class Issued:
    """What the OAuth server handed out."""

    access_token: str
    refresh_token: str
    expires_at: datetime


def pkce_pair() -> tuple[str, str]:
    """A fresh PKCE code verifier (43 characters) and its S256 challenge, as Zalo's OAuth v4 asks."""
    verifier = secrets.token_urlsafe(32)[:43]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).decode("ascii").rstrip("=")
    return verifier, challenge


def _seconds(value: object) -> float | None:
    """`expires_in` arrives as a number or as a string of digits."""
    if isinstance(value, (int, float)) and value > 0:
        return float(value)
    seconds = number(value, 12) if isinstance(value, str) else None
    if seconds:
        return float(seconds)
    return None


class OATokens:
    """Reads, refreshes and stores the OA's tokens; safe to use from many coroutines and many processes."""

    def __init__(
        self,
        db: Database,
        box: SecretBox,
        app_id: str,
        secret_key: str,
        oauth_root: str,
        clock: Clock,
        margin: timedelta = REFRESH_MARGIN,
    ) -> None:
        self.db = db
        self.box = box
        self.app_id = app_id
        self._secret_key = secret_key  # never logged
        self.oauth_root = oauth_root
        self.clock = clock
        self.margin = margin
        self.http: aiohttp.ClientSession | None = None
        self._lock = asyncio.Lock()
        self.refreshes = 0  # OAuth calls this process made (for tests and logs)

    # ------------------------------------------------------------------ reading

    async def access_token(self) -> str:
        """A valid access token: the stored one, or a new one when it is due."""
        async with self.db.transaction() as session:
            row = await zalo_oa.token_row(session)
            token = self.box.open(row.access_token) if row is not None else None
            due = row is None or row.access_expires_at is None or row.access_expires_at - self.margin <= self.clock()
        if token is not None and not due:
            return token
        return await self.refresh(stale=token)

    async def problem(self) -> str | None:
        """Why the OA cannot be used now (for /readyz), or None."""
        async with self.db.transaction() as session:
            row = await zalo_oa.token_row(session)
        if row is None or (row.refresh_token is None and row.access_token is None):
            return NO_TOKENS
        if row.failure:
            return f"Zalo OA token refresh failed: {row.failure}"
        return None

    # ------------------------------------------------------------------ refreshing

    async def refresh(self, stale: str | None, seed: str | None = None) -> str:
        """Renew the tokens unless another coroutine or process already did since `stale` was read.

        `seed` is a refresh token from the environment, used only while the database holds none.
        """
        async with self._lock:
            failure: str | None = None
            async with self.db.transaction() as session:
                row = await zalo_oa.locked_token_row(session)
                current = self.box.open(row.access_token)
                fresh = row.access_expires_at is not None and row.access_expires_at - self.margin > self.clock()
                if current is not None and current != stale and fresh:
                    return current  # renewed while we waited for the lock
                refresh_token = self.box.open(row.refresh_token) or seed
                if refresh_token is None:
                    failure = NO_TOKENS
                    self._record_failure(row, failure)
                else:
                    try:
                        issued = await self._grant({"grant_type": "refresh_token", "refresh_token": refresh_token})
                    except TokenUnavailable as exc:
                        failure = str(exc)
                        self._record_failure(row, failure)
                    else:
                        self._store(row, issued)  # committed with the lock still held
                        log.info("Zalo OA tokens refreshed; the access token is valid until %s", issued.expires_at)
                        return issued.access_token
            raise TokenUnavailable(failure)

    async def refresh_if_due(self) -> None:
        """The maintenance tick: renew ahead of expiry so the token never lapses, even with nothing to send."""
        await self.access_token()

    async def seed(self, refresh_token: str | None) -> None:
        """At start: use ZALO_OA_REFRESH_TOKEN once if the database holds no tokens yet (a later start ignores it)."""
        async with self.db.transaction() as session:
            row = await zalo_oa.token_row(session)
        if refresh_token is None or (row is not None and row.refresh_token is not None):
            return
        log.info("no Zalo OA tokens stored yet: spending ZALO_OA_REFRESH_TOKEN once")
        await self.refresh(stale=None, seed=refresh_token)

    # ------------------------------------------------------------------ authorising

    def authorization_link(self, challenge: str, redirect_uri: str, state: str) -> str:
        """Where an OA admin grants this app access (OAuth v4 with PKCE)."""
        query = urlencode({"app_id": self.app_id, "redirect_uri": redirect_uri, "code_challenge": challenge, "state": state})
        return f"{self.oauth_root}/v4/oa/permission?{query}"

    async def begin_authorization(self) -> str:
        """A new PKCE pair whose verifier waits (sealed) in the database for the code; returns the challenge."""
        verifier, challenge = pkce_pair()
        async with self.db.transaction() as session:
            row = await zalo_oa.locked_token_row(session)
            row.code_verifier = self.box.seal(verifier)
        return challenge

    async def complete_authorization(self, code: str) -> Issued:
        """Exchange the code the OA admin was given for the first tokens, and store them."""
        async with self._lock, self.db.transaction() as session:
            row = await zalo_oa.locked_token_row(session)
            verifier = self.box.open(row.code_verifier)
            if verifier is None:
                raise TokenUnavailable("no authorisation under way: run `hienke zalo-oa authorize` first")
            issued = await self._grant({"grant_type": "authorization_code", "code": code, "code_verifier": verifier})
            self._store(row, issued)
            row.code_verifier = None
            return issued

    # ------------------------------------------------------------------ storing and telling

    def _store(self, row: ZaloOAToken, issued: Issued) -> None:
        row.access_token = self.box.seal(issued.access_token)
        row.refresh_token = self.box.seal(issued.refresh_token)
        row.access_expires_at = issued.expires_at
        row.refreshed_at = self.clock()
        row.failure = row.failed_at = row.admins_told_at = None

    def _record_failure(self, row: ZaloOAToken, failure: str) -> None:
        log.error("Zalo OA token refresh failed: %s", failure)
        if row.failure != failure:
            row.failure, row.failed_at, row.admins_told_at = failure[:300], self.clock(), None

    async def tell_admins_if_failing(self) -> int:
        """Tell the admins once per failure, on a channel other than the OA; returns how many were told."""
        async with self.db.transaction() as session:
            row = await zalo_oa.token_row(session)
            if row is None or row.failure is None or row.admins_told_at is not None:
                return 0
            usable = row.access_expires_at is not None and row.access_expires_at > self.clock()
            if row.failure.startswith(UNREACHABLE) and usable:
                return 0  # a passing network fault while the current token still works
            told = 0
            for person_id in await repo.people_with_role(session, "admin"):
                for identity in await repo.reachable_identities(session, person_id):
                    if identity.channel == "zalo_oa":
                        continue
                    text = t(identity.person.language, "oa.token_failed", reason=row.failure)
                    payload = {"reply": Reply(text).to_json(), "language": identity.person.language}
                    repo.enqueue(
                        session, channel=identity.channel, chat_id=identity.chat_id, person_id=person_id,
                        payload=payload, now=self.clock(),
                    )
                    told += 1
                    break
            if told == 0:
                log.error("no admin can be reached outside the Zalo OA to be told that its tokens failed")
            row.admins_told_at = self.clock()
            return told

    async def store_quota(self, quota: dict[str, Any]) -> None:
        async with self.db.transaction() as session:
            row = await zalo_oa.locked_token_row(session)
            row.quota, row.quota_checked_at = quota, self.clock()

    # ------------------------------------------------------------------ OAuth

    async def _grant(self, fields: dict[str, str]) -> Issued:
        """POST {oauth}/v4/oa/access_token (form, `secret_key` header); the tokens, or TokenUnavailable."""
        session = self.http or aiohttp.ClientSession(timeout=OAUTH_TIMEOUT)
        self.refreshes += 1
        try:
            async with session.post(
                f"{self.oauth_root}/v4/oa/access_token",
                data={"app_id": self.app_id, **fields},
                headers={"secret_key": self._secret_key},
                timeout=OAUTH_TIMEOUT,
            ) as response:
                body = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise TokenUnavailable(f"{UNREACHABLE} ({type(exc).__name__})") from None
        finally:
            if session is not self.http:
                await session.close()
        body = body if isinstance(body, dict) else {}
        access, refresh = body.get("access_token"), body.get("refresh_token")
        if not isinstance(access, str) or not isinstance(refresh, str) or not access or not refresh:
            reason = body.get("error_description") or body.get("error_name") or body.get("message") or "no tokens in the answer"
            raise TokenUnavailable(f"{body.get('error', '?')}: {str(reason)[:200]}")
        lifetime = _seconds(body.get("expires_in"))
        return Issued(access, refresh, self.clock() + (timedelta(seconds=lifetime) if lifetime else DEFAULT_LIFETIME))
