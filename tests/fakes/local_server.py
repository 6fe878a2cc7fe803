"""What the fake Bot API servers share: an aiohttp server on a free 127.0.0.1 port, started and stopped,
and method calls that are recorded and may be made to fail."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, Self

from aiohttp import web

JSON = dict[str, Any]


class LocalServer:
    """Serves every request through `_dispatch`; subclasses fill `_methods` and release long polls in `_release`."""

    name = "local server"
    client_max_size = 1024 * 1024
    cancel_on_disconnect = False  # cancel a handler whose client went away (aiohttp no longer does by default)

    def __init__(self) -> None:
        self.calls: list[tuple[str, JSON]] = []
        self._methods: dict[str, Callable[[JSON], Awaitable[Any]]] = {}
        self._failures: defaultdict[str, list[Exception]] = defaultdict(list)
        self._root: str | None = None
        self._runner: web.AppRunner | None = None
        self._closing = False

    @property
    def root(self) -> str:
        """Base URL of the running server, e.g. ``http://127.0.0.1:PORT``."""
        if self._root is None:
            raise RuntimeError(f"{self.name} is not started")
        return self._root

    async def start(self) -> None:
        """Bind to a free port on 127.0.0.1 and start serving."""
        app = web.Application(client_max_size=self.client_max_size)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        # access_log=None: request paths contain the token, which must never be logged.
        self._runner = web.AppRunner(
            app, access_log=None, shutdown_timeout=1.0, handler_cancellation=self.cancel_on_disconnect
        )
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self._closing = False
        self._root = f"http://{host}:{port}"

    async def stop(self) -> None:
        """Release pending long polls and shut the server down."""
        if self._runner is None:
            return
        self._closing = True
        self._release()
        await self._runner.cleanup()
        self._runner = None
        self._root = None

    async def __aenter__(self) -> Self:
        """Start the server."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the server."""
        await self.stop()

    async def _invoke(self, method: str, params: JSON, unknown: Exception) -> Any:
        """Record one API call, then raise its injected failure (or `unknown`) or run its handler."""
        self.calls.append((method, params))
        if self._failures[method]:
            raise self._failures[method].pop(0)
        handler = self._methods.get(method)
        if handler is None:
            raise unknown
        return await handler(params)

    def _release(self) -> None:
        """Wake pending long polls so that they can end."""

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        raise NotImplementedError
