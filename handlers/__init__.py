"""Feature routers, assembled into the one router dispatch uses."""

from __future__ import annotations

from handlers import admin, link, profile, start
from handlers.base import Router


def build_router() -> Router:
    """All features in one router; command order here is the order /help and menus show."""
    router = Router()
    for feature in (start.router, profile.router, link.router, admin.router):
        router.include(feature)
    return router
