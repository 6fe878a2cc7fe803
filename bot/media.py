"""Files the bot's web app serves under unguessable, expiring URLs, for channels that fetch files by URL."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from bot.messages import OutFile
from storage import repo
from storage.db import Clock, Database

MEDIA_TTL = timedelta(hours=24)


class MediaStore:
    """Keeps a file in the `media` table and hands out `{public_url}/media/{token}` for it."""

    def __init__(self, db: Database, public_url: str, clock: Clock, ttl: timedelta = MEDIA_TTL) -> None:
        self.db = db
        self.public_url = public_url
        self.clock = clock
        self.ttl = ttl
        self._published: dict[str, tuple[str, datetime]] = {}  # content digest -> (url, expiry)

    @property
    def hours(self) -> int:
        """How long a link works, in whole hours (for the note sent with it)."""
        return max(1, int(self.ttl.total_seconds() // 3600))

    async def publish(self, file: OutFile) -> str:
        """Store the file and return its URL; the same bytes sent to many share one stored copy while it is fresh."""
        now = self.clock()
        digest = hashlib.sha256(file.content).hexdigest()
        known = self._published.get(digest)
        if known is not None and known[1] - now > self.ttl / 2:
            return known[0]
        token = secrets.token_urlsafe(32)
        async with self.db.transaction() as session:
            await repo.purge_expired_media(session, now)
            repo.add_media(session, token, file.name[:120], file.mime_type[:80], file.content, now, now + self.ttl)
        url = f"{self.public_url}/media/{token}"
        self._published = {d: v for d, v in self._published.items() if v[1] > now}
        self._published[digest] = (url, now + self.ttl)
        return url

    async def fetch(self, token: str) -> OutFile | None:
        """The file behind `token`, or None when it is unknown or expired."""
        async with self.db.transaction() as session:
            media = await repo.find_media(session, token, self.clock())
            return None if media is None else OutFile(media.name, media.content, media.mime_type)
