"""/oa for admins: the Zalo OA's tokens, its quota as last read from the OA, and what waits outside the window."""

from __future__ import annotations

from datetime import datetime

from bot.conversation import Context, Router
from bot.messages import Reply
from bot.texts import label, num
from storage import zalo_oa

router = Router()


def _at(ctx: Context, moment: datetime) -> str:
    return f"{moment.astimezone(ctx.zone):%d/%m/%Y %H:%M}"


@router.command("oa", role="admin")
async def oa_status(ctx: Context) -> list[Reply]:
    """Whether the OA can send, until when, how much quota is left, and how many messages are held."""
    settings = ctx.settings
    if not settings.zalo_oa_configured:
        return [Reply(ctx.t("oa.not_configured"))]
    row = await zalo_oa.token_row(ctx.session)
    lines = [ctx.t("oa.status")]
    if row is None or row.access_token is None or row.access_expires_at is None:
        lines.append(ctx.t("oa.token_none"))
    else:
        lines.append(ctx.t("oa.token_ok", until=_at(ctx, row.access_expires_at)))
    if row is not None and row.failure and row.failed_at is not None:
        lines.append(ctx.t("oa.token_failing", since=_at(ctx, row.failed_at), reason=row.failure))
    quota = zalo_oa.quota_summary(row)
    for kind, figures in sorted(quota.items()):
        if row is not None and row.quota_checked_at is not None:
            remain, total = figures.get("remain"), figures.get("total")
            lines.append(ctx.t("oa.quota", kind=label(ctx.lang, "oa.kind", kind), at=_at(ctx, row.quota_checked_at),
                               remain="?" if remain is None else num(ctx.lang, remain),
                               total="?" if total is None else num(ctx.lang, total)))
    if not quota:
        lines.append(ctx.t("oa.quota_unknown"))
    routes = ", ".join(ctx.t(f"oa.route.{route}") for route in settings.zalo_oa_outside_window)
    lines.append(ctx.t("oa.window", hours=settings.zalo_oa_window_hours, routes=routes))
    held = await zalo_oa.held_counts(ctx.session)
    lines.append(ctx.t("oa.held", window=num(ctx.lang, held.get("window", 0)), quota=num(ctx.lang, held.get("quota", 0))))
    return [Reply("\n".join(lines))]
