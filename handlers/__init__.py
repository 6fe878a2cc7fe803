"""Feature routers, assembled into the one router dispatch uses, and the scheduled jobs."""

from __future__ import annotations

from functools import partial

from bot.org import Organisation
from bot.scheduler import Job
from bot.workdays import WorkCalendar
from handlers import (
    admin,
    audience,
    broadcasts,
    drafts,
    event_admin,
    events,
    exports,
    feedback,
    inbox,
    link,
    newdraft,
    poll_admin,
    polls,
    profile,
    report,
    start,
    summary,
    synthesis,
)
from handlers.base import Router


def build_router() -> Router:
    """All features in one router; command order here is the order /help and menus show."""
    router = Router()
    for feature in (
        start.router,
        feedback.router,
        profile.router,
        link.router,
        inbox.router,
        events.router,
        polls.router,
        drafts.router,
        newdraft.router,
        synthesis.router,
        broadcasts.router,
        event_admin.router,
        poll_admin.router,
        audience.router,
        summary.router,
        report.router,
        exports.router,
        admin.router,
    ):
        router.include(feature)
    return router


def build_jobs(calendar: WorkCalendar, org: Organisation) -> dict[str, Job]:
    """The scheduler's jobs; each reads what is due from the database and marks what it did."""
    return {
        "overdue-reminders": Job(partial(inbox.remind_overdue, calendar=calendar), every_seconds=600),
        "broadcast-progress": Job(broadcasts.report_progress, every_seconds=3),
        "event-reminders": Job(events.send_reminders, every_seconds=30),
        "poll-closing": Job(polls.close_due_polls, every_seconds=30),
        "weekly-digest": Job(partial(summary.send_digest, org=org, tz=calendar.tz), every_seconds=120),
    }
