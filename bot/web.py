"""The aiohttp web app: the Telegram webhook (answers 200 only after the update is stored) and /healthz."""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web

from bot.dispatch import Dispatcher
from bot.telegram import TelegramChannel
from storage.db import DATABASE_DOWN_ERRORS, Database

log = logging.getLogger(__name__)

TELEGRAM_WEBHOOK_PATH = "/telegram/webhook"
TELEGRAM_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024


def build_web_app(db: Database, dispatcher: Dispatcher, telegram: TelegramChannel | None, telegram_secret: str | None) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY)

    async def healthz(_request: web.Request) -> web.Response:
        healthy = await db.ping()
        return web.json_response({"status": "ok" if healthy else "database unavailable"}, status=200 if healthy else 503)

    async def telegram_webhook(request: web.Request) -> web.Response:
        """Store the update, then answer; 5xx while the database is down so Telegram retries."""
        assert telegram is not None and telegram_secret is not None
        given = request.headers.get(TELEGRAM_SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), telegram_secret.encode()):
            return web.Response(status=403, text="forbidden")
        try:
            data = await request.json()
            received = telegram.parse_webhook(data) if isinstance(data, dict) else None
        except (json.JSONDecodeError, UnicodeDecodeError, ValueError, KeyError, TypeError):
            return web.Response(status=400, text="bad update")
        if received is None:
            return web.Response(text="ignored")
        try:
            await dispatcher.receive([received])
        except DATABASE_DOWN_ERRORS as exc:
            log.warning("webhook update not stored (%s); answering 503 so it is redelivered", type(exc).__name__)
            return web.Response(status=503, text="try again")
        return web.Response(text="ok")

    app.router.add_get("/healthz", healthz)
    if telegram is not None:
        app.router.add_post(TELEGRAM_WEBHOOK_PATH, telegram_webhook)
    return app
