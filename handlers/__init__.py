"""Feature routers, assembled into the one router dispatch uses, and the scheduled jobs."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation import Router
from bot.org import Organisation
from bot.scheduler import Job
from bot.workdays import WorkCalendar
from handlers import (
    access,
    admin,
    audience,
    broadcasts,
    drafts,
    event_admin,
    events,
    experts,
    exports,
    feedback,
    honour_review,
    honours,
    inbox,
    link,
    newdraft,
    poll_admin,
    polls,
    profile,
    start,
    summary,
    synthesis,
    texts,  # noqa: F401  the features' texts join the catalogue when the package is imported
    texts_access,  # noqa: F401
    texts_experts,  # noqa: F401
    texts_honours,  # noqa: F401
    texts_zalo_oa,  # noqa: F401
    yearly,
    zalo_oa,
)
from storage import repo

# The order /help and the messengers' command menus show, what people use most first.
MENU_ORDER = (
    "feedback", "mine", "status", "events", "polls", "drafts", "honours",
    "inbox", "newevent", "newpoll", "newdraft", "experts", "newhonour", "broadcast", "summary", "export", "report",
    "profile", "language", "link", "mydata", "forget", "grant", "revoke", "start", "help",
)  # fmt: skip


def build_router() -> Router:
    """All features in one router, its commands in MENU_ORDER, every check decided by the one access policy."""
    router = Router(policy=access.authorize)
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
        honours.router,
        honour_review.router,
        experts.router,
        summary.router,
        yearly.router,
        exports.router,
        admin.router,
        zalo_oa.router,
    ):
        router.include(feature)
    unknown = sorted(
        f"{c.name}: {c.check.name}"
        for c in (*router.commands.values(), *router.callbacks.values(), *router.steps.values())
        if c.check is not None and c.check.name not in access.RULES
    )
    if unknown:
        raise ValueError(f"checks the access policy does not know: {unknown}")
    rank = {name: i for i, name in enumerate(MENU_ORDER)}
    router.commands = dict(sorted(router.commands.items(), key=lambda item: rank.get(item[0], len(rank))))
    return router


async def purge_handled_inbox(session: AsyncSession, now: datetime) -> None:
    """Handled updates past the redelivery window go: their digests are no longer needed to dedupe."""
    await repo.purge_inbox(session, now)


def build_jobs(calendar: WorkCalendar, org: Organisation) -> dict[str, Job]:
    """The scheduler's jobs; each reads what is due from the database and marks what it did."""
    return {
        "overdue-reminders": Job(partial(inbox.remind_overdue, calendar=calendar, org=org), every_seconds=600),
        "broadcast-progress": Job(broadcasts.report_progress, every_seconds=3),
        "event-reminders": Job(events.send_reminders, every_seconds=30),
        "poll-closing": Job(polls.close_due_polls, every_seconds=30),
        "weekly-digest": Job(partial(summary.send_digest, org=org, tz=calendar.tz), every_seconds=120),
        "inbox-purge": Job(purge_handled_inbox, every_seconds=3600),
    }
