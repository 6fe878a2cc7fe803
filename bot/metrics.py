"""What /metrics shows Prometheus: counters this process keeps as it works, and gauges of the shared
queues read from the database when scraped (every process shows the same queues; sum the counters)."""

from __future__ import annotations

from datetime import datetime

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, generate_latest
from sqlalchemy import func, select

from storage.db import Database
from storage.models import Broadcast, InboxUpdate, OutboxMessage

SENT = Counter("hienke_messages_sent", "Messages (and menus, button answers) delivered by this process", ["channel"])
FAILED = Counter("hienke_messages_failed", "Messages given up on by this process (refused, blocked, or out of retries)", ["channel"])
RATE_LIMITED = Counter("hienke_rate_limited", "429 answers (slow down) received by this process", ["channel"])
FORBIDDEN = Counter("hienke_forbidden", "403 answers (the person blocked the bot or left) received by this process", ["channel"])
HANDLER_FAILURES = Counter("hienke_handler_failures", "Updates whose handler raised, by error class", ["error"])
JOB_RUNS = Counter("hienke_job_runs", "Scheduled job runs done by this process (skipped while another process runs it)", ["job"])
INBOX_PENDING = Gauge("hienke_inbox_pending", "Updates stored and not yet handled")
INBOX_OLDEST = Gauge("hienke_inbox_oldest_pending_seconds", "Age of the oldest update not yet handled (0 when none)")
OUTBOX_DEPTH = Gauge("hienke_outbox_depth", "Messages waiting to be sent (pending or being sent)", ["channel", "priority"])
BROADCASTS = Gauge("hienke_broadcasts_in_progress", "Broadcasts still sending")
LEASES = Gauge("hienke_lease_held", "1 while this process holds the lease (sender, poll:<channel>)", ["lease"])


async def read_queues(db: Database, now: datetime) -> None:
    """Set the gauges of the shared queues from the database."""
    async with db.transaction() as session:
        pending, oldest = (
            await session.execute(
                select(func.count(), func.min(InboxUpdate.received_at)).where(InboxUpdate.status == "pending")
            )
        ).one()
        depth = (
            await session.execute(
                select(OutboxMessage.channel, OutboxMessage.priority, func.count())
                .where(OutboxMessage.status.in_(("pending", "sending")))
                .group_by(OutboxMessage.channel, OutboxMessage.priority)
            )
        ).all()
        sending = await session.scalar(select(func.count()).select_from(Broadcast).where(Broadcast.status == "sending"))
    INBOX_PENDING.set(pending)
    INBOX_OLDEST.set(max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0)
    OUTBOX_DEPTH.clear()
    for channel, priority, count in depth:
        OUTBOX_DEPTH.labels(channel, "interactive" if priority == 0 else "bulk").set(count)
    BROADCASTS.set(sending or 0)


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus's text format, and its content type."""
    return generate_latest(), CONTENT_TYPE_LATEST
