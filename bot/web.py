"""The aiohttp web app: a webhook per messenger (answering 200 only after the update is stored),
the media files sent by URL, and /healthz."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import quote

from aiohttp import web

from bot.channels import Messenger
from bot.media import MediaStore
from bot.messages import Receive
from storage.db import DATABASE_DOWN_ERRORS, Database

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024
Handler = Callable[[web.Request], Awaitable[web.Response]]


def webhook_path(channel: str) -> str:
    return f"/{channel}/webhook"


def _webhook(receive: Receive, messenger: Messenger, secret: str) -> Handler:
    """The route for one messenger's webhook: check the secret header, store the update, then answer."""

    async def webhook(request: web.Request) -> web.Response:
        """403 on a wrong secret; 503 while the database is down, so the messenger delivers again."""
        given = request.headers.get(messenger.secret_header, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=403, text="forbidden")
        try:
            data = await request.json()
            received = messenger.parse_webhook(data) if isinstance(data, dict) else None
        except (json.JSONDecodeError, UnicodeDecodeError, ValueError, KeyError, TypeError):
            return web.Response(status=400, text="bad update")
        if received is None:
            return web.Response(text="ignored")
        try:
            await receive([received])
        except DATABASE_DOWN_ERRORS as exc:
            log.warning("%s webhook update not stored (%s); answering 503", messenger.name, type(exc).__name__)
            return web.Response(status=503, text="try again")
        return web.Response(text="ok")

    return webhook


def _media(media: MediaStore) -> Handler:
    """The route that serves a stored file by its token until it expires."""

    async def serve_media(request: web.Request) -> web.Response:
        try:
            file = await media.fetch(request.match_info["token"])
        except DATABASE_DOWN_ERRORS:
            return web.Response(status=503, text="try again")
        if file is None:
            return web.Response(status=404, text="not found")
        disposition = "inline" if file.mime_type.startswith("image/") else "attachment"
        headers = {
            "Content-Type": file.mime_type,
            "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(file.name)}",
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        }
        return web.Response(body=file.content, headers=headers)

    return serve_media


def build_web_app(
    db: Database,
    receive: Receive,
    webhooks: Sequence[tuple[Messenger, str]],
    media: MediaStore | None,
) -> web.Application:
    """/healthz, a webhook per (messenger, secret) at /{channel}/webhook, and /media/{token} when files are served."""
    app = web.Application(client_max_size=MAX_BODY)

    async def healthz(_request: web.Request) -> web.Response:
        healthy = await db.ping()
        return web.json_response({"status": "ok" if healthy else "database unavailable"}, status=200 if healthy else 503)

    app.router.add_get("/healthz", healthz)
    for messenger, secret in webhooks:
        app.router.add_post(webhook_path(messenger.name), _webhook(receive, messenger, secret))
    if media is not None:
        app.router.add_get("/media/{token}", _media(media))
    return app
