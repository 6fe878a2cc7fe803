"""The aiohttp web app: a webhook per messenger (answering 200 only after the update is stored),
the media files sent by URL, /healthz, /readyz and /metrics."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from urllib.parse import quote

from aiohttp import web

from bot.channels import Messenger
from bot.media import MediaStore
from bot.messages import Receive, Received, well_formed
from storage import failures
from storage.db import DATABASE_DOWN_ERRORS, Database, utcnow

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024
Handler = Callable[[web.Request], Awaitable[web.Response]]
Verify = Callable[[Mapping[str, str], bytes], bool]
Problem = Callable[[], Awaitable[str | None]]  # why something the bot needs is not working, or None
Scrape = Callable[[], Awaitable[tuple[bytes, str]]]  # the metrics in Prometheus's format, and its content type


def webhook_path(channel: str) -> str:
    """/telegram/webhook, /zalo/webhook, /zalo-oa/webhook."""
    return f"/{channel.replace('_', '-')}/webhook"


def verifier(messenger: Messenger, secret: str) -> Verify:
    """How a messenger's webhook call proves itself: its own check of the raw body (a signature, Zalo OA),
    else our secret echoed in its secret header; both compared in constant time."""
    custom: Verify | None = getattr(messenger, "verify_webhook", None)
    if custom is not None:
        return custom

    def echoed(headers: Mapping[str, str], body: bytes) -> bool:
        return hmac.compare_digest(headers.get(messenger.secret_header, "").encode(), secret.encode())

    return echoed


class BadUpdate(ValueError):
    """A webhook body that is not a valid update of that messenger."""


def parse_update(messenger: Messenger, body: bytes) -> Received | None:
    """The update in a webhook body (None: a kind the bot ignores); raises BadUpdate for anything that is not
    one: not JSON, JSON too deep, not an object, wrong types where the messenger's library or ours reads them."""
    try:
        data = json.loads(body)
        if not isinstance(data, dict):
            raise BadUpdate("not a JSON object")
        received = messenger.parse_webhook(data)
    except BadUpdate:
        raise
    except Exception as exc:  # hostile input: the JSON decoder and the messengers' parsers raise many kinds
        raise BadUpdate(type(exc).__name__) from None
    if received is not None and not well_formed(received):
        raise BadUpdate("fields of the wrong type or size")
    return received


def _webhook(receive: Receive, messenger: Messenger, secret: str) -> Handler:
    """The route for one messenger's webhook: check who calls, store the update, then answer."""
    verify = verifier(messenger, secret)

    async def webhook(request: web.Request) -> web.Response:
        """403 on a wrong secret or signature; 503 while the database is down, so the messenger delivers again."""
        body = await request.read()
        if not verify(request.headers, body):
            return web.Response(status=403, text="forbidden")
        try:
            received = parse_update(messenger, body)
        except BadUpdate as exc:
            log.info("%s webhook: a body that is not an update (%s); answering 400", messenger.name, exc)
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


async def readiness_problems(db: Database, problems: Sequence[Problem]) -> list[str]:
    """What keeps the bot from working now: the database, then each check (a messenger's tokens…)."""
    if not await db.ping():
        return ["database unavailable"]
    found = [await problem() for problem in problems]
    return [reason for reason in found if reason]


def build_web_app(
    db: Database,
    receive: Receive,
    webhooks: Sequence[tuple[Messenger, str]],
    media: MediaStore | None,
    problems: Sequence[Problem] = (),
    scrape: Scrape | None = None,
) -> web.Application:
    """/healthz, /readyz, /metrics (when given), a webhook per (messenger, secret) at /{channel}/webhook, and
    /media/{token} when files are served."""
    app = web.Application(client_max_size=MAX_BODY)

    async def healthz(_request: web.Request) -> web.Response:
        """The database reachable; with the messages handlers failed on this week by error class, when there were any."""
        healthy = await db.ping()
        body: dict[str, object] = {"status": "ok" if healthy else "database unavailable"}
        if healthy:
            async with db.transaction() as session:
                failed = await failures.recent_failures(session, utcnow())
            if failed:
                body["handler_failures_7d"] = failed
        return web.json_response(body, status=200 if healthy else 503)

    async def readyz(_request: web.Request) -> web.Response:
        """200 when everything needed works; else 503 with the reasons."""
        found = await readiness_problems(db, problems)
        return web.json_response({"status": "not ready", "problems": found} if found else {"status": "ready"}, status=503 if found else 200)

    async def metrics(_request: web.Request) -> web.Response:
        assert scrape is not None
        body, content_type = await scrape()
        return web.Response(body=body, headers={"Content-Type": content_type})

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    if scrape is not None:
        app.router.add_get("/metrics", metrics)
    for messenger, secret in webhooks:
        app.router.add_post(webhook_path(messenger.name), _webhook(receive, messenger, secret))
    if media is not None:
        app.router.add_get("/media/{token}", _media(media))
    return app
