"""Feature routers, assembled into the one router dispatch uses."""

from __future__ import annotations

from bot.scheduler import Job
from handlers import admin, audience, broadcasts, event_admin, events, poll_admin, polls, profile, start
from handlers.base import Router

JOBS: dict[str, Job] = {
    "broadcast-progress": Job(broadcasts.report_progress, every_seconds=3),
    "event-reminders": Job(events.send_reminders, every_seconds=30),
    "poll-closing": Job(polls.close_due_polls, every_seconds=30),
}


def build_router() -> Router:
    """All features in one router; command order here is the order /help and menus show."""
    router = Router()
    features = (
        start.router,
        profile.router,
        events.router,
        polls.router,
        broadcasts.router,
        event_admin.router,
        poll_admin.router,
        audience.router,
        admin.router,
    )
    for feature in features:
        router.include(feature)
    return router
