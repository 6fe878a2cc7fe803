"""Feature routers, assembled into the one router dispatch uses."""

from __future__ import annotations

from bot.scheduler import Job
from handlers import admin, audience, broadcasts, link, profile, start
from handlers.base import Router

JOBS: dict[str, Job] = {
    "broadcast-progress": Job(broadcasts.report_progress, every_seconds=3),
}


def build_router() -> Router:
    """All features in one router; command order here is the order /help and menus show."""
    router = Router()
    for feature in (start.router, profile.router, link.router, broadcasts.router, audience.router, admin.router):
        router.include(feature)
    return router
