"""Feature routers, assembled into the one router dispatch uses."""

from __future__ import annotations

from handlers import admin, drafts, newdraft, profile, start, synthesis
from handlers.base import Router


def build_router() -> Router:
    """All features in one router; command order here is the order /help and menus show."""
    router = Router()
    for feature in (start.router, profile.router, drafts.router, newdraft.router, synthesis.router, admin.router):
        router.include(feature)
    return router
